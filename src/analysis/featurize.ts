import type { Speaker } from '../domain/ids';
import { type CueHit, findCues } from './cues';
import { type Compact, compact, forEachNgram } from './features';
import {
  addRow,
  findKey,
  findSpan,
  forEachRow,
  type GroupModel,
  HASH_BASIS,
  hashFinish,
  hashStep,
  sigmoid,
  tableOf,
} from './linear-model';
import { blend, type Mlp } from './mlp';
import { layerSum } from './mlp-kernel';
import { normalize } from './normalize';

/** Everything the classifiers need about one turn, computed once. */
export interface TurnFeatures {
  norm: string;
  compact: Compact;
  cues: CueHit[];
  /** feature keys and their values (parallel arrays) */
  keys: string[];
  values: number[];
}

const MIN_NORM_GRAMS = 36;

const PROSODY: ReadonlyArray<readonly [string, { test(text: string): boolean }]> = [
  ['@prosody:exclaim', /[!！]/],
  ['@prosody:exclaims', /[!！].*[!！]|[!！?？]{2,}/],
  ['@prosody:question', /[?？]|吗$|呢$/],
  ['@prosody:repeat', { test: saysWordTwice }],
  ['@prosody:trail', /(?:\.\.\.|…|。。)/],
];

/**
 * /([\u4e00-\u9fa5]{1,4})\1{1,}/.test(text) without the backtracking: 1–4 CJK characters said
 * twice in a row ("没钱没钱").
 */
function saysWordTwice(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++)
    for (let len = 1; len <= 4 && i + 2 * len <= n; len++) {
      const c = text.charCodeAt(i + len - 1);
      // a longer word would hold this character too
      if (c < 0x4e00 || c > 0x9fa5) break;
      let j = 0;
      while (j < len && text.charCodeAt(i + len + j) === text.charCodeAt(i + j)) j++;
      if (j === len) return true;
    }
  return false;
}

export interface TurnContext {
  speaker: Speaker;
  audience: 'debtor' | 'third_party' | 'unknown';
}

/**
 * n-grams are L2-normalised so long and short turns weigh alike; cue and context features
 * keep value 1 so an explainable rule counts the same in any turn.
 */
export function featurize(text: string, ctx: TurnContext): TurnFeatures {
  const norm = normalize(text);
  const c = compact(norm);
  const grams = new Set<string>();
  forEachNgram(c, (k) => {
    grams.add(k);
  });
  const cues = findCues(c);
  const keys: string[] = [];
  const values: number[] = [];
  // Floor the norm: in a 3-character turn each n-gram would otherwise weigh as much as a cue.
  const g = 1 / Math.sqrt(Math.max(grams.size, MIN_NORM_GRAMS));
  for (const k of grams) {
    keys.push(k);
    values.push(g);
  }
  for (const k of extraKeys(text, norm, c, cues, ctx)) {
    keys.push(k);
    values.push(1);
  }
  return { norm, compact: c, cues, keys, values };
}

