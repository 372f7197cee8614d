import { describe, expect, it } from 'vitest';
import { loadPlaybookDir } from '../io/playbook-files';
import { type HandOverInput, handOver } from './hand-over';
import type { HeardTurn } from './input';

const playbook = loadPlaybookDir();

const t = (speaker: HeardTurn['speaker'], text: string, over: Partial<HeardTurn> = {}): HeardTurn => ({
  speaker,
  text,
  strategies: [],
  reasons: [],
  intents: [],
  violations: [],
  promise: null,
  ...over,
});

const firstCall = {
  at: '2026-11-10T10:00:00+08:00',
  role: 'friendly' as const,
  turns: [
    t('agent', '您好，我是安和资产的李明，工号2031，受建设银行委托联系您。', { strategies: ['self_intro'] }),
    t('debtor', '我朋友欠了十几万都没事，银行不会告的', { reasons: ['no_consequence'] }),
    t('agent', '欠款不会因为拖久了就没了，每个账户都是单独处理的。', { strategies: ['correct_premise'] }),
    t('debtor', '那行吧，我20号先还两千', {
      intents: ['promise_to_pay'],
      promise: { amount: 2000, due: '2026-11-20T23:59:59+08:00', vague: false },
    }),
  ],
  outcome: { promise_made: true, promise_kept: false, paid: false, complaint: false },
};
const secondCall = {
  at: '2026-11-22T10:00:00+08:00',
  role: 'friendly' as const,
  turns: [
    t('agent', '上次说好20号的两千没到账，您看是怎么回事？', { strategies: ['confrontation'] }),
    t('debtor', '过段时间吧，有钱就还', { intents: ['stalling'] }),
  ],
};

const input = (to: HandOverInput['to']['role'], persona: HandOverInput['persona']): HandOverInput => ({
  case_id: 'C-1001',
  from: { role: 'friendly', name: '李明' },
  to: { role: to },
  persona,
  calls: [secondCall, firstCall],
  facts: { client: '建设银行', balance: 18600 },
  at: '2026-11-30T10:00:00+08:00',
});

const lucky = {
  scores: { lucky: 0.8, vain: 0.2 },
  id: 'lucky' as const,
  confidence: 0.7,
  evidence: ['第2句 "朋友欠了十几万都没事"'],
};

describe('the hand-over summary', () => {
  const h = handOver(input('firm', lucky), playbook);

  it('carries the persona with its evidence', () => {
    expect(h.persona).toMatchObject({ id: 'lucky', name_zh: '侥幸型' });
    expect(h.text_zh).toContain('朋友欠了十几万都没事');
  });

  it('lists what was promised and whether it was kept', () => {
    expect(h.promises).toEqual([
      expect.objectContaining({ at: '2026-11-10', amount: 2000, status: 'broken' }),
    ]);
    expect(h.text_zh).toContain('2026-11-10：11月20日前还2000元（已跳票）');
  });

  it('lists what the debtor said and which strategies were used with what followed', () => {
    expect(h.said.map((s) => s.what_zh)).toEqual(['原因：侥幸心理', '拖延']);
    expect(h.strategies).toEqual([
      { id: 'confrontation', name_zh: '面质', times: 1, followed_zh: '1 次后无进展' },
      { id: 'correct_premise', name_zh: '正本清源', times: 1, followed_zh: '1 次后有承诺' },
    ]);
  });

  it('recommends the firm role’s lawful moves that fit the persona', () => {
    expect(h.approach.strategies.length).toBeGreaterThan(0);
    for (const s of h.approach.strategies)
      expect([
        'bear_burden',
        'correct_premise',
        'confrontation',
        'cite_precedent',
        'press_weakness',
        'foot_in_door',
      ]).toContain(s);
    expect(h.approach.text_zh).toContain('不说已起诉');
  });

  it.each<[HandOverInput['to']['role'], HandOverInput['persona'], RegExp]>([
    ['lead', { scores: { jaded: 1 }, id: 'jaded', confidence: 0.8, evidence: [] }, /停催/],
    ['lead', { scores: { dominant: 1 }, id: 'dominant', confidence: 0.8, evidence: [] }, /合同条款/],
    ['firm', { scores: { dominant: 1 }, id: 'dominant', confidence: 0.8, evidence: [] }, /主管接手/],
    ['friendly', lucky, /帮手/],
  ])('to the %s role for a %s debtor the approach fits', (role, persona, re) => {
    expect(handOver(input(role, persona), playbook).approach.text_zh).toMatch(re);
  });

  it('never recommends a strategy the persona is discouraged from', () => {
    const guilty = handOver(
      input('firm', { scores: { guilty: 1 }, id: 'guilty', confidence: 1, evidence: [] }),
      playbook,
    );
    for (const s of guilty.approach.strategies)
      expect(playbook.personas.guilty.discouraged_strategies).not.toContain(s);
  });

  it('warns about complaints, third parties and violations in earlier calls', () => {
    const noisy = handOver(
      {
        ...input('lead', lucky),
        calls: [
          {
            at: '2026-11-25T10:00:00+08:00',
            strategies: [],
            turns: [
              t('third_party', '他不在'),
              t('agent', '他欠了我们银行一万八，让他赶紧还', { violations: ['third_party.disclosure'] }),
              t('debtor', '你们凭什么跟我家里人说？我要投诉', { intents: ['complaint_threat'] }),
            ],
          },
        ],
      },
      playbook,
    );
    const text = noisy.cautions.join('\n');
    expect(text).toContain('third_party.disclosure');
    expect(text).toContain('扬言投诉');
    expect(text).toContain('第三方接听');
  });
});
