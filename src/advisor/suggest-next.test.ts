import { describe, expect, it } from 'vitest';
import type { Facts } from '../analysis/contract';
import type { PersonaId, StrategyId } from '../domain/ids';
import { loadPlaybookDir } from '../io/playbook-files';
import { DEBT_WORDS } from '../playbook';
import { EffectivenessTable } from './effectiveness';
import { type AdviceInput, certainPersona, type HeardTurn, type PastContact } from './input';
import { SeededRandom } from './random';
import { suggestNext } from './suggest-next';

const playbook = loadPlaybookDir();

type Labels = Partial<Omit<HeardTurn, 'speaker' | 'text'>>;
const t = (speaker: HeardTurn['speaker'], text: string, labels: Labels = {}): HeardTurn => ({
  speaker,
  text,
  strategies: [],
  reasons: [],
  intents: [],
  violations: [],
  promise: null,
  ...labels,
});
const agent = (text: string, labels: Labels = {}) => t('agent', text, labels);
const debtor = (text: string, labels: Labels = {}) => t('debtor', text, labels);
const INTRO = agent('您好，我是安和资产的李明，工号2031，受建设银行委托联系您。', {
  strategies: ['self_intro'],
});

const FACTS: Facts = {
  product: 'credit_card',
  client: '建设银行',
  debtor_name: '王强',
  card_tail: '5521',
  balance: 18600,
  minimum_payment: 1200,
  days_overdue: 95,
};
const CONTEXT = {
  agent_name: '李明',
  staff_id: '2031',
  company: '安和资产',
  callback_phone: '400-600-2031',
  complaint_channel: '本公司投诉热线400-600-9000',
};
const AT = '2026-11-30T10:00:00+08:00';

function advise(turns: HeardTurn[], persona: PersonaId, extra: Partial<AdviceInput> = {}) {
  return suggestNext(
    {
      turns,
      persona: certainPersona(persona),
      history: [],
      facts: FACTS,
      context: CONTEXT,
      at: AT,
      ...extra,
    },
    { playbook, limit: 17 },
  );
}
const ids = (a: ReturnType<typeof advise>, n = 3): StrategyId[] => a.strategies.slice(0, n).map((s) => s.id);

