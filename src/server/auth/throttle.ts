import { createHmac } from 'node:crypto';
import type { Db } from '../../store/db';

/**
 * Failed sign-ins, counted in the database so the limits hold across server processes:
 *  - per login: LOGIN_MAX_FAILURES failures in a row lock the login for LOGIN_LOCK_MINUTES (even the
 *    right password is refused meanwhile); a successful sign-in clears the count;
 *  - per client address: LOGIN_IP_MAX_FAILURES failures within one lock window refuse further
 *    attempts from it until the window passes (password spraying across many logins).
 * Unknown logins are counted like real ones, so the responses do not reveal which logins exist.
 * Addresses are stored as keyed hashes (HMAC with SESSION_SECRET), not in clear.
 */

export interface ThrottlePolicy {
  maxFailures: number;
  lockMinutes: number;
  ipMaxFailures: number;
  secret: string;
}

export interface ThrottleKeys {
  login: string;
  ip: string;
}

export type ThrottleState =
  | { ok: true }
  | { ok: false; reason: 'locked' | 'rate_limited'; retryAfterSeconds: number };

interface Row {
  key: string;
  failures: number;
  window_start: Date | string;
  locked_until: Date | string | null;
}

const at = (v: Date | string) => (v instanceof Date ? v : new Date(v));

export function throttleKeys(policy: ThrottlePolicy, login: string, ip: string): ThrottleKeys {
  const mac = (v: string) => createHmac('sha256', policy.secret).update(v).digest('hex').slice(0, 32);
  return { login: `login:${login.trim().toLowerCase()}`, ip: `ip:${mac(ip)}` };
}

/** May a sign-in be attempted now? Checked before the password is even looked at. */
export async function checkThrottle(
  db: Db,
  policy: ThrottlePolicy,
  keys: ThrottleKeys,
  now: Date,
): Promise<ThrottleState> {
  const r = await db.query<Row>(
    'select key, failures, window_start, locked_until from login_throttle where key = $1 or key = $2',
    [keys.login, keys.ip],
  );
  const windowMs = policy.lockMinutes * 60_000;
  for (const row of r.rows) {
    if (row.key === keys.login && row.locked_until && at(row.locked_until) > now)
      return {
        ok: false,
        reason: 'locked',
        retryAfterSeconds: Math.ceil((at(row.locked_until).getTime() - now.getTime()) / 1000),
      };
    if (row.key === keys.ip && row.failures >= policy.ipMaxFailures) {
      const ends = at(row.window_start).getTime() + windowMs;
      if (ends > now.getTime())
        return {
          ok: false,
          reason: 'rate_limited',
          retryAfterSeconds: Math.ceil((ends - now.getTime()) / 1000),
        };
    }
  }
  return { ok: true };
}

/**
 * Counts one failed sign-in against the login and the address. Returns the login's state after it:
 * the failure that reaches the limit locks the login at once.
 */
export async function recordFailure(
  db: Db,
  policy: ThrottlePolicy,
  keys: ThrottleKeys,
  now: Date,
): Promise<ThrottleState> {
  const windowMs = policy.lockMinutes * 60_000;
  return db.transaction(async (tx) => {
    let locked: Date | null = null;
    for (const key of [keys.login, keys.ip]) {
      await tx.query(
        `insert into login_throttle (key, failures, window_start, updated_at) values ($1, 0, $2, $2)
         on conflict (key) do nothing`,
        [key, now],
      );
      const row = (
        await tx.query<Row>(
          'select key, failures, window_start, locked_until from login_throttle where key = $1 for update',
          [key],
        )
      ).rows[0];
      if (!row) continue;
      const stale = now.getTime() - at(row.window_start).getTime() > windowMs;
      const lockOver = row.locked_until !== null && at(row.locked_until) <= now;
      const fresh = (stale && !(row.locked_until && at(row.locked_until) > now)) || lockOver;
      const failures = fresh ? 1 : row.failures + 1;
      const windowStart = fresh ? now : at(row.window_start);
      let lockedUntil = fresh ? null : row.locked_until === null ? null : at(row.locked_until);
      if (key === keys.login && failures >= policy.maxFailures) {
        lockedUntil = new Date(now.getTime() + windowMs);
        locked = lockedUntil;
      }
      await tx.query(
        'update login_throttle set failures = $2, window_start = $3, locked_until = $4, updated_at = $5 where key = $1',
        [key, failures, windowStart, lockedUntil, now],
      );
    }
    // Rows nobody has touched for a day are history: keep the table small.
    await tx.query(`delete from login_throttle where updated_at < $1`, [
      new Date(now.getTime() - 86_400_000),
    ]);
    return locked
      ? {
          ok: false,
          reason: 'locked',
          retryAfterSeconds: Math.ceil((locked.getTime() - now.getTime()) / 1000),
        }
      : { ok: true };
  });
}

/** A successful sign-in clears the login's count (the address's count stays until its window ends). */
export async function clearLogin(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.query('delete from login_throttle where key = $1', [keys.login]);
}
