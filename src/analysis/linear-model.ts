import { z } from 'zod';
import type { Mlp } from './mlp';

/**
 * A sparse multi-label linear model (one logistic regression per label over shared features),
 * stored as compact JSON: for each feature, the labels it moves and by how much.
 */

export const groupModelSchema = z.object({
  labels: z.array(z.string()).min(1),
  bias: z.array(z.number()),
  thresholds: z.array(z.number()),
  /** feature → [labelIndex, weight, labelIndex, weight, …] */
  weights: z.record(z.string(), z.array(z.number())),
});
export type GroupModelJson = z.infer<typeof groupModelSchema>;

export interface GroupModel {
  labels: string[];
  bias: Float64Array;
  thresholds: Float64Array;
  weights: Map<string, { idx: Int32Array; w: Float64Array }>;
  /** the neural layer beside the linear model (src/analysis/mlp.ts), when the model has one */
  mlp?: Mlp;
}

/**
 * A group from its JSON: the packed lookup table (see FeatureTable) is built straight from the
 * JSON rows; the Map of rows (`weights`, for training and groupToJson) only if asked for.
 */
export function loadGroup(json: GroupModelJson): GroupModel {
  let weights: GroupModel['weights'] | null = null;
  const model = {
    labels: json.labels,
    bias: Float64Array.from(json.bias),
    thresholds: Float64Array.from(json.thresholds),
    get weights(): GroupModel['weights'] {
      weights ??= weightsFromJson(json.weights);
      return weights;
    },
  };
  TABLES.set(model, tableFromJson(json.weights));
  return model;
}

/**
 * A group's lookup table and thresholds as plain typed arrays on SharedArrayBuffers: one thread
 * loads the model and every batch worker reads the same memory (postMessage shares, not copies).
 */
export interface PackedGroup {
  labels: string[];
  bias: Float64Array;
  thresholds: Float64Array;
  table: FeatureTable;
}

/** A copy of a typed array on a SharedArrayBuffer (batch workers read it in place). */
export function shared<
  T extends Int8Array | Int32Array | Float32Array | Float64Array | Uint16Array | Uint32Array,
>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

export function packGroup(model: GroupModel): PackedGroup {
  const t = tableOf(model);
  return {
    labels: model.labels,
    bias: shared(model.bias),
    thresholds: shared(model.thresholds),
    table: {
      mask: t.mask,
      slots: shared(t.slots),
      records: shared(t.records),
      weights: shared(t.weights),
      milli: t.milli,
    },
  };
}

/** The group packGroup packed: the same rows, read in place. */
export function unpackGroup(p: PackedGroup): GroupModel {
  let weights: GroupModel['weights'] | null = null;
  const table = p.table;
  const model = {
    labels: p.labels,
    bias: p.bias,
    thresholds: p.thresholds,
    get weights(): GroupModel['weights'] {
      weights ??= weightsFromTable(table);
      return weights;
    },
  };
  TABLES.set(model, table);
  return model;
}

function weightsFromTable(t: FeatureTable): GroupModel['weights'] {
  const weights = new Map<string, { idx: Int32Array; w: Float64Array }>();
  const rec = t.records;
  forEachRow(t, (key, row) => {
    let at = row;
    const n = rec[at++]!;
    const idx = new Int32Array(n);
    const w = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      idx[j] = rec[at++]!;
      w[j] = cellWeight(t, rec[at++]!);
    }
    weights.set(key, { idx, w });
  });
  return weights;
}

/** Every row of a table with its key and the offset of its cell count (as findSpan returns). */
export function forEachRow(t: FeatureTable, visit: (key: string, at: number) => void): void {
  const rec = t.records;
  for (let s = 0; s <= t.mask; s++) {
    const r1 = t.slots[2 * s + 1]!;
    if (r1 === 0) continue;
    let at = r1 - 1;
    const len = rec[at++]!;
    let key = '';
    for (let i = 0; i < len; i++) key += String.fromCharCode(rec[at++]!);
    visit(key, at);
  }
}

function weightsFromJson(json: GroupModelJson['weights']): GroupModel['weights'] {
  const weights = new Map<string, { idx: Int32Array; w: Float64Array }>();
  for (const [k, flat] of Object.entries(json)) {
    const n = flat.length >> 1;
    const idx = new Int32Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      idx[i] = flat[2 * i]!;
      w[i] = flat[2 * i + 1]!;
    }
    weights.set(k, { idx, w });
  }
  return weights;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The model's rows packed for lookup: an open-addressing table keyed by a 32-bit hash of the
 * feature's UTF-16 code units, pointing into one flat record array where each feature's key
 * (checked on every hit, so lookups are exact) sits right before its row:
 * [keyLength, code units…, cells, label, weight, label, weight, …]. Built once per model on first
 * use from `weights`; probing a Map of ~75k strings and chasing scattered row objects was the
 * analyser's hottest spot (cache misses, not arithmetic).
 */