describe('the next strategy follows the method’s decision order', () => {
  it.each<[string, PersonaId, HeardTurn[], StrategyId, StrategyId[]]>([
    [
      'a complaint threat is cooled down before anything else',
      'dominant',
      [INTRO, debtor('你们再打我就投诉到金融监管局，我全程录音了', { intents: ['complaint_threat'] })],
      'cool_down',
      ['cite_precedent', 'press_weakness'],
    ],
    [
      'a belief that nothing happens is refuted first',
      'lucky',
      [INTRO, debtor('我同事欠了好几万都没人管，网上说银行根本不会告', { reasons: ['no_consequence'] })],
      'correct_premise',
      [],
    ],
    [
      'tears get empathy first',
      'guilty',
      [INTRO, debtor('我真的对不起家里……说着说着就哭了，我也不知道怎么办', { intents: ['emotional'] })],
      'empathy',
      ['confrontation', 'cite_precedent'],
    ],
    [
      'a challenged identity is stated again',
      'dominant',
      [
        agent('喂，是王强先生吗？'),
        debtor('你哪个公司的？工号多少？先说清楚', { intents: ['question_identity'] }),
      ],
      'self_intro',
      [],
    ],
    [
      'a timid debtor who says the spouse holds the money: find the decision maker',
      'timid',
      [INTRO, debtor('钱都是我老公管的，我做不了主，我得问问他', { intents: ['stalling'] })],
      'draw_out',
      ['cite_precedent', 'press_weakness'],
    ],
    [
      'a loose promise is pinned to a date and an amount',
      'lucky',
      [
        INTRO,
        debtor('行吧行吧，有钱了我就还', {
          intents: ['promise_to_pay'],
          promise: { amount: null, due: null, vague: true },
        }),
      ],
      'go_with_flow',
      [],
    ],
  ])('%s', (_name, persona, turns, first, notInTop3) => {
    const a = advise(turns, persona);
    expect(a.strategies[0]?.id).toBe(first);
    for (const id of notInTop3) expect(ids(a)).not.toContain(id);
  });

  it.each<[PersonaId, StrategyId[]]>([
    ['guilty', ['praise', 'same_side']],
    ['vain', ['foot_in_door', 'confrontation']],
    ['timid', ['foot_in_door', 'confrontation', 'draw_out']],
  ])('a firm promise from a %s debtor is secured the way that type needs', (persona, expected) => {
    const a = advise(
      [
        INTRO,
        debtor('那我12月5号先还3000', {
          intents: ['promise_to_pay'],
          promise: { amount: 3000, due: '2026-12-05T23:59:59+08:00', vague: false },
        }),
      ],
      persona,
    );
    expect(expected).toContain(a.strategies[0]?.id);
  });

  it('does not repeat a strategy the debtor just pushed back on', () => {
    const a = advise(
      [
        INTRO,
        debtor('我最近手头紧'),
        agent('您上个月说发了工资就还，这个月又说没钱，这两个说法对不上。', {
          strategies: ['confrontation'],
        }),
        debtor('你什么意思？不还了，爱咋咋地', { intents: ['refuse'] }),
      ],
      'vain',
    );
    expect(ids(a)).not.toContain('confrontation');
    expect(a.strategies.find((s) => s.id === 'confrontation')).toBeUndefined();
  });

  it('keeps pressure out of the top three while a dispute is open and says to log it', () => {
    const a = advise(
      [INTRO, debtor('这笔消费不是我刷的，利息也算错了，我不认', { intents: ['refuse'] })],
      'lucky',
    );
    expect(a.stage).toBe('dispute');
    for (const id of ['cite_precedent', 'press_weakness', 'confrontation'] as const)
      expect(ids(a)).not.toContain(id);
    expect(ids(a)).toContain('bear_burden');
    expect(a.warnings.map((w) => w.code)).toContain('dispute_hold');
    expect(a.actions).toContain('log_dispute');
  });

  it('explains each suggestion in Chinese, quoting what was heard', () => {
    const a = advise([INTRO, debtor('我同事欠了好几万都没人管', { reasons: ['no_consequence'] })], 'lucky');
    expect(a.strategies[0]?.reason_zh).toContain('我同事欠了好几万都没人管');
    expect(a.strategies[0]?.reason_zh).toMatch(/侥幸型/);
  });
});

describe('with a third party on the line', () => {
  const turns = [agent('喂您好，请问王强在吗？'), t('third_party', '他不在，我是他媳妇，你找他啥事？')];

  it('offers only third-party moves whose scripts reveal nothing about the debt', () => {
    const a = advise(turns, 'vain');
    expect(a.audience).toBe('third_party');
    expect(a.stage).toBe('third_party');
    expect(a.strategies[0]?.id).toBe('draw_out');
    for (const s of a.strategies) {
      expect(['draw_out', 'cool_down', 'self_intro']).toContain(s.id);
      for (const sc of s.scripts) {
        expect(sc.stage).toBe('third_party');
        for (const w of [...DEBT_WORDS, '建设银行', '18600', '5521']) expect(sc.text).not.toContain(w);
      }
    }
    expect(a.warnings[0]?.code).toBe('third_party_listening');
  });
});

