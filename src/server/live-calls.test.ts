import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await expect(hub.forUser(fx.as('otherCollector'), liveCallId)).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'auth.forbidden',
    );
    expect((await hub.forToken(token))?.id).toBe(liveCallId);
    // A token one character off (not the same character: a token ending in "A" would match itself).
    expect(await hub.forToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    await expect(hub.start(fx.as('otherCollector'), { caseId: d.caseId })).rejects.toSatisfy(
      (e: DomainError) => code(e) === 'auth.forbidden',
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