export interface FeatureTable {
  mask: number;
  /** slot → [hash, record offset + 1] (0 = empty) */
  slots: Int32Array;
  /** [keyLength, code units…, cells, label, weight cell, label, weight cell, …] per feature */
  records: Uint16Array | Uint32Array;
  /**
   * true: a weight cell is MILLI_BIAS + k for the weight k / 1000 (every weight of the model is
   * exactly that double, as `groupToJson` rounds them); false: it indexes `weights`
   */
  milli: boolean;
  /** the distinct weights, each exactly as the model has it (empty when `milli`) */
  weights: Float64Array;
}

/** A milli weight cell holds k + MILLI_BIAS: 16 bits for |k| ≤ 32767. */
const MILLI_BIAS = 32768;

/** The weight a cell of a row stands for. */
function cellWeight(t: FeatureTable, cell: number): number {
  return t.milli ? (cell - MILLI_BIAS) / 1000 : t.weights[cell]!;
}

/** k when `w` is exactly the double k / 1000 with a 16-bit cell for it, else null. */
function milliOf(w: number): number | null {
  const k = Math.round(w * 1000);
  return Math.abs(k) < MILLI_BIAS && !Object.is(w, -0) && k / 1000 === w ? k : null;
}

const TABLES = new WeakMap<GroupModel, FeatureTable>();

/** FNV-1a's offset basis: a key's hash starts here, then one `hashStep` per UTF-16 code unit. */
export const HASH_BASIS = 0x811c9dc5 | 0;

/** One FNV-1a step over a UTF-16 code unit. */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** The final avalanche so low bits spread. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * FNV-1a over UTF-16 code units, with a final avalanche so low bits spread. The n-gram scan
 * (featurize.ts) computes the same value from char codes with hashStep/hashFinish, building no string.
 */
function hashKey(key: string): number {
  let h = HASH_BASIS;
  for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i));
  return hashFinish(h);
}

/** The same table as buildTable(weightsFromJson(json)), without the intermediate rows. */
function tableFromJson(json: GroupModelJson['weights']): FeatureTable {
  const keys = Object.keys(json);
  return packTable(keys.length, (visit) => {
    for (const k of keys) {
      const flat = json[k]!;
      const n = flat.length >> 1;
      // labels as the Int32Array of a row holds them
      visit(
        k,
        n,
        (j) => flat[2 * j]! | 0,
        (j) => flat[2 * j + 1]!,
      );
    }
  });
}

function buildTable(weights: GroupModel['weights']): FeatureTable {
  return packTable(weights.size, (visit) => {
    for (const [k, row] of weights)
      visit(
        k,
        row.idx.length,
        (j) => row.idx[j]!,
        (j) => row.w[j]!,
      );
  });
}

type RowVisitor = (
  key: string,
  cells: number,
  label: (j: number) => number,
  weight: (j: number) => number,
) => void;

/**
 * Packs rows into a FeatureTable. A row is 16-bit cells: a few cache lines fewer per lookup than
 * 64-bit ones. A weight cell holds the weight in thousandths when every weight is exactly k / 1000
 * (the shipped models: weights are rounded to 0.001), so adding a row reads no other table; else
 * weights are stored once each in `weights` (a model has a few thousand distinct values) and
 * referred to by index. 32-bit cells if anything would not fit.
 */