describe('scripts', () => {
  const offer: Facts['offer'] = {
    description: '分12期还款，免除违约金',
    expires_at: '2026-12-15T23:59:59+08:00',
    instalments: 12,
  };

  it('quote the real offer and its real expiry', () => {
    const history: PastContact[] = [
      {
        at: '2026-11-20T10:00:00+08:00',
        connected: true,
        strategies: ['empathy'],
        outcome: { promise_made: false, promise_kept: null, paid: false, complaint: false },
      },
    ];
    const a = advise([INTRO, debtor('能不能分期啊，一次真还不上', { intents: ['request_plan'] })], 'guilty', {
      facts: { ...FACTS, offer },
      history,
    });
    const all = a.strategies.flatMap((s) => s.scripts.map((x) => x.text)).join('\n');
    expect(all).toContain('12月15日');
    expect(all).toContain('分12期还款，免除违约金');
    expect(all).not.toMatch(/\{[^}]*\}/);
  });

  it('never offer a script whose facts are missing or whose offer has expired', () => {
    const expired = { ...offer, expires_at: '2026-11-01T23:59:59+08:00' };
    const a = advise([INTRO, debtor('能不能分期', { intents: ['request_plan'] })], 'guilty', {
      facts: { ...FACTS, offer: expired },
    });
    const all = a.strategies.flatMap((s) => s.scripts.map((x) => x.text)).join('\n');
    expect(all).not.toContain('分12期还款');
    expect(all).not.toContain('11月1日');
    expect(a.warnings.map((w) => w.code)).toContain('offer_expired');
    const withheld = a.strategies.flatMap((s) => s.withheld.map((w) => w.why_zh)).join('\n');
    expect(withheld).toContain('方案已过有效期');
  });

  it('do not quote the debtor on what they never said', () => {
    const silent = advise([INTRO, debtor('嗯，你说吧')], 'lucky');
    const texts = silent.strategies.flatMap((s) => s.scripts.map((x) => x.text)).join('\n');
    expect(texts).not.toContain('您刚才提到明年打算买房');
    const spoke = advise(
      [INTRO, debtor('我明年还打算买房呢，银行不会因为这点钱告我吧', { reasons: ['no_consequence'] })],
      'lucky',
    );
    const offered = spoke.strategies.flatMap((s) => s.scripts.map((x) => x.id));
    const withheld = spoke.strategies.flatMap((s) => s.withheld.map((x) => x.id));
    expect(withheld).not.toContain('press-weakness-mortgage');
    expect([...offered, ...spoke.not_offered.map((n) => n.id)].length).toBeGreaterThan(0);
  });

  it('speak of a broken promise only when there was one', () => {
    const first = advise([INTRO, debtor('我最近没钱', { intents: ['refuse'] })], 'vain');
    const ids = first.strategies.flatMap((s) => s.scripts.map((x) => x.stage));
    expect(ids).not.toContain('broken_promise');
    expect(ids).not.toContain('follow_up');
  });
});

describe('thanking for a payment', () => {
  const contact = (kept: boolean | null): PastContact => ({
    at: '2026-11-20T10:00:00+08:00',
    connected: true,
    strategies: ['foot_in_door'],
    outcome: { promise_made: true, promise_kept: kept, paid: kept === true, complaint: false },
  });
  const footInDoor = (kept: boolean | null) => {
    const a = advise([INTRO, debtor('嗯，你说吧')], 'guilty', {
      history: [contact(kept)],
      stage: 'follow_up',
    });
    const s = a.strategies.find((x) => x.id === 'foot_in_door');
    return {
      offered: s?.scripts.map((x) => x.id) ?? [],
      withheld: s?.withheld.find((w) => w.id === 'foot-in-door-next-step'),
    };
  };

  it('says the last payment arrived only when the record shows the promise kept', () => {
    for (const kept of [null, false]) {
      const r = footInDoor(kept);
      expect(r.offered).not.toContain('foot-in-door-next-step');
      expect(r.withheld?.why_zh).toContain('到账');
    }
    const r = footInDoor(true);
    expect(r.withheld).toBeUndefined();
    expect(r.offered).toContain('foot-in-door-next-step');
  });
});

