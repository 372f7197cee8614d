import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../domain/calendar';
import { type DomainError, isDomainError } from '../domain/errors';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { assignCases } from './assign-cases';
import { checkContactFor } from './check-contact';
import { createAgency } from './create-agency';
import { createUser } from './create-user';
import { recordContactAttempt } from './record-contact-attempt';
import { requestFieldVisit } from './request-field-visit';
import { stopCollection } from './stop-collection';
import { writePlacement } from './write-placement';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture();
});
afterAll(async () => {
  await fx?.dispose();
});

const SH = 'Asia/Shanghai';
/** "2026-12-01 21:59" in a zone → ISO instant */
function local(s: string, tz = SH): string {
  const [d, t] = s.split(' ');
  const [y, mo, da] = d!.split('-').map(Number);
  const [h, mi] = t!.split(':').map(Number);
  return fromLocal({ year: y!, month: mo!, day: da!, hour: h!, minute: mi!, second: 0 }, tz).toISOString();
}

async function attempt(
  caseId: string,
  at: string,
  over: Partial<Parameters<typeof recordContactAttempt>[2]> = {},
  who: keyof CaseFixture['users'] = 'collector',
) {
  fx.clock.set(at);
  return recordContactAttempt(fx.deps, fx.as(who), {
    caseId,
    channel: 'call',
    at,
    connected: true,
    answeredBy: 'debtor',
    outcomeCode: 'talked',
    ...over,
  });
}

async function blocked(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected the contact to be blocked');
}

async function attemptsOf(caseId: string): Promise<number> {
  const r = await fx.db.query<{ n: number }>(
    'select count(*) as n from contact_attempts where case_id = $1',
    [caseId],
  );
  return r.rows[0]!.n;
}

describe('recordContactAttempt: the guard decides first (quiet hours, GB/T 45251)', () => {
  it.each([
    ['2026-12-01 07:59', false, '2026-12-01T08:00:00+08:00'],
    ['2026-12-01 08:00', true, null],
    ['2026-12-01 21:59', true, null],
    ['2026-12-01 22:00', false, '2026-12-02T08:00:00+08:00'],
  ])('a call at %s Shanghai time is allowed: %s', async (when, allowed, next) => {
    const d = await fx.addDebtor();
    const at = local(when);
    if (allowed) {
      await expect(attempt(d.caseId, at)).resolves.toMatchObject({ attemptId: expect.any(String) });
      expect(await attemptsOf(d.caseId)).toBe(1);
    } else {
      const e = await blocked(attempt(d.caseId, at));
      expect(e.code).toBe('contact.blocked');
      // In the debtor's zone, as the message gives it (docs/api.md), not in UTC.
      expect(e.details?.nextAllowedAt).toBe(next);
      expect(e.details?.blocking).toEqual([expect.objectContaining({ nextAllowedAt: next })]);
      expect(e.messageZh).toContain('禁止催收时段');
      expect(e.messageZh).toContain(next!);
      expect(await attemptsOf(d.caseId)).toBe(0);
    }
  });

  it.each([
    ['2026-12-01T02:59:00Z', true], // 21:59 in New York the evening before
    ['2026-12-01T03:00:00Z', false], // 22:00 in New York
    ['2026-12-01T12:59:00Z', false], // 07:59 in New York
    ['2026-12-01T13:00:00Z', true], // 08:00 in New York
  ])(
    'reads the hours in the debtor’s zone: %s for a debtor in New York is allowed: %s',
    async (at, allowed) => {
      const d = await fx.addDebtor({ timeZone: 'America/New_York' });
      const r = attempt(d.caseId, at);
      if (allowed) await expect(r).resolves.toBeTruthy();
      else
        expect((await blocked(r)).details?.blocking).toEqual([
          expect.objectContaining({ rule: 'contact.hours' }),
        ]);
    },
  );

  it('lets a debtor who consented be called in quiet hours, and records the consent in the reason', async () => {
    const d = await fx.addDebtor({ quietHoursConsent: true });
    const r = await attempt(d.caseId, local('2026-12-01 22:30'));
    expect(r.checks.find((c) => c.rule === 'contact.hours')?.reason.zh).toContain('同意');
  });
});