function packTable(count: number, rows: (visit: RowVisitor) => void): FeatureTable {
  let cap = 16;
  while (cap < count * 1.5) cap <<= 1;
  const mask = cap - 1;
  const slots = new Int32Array(cap * 2);
  let size = 0;
  let wide = false;
  let milli = true;
  rows((key, n, label, weight) => {
    size += 2 + key.length + 2 * n;
    if (key.length > 0xffff || n > 0xffff) wide = true;
    for (let j = 0; j < n; j++) {
      const l = label(j);
      if (l < 0 || l > 0xffff) wide = true;
      if (milli && milliOf(weight(j)) === null) milli = false;
    }
  });
  milli &&= !wide;
  const cells = new Uint32Array(size);
  const palette: number[] = [];
  const paletteAt = new Map<number, number>();
  let negZero = -1;
  /** a weight's cell: its thousandths, or its index in the palette */
  const weightCell = (w: number): number => {
    if (milli) return milliOf(w)! + MILLI_BIAS;
    if (Object.is(w, -0)) {
      if (negZero < 0) negZero = palette.push(w) - 1;
      return negZero;
    }
    let wi = paletteAt.get(w);
    if (wi === undefined) {
      wi = palette.push(w) - 1;
      paletteAt.set(w, wi);
    }
    return wi;
  };
  let at = 0;
  rows((key, n, label, weight) => {
    const h = hashKey(key);
    let s = h & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = h;
    slots[2 * s + 1] = at + 1;
    cells[at++] = key.length;
    for (let i = 0; i < key.length; i++) cells[at++] = key.charCodeAt(i);
    cells[at++] = n;
    for (let j = 0; j < n; j++) {
      cells[at++] = label(j) >>> 0;
      cells[at++] = weightCell(weight(j));
    }
  });
  if (palette.length > 0x10000) wide = true;
  return {
    mask,
    slots,
    records: wide ? cells : Uint16Array.from(cells),
    milli,
    weights: Float64Array.from(palette),
  };
}

/**
 * A lookup table of keys to their position in `keys` (no weights): the same open-addressing table and
 * hash as the model rows, so an n-gram scan finds a key with findSpan without building a string. The
 * row of a key holds one cell pair, its index then 0; `keyIndexAt` reads the index.
 */
export function packKeys(keys: readonly string[]): FeatureTable {
  return packTable(keys.length, (visit) => {
    for (let i = 0; i < keys.length; i++)
      visit(
        keys[i]!,
        1,
        () => i,
        () => 0,
      );
  });
}

/** The index a packKeys table holds at `at` (from findSpan or findKey). */
export function keyIndexAt(t: FeatureTable, at: number): number {
  return t.records[at + 1]!;
}

/** The keys of a packKeys table, in index order. */
export function keysOf(t: FeatureTable): string[] {
  const out: string[] = [];
  forEachRow(t, (key, at) => {
    out[keyIndexAt(t, at)] = key;
  });
  return out;
}

export function tableOf(model: GroupModel): FeatureTable {
  let t = TABLES.get(model);
  if (!t) {
    t = buildTable(model.weights);
    TABLES.set(model, t);
  }
  return t;
}

/** Offset in `records` of the cell count of `key`'s row (its cells follow), or -1. */
function find(t: FeatureTable, key: string): number {
  return findSpan(t, key, 0, key.length, hashKey(key));
}

/**
 * Offset in the model's `records` of the cell count of the row whose key is `len` code units of
 * `src` from `from` (hash `h`, as hashKey gives for that key), or -1. No key string is built.
 */
export function findSpan(t: FeatureTable, src: string, from: number, len: number, h: number): number {
  const { slots, mask, records } = t;
  let s = h & mask;
  for (;;) {
    const r1 = slots[2 * s + 1]!;
    if (r1 === 0) return -1;
    if (slots[2 * s] === h) {
      const r = r1 - 1;
      if (records[r] === len) {
        let i = 0;
        while (i < len && records[r + 1 + i] === src.charCodeAt(from + i)) i++;
        if (i === len) return r + 1 + len;
      }
    }
    s = (s + 1) & mask;
  }
}

/** Offset of `key`'s row (as findSpan), or -1. */
export function findKey(t: FeatureTable, key: string): number {
  return find(t, key);
}

/** Adds `v` × the row at `at` (from findSpan/findKey) to the logits `out`. */
export function addRow(t: FeatureTable, at: number, v: number, out: Float64Array): void {
  const rec = t.records;
  const end = at + 1 + 2 * rec[at]!;
  if (t.milli) {
    for (let j = at + 1; j < end; j += 2) out[rec[j]!]! += ((rec[j + 1]! - MILLI_BIAS) / 1000) * v;
    return;
  }
  const w = t.weights;
  for (let j = at + 1; j < end; j += 2) out[rec[j]!]! += w[rec[j + 1]!]! * v;
}

/** The weight of one label in the row at `at` (0 if the row does not move it). */
export function rowWeight(t: FeatureTable, at: number, labelIndex: number): number {
  const rec = t.records;
  const end = at + 1 + 2 * rec[at]!;
  for (let j = at + 1; j < end; j += 2) if (rec[j] === labelIndex) return cellWeight(t, rec[j + 1]!);
  return 0;
}

