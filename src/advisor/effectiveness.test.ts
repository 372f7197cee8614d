import { describe, expect, it } from 'vitest';
import type { StrategyId } from '../domain/ids';
import { loadPlaybookDir } from '../io/playbook-files';
import { armFor, EffectivenessTable } from './effectiveness';
import { effectivenessReport } from './effectiveness-report';
import { SeededRandom } from './random';

const playbook = loadPlaybookDir();

describe('effectiveness per persona and strategy', () => {
  it('starts at the playbook fit when nothing has been observed', () => {
    const t = new EffectivenessTable(playbook.strategies);
    expect(t.mean('lucky', 'cite_precedent')).toBeCloseTo(
      playbook.strategies.cite_precedent.persona_fit.lucky!,
      6,
    );
    expect(t.cell('guilty', 'empathy').successes).toBe(0);
  });

  it('moves toward the observed rate as outcomes accumulate', () => {
    const few = new EffectivenessTable(playbook.strategies, [
      { persona: 'lucky', strategy: 'cite_precedent', successes: 1, failures: 3 },
    ]);
    const many = new EffectivenessTable(playbook.strategies, [
      { persona: 'lucky', strategy: 'cite_precedent', successes: 25, failures: 75 },
    ]);
    const prior = playbook.strategies.cite_precedent.persona_fit.lucky!;
    expect(few.mean('lucky', 'cite_precedent')).toBeLessThan(prior);
    expect(many.mean('lucky', 'cite_precedent')).toBeCloseTo((prior * 4 + 25) / 104, 6);
    const [lo, hi] = many.interval('lucky', 'cite_precedent');
    expect(lo).toBeLessThan(0.28);
    expect(hi).toBeGreaterThan(0.28);
    expect(hi - lo).toBeLessThan(0.2);
  });

  it('explores on the set share of suggestions, reproducibly', () => {
    const t = new EffectivenessTable(playbook.strategies);
    const arms = (seed: string) => {
      const rng = new SeededRandom(seed);
      return Array.from(
        { length: 2000 },
        () => armFor(t, { kind: 'champion_challenger', exploration: 0.2, rng }).arm,
      );
    };
    const a = arms('s1');
    expect(arms('s1')).toEqual(a);
    const share = a.filter((x) => x === 'challenger').length / a.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it('lets Thompson draws favour a strategy that keeps winning over one with the same prior', () => {
    const wins = (counts: ConstructorParameters<typeof EffectivenessTable>[1]) => {
      const t = new EffectivenessTable(playbook.strategies, counts);
      const rng = new SeededRandom('ts');
      let ahead = 0;
      for (let i = 0; i < 400; i++) {
        const { value } = armFor(t, { kind: 'champion_challenger', exploration: 1, rng });
        if (value('vain', 'reframing') > value('vain', 'same_side')) ahead++;
      }
      return ahead / 400;
    };
    // Both fit the vain persona at 0.7 in the playbook: with no data it is a coin toss.
    expect(wins([])).toBeGreaterThan(0.4);
    expect(wins([])).toBeLessThan(0.6);
    expect(
      wins([
        { persona: 'vain', strategy: 'reframing', successes: 40, failures: 5 },
        { persona: 'vain', strategy: 'same_side', successes: 5, failures: 40 },
      ]),
    ).toBeGreaterThan(0.97);
  });
});

describe('the effectiveness report', () => {
  const counts = [
    { persona: 'lucky' as const, strategy: 'correct_premise' as StrategyId, successes: 30, failures: 10 },
    { persona: 'lucky' as const, strategy: 'empathy' as StrategyId, successes: 5, failures: 35 },
    { persona: 'lucky' as const, strategy: 'reframing' as StrategyId, successes: 2, failures: 5 },
  ];
  const r = effectivenessReport(playbook.strategies, counts);
  const lucky = r.personas.find((p) => p.persona === 'lucky')!;

  it('ranks only cells with enough data and says how little the others have', () => {
    expect(lucky.ranking.map((c) => c.strategy)).toEqual(['correct_premise', 'empathy']);
    expect(lucky.too_little.map((c) => c.strategy)).toEqual(['reframing']);
    expect(lucky.too_little[0]?.note_zh).toBe('数据不足：仅 7 个结果（至少需要 20 个），不参与排名');
    expect(r.text_zh).toContain('框架：数据不足：仅 7 个结果');
  });

  it('gives 95% credible intervals that contain the estimate', () => {
    for (const c of lucky.ranking) {
      expect(c.lower).toBeLessThanOrEqual(c.mean);
      expect(c.upper).toBeGreaterThanOrEqual(c.mean);
    }
    expect(lucky.clear_differences).toEqual([{ better: 'correct_premise', worse: 'empathy' }]);
  });

  it('says when no strategy has enough data for a persona', () => {
    expect(r.personas.find((p) => p.persona === 'guilty')?.ranking).toEqual([]);
    expect(r.text_zh).toContain('【愧疚型】\n  还没有哪个策略的数据足以排名。');
  });
});