describe('recordContactAttempt: conversations per day (contact.frequency)', () => {
  it('allows the 3rd connected conversation of the day and blocks the 4th until 08:00 tomorrow', async () => {
    const d = await fx.addDebtor();
    await attempt(d.caseId, local('2026-12-01 09:00'));
    await attempt(d.caseId, local('2026-12-01 11:00'));
    await attempt(d.caseId, local('2026-12-01 15:00'));
    const e = await blocked(attempt(d.caseId, local('2026-12-01 16:00')));
    expect(e.code).toBe('contact.blocked');
    expect(e.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.frequency' })]);
    // Midnight resets the count, but midnight is quiet hours: the next allowed time is 08:00.
    expect(e.details?.nextAllowedAt).toBe('2026-12-02T08:00:00+08:00');
    expect(await attemptsOf(d.caseId)).toBe(3);
    await expect(attempt(d.caseId, local('2026-12-02 08:00'))).resolves.toBeTruthy();
  });

  it('blocks even an unanswered dial once the day’s three conversations are used', async () => {
    const d = await fx.addDebtor();
    for (const t of ['09:00', '10:00', '11:00']) await attempt(d.caseId, local(`2026-12-01 ${t}`));
    const e = await blocked(
      attempt(d.caseId, local('2026-12-01 12:00'), {
        connected: false,
        answeredBy: null,
        outcomeCode: 'no_answer',
      }),
    );
    expect(e.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.frequency' })]);
  });

  it('blocks a 7th dial to a number after six unanswered ones that day', async () => {
    const d = await fx.addDebtor();
    const missed = { connected: false, answeredBy: null, outcomeCode: 'no_answer' } as const;
    for (let h = 9; h < 15; h++) await attempt(d.caseId, local(`2026-12-01 ${h}:00`), missed);
    const e = await blocked(attempt(d.caseId, local('2026-12-01 16:00'), missed));
    expect(String(e.messageZh)).toContain('未接通 6 次');
  });

  it('counts conversations across the whole client: another agency’s calls to the same person count', async () => {
    const d = await fx.addDebtor();
    // A second agency holds the same person from the same client (another placement).
    const other = await createAgency(fx.deps, { name: `第二机构${Date.now()}`, admin: { name: '管理员' } });
    const admin2 = { agencyId: other.agencyId, userId: other.adminUserId };
    const { userId: c2 } = await createUser(fx.deps, admin2, { name: '外机构催收员', role: 'collector' });
    const placed = await writePlacement(
      fx.deps,
      admin2,
      { clientId: fx.clientId, batchNo: 'X1', periodStart: '2026-11-01', periodEnd: '2027-02-01' },
      [
        [
          {
            name: '同一人',
            idNumber: d.idNumber,
            accounts: [
              {
                accountRef: 'LOAN-1',
                product: 'consumer_loan',
                principalFen: 300_000,
                daysOverdue: 40,
                overdueAsOf: '2026-11-30',
              },
            ],
            contacts: [{ relation: 'self', phone: '13700000001' }],
          },
        ],
      ],
    );
    expect(placed.counts.cases.inserted).toBe(1);
    const otherCase = await fx.db.query<{ id: string }>('select id from cases where placement_id = $1', [
      placed.placementId,
    ]);
    await assignCases(fx.deps, admin2, { caseIds: [otherCase.rows[0]!.id], collectorId: c2 });
    for (const t of ['09:00', '10:00'])
      await recordContactAttempt(
        fx.deps,
        { agencyId: other.agencyId, userId: c2 },
        {
          caseId: otherCase.rows[0]!.id,
          channel: 'call',
          at: local(`2026-12-01 ${t}`),
          connected: true,
          answeredBy: 'debtor',
          outcomeCode: 'talked',
        },
      );
    await attempt(d.caseId, local('2026-12-01 11:00'));
    const e = await blocked(attempt(d.caseId, local('2026-12-01 12:00')));
    expect(e.messageZh).toContain('今天已与债务人有效通话 3 次');
  });
});

describe('recordContactAttempt: holds and third parties', () => {
  it('blocks every contact while 停催 is active, with no next allowed time', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(local('2026-12-01 09:00'));
    await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人住院，主管决定暂停' });
    const e = await blocked(attempt(d.caseId, local('2026-12-01 10:00')));
    expect(e.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.stop_list' })]);
    expect(e.details?.nextAllowedAt).toBeNull();
    expect(e.messageZh).toContain('停催');
  });

  it('allows a contact person only once the debtor is unreachable, and never after their refusal', async () => {
    const d = await fx.addDebtor();
    const [self, spouse] = Object.entries(d.contacts).sort(([a], [b]) => a.localeCompare(b));
    const spouseId = spouse![1];
    const missed = { connected: false, answeredBy: null, outcomeCode: 'no_answer' } as const;
    const toSpouse = {
      contactId: spouseId,
      connected: true,
      answeredBy: 'third_party',
      outcomeCode: 'third_party_relay',
    } as const;
    expect((await blocked(attempt(d.caseId, local('2026-12-01 09:00'), toSpouse))).details?.blocking).toEqual(
      [expect.objectContaining({ rule: 'contact.third_party' })],
    );
    await attempt(d.caseId, local('2026-12-01 09:05'), { ...missed, contactId: self![1] });
    await attempt(d.caseId, local('2026-12-02 09:05'), missed);
    await attempt(d.caseId, local('2026-12-03 09:05'), missed);
    await expect(attempt(d.caseId, local('2026-12-03 10:00'), toSpouse)).resolves.toBeTruthy();
    await attempt(d.caseId, local('2026-12-03 11:00'), { ...toSpouse, outcomeCode: 'refused' });
    const e = await blocked(attempt(d.caseId, local('2026-12-04 10:00'), toSpouse));
    expect(e.details?.blocking).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'contact.third_party_refused' })]),
    );
    expect(e.details?.nextAllowedAt).toBeNull();
  });
});