/** Logits for every label. */
export function logits(model: GroupModel, keys: readonly string[], values: readonly number[]): Float64Array {
  const t = tableOf(model);
  const out = new Float64Array(model.bias);
  for (let i = 0; i < keys.length; i++) {
    const at = find(t, keys[i]!);
    if (at >= 0) addRow(t, at, values[i]!, out);
  }
  return out;
}

/** The weight a feature adds to one label's logit (for evidence). */
export function contribution(model: GroupModel, key: string, labelIndex: number): number {
  const t = tableOf(model);
  const at = find(t, key);
  return at < 0 ? 0 : rowWeight(t, at, labelIndex);
}

// ---- training (pure; used by `huikuan train`) --------------------------------------------

export interface Example {
  keys: readonly string[];
  values: readonly number[];
  /** label indices that are positive */
  positive: ReadonlySet<number>;
  /** label indices not to learn from on this example (unknown / ambiguous) */
  ignore?: ReadonlySet<number>;
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  l2: number;
  learningRate: number;
  /** cap on the positive-class weight used against imbalance */
  maxPositiveWeight: number;
  seed: number;
  /** scale each feature per label by its naive-Bayes log-count ratio (NBSVM, Wang & Manning 2012) */
  nb: boolean;
  /** 'ftrl' = FTRL-Proximal (McMahan et al. 2013): L1 makes the model sparse, hence small and less memorising */
  optimizer: 'adagrad' | 'ftrl';
  l1: number;
}

/** Chosen by 5-fold cross-validation on the train split (docs/analysis.md), never on dev. */
export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 40,
  l2: 0.1,
  l1: 0.5,
  learningRate: 0.5,
  maxPositiveWeight: 6,
  seed: 7,
  nb: false,
  optimizer: 'ftrl',
};

/**
 * The debtor group (reasons, intents) trains with naive-Bayes feature scaling: cross-validation by writer
 * on r12 gave reasons 84.1 → 84.8 and intents 87.7 → 88.4 with it. The collector group does not: there it
 * cost strategies 0.4 and violation recall 3.3 points (docs/analysis.md).
 */
export const DEBTOR_TRAIN: Partial<TrainOptions> = { nb: true };

/** Deterministic PRNG (mulberry32): training must be reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Positives per label and the weight of a positive against imbalance: sqrt(negatives / positives),
 * capped (shared by the linear model and the neural layer).
 */
export function classBalance(
  examples: readonly Example[],
  labels: number,
  maxPositiveWeight: number,
): { pos: Float64Array; posWeight: number[] } {
  const pos = new Float64Array(labels);
  for (const ex of examples) for (const p of ex.positive) pos[p]! += 1;
  const posWeight = Array.from(pos, (p) =>
    p > 0 ? Math.min(maxPositiveWeight, Math.sqrt((examples.length - p) / p)) : 1,
  );
  return { pos, posWeight };
}

/** Each example's features as indices into `index` and their values, in order (unknown keys left out). */
export function indexedFeatures(
  examples: readonly Example[],
  index: ReadonlyMap<string, number>,
): { idx: number[]; val: number[] }[] {
  return examples.map((ex) => {
    const idx: number[] = [];
    const val: number[] = [];
    ex.keys.forEach((k, i) => {
      const f = index.get(k);
      if (f !== undefined) {
        idx.push(f);
        val.push(ex.values[i]!);
      }
    });
    return { idx, val };
  });
}

/**
 * One-vs-rest logistic regression, AdaGrad, L2, class-balanced. Features seen fewer than
 * `minCount` times are dropped (they would only memorise single sentences).
 */
