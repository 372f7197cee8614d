import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCall } from '../cases/record-call';
import { recordContactAttempt } from '../cases/record-contact-attempt';
import { stopCollection } from '../cases/stop-collection';
import { type DomainError, isDomainError } from '../domain/errors';
import { createAnalyzer } from '../io/analyzer-files';
import { type AddedDebtor, type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { type LiveDeps, LiveHub } from './live-calls';

let fx: CaseFixture;
let deps: LiveDeps;
beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
  const analyzer = createAnalyzer({ playbook: fx.playbook });
  deps = {
    db: fx.db,
    store: fx.store,
    clock: fx.clock,
    ids: fx.ids,
    playbookFor: async () => ({ playbook: fx.playbook, analyzer }),
    profile: { callback_phone: '400-800-1234' },
  };
});
afterAll(async () => {
  await fx?.dispose();
});

const code = (e: DomainError) => e.code;

const AT = (s: number) => new Date(Date.UTC(2026, 11, 1, 2, 0, s));

describe('live call assist', () => {
  let d: AddedDebtor;
  let hub: LiveHub;
  let liveCallId: string;
  let token: string;

  beforeAll(async () => {
    d = await fx.addDebtor({ name: '王建国' });
    hub = new LiveHub(deps);
    ({ liveCallId, token } = await hub.start(fx.as('collector'), { caseId: d.caseId }));
  });

  it('lets in the collector, their lead and the call’s token; not a collector of another team', async () => {
    expect((await hub.forUser(fx.as('collector'), liveCallId)).caseId).toBe(d.caseId);
    expect((await hub.forUser(fx.as('lead'), liveCallId)).caseId).toBe(d.caseId);
    // another team's case is not found, not forbidden: its existence is not confirmed
    await expect(hub.forUser(fx.as('otherCollector'), liveCallId)).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'case.not_found',
    );
    expect((await hub.forToken(token))?.id).toBe(liveCallId);
    // A token one character off (not the same character: a token ending in "A" would match itself).
    expect(await hub.forToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    await expect(hub.start(fx.as('otherCollector'), { caseId: d.caseId })).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'case.not_found',
    );
  });

  it('answers each turn with its labels, warnings, the promise and persona so far, and next strategies', async () => {
    const s = await hub.session(await hub.forUser(fx.as('collector'), liveCallId));
    const intro = await s.turn(
      {
        speaker: 'agent',
        text: '王先生您好，我是某某资产管理公司的催收员小李，工号3021，受银行委托联系您。',
      },
      AT(0),
    );
    expect(intro.seq).toBe(0);
    expect(intro.turn.strategies).toContain('self_intro');
    expect(intro.turn.labels[0]?.evidence.text).toBeTruthy();
    expect(intro.alerts).toEqual([]);

    const threat = await s.turn(
      { speaker: 'agent', text: '你再不还钱，我们就去你单位找你领导，让你全公司的人都知道你欠钱不还。' },
      AT(5),
    );
    expect(threat.alerts.length).toBeGreaterThan(0);
    expect(threat.violations.map((v) => v.turn)).toContain(1);

    const promise = await s.turn(
      { speaker: 'debtor', text: '行行行，你别去单位，我这个月15号发工资，先还你3000块。' },
      AT(10),
    );
    expect(promise.promise).toMatchObject({ amount: 3000 });
    expect(promise.persona.scores).toBeDefined();
    expect(promise.advice.strategies.length).toBeGreaterThan(0);
    expect(promise.advice.strategies[0]?.reason_zh).toBeTruthy();
    expect(promise.advice.strategies.flatMap((x) => x.scripts).join('')).not.toMatch(/[{}]/);
    await s.flushed();
    const stored = await fx.db.query('select seq from live_call_turns where live_call_id = $1 order by seq', [
      liveCallId,
    ]);
    expect(stored.rows).toEqual([{ seq: 0 }, { seq: 1 }, { seq: 2 }]);
  });

  it('answers a resent turn as a duplicate without storing it again, and refuses a gap', async () => {
    const s = await hub.session(await hub.forUser(fx.as('collector'), liveCallId));
    const again = await s.turn(
      { seq: 2, speaker: 'debtor', text: '行行行，你别去单位，我这个月15号发工资，先还你3000块。' },
      AT(11),
    );
    expect(again).toMatchObject({ seq: 2, duplicate: true });
    await expect(s.turn({ seq: 9, speaker: 'agent', text: '好的' }, AT(12))).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'live.seq_gap',
    );
    await expect(s.turn({ seq: 1, speaker: 'agent', text: '别的话' }, AT(12))).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'live.seq_conflict',
    );
    expect(s.length).toBe(3);
  });

  it('resumes in another process from the stored turns, and the first process catches up', async () => {
    const row = await hub.forUser(fx.as('collector'), liveCallId);
    await (await hub.session(row)).flushed();
    const other = new LiveHub(deps); // a second API process: nothing in memory
    const there = await other.session(row);
    expect(there.length).toBe(3);
    const next = await there.turn(
      { seq: 3, speaker: 'agent', text: '好的，那15号您通过银行官方渠道还3000元，可以吗？' },
      AT(20),
    );
    expect(next.seq).toBe(3);
    expect(next.promise).toMatchObject({ amount: 3000 });
    await there.flushed();
    // back on the first process: its copy is behind and replays before answering
    const here = await hub.session(row);
    expect(here.length).toBe(4);
    const r = await here.turn({ speaker: 'debtor', text: '可以。' }, AT(25));
    expect(r.seq).toBe(4);
    await here.flushed();
  });

  it('a copy that lost the race stops storing, tells its sockets, and resynchronises on the next turn', async () => {
    const row = await hub.forUser(fx.as('collector'), liveCallId);
    const other = new LiveHub(deps);
    const stale = await other.session(row); // 5 turns
    const faults: string[] = [];
    stale.onFault = (f) => faults.push(f);
    await (await hub.session(row)).turn({ speaker: 'agent', text: '好的，到时候我再提醒您。' }, AT(30));
    await (await hub.session(row)).flushed(); // seq 5 stored by the first process
    await stale.turn({ speaker: 'agent', text: '那就这样，再见。' }, AT(31)); // answered as seq 5 here
    await stale.flushed();
    expect(faults).toEqual(['taken']);
    expect(stale.storing).toEqual({ pending: 1, fault: 'taken' }); // its seq 5 was never stored
    const resynced = await stale.turn({ seq: 6, speaker: 'debtor', text: '好，再见。' }, AT(32));
    expect(resynced.seq).toBe(6);
    expect(resynced.turn.text).toBe('好，再见。');
    await stale.flushed();
    const stored = await fx.db.query<{ seq: number; text: string }>(
      'select seq, text from live_call_turns where live_call_id = $1 and seq >= 5 order by seq',
      [liveCallId],
    );
    expect(stored.rows).toEqual([
      { seq: 5, text: '好的，到时候我再提醒您。' },
      { seq: 6, text: '好，再见。' },
    ]);
  });

  it('ends once, recording the call through record-call; later turns are refused', async () => {
    const row = await hub.forUser(fx.as('collector'), liveCallId);
    const ended = await (await hub.session(row)).end();
    expect(ended.turns).toBe(7);
    expect(ended.callId).toMatch(/^cal_/);
    const call = await fx.db.query<{ n: number; promises: number }>(
      `select jsonb_array_length(transcript) as n, jsonb_array_length(analysis -> 'promises') as promises
         from calls where id = $1`,
      [ended.callId],
    );
    expect(call.rows[0]?.n).toBe(7);
    expect(call.rows[0]?.promises).toBeGreaterThan(0);
    const proposals = await fx.db.query('select 1 from proposed_promises where call_id = $1', [ended.callId]);
    expect(proposals.rows.length).toBeGreaterThan(0);
    // ending again, from another process, gives the same call
    const other = new LiveHub(deps);
    const again = await (await other.session(row)).end();
    expect(again.callId).toBe(ended.callId);
    await expect(
      (await hub.session(row)).turn({ speaker: 'agent', text: '还在吗？' }, AT(40)),
    ).rejects.toSatisfy((e: DomainError) => code(e) === 'live.ended');
    expect(await hub.forToken(token)).toBeNull();
  });
});

