import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../cases/ports';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Time-sortable ids, `pay_01jd8x…`: 10 characters of milliseconds then 16 of randomness (80 bits),
 * so ids created later sort later and index inserts stay near the end of the B-tree.
 */
export function createIdGenerator(): IdGenerator {
  return {
    next(prefix: string): string {
      let t = Date.now();
      let time = '';
      for (let i = 0; i < 10; i++) {
        time = ALPHABET[t % 32] + time;
        t = Math.floor(t / 32);
      }
      const bytes = randomBytes(16);
      let rand = '';
      for (const b of bytes) rand += ALPHABET[b % 32];
      return `${prefix}_${time}${rand}`;
    },
  };
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` now and runs on at the system clock's pace (CLOCK_START): demonstrations
 * and browser tests whose calls must fall inside calling hours at whatever hour they run.
 */
export function clockStartingAt(start: Date, system: () => number = Date.now): Clock {
  const offset = start.getTime() - system();
  return { now: () => new Date(system() + offset) };
}