export function trainGroup(
  labels: string[],
  examples: readonly Example[],
  opts: TrainOptions = DEFAULT_TRAIN,
  minCount = 2,
): GroupModel {
  const L = labels.length;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const k of ex.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [k, c] of counts) if (c >= minCount || k.startsWith('@')) index.set(k, index.size);
  const F = index.size;
  const ftrl = opts.optimizer === 'ftrl';
  const W = new Float64Array(F * L);
  const G = new Float64Array(F * L).fill(ftrl ? 0 : 1e-8);
  const Z = ftrl ? new Float64Array(F * L) : new Float64Array(0);
  const bias = new Float64Array(L);
  const gBias = new Float64Array(L).fill(1e-8);

  const { posWeight } = classBalance(examples, L, opts.maxPositiveWeight);
  const feats = indexedFeatures(examples, index);

  // R[f*L+l]: per-label feature scale (1 without NB weighting)
  const R = new Float64Array(F * L).fill(1);
  if (opts.nb) {
    const pc = new Float64Array(F * L);
    const nc = new Float64Array(F * L);
    const pTot = new Float64Array(L);
    const nTot = new Float64Array(L);
    feats.forEach(({ idx }, e) => {
      const ex = examples[e]!;
      for (let l = 0; l < L; l++) {
        if (ex.ignore?.has(l)) continue;
        const isPos = ex.positive.has(l);
        for (const f of idx) {
          if (isPos) pc[f * L + l]! += 1;
          else nc[f * L + l]! += 1;
        }
        if (isPos) pTot[l]! += idx.length;
        else nTot[l]! += idx.length;
      }
    });
    const alpha = 1;
    for (let f = 0; f < F; f++)
      for (let l = 0; l < L; l++) {
        const p = (pc[f * L + l]! + alpha) / (pTot[l]! + alpha * F);
        const q = (nc[f * L + l]! + alpha) / (nTot[l]! + alpha * F);
        R[f * L + l] = Math.max(0.25, Math.min(4, Math.abs(Math.log(p / q))));
      }
  }

  const order = examples.map((_, i) => i);
  const rand = rng(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const z = new Float64Array(L);
    const g = new Float64Array(L);
    for (const e of order) {
      const ex = examples[e]!;
      const { idx, val } = feats[e]!;
      const w0 = ex.weight ?? 1;
      // all labels' logits in one pass over the example's rows (W is feature-major: rows are contiguous)
      z.set(bias);
      for (let t = 0; t < idx.length; t++) {
        const row = idx[t]! * L;
        const v = val[t]!;
        for (let l = 0; l < L; l++) z[l]! += W[row + l]! * R[row + l]! * v;
      }
      let any = false;
      for (let l = 0; l < L; l++) {
        if (ex.ignore?.has(l)) {
          g[l] = 0;
          continue;
        }
        const y = ex.positive.has(l) ? 1 : 0;
        const d = (sigmoid(z[l]!) - y) * (y ? posWeight[l]! : 1) * w0;
        // a confidently right answer teaches nothing: skip its (vanishing) update
        g[l] = Math.abs(d) < 1e-4 ? 0 : d;
        if (g[l] !== 0) {
          any = true;
          gBias[l]! += d * d;
          bias[l]! -= (opts.learningRate * d) / Math.sqrt(gBias[l]!);
        }
      }
      if (!any) continue;
      for (let t = 0; t < idx.length; t++) {
        const row = idx[t]! * L;
        const v = val[t]!;
        for (let l = 0; l < L; l++) {
          const gl = g[l]!;
          if (gl === 0) continue;
          const p = row + l;
          if (ftrl) {
            // z accumulates gradients minus the drift of the learning rate; w is its L1-shrunk closed form
            const gi = gl * v * R[p]!;
            const nOld = G[p]!;
            const nNew = nOld + gi * gi;
            const sigma = (Math.sqrt(nNew) - Math.sqrt(nOld)) / opts.learningRate;
            Z[p]! += gi - sigma * W[p]!;
            G[p] = nNew;
            const zp = Z[p]!;
            W[p] =
              Math.abs(zp) <= opts.l1
                ? 0
                : -(zp - Math.sign(zp) * opts.l1) / ((1 + Math.sqrt(nNew)) / opts.learningRate + opts.l2);
          } else {
            const gi = gl * v * R[p]! + opts.l2 * W[p]!;
            G[p]! += gi * gi;
            W[p]! -= (opts.learningRate * gi) / Math.sqrt(G[p]!);
          }
        }
      }
    }
  }

  const weights = new Map<string, { idx: Int32Array; w: Float64Array }>();
  for (const [k, f] of index) {
    const li: number[] = [];
    const lw: number[] = [];
    for (let l = 0; l < L; l++) {
      const w = W[f * L + l]! * R[f * L + l]!;
      if (Math.abs(w) >= 0.02) {
        li.push(l);
        lw.push(w);
      }
    }
    if (li.length) weights.set(k, { idx: Int32Array.from(li), w: Float64Array.from(lw) });
  }
  return { labels, bias, thresholds: new Float64Array(L).fill(0.5), weights };
}

export function groupToJson(m: GroupModel): GroupModelJson {
  const weights: Record<string, number[]> = {};
  const keys = [...m.weights.keys()].sort();
  for (const k of keys) {
    const row = m.weights.get(k)!;
    const flat: number[] = [];
    for (let j = 0; j < row.idx.length; j++) flat.push(row.idx[j]!, round(row.w[j]!));
    weights[k] = flat;
  }
  return {
    labels: m.labels,
    bias: Array.from(m.bias, round),
    thresholds: Array.from(m.thresholds, round),
    weights,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
