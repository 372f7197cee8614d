import { describe, expect, it } from 'vitest';
import { fromLocal } from '../domain/calendar';
import { loadPlaybookDir } from '../io/playbook-files';
import { type ContactAttempt, checkContact, type GuardInput, type PackPolicy } from './contact-guard';
import { policiesFor } from './policies';

const playbook = loadPlaybookDir();
const CN = policiesFor(playbook, ['cn']);
const CN_STRICT = policiesFor(playbook, ['cn'], { strictHours: true });
const US = policiesFor(playbook, ['us']);
const US_MA = policiesFor(playbook, ['us-ma']);

const SH = 'Asia/Shanghai';
const at = (d: string, tz = SH) => {
  const [date, time] = d.split(' ');
  const [y, mo, da] = date!.split('-').map(Number);
  const [h, mi] = time!.split(':').map(Number);
  return fromLocal({ year: y!, month: mo!, day: da!, hour: h!, minute: mi!, second: 0 }, tz);
};

function input(over: Partial<GuardInput> & { at: Date }): GuardInput {
  return {
    channel: 'call',
    target: { kind: 'debtor', number: '13800000000', refused: false },
    debtor: {
      timeZones: [SH],
      quietHoursConsent: false,
      allNumbersInvalid: false,
      holds: [],
      inconvenient: [],
    },
    history: [],
    ...over,
  };
}

const talk = (d: Date): ContactAttempt => ({
  at: d,
  channel: 'call',
  number: '13800000000',
  targetKind: 'debtor',
  connected: true,
  answeredBy: 'debtor',
});
const missed = (
  d: Date,
  number = '13800000000',
  targetKind: ContactAttempt['targetKind'] = 'debtor',
): ContactAttempt => ({
  at: d,
  channel: 'call',
  number,
  targetKind,
  connected: false,
  answeredBy: null,
});

function blocking(policies: readonly PackPolicy[], i: GuardInput): string[] {
  return checkContact(i, policies).blocking.map((c) => c.rule);
}

describe('quiet hours (contact.hours, GB/T 45251)', () => {
  it.each([
    ['2026-12-01 07:59', false, '2026-12-01 08:00'],
    ['2026-12-01 08:00', true, null],
    ['2026-12-01 21:59', true, null],
    ['2026-12-01 22:00', false, '2026-12-02 08:00'],
    ['2026-12-01 23:30', false, '2026-12-02 08:00'],
    ['2026-12-02 00:00', false, '2026-12-02 08:00'],
  ])('a call at %s Shanghai time is allowed: %s', (when, allowed, next) => {
    const d = checkContact(input({ at: at(when) }), CN);
    expect(d.allowed).toBe(allowed);
    expect(d.nextAllowedAt?.getTime() ?? null).toBe(
      next ? at(next).getTime() : allowed ? at(when).getTime() : null,
    );
    if (!allowed) expect(d.blocking[0]?.reason.zh).toContain('禁止催收时段');
  });

  it.each([
    ['20:59', true],
    ['21:00', false],
  ])('the strict 21:00 profile at %s allows: %s', (time, allowed) => {
    expect(checkContact(input({ at: at(`2026-12-01 ${time}`) }), CN_STRICT).allowed).toBe(allowed);
  });

  it.each([
    ['Asia/Urumqi', '2026-12-01 23:30', true], // 21:30 in Urumqi when it is 23:30 in Beijing
    ['Asia/Urumqi', '2026-12-01 09:30', false], // 07:30 in Urumqi
    ['Asia/Shanghai', '2026-12-01 09:30', true],
  ])("judges the hour in the debtor's zone %s at %s Beijing time: %s", (tz, when, allowed) => {
    const i = input({ at: at(when), debtor: { ...input({ at: new Date() }).debtor, timeZones: [tz] } });
    expect(checkContact(i, CN).allowed).toBe(allowed);
  });

  it('lets a debtor who consented be called in quiet hours, but never a third party', () => {
    const base = input({ at: at('2026-12-01 22:30') });
    const debtor = { ...base.debtor, quietHoursConsent: true };
    expect(checkContact({ ...base, debtor }, CN).allowed).toBe(true);
    expect(
      blocking(CN, { ...base, debtor, target: { kind: 'third_party', number: '139', refused: false } }),
    ).toContain('contact.hours');
  });
});