describe('recordContactAttempt: a complaint or dispute raised in the contact opens its hold', () => {
  async function holdsOf(caseId: string) {
    return (
      await fx.db.query<{
        kind: string;
        reason: string;
        detail: Record<string, unknown>;
        blocks_contact: boolean;
        answer_due_at: Date | null;
        closed_at: Date | null;
      }>(
        'select kind, reason, detail, blocks_contact, answer_due_at, closed_at from holds where case_id = $1',
        [caseId],
      )
    ).rows;
  }

  it('logs a complaint from the note, answer due 15 days after the contact, and blocks the next call', async () => {
    const d = await fx.addDebtor();
    const at = local('2026-12-01 10:00');
    const r = await attempt(d.caseId, at, {
      outcomeCode: 'complaint_raised',
      note: '  嫌来电太频繁，要打银行客服投诉  ',
    });
    expect(r.hold).toEqual({
      holdId: expect.any(String),
      kind: 'complaint',
      blocksContact: true,
      answerDueAt: '2026-12-16T02:00:00.000Z',
    });
    const [h] = await holdsOf(d.caseId);
    expect(h).toMatchObject({
      kind: 'complaint',
      reason: '嫌来电太频繁，要打银行客服投诉',
      blocks_contact: true,
      closed_at: null,
    });
    expect(h!.detail).toMatchObject({
      channel: 'call',
      receivedAt: new Date(at).toISOString(),
      attemptId: r.attemptId,
    });
    expect(h!.answer_due_at?.toISOString()).toBe('2026-12-16T02:00:00.000Z');
    const e = await blocked(attempt(d.caseId, local('2026-12-01 11:00')));
    expect(e.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.stop_list' })]);
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['contact.recorded', 'hold.complaint_opened']),
    );
  });

  it('logs a dispute of the kind given (default other) and stops contact until it is verified', async () => {
    const d = await fx.addDebtor();
    const r = await attempt(d.caseId, local('2026-12-01 10:00'), {
      outcomeCode: 'dispute_raised',
      note: '称上月已在柜台还款3000元',
      disputeKind: 'already_paid',
    });
    // verified within the playbook's disputes.verify_days (15) of the contact
    expect(r.hold).toMatchObject({
      kind: 'dispute',
      blocksContact: true,
      answerDueAt: '2026-12-16T02:00:00.000Z',
    });
    expect(await holdsOf(d.caseId)).toEqual([
      expect.objectContaining({
        kind: 'dispute',
        reason: '称上月已在柜台还款3000元',
        detail: { disputeKind: 'already_paid', attemptId: r.attemptId },
      }),
    ]);
    const other = await fx.addDebtor();
    await attempt(other.caseId, local('2026-12-01 10:00'), {
      outcomeCode: 'dispute_raised',
      note: '说不是本人办的卡',
    });
    expect((await holdsOf(other.caseId))[0]!.detail).toMatchObject({ disputeKind: 'other' });
    expect((await blocked(attempt(d.caseId, local('2026-12-02 10:00')))).details?.blocking).toEqual([
      expect.objectContaining({ rule: 'contact.stop_list' }),
    ]);
  });

  it.each([
    [{ outcomeCode: 'complaint_raised' }, 'note'],
    [{ outcomeCode: 'dispute_raised', note: '   ' }, 'note'],
    [{ outcomeCode: 'talked', note: '核对金额', disputeKind: 'amount' }, 'disputeKind'],
  ])('refuses %o without recording anything (names %s)', async (over, field) => {
    const d = await fx.addDebtor();
    const e = await blocked(attempt(d.caseId, local('2026-12-01 10:00'), over as never));
    expect(e.code).toBe('input.invalid');
    expect(JSON.stringify(e.details)).toContain(field);
    expect(await attemptsOf(d.caseId)).toBe(0);
    expect(await holdsOf(d.caseId)).toEqual([]);
  });

  it('opens no hold for any other outcome', async () => {
    const d = await fx.addDebtor();
    const r = await attempt(d.caseId, local('2026-12-01 10:00'), { outcomeCode: 'refused', note: '说没钱' });
    expect(r.hold).toBeNull();
    expect(await holdsOf(d.caseId)).toEqual([]);
  });
});

