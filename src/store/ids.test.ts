import { describe, expect, it } from 'vitest';
import { clockStartingAt, createIdGenerator } from './ids';

describe('clockStartingAt', () => {
  it('reads the start instant first, then runs on at the system clock’s pace', () => {
    let system = Date.parse('2026-11-30T14:40:00Z');
    const clock = clockStartingAt(new Date('2026-12-01T10:00:00+08:00'), () => system);
    expect(clock.now().toISOString()).toBe('2026-12-01T02:00:00.000Z');
    system += 90_000;
    expect(clock.now().toISOString()).toBe('2026-12-01T02:01:30.000Z');
  });
});

describe('createIdGenerator', () => {
  it('makes ids that sort by creation time and do not repeat', () => {
    const ids = createIdGenerator();
    const a = ids.next('pay');
    const b = ids.next('pay');
    expect(a).toMatch(/^pay_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(a).not.toBe(b);
  });
});