describe('daily frequency (contact.frequency)', () => {
  const day = (n: number) => Array.from({ length: n }, (_, k) => talk(at(`2026-12-01 0${8 + k}:10`)));
  it.each([
    [0, true],
    [2, true], // the 3rd conversation is allowed
    [3, false], // the 4th is not
  ])('with %i conversations already today, another call is allowed: %s', (n, allowed) => {
    const d = checkContact(input({ at: at('2026-12-01 15:00'), history: day(n) }), CN);
    expect(d.allowed).toBe(allowed);
    if (!allowed) {
      expect(d.blocking[0]?.reason.zh).toContain('达到每日 3 次上限');
      // midnight resets the count, but midnight is quiet: next allowed is 08:00 tomorrow
      expect(d.nextAllowedAt?.getTime()).toBe(at('2026-12-02 08:00').getTime());
    }
  });

  it('starts a new count at the day boundary in the debtor zone', () => {
    expect(checkContact(input({ at: at('2026-12-02 08:00'), history: day(3) }), CN).allowed).toBe(true);
  });

  it('lets an SMS through when conversations are used up', () => {
    expect(
      checkContact(input({ at: at('2026-12-01 15:00'), history: day(3), channel: 'sms' }), CN).allowed,
    ).toBe(true);
  });

  it.each([
    [5, true],
    [6, false],
  ])('with %i unanswered dials to the number today, another dial is allowed: %s', (n, allowed) => {
    const history = Array.from({ length: n }, (_, k) => missed(at(`2026-12-01 ${10 + k}:00`)));
    expect(checkContact(input({ at: at('2026-12-01 17:00'), history }), CN).allowed).toBe(allowed);
  });

  it('counts unanswered dials per number: another number is still allowed', () => {
    const history = Array.from({ length: 6 }, (_, k) => missed(at(`2026-12-01 ${10 + k}:00`)));
    const i = input({
      at: at('2026-12-01 17:00'),
      history,
      target: { kind: 'debtor', number: '13900000000', refused: false },
    });
    expect(checkContact(i, CN).allowed).toBe(true);
  });
});

describe('third parties (contact.third_party, contact.third_party_refused)', () => {
  const tp = { kind: 'third_party' as const, number: '13700000000', refused: false };
  it('blocks a contact person while the debtor can still be reached', () => {
    const d = checkContact(
      input({ at: at('2026-12-03 10:00'), target: tp, history: [missed(at('2026-12-03 09:00'))] }),
      CN,
    );
    expect(d.blocking.map((c) => c.rule)).toEqual(['contact.third_party']);
    expect(d.nextAllowedAt).toBeNull();
  });

  it.each([
    [2, 2, false],
    [3, 1, false],
    [3, 2, true],
  ])('with %i failed dials over %i days, a contact person may be called: %s', (dials, days, allowed) => {
    const history = Array.from({ length: dials }, (_, k) =>
      missed(at(`2026-12-0${5 - days + Math.min(k, days)} 10:0${k}`)),
    );
    expect(checkContact(input({ at: at('2026-12-05 11:00'), target: tp, history }), CN).allowed).toBe(
      allowed,
    );
  });

  it('allows a contact person when every debtor number is invalid', () => {
    const base = input({ at: at('2026-12-05 11:00'), target: tp });
    expect(checkContact({ ...base, debtor: { ...base.debtor, allNumbersInvalid: true } }, CN).allowed).toBe(
      true,
    );
  });

  it('never calls a contact person again after a refusal', () => {
    const base = input({ at: at('2026-12-05 11:00'), target: { ...tp, refused: true } });
    const d = checkContact({ ...base, debtor: { ...base.debtor, allNumbersInvalid: true } }, CN);
    expect(d.blocking.map((c) => c.rule)).toEqual(['contact.third_party_refused']);
    expect(d.nextAllowedAt).toBeNull();
  });
});

