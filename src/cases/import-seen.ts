import { hash53 } from '../generator/random';

/**
 * The duplicate check of a million-row import in tens of megabytes: numbers in Maps instead of
 * strings and objects (which cost ~330 bytes a row).
 */

const LOW21 = 0x1f_ffff;
const SHIFT21 = 2 ** 21;

/**
 * Remembers string keys by a 53-bit hash, with 21 bits of a second hash kept beside the payload
 * to confirm a match: two different keys are taken for one only if 74 bits agree (about 3·10⁻¹¹
 * for a million keys). Keys whose first hash collides with another key's are kept whole.
 */
export class SeenKeys {
  private readonly main = new Map<number, number>();
  private readonly spill = new Map<string, number>();

  /** `hash` is replaceable so tests can force collisions. */
  constructor(private readonly hash: (text: string, salt?: number) => number = hash53) {}

  /** The payload stored with an equal key; otherwise stores `payload` (0 … 2³²−1) and returns undefined. */
  firstOrAdd(key: string, payload: number): number | undefined {
    const h1 = this.hash(key);
    const h2 = this.hash(key, 1) & LOW21;
    const held = this.main.get(h1);
    if (held === undefined) {
      this.main.set(h1, payload * SHIFT21 + h2);
      return undefined;
    }
    if (held % SHIFT21 === h2) return Math.floor(held / SHIFT21);
    const spilled = this.spill.get(key);
    if (spilled !== undefined) return spilled;
    this.spill.set(key, payload);
    return undefined;
  }
}

/**
 * An ID number (already validated) packed exactly into 47 bits: the region, the birth date as days
 * since 1900 and the sequence number determine the check character, so nothing is lost.
 */
export function idNumberCode(id: string): number {
  const region = Number(id.slice(0, 6));
  const days = Math.round(
    (Date.UTC(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14))) -
      Date.UTC(1900, 0, 1)) /
      86_400_000,
  );
  return region * 2 ** 27 + days * 2 ** 10 + Number(id.slice(14, 17));
}

/** The first row and a 21-bit fingerprint of the name for each person (ID number) seen. */
export class SeenPeople {
  private readonly people = new Map<number, number>();

  /** The first row of this ID number and whether its name matched; records a new person. */
  check(idNumber: string, name: string, row: number): { firstRow: number; sameName: boolean } | undefined {
    const code = idNumberCode(idNumber);
    const fp = hash53(name) & LOW21;
    const held = this.people.get(code);
    if (held === undefined) {
      this.people.set(code, row * SHIFT21 + fp);
      return undefined;
    }
    return { firstRow: Math.floor(held / SHIFT21), sameName: held % SHIFT21 === fp };
  }
}