describe('recordContactAttempt: what is stored', () => {
  it('stores the guard’s decision with the attempt, counts the conversation and writes the audit log', async () => {
    const d = await fx.addDebtor();
    const at = local('2026-12-01 10:00');
    const r = await attempt(d.caseId, at);
    const row = await fx.db.query<{
      guard: { allowed: boolean; checks: { rule: string }[] };
      outcome_code: string;
    }>('select guard, outcome_code from contact_attempts where id = $1', [r.attemptId]);
    expect(row.rows[0]!.guard.allowed).toBe(true);
    expect(row.rows[0]!.guard.checks.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['contact.hours', 'contact.frequency', 'contact.stop_list']),
    );
    const counted = await fx.db.query<{ talks_today: number; talks_day: string }>(
      'select talks_today, talks_day from cases where id = $1',
      [d.caseId],
    );
    expect(counted.rows[0]).toEqual({ talks_today: 1, talks_day: '2026-12-01' });
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.map((a) => a.action)).toContain('contact.recorded');
  });

  it('marks a number invalid when the outcome says so', async () => {
    const d = await fx.addDebtor();
    await attempt(d.caseId, local('2026-12-01 10:00'), {
      connected: false,
      answeredBy: null,
      outcomeCode: 'invalid_number',
    });
    const c = await fx.db.query<{ invalid: boolean }>(
      "select invalid from contacts where debtor_id = $1 and relation = 'self'",
      [d.debtorId],
    );
    expect(c.rows[0]!.invalid).toBe(true);
  });

  it.each([
    [{ connected: false, answeredBy: 'debtor' }, 'input.invalid'],
    [{ connected: true, answeredBy: null }, 'input.invalid'],
    [{ outcomeCode: 'threatened' }, 'input.invalid'],
  ])('rejects an inconsistent attempt %o', async (over, code) => {
    const d = await fx.addDebtor();
    const e = await blocked(attempt(d.caseId, local('2026-12-01 10:00'), over as never));
    expect(e.code).toBe(code);
  });

  it('refuses to record an attempt in the future', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(local('2026-12-01 10:00'));
    const e = await blocked(
      recordContactAttempt(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'call',
        at: local('2026-12-01 11:00'),
        connected: false,
        outcomeCode: 'no_answer',
      }),
    );
    expect(e.code).toBe('contact.in_future');
  });

  it('refuses a contact dated before the case was placed (the placement starts 2026-11-01)', async () => {
    const d = await fx.addDebtor();
    fx.clock.set(local('2026-12-01 10:00'));
    const rec = (at: string) =>
      recordContactAttempt(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'call',
        at,
        connected: false,
        outcomeCode: 'no_answer',
      });
    const e = await blocked(rec('1990-01-03T10:00:00+08:00'));
    expect(e.code).toBe('contact.before_placement');
    expect(e.messageZh).toBe(`联系日期 1990-01-03 早于案件 ${d.caseId} 的委案日期 2026-11-01`);
    // Days are the debtor's: the last minute of Oct 31 in Shanghai is before; Nov 1 morning is fine.
    expect((await blocked(rec('2026-10-31T23:59:00+08:00'))).code).toBe('contact.before_placement');
    await expect(rec('2026-11-01T09:00:00+08:00')).resolves.toBeTruthy();
    expect(await attemptsOf(d.caseId)).toBe(1);
  });

  it('lets only the assigned collector (or their lead) work the case', async () => {
    const d = await fx.addDebtor();
    const e = await blocked(attempt(d.caseId, local('2026-12-01 10:00'), {}, 'otherCollector'));
    expect(e.code).toBe('case.not_found');
    await expect(attempt(d.caseId, local('2026-12-01 10:05'), {}, 'lead')).resolves.toBeTruthy();
  });
});