describe('holds (contact.stop_list)', () => {
  it('gives a 停催 review date as the debtor’s local day', () => {
    const base = input({ at: at('2026-12-01 10:00') });
    const hold = { kind: 'stop' as const, since: at('2026-11-30 10:00'), reviewAt: at('2027-01-01 00:00') };
    const d = checkContact({ ...base, debtor: { ...base.debtor, holds: [hold] } }, CN);
    expect(d.blocking[0]!.reason.zh).toContain('复核日期 2027-01-01');
    expect(d.blocking[0]!.reason.en).toContain('review on 2027-01-01');
  });

  it.each(['stop', 'complaint', 'dispute'] as const)('a %s hold blocks every channel', (kind) => {
    for (const channel of ['call', 'sms', 'visit'] as const) {
      const base = input({ at: at('2026-12-01 10:00'), channel, visit: { staff: 2 } });
      const d = checkContact(
        { ...base, debtor: { ...base.debtor, holds: [{ kind, since: at('2026-11-30 10:00') }] } },
        CN,
      );
      expect(d.blocking.map((c) => c.rule)).toEqual(['contact.stop_list']);
      expect(d.nextAllowedAt).toBeNull();
    }
  });
});

describe('visits (visit.rules)', () => {
  it.each([
    ['2026-12-01 07:59', 2, false],
    ['2026-12-01 08:00', 2, true],
    ['2026-12-01 21:59', 2, true],
    ['2026-12-01 22:00', 2, false],
    ['2026-12-01 10:00', 1, false],
  ])('a visit at %s with %i staff is allowed: %s', (when, staff, allowed) => {
    expect(checkContact(input({ at: at(when), channel: 'visit', visit: { staff } }), CN).allowed).toBe(
      allowed,
    );
  });
});

describe('United States pack (Regulation F)', () => {
  const NY = 'America/New_York';
  const us = (when: string, history: ContactAttempt[] = [], zones = [NY]) => {
    const base = input({ at: at(when, NY), history });
    return { ...base, debtor: { ...base.debtor, timeZones: zones } };
  };
  it.each([
    ['2026-12-01 07:59', false],
    ['2026-12-01 08:00', true],
    ['2026-12-01 20:59', true],
    ['2026-12-01 21:00', false],
  ])('a call at %s New York time is allowed: %s', (when, allowed) => {
    expect(checkContact(us(when), US).allowed).toBe(allowed);
  });

  it('requires a convenient time at every known location', () => {
    // 08:30 in New York is 05:30 in Los Angeles
    expect(blocking(US, us('2026-12-01 08:30', [], [NY, 'America/Los_Angeles']))).toEqual(['contact.hours']);
  });

  it.each([
    [6, true],
    [7, false],
  ])('with %i unanswered calls in 7 days, another call is allowed: %s', (n, allowed) => {
    const history = Array.from({ length: n }, (_, k) =>
      missed(at(`2026-11-2${5 + Math.min(k, 4)} 10:0${k}`, NY)),
    );
    expect(checkContact(us('2026-12-01 10:00', history), US).allowed).toBe(allowed);
  });

  it('blocks calls for 7 days after a conversation, the conversation day being day one', () => {
    const history = [talk(at('2026-11-24 10:00', NY))];
    expect(checkContact(us('2026-11-30 20:00', history), US).allowed).toBe(false);
    expect(checkContact(us('2026-12-01 08:00', history), US).allowed).toBe(true);
  });

  it('adds the Massachusetts cap of 2 initiated contacts in 7 days', () => {
    const history = [missed(at('2026-11-27 10:00', NY)), missed(at('2026-11-28 10:00', NY))];
    expect(checkContact(us('2026-12-01 10:00', history), US).allowed).toBe(true);
    const d = checkContact(us('2026-12-01 10:00', history), US_MA);
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt?.getTime()).toBe(at('2026-12-04 08:00', NY).getTime());
  });

  it('applies the strictest of several packs', () => {
    const both = [...CN, ...US];
    // 21:30 in New York: fine for China's 22:00 rule, not for Regulation F's 21:00
    expect(blocking(both, us('2026-12-01 21:30'))).toEqual(['contact.hours']);
  });
});
