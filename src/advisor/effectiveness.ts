import { PERSONAS, type PersonaId, STRATEGIES, type StrategyId } from '../domain/ids';
import type { Strategy } from '../playbook';
import { betaQuantile, sampleBeta } from './beta';
import type { SeededRandom } from './random';

/**
 * How well each strategy works on each persona, learned from outcomes: a Beta–Bernoulli model per
 * persona × strategy cell. The playbook's `persona_fit` is the prior mean, worth `priorStrength`
 * pseudo-outcomes, so with no data the advisor ranks exactly as the playbook says, and a few
 * outcomes nudge rather than overturn it.
 */

export interface CellCounts {
  persona: PersonaId;
  strategy: StrategyId;
  successes: number;
  failures: number;
}

export interface CellPosterior {
  persona: PersonaId;
  strategy: StrategyId;
  /** Prior mean from the playbook fit. */
  prior: number;
  successes: number;
  failures: number;
  alpha: number;
  beta: number;
  mean: number;
}

export const DEFAULT_PRIOR_STRENGTH = 4;

/** A fit of 0 or 1 would make the prior degenerate (no evidence could move it). */
function clampFit(fit: number): number {
  return Math.min(0.98, Math.max(0.02, fit));
}

export class EffectivenessTable {
  private readonly cells = new Map<string, CellPosterior>();

  constructor(
    strategies: Readonly<Record<StrategyId, Pick<Strategy, 'persona_fit'>>>,
    counts: readonly CellCounts[] = [],
    readonly priorStrength = DEFAULT_PRIOR_STRENGTH,
  ) {
    const observed = new Map<string, { s: number; f: number }>();
    for (const c of counts) {
      const k = key(c.persona, c.strategy);
      const o = observed.get(k) ?? { s: 0, f: 0 };
      o.s += Math.max(0, c.successes);
      o.f += Math.max(0, c.failures);
      observed.set(k, o);
    }
    for (const p of PERSONAS)
      for (const s of STRATEGIES) {
        const prior = clampFit(strategies[s].persona_fit[p] ?? 0.5);
        const o = observed.get(key(p, s)) ?? { s: 0, f: 0 };
        const alpha = prior * priorStrength + o.s;
        const beta = (1 - prior) * priorStrength + o.f;
        this.cells.set(key(p, s), {
          persona: p,
          strategy: s,
          prior,
          successes: o.s,
          failures: o.f,
          alpha,
          beta,
          mean: alpha / (alpha + beta),
        });
      }
  }

  cell(persona: PersonaId, strategy: StrategyId): CellPosterior {
    return this.cells.get(key(persona, strategy))!;
  }

  all(): CellPosterior[] {
    return [...this.cells.values()];
  }

  /** Posterior mean: the champion's estimate. */
  mean(persona: PersonaId, strategy: StrategyId): number {
    return this.cell(persona, strategy).mean;
  }

  /** One Thompson draw from the cell's posterior: the challenger's estimate. */
  sample(persona: PersonaId, strategy: StrategyId, rng: SeededRandom): number {
    const c = this.cell(persona, strategy);
    return sampleBeta(c.alpha, c.beta, rng);
  }

  /** Equal-tailed credible interval of the posterior. */
  interval(persona: PersonaId, strategy: StrategyId, level = 0.95): [number, number] {
    const c = this.cell(persona, strategy);
    const tail = (1 - level) / 2;
    return [betaQuantile(tail, c.alpha, c.beta), betaQuantile(1 - tail, c.alpha, c.beta)];
  }
}

function key(p: PersonaId, s: StrategyId): string {
  return `${p}|${s}`;
}

/**
 * How suggestions are ranked. `champion`: by posterior means (exploit). `champion_challenger`: a
 * lead switches it on; in `exploration` of suggestions (0..1) the ranking uses Thompson draws
 * instead, so promising but little-tried strategies get tried and measured.
 */
export type RankingMode =
  | { kind: 'champion' }
  | { kind: 'champion_challenger'; exploration: number; rng: SeededRandom };

export type Arm = 'champion' | 'challenger';

/** Decides the arm for one suggestion and returns how to read a cell's effectiveness. */
export function armFor(
  table: EffectivenessTable,
  mode: RankingMode,
): { arm: Arm; value: (p: PersonaId, s: StrategyId) => number } {
  if (mode.kind === 'champion_challenger') {
    const share = Math.min(1, Math.max(0, mode.exploration));
    if (mode.rng.next() < share) {
      const draws = new Map<string, number>();
      const rng = mode.rng;
      return {
        arm: 'challenger',
        value: (p, s) => {
          const k = key(p, s);
          let v = draws.get(k);
          if (v === undefined) {
            v = table.sample(p, s, rng);
            draws.set(k, v);
          }
          return v;
        },
      };
    }
  }
  return { arm: 'champion', value: (p, s) => table.mean(p, s) };
}