describe('the client bank’s offer policy', () => {
  const turns = [INTRO, debtor('能不能分期啊，一次真还不上', { intents: ['request_plan'] })];

  it('lets a plan request be carried to the bank when the policy allows one, without promising it', () => {
    const a = advise(turns, 'guilty', {
      policy: { instalments_max: 24, waiver: false, interest_stop: false, approval_required: true },
    });
    const rec = a.strategies.find((s) => s.id === 'reciprocity');
    expect(rec?.reason_zh).toContain('最多24期分期');
    expect(rec?.reason_zh).toContain('须报批');
    for (const s of a.strategies) for (const sc of s.scripts) expect(sc.text).not.toContain('24期');
  });

  it('says so when the bank allows no plan, and passes on its note', () => {
    const a = advise(turns, 'guilty', {
      policy: {
        waiver: false,
        interest_stop: false,
        approval_required: true,
        note_zh: '本批次只接受一次性结清',
      },
    });
    const codes = a.warnings.map((w) => w.code);
    expect(codes).toContain('no_plan_allowed');
    expect(a.warnings.find((w) => w.code === 'offer_policy_note')?.text_zh).toContain('一次性结清');
  });
});

describe('the stage', () => {
  const contact = (
    outcome: Partial<PastContact['outcome']>,
    at = '2026-11-20T10:00:00+08:00',
  ): PastContact => ({
    at,
    connected: true,
    strategies: ['foot_in_door'],
    outcome: { promise_made: false, promise_kept: null, paid: false, complaint: false, ...outcome },
  });

  it.each<[string, HeardTurn[], PastContact[], string]>([
    ['no contact yet → first call', [INTRO, debtor('嗯')], [], 'first_call'],
    ['an earlier conversation → follow-up', [INTRO, debtor('嗯')], [contact({})], 'follow_up'],
    [
      'an unpaid promise → broken promise',
      [INTRO, debtor('嗯')],
      [contact({ promise_made: true, promise_kept: false })],
      'broken_promise',
    ],
    [
      'a broken promise paid off later → follow-up',
      [INTRO, debtor('嗯')],
      [
        contact({ promise_made: true, promise_kept: false }),
        contact({ paid: true }, '2026-11-25T10:00:00+08:00'),
      ],
      'follow_up',
    ],
    [
      'a complaint threat → angry',
      [INTRO, debtor('再打我就投诉你们', { intents: ['complaint_threat'] })],
      [],
      'angry',
    ],
    ['a contested charge → dispute', [INTRO, debtor('这笔账不对，我没刷过')], [contact({})], 'dispute'],
    [
      'a family member answered → third party',
      [agent('喂？'), t('third_party', '他不在')],
      [],
      'third_party',
    ],
  ])('%s', (_name, turns, history, stage) => {
    expect(advise(turns, 'guilty', { history }).stage).toBe(stage);
  });

  it('uses the stage the caller gives', () => {
    const a = advise([INTRO, debtor('嗯')], 'guilty', { stage: 'follow_up' });
    expect(a.stage).toBe('follow_up');
    expect(a.stage_inferred).toBe(false);
  });

  it('steers away from the strategy that preceded the last broken promise', () => {
    const broken = (strategies: StrategyId[]) => [
      { ...contact({ promise_made: true, promise_kept: false }), strategies },
    ];
    const turns = [INTRO, debtor('上次是真没凑够')];
    const plain = advise(turns, 'vain', { history: broken([]) });
    const after = advise(turns, 'vain', { history: broken(['praise']) });
    const rank = (a: ReturnType<typeof advise>) => a.strategies.findIndex((s) => s.id === 'praise');
    expect(rank(after)).toBeGreaterThan(rank(plain));
    expect(after.strategies[rank(after)]?.reason_zh).toContain('跳票');
  });
});