describe('starting a live call is dialling: the contact guard decides first', () => {
  const blocked = async (p: Promise<unknown>): Promise<DomainError> => {
    try {
      await p;
    } catch (e) {
      if (isDomainError(e)) return e;
      throw e;
    }
    throw new Error('expected contact.blocked');
  };
  const talk = (caseId: string, at: string) => {
    fx.clock.set(at);
    return recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId,
      channel: 'call',
      at,
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'talked',
    });
  };

  it('refuses a held case with the same error as logging a contact, and starts nothing', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-03T10:00:00+08:00');
    await stopCollection(fx.deps, fx.as('lead'), { caseId: d.caseId, reason: '债务人住院' });
    const hub = new LiveHub(deps);
    const live = await blocked(hub.start(fx.as('collector'), { caseId: d.caseId }));
    const contact = await blocked(talk(d.caseId, '2026-12-03T10:00:00+08:00'));
    expect(live.code).toBe('contact.blocked');
    expect(live.messageZh).toBe(contact.messageZh);
    expect(live.message).toBe(contact.message);
    expect(live.details).toEqual(contact.details);
    expect(live.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.stop_list' })]);
    const rows = await fx.db.query('select 1 from live_calls where case_id = $1', [d.caseId]);
    expect(rows.rows).toEqual([]);
  });

  it('refuses quiet hours with the next allowed time in the debtor’s zone', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-03T23:30:00+08:00');
    const e = await blocked(new LiveHub(deps).start(fx.as('collector'), { caseId: d.caseId }));
    expect(e.details?.nextAllowedAt).toBe('2026-12-04T08:00:00+08:00');
    expect(e.messageZh).toContain('禁止催收时段');
  });

  it('refuses a 4th conversation of the day; the attempt of the 3rd is not counted against itself', async () => {
    const d = await fx.addDebtor();
    await talk(d.caseId, '2026-12-08T09:00:00+08:00');
    await talk(d.caseId, '2026-12-08T11:00:00+08:00');
    const third = await talk(d.caseId, '2026-12-08T15:00:00+08:00');
    fx.clock.set('2026-12-08T15:01:00+08:00');
    const hub = new LiveHub(deps);
    const e = await blocked(hub.start(fx.as('collector'), { caseId: d.caseId }));
    expect(e.messageZh).toContain('今天已与债务人有效通话 3 次');
    await expect(
      hub.start(fx.as('collector'), { caseId: d.caseId, attemptId: third.attemptId }),
    ).resolves.toMatchObject({ liveCallId: expect.any(String) });
  });
});