describe('checkContactFor and requestFieldVisit', () => {
  it('answers allow or deny with each rule’s reason without recording anything', async () => {
    const d = await fx.addDebtor();
    const r = await checkContactFor(fx.deps, fx.as('collector'), {
      debtorId: d.debtorId,
      channel: 'call',
      at: local('2026-12-01 22:15'),
    });
    expect(r.allowed).toBe(false);
    expect(r.nextAllowedAt).toBe('2026-12-02T08:00:00+08:00');
    expect(r.blocking.map((b) => b.rule)).toEqual(['contact.hours']);
    expect(r.checks.length).toBeGreaterThan(r.blocking.length);
    expect(await attemptsOf(d.caseId)).toBe(0);
  });

  it.each([
    [1, '2026-12-02 10:00', false],
    [2, '2026-12-02 10:00', true],
    [2, '2026-12-02 22:00', false],
  ])('a visit with %i staff at %s is requested: %s', async (staff, when, ok) => {
    const d = await fx.addDebtor();
    fx.clock.set(local('2026-12-01 10:00'));
    const r = requestFieldVisit(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      plannedAt: local(when),
      staff,
      address: '上海市浦东新区某路 1 号',
      purpose: '核实住址，当面沟通还款',
    });
    if (ok) await expect(r).resolves.toMatchObject({ status: 'requested' });
    else
      expect((await blocked(r)).details?.blocking).toEqual([
        expect.objectContaining({ rule: 'visit.rules' }),
      ]);
  });
});
