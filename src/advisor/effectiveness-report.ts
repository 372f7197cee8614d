import {
  PERSONA_NAMES_ZH,
  PERSONAS,
  type PersonaId,
  STRATEGY_NAMES_ZH,
  type StrategyId,
} from '../domain/ids';
import type { Strategy } from '../playbook';
import { type CellCounts, DEFAULT_PRIOR_STRENGTH, EffectivenessTable } from './effectiveness';

/**
 * The lead's view of what works: per persona × strategy, the posterior mean success rate with a
 * 95% credible interval. A cell with fewer than `minOutcomes` resolved outcomes is shown but not
 * ranked, and the report says how little data it has: with a handful of calls the interval is
 * too wide to tell strategies apart, and a ranking would be noise presented as knowledge.
 */

export const DEFAULT_MIN_OUTCOMES = 20;

export interface ReportCell {
  persona: PersonaId;
  strategy: StrategyId;
  /** Resolved outcomes (successes + failures). */
  n: number;
  successes: number;
  /** Observed success rate, null without data. */
  rate: number | null;
  /** Posterior mean (playbook prior + data). */
  mean: number;
  lower: number;
  upper: number;
  ranked: boolean;
  note_zh: string;
}

export interface PersonaReport {
  persona: PersonaId;
  /** Cells with enough data, best first. */
  ranking: ReportCell[];
  /** Cells with some data but too little to rank. */
  too_little: ReportCell[];
  /** Pairs where the better strategy's interval lies wholly above the other's. */
  clear_differences: { better: StrategyId; worse: StrategyId }[];
}

export interface EffectivenessReport {
  level: number;
  min_outcomes: number;
  prior_strength: number;
  personas: PersonaReport[];
  text_zh: string;
}

export function effectivenessReport(
  strategies: Readonly<Record<StrategyId, Pick<Strategy, 'persona_fit'>>>,
  counts: readonly CellCounts[],
  opts: { minOutcomes?: number; level?: number; priorStrength?: number } = {},
): EffectivenessReport {
  const min = opts.minOutcomes ?? DEFAULT_MIN_OUTCOMES;
  const level = opts.level ?? 0.95;
  const table = new EffectivenessTable(strategies, counts, opts.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  const personas: PersonaReport[] = [];
  const lines: string[] = [
    `策略效果报告（${Math.round(level * 100)}% 可信区间；每格至少 ${min} 个已有结果才参与排名；先验取自剧本适配度，相当于 ${table.priorStrength} 次结果）`,
  ];
  for (const p of PERSONAS) {
    const cells = table
      .all()
      .filter((c) => c.persona === p)
      .map((c): ReportCell => {
        const n = c.successes + c.failures;
        const [lower, upper] = table.interval(p, c.strategy, level);
        const ranked = n >= min;
        return {
          persona: p,
          strategy: c.strategy,
          n,
          successes: c.successes,
          rate: n > 0 ? round(c.successes / n) : null,
          mean: round(c.mean),
          lower: round(lower),
          upper: round(upper),
          ranked,
          note_zh: ranked
            ? `${c.successes}/${n} 次有效`
            : `数据不足：仅 ${n} 个结果（至少需要 ${min} 个），不参与排名`,
        };
      });
    const ranking = cells.filter((c) => c.ranked).sort((a, b) => b.mean - a.mean);
    const tooLittle = cells.filter((c) => !c.ranked && c.n > 0).sort((a, b) => b.n - a.n);
    const clear: PersonaReport['clear_differences'] = [];
    for (let i = 0; i < ranking.length; i++)
      for (let j = i + 1; j < ranking.length; j++)
        if (ranking[i]!.lower > ranking[j]!.upper)
          clear.push({ better: ranking[i]!.strategy, worse: ranking[j]!.strategy });
    personas.push({ persona: p, ranking, too_little: tooLittle, clear_differences: clear });

    lines.push('', `【${PERSONA_NAMES_ZH[p]}】`);
    if (ranking.length === 0) lines.push('  还没有哪个策略的数据足以排名。');
    ranking.forEach((c, i) => {
      lines.push(
        `  ${i + 1}. ${STRATEGY_NAMES_ZH[c.strategy]}：成功率估计 ${pct(c.mean)}（${pct(c.lower)}–${pct(c.upper)}），${c.note_zh}`,
      );
    });
    if (ranking.length > 1 && clear.length === 0)
      lines.push('  以上策略的区间相互重叠，目前还分不出明显高下。');
    for (const d of clear.slice(0, 3))
      lines.push(`  ${STRATEGY_NAMES_ZH[d.better]}明显好于${STRATEGY_NAMES_ZH[d.worse]}（区间不重叠）。`);
    for (const c of tooLittle)
      lines.push(`  · ${STRATEGY_NAMES_ZH[c.strategy]}：${c.note_zh}（目前 ${c.successes}/${c.n}）`);
  }
  return {
    level,
    min_outcomes: min,
    prior_strength: table.priorStrength,
    personas,
    text_zh: lines.join('\n'),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