/** The features after the n-grams (cues, their scope, audience, prosody, length), each of value 1. */
function extraKeys(
  text: string,
  norm: string,
  c: Compact,
  cues: readonly CueHit[],
  ctx: TurnContext,
): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const h of cues) {
    // one feature per cue label and one per cue pattern: the label generalises, the pattern refines
    for (const k of [`@${h.label}`, `@${h.cue}`]) {
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  // Scope: a charged cue preceded in its clause by a negation, a condition or a quotation is a
  // different thing ("我们不会上门" is no threat); give the model that conjunction to learn from.
  for (const h of cues) {
    if (!h.label.startsWith('violation:')) continue;
    for (const scope of scopesBefore(norm, h.start, cues)) {
      const k = `@${h.label}&${scope}`;
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  if (ctx.audience === 'third_party') {
    keys.push('@aud:third_party');
    for (const h of cues) {
      if (h.label !== 'violation:third_party.disclosure') continue;
      keys.push('@aud:third_party&debt_word');
      break;
    }
  }
  // Prosody a transcript keeps: exclamations, repeated words ("没钱没钱没钱"), trailing off.
  for (const [k, re] of PROSODY) if (re.test(text)) keys.push(k);
  if (c.chars.length <= 3) keys.push('@len:short');
  return keys;
}

// ---- the analyser's path: the same features, n-grams as spans and hashes, no key strings ----

/**
 * The distinct n-grams of a compact text in first-seen order (forEachNgram's order, as the Set
 * in `featurize` keeps them), as spans with the hash linear-model.ts gives their key string.
 * One scratch instance is reused turn after turn: `id` tells whether it still holds a turn's scan.
 */
export interface GramScan {
  id: number;
  /** number of distinct spans */
  count: number;
  from: Int32Array;
  len: Int32Array;
  hash: Int32Array;
  /** occurrence 3·i + (n − 1), the n-gram of length n at compact index i → its distinct index */
  occ: Int32Array;
  /** each distinct span's row offset in `rowModel`'s table (−1: not in the model), set by scanLogits */
  row: Int32Array;
  rowModel: GroupModel | null;
  /** the sentence-boundary markers "^ab" and "ab$" (strings: they are two a turn) */
  markers: string[];
}

/** What the analyser needs of a turn: `featurize`'s features with the n-grams kept as a GramScan. */
export interface TurnScan {
  norm: string;
  compact: Compact;
  cues: CueHit[];
  grams: GramScan;
  /** grams.id when this turn was scanned (the scratch is reused by the next turn) */
  gramsId: number;
  /** the value of every n-gram feature (as `featurize` gives them) */
  gramValue: number;
  /** the features after the n-grams, each of value 1 */
  extra: string[];
}

let scanSeq = 0;

/**
 * A scratch for n-gram scans. A scan holds until the next scan into the same scratch: the analyser
 * scans a turn into the default one and a turn's sentences or clauses into one of their own, so the
 * turn's scan outlives them.
 */
export function gramScratch(): GramScan {
  return {
    id: 0,
    count: 0,
    from: new Int32Array(256),
    len: new Int32Array(256),
    hash: new Int32Array(256),
    occ: new Int32Array(256),
    row: new Int32Array(256),
    rowModel: null,
    markers: [],
  };
}
const SCRATCH = gramScratch();
let dedupe = new Int32Array(1024);

function scanGrams(s: string, g: GramScan): GramScan {
  const n = s.length;
  const occurrences = 3 * n;
  if (g.occ.length < occurrences) {
    const size = Math.max(occurrences, 2 * g.occ.length);
    g.from = new Int32Array(size);
    g.len = new Int32Array(size);
    g.hash = new Int32Array(size);
    g.occ = new Int32Array(size);
    g.row = new Int32Array(size);
  }
  let cap = 64;
  while (cap < 2 * occurrences) cap <<= 1;
  if (dedupe.length < cap) dedupe = new Int32Array(cap);
  const table = dedupe;
  table.fill(0, 0, cap);
  const mask = cap - 1;
  const { from, len, hash, occ } = g;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let h = HASH_BASIS;
    for (let k = 1; k <= 3 && i + k <= n; k++) {
      h = hashStep(h, s.charCodeAt(i + k - 1));
      const fh = hashFinish(h);
      let slot = fh & mask;
      for (;;) {
        const e = table[slot]!;
        if (e === 0) {
          from[count] = i;
          len[count] = k;
          hash[count] = fh;
          table[slot] = count + 1;
          occ[3 * i + k - 1] = count++;
          break;
        }
        const d = e - 1;
        if (hash[d] === fh && len[d] === k && sameSpan(s, from[d]!, i, k)) {
          occ[3 * i + k - 1] = d;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  g.id = ++scanSeq;
  g.count = count;
  g.rowModel = null;
  g.markers = n > 0 ? [`^${s.slice(0, 2)}`, `${s.slice(-2)}$`] : [];
  return g;
}

function sameSpan(s: string, a: number, b: number, k: number): boolean {
  for (let j = 0; j < k; j++) if (s.charCodeAt(a + j) !== s.charCodeAt(b + j)) return false;
  return true;
}

/**
 * `featurize` for the analyser: the same features and values, the n-grams as a GramScan in `scratch`
 * (valid until the next scan into it).
 */
export function featurizeTurn(text: string, ctx: TurnContext, scratch: GramScan = SCRATCH): TurnScan {
  const norm = normalize(text);
  const c = compact(norm);
  const grams = scanGrams(c.chars, scratch);
  const cues = findCues(c);
  const size = grams.count + grams.markers.length;
  return {
    norm,
    compact: c,
    cues,
    grams,
    gramsId: grams.id,
    gramValue: 1 / Math.sqrt(Math.max(size, MIN_NORM_GRAMS)),
    extra: extraKeys(text, norm, c, cues, ctx),
  };
}

/**
 * Logits for every label: `logits(model, f.keys, f.values)` of `featurize`'s features, summed in
 * the same order (the n-grams first-seen, the markers, then the rest), so the same to the bit.
 */
export function scanLogits(model: GroupModel, f: TurnScan): Float64Array {
  const g = f.grams;
  if (g.id !== f.gramsId) throw new Error('scanLogits: the turn scan was reused');
  const out = new Float64Array(model.bias);
  const table = tableOf(model);
  const s = f.compact.chars;
  const v = f.gramValue;
  const { from, len, hash, row } = g;
  // Look every row up first, then add them: the lookups are independent cache misses the CPU
  // overlaps; the sums still run in the n-grams' order.
  for (let d = 0; d < g.count; d++) row[d] = findSpan(table, s, from[d]!, len[d]!, hash[d]!);
  for (let d = 0; d < g.count; d++) {
    const at = row[d]!;
    if (at >= 0) addRow(table, at, v, out);
  }
  g.rowModel = model;
  for (const k of g.markers) {
    const at = findKey(table, k);
    if (at >= 0) addRow(table, at, v, out);
  }
  for (const k of f.extra) {
    const at = findKey(table, k);
    if (at >= 0) addRow(table, at, 1, out);
  }
  return out;
}

/**
 * Label probabilities: the linear model's (scanLogits), or their mean with the neural layer's
 * (mlp.ts) over the same features in the same order — `groupProbs` of `featurize`'s features.
 */
export function scanProbs(model: GroupModel, f: TurnScan): Float64Array {
  const p = scanLogits(model, f).map(sigmoid);
  const m = model.mlp;
  if (!m) return p;
  const sum = layerSum(m);
  sum.begin();
  const g = f.grams;
  const s = f.compact.chars;
  const v = f.gramValue;
  const { from, len, hash, row } = g;
  // scanLogits has just looked every n-gram up in the linear table: its row says where the n-gram
  // is in the layer's table too (and, when the layer has no key the linear model lacks, that an
  // n-gram the linear model does not know is no input either)
  const bridge = g.rowModel === model ? bridgeOf(model, m) : null;
  for (let d = 0; d < g.count; d++) {
    let at: number;
    const r = row[d]!;
    if (bridge && r >= 0) at = bridge.at[r]!;
    else if (bridge?.complete) continue;
    else at = findSpan(m.table, s, from[d]!, len[d]!, hash[d]!);
    if (at >= 0) sum.add(at, v);
  }
  for (const k of g.markers) {
    const at = findKey(m.table, k);
    if (at >= 0) sum.add(at, v);
  }
  for (const k of f.extra) {
    const at = findKey(m.table, k);
    if (at >= 0) sum.add(at, 1);
  }
  return blend(p, sum.finish(), m.mix);
}

interface Bridge {
  /** linear table position → the same key's position in the layer's table, or -1 */
  at: Int32Array;
  /** every key of the layer is a key of the linear model */
  complete: boolean;
}
const BRIDGES = new WeakMap<GroupModel, Bridge>();

/**
 * Builds what scanProbs keeps per thread for a group (the position map, the layer's kernel memory),
 * so that the first turn analysed does not pay for it: an Analyzer calls this when it is made.
 */
export function prepareGroup(model: GroupModel): void {
  if (!model.mlp) return;
  bridgeOf(model, model.mlp);
  layerSum(model.mlp);
}

function bridgeOf(model: GroupModel, m: Mlp): Bridge {
  let b = BRIDGES.get(model);
  if (!b) {
    const t = tableOf(model);
    const at = new Int32Array(t.records.length).fill(-1);
    forEachRow(t, (key, pos) => {
      at[pos] = findKey(m.table, key);
    });
    let complete = true;
    forEachRow(m.table, (key) => {
      if (complete && findKey(t, key) < 0) complete = false;
    });
    b = { at, complete };
    BRIDGES.set(model, b);
  }
  return b;
}

const CLAUSE_BREAK = /[，。！？；,.!?;\n…～~]/;

/** The lawful-context cues (ctx:*) that stand in the same clause before position `at`. */
function scopesBefore(norm: string, at: number, cues: readonly CueHit[]): string[] {
  let start = at;
  while (start > 0 && at - start < 30 && !CLAUSE_BREAK.test(norm[start - 1]!)) start--;
  const out: string[] = [];
  for (const c of cues) {
    if (!c.label.startsWith('ctx:')) continue;
    if (c.start >= start && c.start < at) out.push(c.label.slice(4));
  }
  return out;
}