describe('a live call started without an attempt is a dial: logged as a contact attempt when it ends', () => {
  const attempts = async (caseId: string) =>
    (
      await fx.db.query<{ id: string; connected: boolean; answered_by: string | null; outcome_code: string }>(
        `select id, connected, answered_by, outcome_code from contact_attempts where case_id = $1 order by at, id`,
        [caseId],
      )
    ).rows;
  const failed = async (p: Promise<unknown>): Promise<DomainError> => {
    try {
      await p;
    } catch (e) {
      if (isDomainError(e)) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('counts unanswered live calls against the daily limit: the next start is refused', async () => {
    const d = await fx.addDebtor();
    const hub = new LiveHub(deps);
    let started = 0;
    let refusal: DomainError | null = null;
    for (let k = 0; k < 14 && !refusal; k++) {
      fx.clock.set(new Date(Date.parse('2026-12-09T10:00:00+08:00') + k * 4_000).toISOString());
      try {
        const { liveCallId } = await hub.start(fx.as('collector'), { caseId: d.caseId });
        started++;
        const ended = await (await hub.session(await hub.forUser(fx.as('collector'), liveCallId))).end();
        expect(ended).toEqual({ callId: null, turns: 0 });
      } catch (e) {
        if (!isDomainError(e)) throw e;
        refusal = e;
      }
    }
    expect(started).toBe(6);
    expect(refusal?.code).toBe('contact.blocked');
    expect(refusal?.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.frequency' })]);
    const logged = await attempts(d.caseId);
    expect(logged).toHaveLength(6);
    expect(
      logged.every((a) => !a.connected && a.answered_by === null && a.outcome_code === 'no_answer'),
    ).toBe(true);
    // the same limit as for dials logged by hand
    const contact = await failed(
      recordContactAttempt(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'call',
        at: fx.clock.now().toISOString(),
        connected: false,
        outcomeCode: 'no_answer',
      }),
    );
    expect(contact.code).toBe('contact.blocked');
  });

  it('counts live calls started and not yet ended as unanswered dials: starting many at once is no way round', async () => {
    const d = await fx.addDebtor();
    const hub = new LiveHub(deps);
    const open: string[] = [];
    let refusal: DomainError | null = null;
    for (let k = 0; k < 10 && !refusal; k++) {
      fx.clock.set(new Date(Date.parse('2026-12-12T10:00:00+08:00') + k * 2_000).toISOString());
      try {
        open.push((await hub.start(fx.as('collector'), { caseId: d.caseId })).liveCallId);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        refusal = e;
      }
    }
    expect(open).toHaveLength(6);
    expect(refusal?.details?.blocking).toEqual([expect.objectContaining({ rule: 'contact.frequency' })]);
    // ended, each is logged once: still 6 dials, and the limit holds
    for (const id of open) await (await hub.session(await hub.forUser(fx.as('collector'), id))).end();
    expect(await attempts(d.caseId)).toHaveLength(6);
    const again = await failed(hub.start(fx.as('collector'), { caseId: d.caseId }));
    expect(again.code).toBe('contact.blocked');
  });

  it('counts a live call in which the debtor spoke as a conversation, and links the call to it', async () => {
    const d = await fx.addDebtor();
    for (const at of ['2026-12-10T09:00:00+08:00', '2026-12-10T11:00:00+08:00']) {
      fx.clock.set(at);
      await recordContactAttempt(fx.deps, fx.as('collector'), {
        caseId: d.caseId,
        channel: 'call',
        at,
        connected: true,
        answeredBy: 'debtor',
        outcomeCode: 'talked',
      });
    }
    fx.clock.set('2026-12-10T15:00:00+08:00');
    const hub = new LiveHub(deps);
    const { liveCallId } = await hub.start(fx.as('collector'), { caseId: d.caseId });
    const s = await hub.session(await hub.forUser(fx.as('collector'), liveCallId));
    await s.turn(
      { speaker: 'agent', text: '您好，我是某某公司催收员小李，工号3021，受银行委托联系您。' },
      AT(0),
    );
    await s.turn({ speaker: 'debtor', text: '我知道，下周一我还你1000块。' }, AT(5));
    fx.clock.set('2026-12-10T15:05:00+08:00');
    const ended = await s.end();
    const logged = await attempts(d.caseId);
    expect(logged).toHaveLength(3);
    expect(logged[2]).toMatchObject({ connected: true, answered_by: 'debtor', outcome_code: 'talked' });
    const call = await fx.db.query<{ attempt_id: string }>('select attempt_id from calls where id = $1', [
      ended.callId,
    ]);
    expect(call.rows[0]?.attempt_id).toBe(logged[2]!.id);
    const lc = await fx.db.query<{ attempt_id: string }>('select attempt_id from live_calls where id = $1', [
      liveCallId,
    ]);
    expect(lc.rows[0]?.attempt_id).toBeNull();
    // a 4th conversation of the day is refused
    fx.clock.set('2026-12-10T15:10:00+08:00');
    const e = await failed(hub.start(fx.as('collector'), { caseId: d.caseId }));
    expect(e.messageZh).toContain('今天已与债务人有效通话 3 次');
  });

  it('refuses to start on an attempt whose call is recorded; one recorded meanwhile makes the live call its own dial', async () => {
    const d = await fx.addDebtor();
    fx.clock.set('2026-12-11T10:00:00+08:00');
    const a = await recordContactAttempt(fx.deps, fx.as('collector'), {
      caseId: d.caseId,
      channel: 'call',
      at: '2026-12-11T10:00:00+08:00',
      connected: true,
      answeredBy: 'debtor',
      outcomeCode: 'talked',
    });
    const hub = new LiveHub(deps);
    const { liveCallId } = await hub.start(fx.as('collector'), { caseId: d.caseId, attemptId: a.attemptId });
    const s = await hub.session(await hub.forUser(fx.as('collector'), liveCallId));
    await s.turn({ speaker: 'debtor', text: '喂？' }, AT(0));
    // the same attempt recorded by hand while the live call runs
    const byHand = await recordCall(
      { ...fx.deps, analyzer: createAnalyzer({ playbook: fx.playbook }) },
      fx.as('collector'),
      {
        caseId: d.caseId,
        attemptId: a.attemptId,
        at: '2026-12-11T10:00:00+08:00',
        turns: [{ speaker: 'debtor', text: '喂？' }],
      },
    );
    const again = await failed(hub.start(fx.as('collector'), { caseId: d.caseId, attemptId: a.attemptId }));
    expect(again.code).toBe('call.attempt_recorded');
    expect(again.details).toEqual({ attemptId: a.attemptId, callId: byHand.callId });
    fx.clock.set('2026-12-11T10:03:00+08:00');
    const ended = await s.end();
    expect(ended.callId).toMatch(/^cal_/);
    const call = await fx.db.query<{ attempt_id: string }>('select attempt_id from calls where id = $1', [
      ended.callId,
    ]);
    expect(call.rows[0]?.attempt_id).not.toBe(a.attemptId);
    expect((await attempts(d.caseId)).map((x) => x.id)).toEqual([a.attemptId, call.rows[0]?.attempt_id]);
  });
});
