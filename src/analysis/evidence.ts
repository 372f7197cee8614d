import type { Evidence } from './contract';
import { forEachNgram } from './features';
import type { TurnFeatures, TurnScan } from './featurize';
import { contribution, type GroupModel, rowWeight, tableOf } from './linear-model';

/**
 * Where a label came from. A cue's own span when an explainable rule fired; otherwise the
 * n-gram that added most to the label's score, widened to its clause so a reader sees context.
 */
export function evidenceFor(
  text: string,
  f: Pick<TurnFeatures, 'compact' | 'cues'> & Partial<Pick<TurnScan, 'grams' | 'gramsId'>>,
  model: GroupModel,
  labelIndex: number,
  cueLabel: string,
): { evidence: Evidence; fromCue: boolean } {
  const hit = f.cues.find((h) => h.label === cueLabel);
  if (hit) {
    const [a, b] = wholeFigures(text, hit.start, hit.end);
    return { evidence: span(text, a, b), fromCue: true };
  }
  let best = 0;
  let from = -1;
  let to = -1;
  const g = f.grams;
  if (g && g.id === f.gramsId && g.rowModel === model) {
    // the turn's rows were looked up for its logits: the same n-grams in the same order, no strings
    const table = tableOf(model);
    const n = f.compact.chars.length;
    for (let i = 0; i < n; i++)
      for (let k = 1; k <= 3 && i + k <= n; k++) {
        const at = g.row[g.occ[3 * i + k - 1]!]!;
        const w = at < 0 ? 0 : rowWeight(table, at, labelIndex);
        if (w > best) {
          best = w;
          from = i;
          to = i + k;
        }
      }
  } else
    forEachNgram(f.compact, (k, a, b) => {
      if (k.startsWith('^') || k.endsWith('$')) return;
      const w = contribution(model, k, labelIndex);
      if (w > best) {
        best = w;
        from = a;
        to = b;
      }
    });
  if (from < 0) return { evidence: span(text, 0, text.length), fromCue: false };
  const s = f.compact.pos[from]!;
  const e = f.compact.endPos[to - 1]!;
  const [cs, ce] = wholeFigures(text, ...clause(text, s, e));
  return { evidence: span(text, cs, ce), fromCue: false };
}

/** Characters of a figure (digits, numerals, a decimal point) and of the units said after one. */
export const FIGURE_CHARS = '0-9０-９零〇一二两三四五六七八九十百千万亿.';
export const UNIT_CHARS = '号日月年点块元千万百亿岁天';
const FIGURE_CHAR = new RegExp(`[${FIGURE_CHARS}]`);
const UNIT_CHAR = new RegExp(`[${UNIT_CHARS}]`);

/**
 * Never cuts a figure: a span that starts at its unit (号我老婆… of 10号我老婆…) takes the figure in
 * front, and one that ends inside a figure (…还一千 of 还一千五) takes the rest of it and its unit.
 */
export function wholeFigures(text: string, s: number, e: number): [number, number] {
  let a = s;
  if (a > 0 && (UNIT_CHAR.test(text[a]!) || FIGURE_CHAR.test(text[a]!)) && FIGURE_CHAR.test(text[a - 1]!))
    while (a > 0 && FIGURE_CHAR.test(text[a - 1]!)) a--;
  let b = e;
  if (
    b > a &&
    b < text.length &&
    FIGURE_CHAR.test(text[b - 1]!) &&
    (FIGURE_CHAR.test(text[b]!) || UNIT_CHAR.test(text[b]!))
  ) {
    while (b < text.length && FIGURE_CHAR.test(text[b]!)) b++;
    if (b < text.length && UNIT_CHAR.test(text[b]!)) b++;
  }
  return [a, b];
}

const CLAUSE_BREAK = /[，。！？；,.!?;\n…～~]/;

/** Widens [s, e) to the clause around it, at most 24 characters each side. */
export function clause(text: string, s: number, e: number): [number, number] {
  let a = s;
  while (a > 0 && s - a < 24 && !CLAUSE_BREAK.test(text[a - 1]!)) a--;
  let b = e;
  while (b < text.length && b - e < 24 && !CLAUSE_BREAK.test(text[b]!)) b++;
  return [a, b];
}

export function span(text: string, start: number, end: number): Evidence {
  return { text: text.slice(start, end), start, end };
}
