import { hash, type Options, verify } from '@node-rs/argon2';

/**
 * Passwords are stored as argon2id hashes (PHC strings carry their own salt and cost), with the
 * OWASP-recommended cost: 19 MiB of memory, 2 passes, one lane.
 */
// Algorithm.Argon2id; the package declares it as a const enum, which isolated modules cannot import.
const OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** false for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time of one verification when there is no user to check, so the response time does not
 * tell an attacker whether a login exists.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-just-for-timing');
  await verifyPassword(await dummy, password);
  return false;
}
