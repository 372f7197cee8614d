/**
 * Agreement between two readings of the same lines (a label audit): how often the two label sets are
 * identical, and Cohen's κ per label — agreement on "has the label / has it not" beyond what the two
 * readers' label rates would give by chance.
 */

export interface LabelAgreement {
  label: string;
  /** lines the first reading gives the label */
  a: number;
  /** lines the second reading gives the label */
  b: number;
  both: number;
  kappa: number;
}

export interface Agreement {
  lines: number;
  /** share of lines whose two label sets are identical */
  identical: number;
  /** every label either reading gives at least once, by id */
  labels: LabelAgreement[];
  /** mean κ over `labels` */
  meanKappa: number;
}

/** Cohen's κ of two yes/no readings of n lines; 1 when both readings are constant and equal. */
export function cohenKappa(n: number, a: number, b: number, both: number): number {
  if (n === 0) return 1;
  const observed = (n - a - b + 2 * both) / n;
  const chance = (a / n) * (b / n) + (1 - a / n) * (1 - b / n);
  return chance === 1 ? 1 : (observed - chance) / (1 - chance);
}

export function agreement(items: readonly { a: ReadonlySet<string>; b: ReadonlySet<string> }[]): Agreement {
  const labels = new Set<string>();
  let identical = 0;
  for (const { a, b } of items) {
    for (const l of a) labels.add(l);
    for (const l of b) labels.add(l);
    if (a.size === b.size && [...a].every((l) => b.has(l))) identical++;
  }
  const per = [...labels].sort().map((label) => {
    let a = 0;
    let b = 0;
    let both = 0;
    for (const it of items) {
      const x = it.a.has(label);
      const y = it.b.has(label);
      if (x) a++;
      if (y) b++;
      if (x && y) both++;
    }
    return { label, a, b, both, kappa: cohenKappa(items.length, a, b, both) };
  });
  return {
    lines: items.length,
    identical: items.length ? identical / items.length : 1,
    labels: per,
    meanKappa: per.length ? per.reduce((s, l) => s + l.kappa, 0) / per.length : 1,
  };
}
