/**
 * Fold assignment for cross-validation and for threshold tuning.
 *
 * The corpus was written in rounds by different writers, and the held-out dev split by writers who never
 * saw train: a fold that mixes every writer's lines measures how the model does on a writer it has read,
 * not on a new one. Folding by writer keeps each writer's lines (and dialogues) in one fold.
 */

/**
 * The writer of a corpus id, from its prefix: `r11a-0001` → `r11a`, `trn-r4d-q-0001` → `r4d`,
 * `trn-str-0001` → `str`, a dialogue turn `r10b-dlg-007#3` → `r10b`. Any other id's writer is its first
 * segment (a team's own `zs-0001` → `zs`; `line17`, with no separator, is its own).
 */
export function writerOf(id: string): string {
  const rest = id.replace(/^(?:trn|dev)-/, '');
  const first = /^[^-#_]+/.exec(rest)?.[0];
  return first && first.length > 0 ? first : id;
}

/**
 * k folds with whole groups in each, balanced by size: the largest group first, each to the fold that
 * holds least so far (ties to the lower fold; groups of equal size by name, so the assignment is stable).
 * Returns the fold of each item, in the items' order.
 */
export function groupFolds(groups: readonly string[], k: number): Int32Array {
  const size = new Map<string, number>();
  for (const g of groups) size.set(g, (size.get(g) ?? 0) + 1);
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f;
    foldOf.set(g, best);
    load[best]! += size.get(g)!;
  }
  return Int32Array.from(groups, (g) => foldOf.get(g)!);
}

/** k folds that interleave the items (item i in fold i mod k). */
export function interleavedFolds(n: number, k: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i % k);
}