describe('warnings', () => {
  it.each<[PersonaId, string]>([
    ['dominant', 'dominant_no_handle'],
    ['timid', 'timid_decision_maker'],
    ['vain', 'vain_verify'],
    ['jaded', 'jaded_low_priority'],
    ['jaded', 'complaint_risk'],
  ])('a %s debtor raises %s', (persona, code) => {
    const a = advise([INTRO, debtor('嗯')], persona);
    expect(a.warnings.map((w) => w.code)).toContain(code);
  });

  it('asks to escalate after the policy’s number of broken promises', () => {
    const broken = (at: string): PastContact => ({
      at,
      connected: true,
      strategies: [],
      outcome: { promise_made: true, promise_kept: false, paid: false, complaint: false },
    });
    const a = advise([INTRO, debtor('嗯')], 'timid', {
      history: [broken('2026-11-10T10:00:00+08:00'), broken('2026-11-20T10:00:00+08:00')],
    });
    expect(a.warnings.map((w) => w.code)).toContain('escalate_broken_promises');
    expect(a.actions).toContain('escalate_to_lead');
  });

  it('stops the money talk when the debtor speaks of not wanting to live', () => {
    const a = advise([INTRO, debtor('我真的不想活了，什么都没了', { intents: ['emotional'] })], 'guilty');
    expect(a.warnings[0]?.code).toBe('crisis');
    expect(a.strategies[0]?.id).toBe('empathy');
    expect(a.actions).toEqual(expect.arrayContaining(['escalate_to_lead', 'slow_down']));
  });

  it.each([
    '压力太大了 有时候真想一了百了',
    '再逼我我就去跳河',
    '我连农药都买好了 喝农药算了',
    '我前两天差点自杀',
  ])('hears a risk to life in %s', (text) => {
    const a = advise([INTRO, debtor(text)], 'jaded');
    expect(a.warnings.map((w) => w.code)).toContain('crisis');
    expect(a.actions).toContain('escalate_to_lead');
  });

  it.each(['你放心 我不会想不开的 就是最近手头紧', '你去死吧 天天打', '我又不想死 我就是没钱'])(
    'does not take %s for a crisis',
    (text) => {
      const a = advise([INTRO, debtor(text)], 'jaded');
      expect(a.warnings.map((w) => w.code)).not.toContain('crisis');
    },
  );
});

describe('learning from outcomes in the ranking', () => {
  const turns = [INTRO, debtor('我朋友都没还，也没事', { reasons: ['no_consequence'] })];

  it('lets many observed failures move a strategy down from its playbook rank', () => {
    const before = advise(turns, 'lucky');
    expect(before.strategies[0]?.id).toBe('correct_premise');
    const table = new EffectivenessTable(playbook.strategies, [
      { persona: 'lucky', strategy: 'correct_premise', successes: 2, failures: 60 },
    ]);
    const after = suggestNext(
      { turns, persona: certainPersona('lucky'), history: [], facts: FACTS, context: CONTEXT, at: AT },
      { playbook, effectiveness: table },
    );
    expect(after.strategies[0]?.id).not.toBe('correct_premise');
    expect(after.strategies.find((s) => s.id === 'correct_premise')?.effectiveness?.observed ?? 62).toBe(62);
  });

  it.each([
    [0, 'champion'],
    [1, 'challenger'],
  ])('with exploration share %d every suggestion is on the %s arm', (share, arm) => {
    const rng = new SeededRandom('cc');
    for (let i = 0; i < 5; i++) {
      const a = suggestNext(
        { turns, persona: certainPersona('lucky'), history: [], facts: FACTS, context: CONTEXT, at: AT },
        { playbook, ranking: { kind: 'champion_challenger', exploration: share, rng } },
      );
      expect(a.arm).toBe(arm);
    }
  });

  it('replays the same challenger rankings for the same seed', () => {
    const run = (seed: string) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 20 }, () =>
        suggestNext(
          { turns, persona: certainPersona('vain'), history: [], facts: FACTS, context: CONTEXT, at: AT },
          { playbook, ranking: { kind: 'champion_challenger', exploration: 0.3, rng } },
        ),
      ).map((a) => `${a.arm}:${a.strategies.map((s) => s.id).join(',')}`);
    };
    const a = run('lead-switch');
    expect(run('lead-switch')).toEqual(a);
    const challengers = a.filter((x) => x.startsWith('challenger')).length;
    expect(challengers).toBeGreaterThan(0);
    expect(challengers).toBeLessThan(20);
  });
});
