import { describe, expect, it } from 'vitest';
import { EVAL_CONTEXT, historyFor } from '../../src/advisor/evaluate-next';
import { heardFromAnalysis, personaFromAnalysis } from '../../src/advisor/input';
import { suggestNext } from '../../src/advisor/suggest-next';
import type { Facts } from '../../src/analysis/contract';
import { createAnalyzer } from '../../src/io/analyzer-files';
import { readCorpusSplit } from '../../src/io/corpus-files';
import { loadPlaybookDir } from '../../src/io/playbook-files';
import { fillScript } from '../../src/playbook';

/**
 * Every script the advisor can put in a collector's mouth passes the analyser's violation check:
 * each playbook script and template filled with a case's facts, and each script of each
 * suggestion, said as the next turn of a real call.
 */

const playbook = loadPlaybookDir();
const AT = new Date('2026-11-30T10:00:00+08:00');
const FACTS: Facts = {
  product: 'credit_card',
  client: '建设银行',
  debtor_name: '王强',
  card_tail: '5521',
  balance: 18600,
  minimum_payment: 1200,
  days_overdue: 95,
  offer: {
    description: '分12期还款，免除违约金',
    expires_at: '2026-12-15T23:59:59+08:00',
    settlement_amount: 15000,
    waiver_amount: 3600,
    instalments: 12,
  },
};
const VALUES = {
  salutation: '王先生',
  ...EVAL_CONTEXT,
  client: '建设银行',
  balance: '18600',
  card_tail: '5521',
  days_overdue: '95',
  minimum_payment: '1200',
  offer: '分12期还款，免除违约金',
  offer_expiry: '12月15日',
  offer_settlement: '15000',
  offer_waiver: '3600',
  offer_instalments: '12',
  promise_amount: '3000',
  promise_due: '12月5日',
};

describe('scripts pass the analyser', () => {
  const analyzer = createAnalyzer({ playbook });

  const texts = [
    ...Object.values(playbook.strategies).flatMap((s) =>
      s.scripts.map((x) => ({ id: x.id, text: x.text, thirdParty: x.stage === 'third_party' })),
    ),
    ...playbook.templates.map((t) => ({
      id: t.id,
      text: t.text,
      thirdParty: t.audience === 'third_party',
    })),
  ];

  it.each(texts)('$id is lawful when filled with the case’s facts', ({ text, thirdParty }) => {
    const filled = fillScript(text, VALUES);
    expect(filled.ok).toBe(true);
    if (!filled.ok) return;
    const session = analyzer.session({ at: AT, facts: FACTS });
    session.addTurn({ speaker: thirdParty ? 'third_party' : 'debtor', text: '喂，你好' });
    const out = session.addTurn({ speaker: 'agent', text: filled.text });
    expect(out.violations.map((v) => `${v.rule}: ${v.evidence}`)).toEqual([]);
  });

  it('every script of every suggestion on the dev calls is lawful as the next turn', () => {
    const { dialogues } = readCorpusSplit('corpus/dev');
    const problems: string[] = [];
    let checked = 0;
    for (const d of dialogues) {
      const opts = { at: new Date(d.at), ...(d.facts ? { facts: d.facts } : {}) };
      const input = d.turns.map((t) => ({ speaker: t.speaker, text: t.text }));
      const analysis = analyzer.analyze(input, opts);
      const advice = suggestNext(
        {
          turns: heardFromAnalysis(analysis),
          persona: personaFromAnalysis(analysis),
          history: historyFor(d.situation, d.at),
          ...(d.facts ? { facts: d.facts } : {}),
          context: EVAL_CONTEXT,
          at: d.at,
        },
        { playbook, limit: 17 },
      );
      for (const s of advice.strategies)
        for (const sc of s.scripts) {
          const session = analyzer.session(opts);
          for (const t of input) session.addTurn(t);
          const out = session.addTurn(
            { speaker: 'agent', text: sc.text },
            advice.audience === 'third_party' ? 'third_party' : 'debtor',
          );
          checked++;
          for (const v of out.violations) problems.push(`${d.id} ${sc.id}: ${v.rule} «${v.evidence}»`);
        }
    }
    expect(checked).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });
});
