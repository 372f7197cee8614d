import { z } from 'zod';
import {
  classBalance,
  type Example,
  type FeatureTable,
  findKey,
  type GroupModel,
  indexedFeatures,
  keyIndexAt,
  keysOf,
  logits,
  packKeys,
  rng,
  shared,
  sigmoid,
} from './linear-model';

/**
 * A small neural layer beside a speaker group's linear model: the same features (character n-grams,
 * cues, scope, prosody, audience) into one hidden layer of rectified units, then one logistic output per
 * label. The linear model adds evidence up feature by feature; this layer can weigh features together —
 * a charged word with a condition before it, a compliment with a demand after it — which the linear
 * model can only approximate with the hand-written scope features. A label's probability is the mean
 * of the two models' probabilities (cross-validation by writer: docs/analysis.md, "The neural layer").
 *
 * Input weights are stored one signed byte per cell with a scale per row (a row is `hidden` bytes, one
 * or two cache lines); the layer trained is the layer shipped — training quantises before it scores
 * anything, so the thresholds are chosen on the very numbers the analyser computes.
 */

export const mlpSchema = z.object({
  hidden: z.number().int().positive(),
  /** the weight of this layer's probability in the mean with the linear model's (0–1) */
  mix: z.number().min(0).max(1),
  /** the input features, in row order */
  keys: z.array(z.string()),
  /** keys.length × hidden signed bytes, base64; row f is scales[f] × its bytes */
  rows: z.string(),
  /** keys.length float32 row scales, base64 */
  scales: z.string(),
  b1: z.array(z.number()),
  /** hidden × labels, one hidden unit's weights after another */
  w2: z.array(z.number()),
  b2: z.array(z.number()),
});
export type MlpJson = z.infer<typeof mlpSchema>;

export interface Mlp {
  hidden: number;
  labels: number;
  mix: number;
  /** key → row (packKeys) */
  table: FeatureTable;
  rows: Int8Array;
  scales: Float32Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
}

export interface MlpOptions {
  hidden: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** the share of an example's features left out at each step (generalises past single phrasings) */
  dropout: number;
  seed: number;
  maxPositiveWeight: number;
  /** features seen in fewer examples are not inputs (cue and context features always are) */
  minCount: number;
  mix: number;
}

/** Chosen by cross-validation by writer on the train split (docs/analysis.md), never on dev. */
export const DEFAULT_MLP: MlpOptions = {
  hidden: 128,
  epochs: 30,
  learningRate: 0.05,
  l2: 1e-6,
  dropout: 0.5,
  seed: 5,
  maxPositiveWeight: 6,
  minCount: 3,
  mix: 0.5,
};

/** AdaGrad on the logistic loss per label, class-balanced as the linear model; deterministic. */
export function trainMlp(labelCount: number, examples: readonly Example[], o: MlpOptions = DEFAULT_MLP): Mlp {
  const L = labelCount;
  const H = o.hidden;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const k of new Set(ex.keys)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const keys = [...counts].filter(([k, c]) => c >= o.minCount || k.startsWith('@')).map(([k]) => k);
  const index = new Map(keys.map((k, i) => [k, i]));
  const F = keys.length;
  const rand = rng(o.seed);
  const gauss = () => {
    let u = 0;
    for (let i = 0; i < 6; i++) u += rand();
    return (u - 3) / Math.SQRT1_2;
  };
  const E = new Float32Array(F * H);
  for (let i = 0; i < E.length; i++) E[i] = 0.3 * gauss();
  const b1 = new Float64Array(H).fill(0.05);
  const W2 = new Float64Array(H * L);
  for (let i = 0; i < W2.length; i++) W2[i] = gauss() / Math.sqrt(H);
  const b2 = new Float64Array(L);
  const gE = new Float32Array(F * H).fill(1e-6);
  const gb1 = new Float64Array(H).fill(1e-6);
  const gW2 = new Float64Array(H * L).fill(1e-6);
  const gb2 = new Float64Array(L).fill(1e-6);
  const { pos, posWeight } = classBalance(examples, L, o.maxPositiveWeight);
  // outputs start at each label's prior
  for (let l = 0; l < L; l++) b2[l] = Math.log((pos[l]! + 1) / (examples.length - pos[l]! + 1));
  const feats = indexedFeatures(examples, index);
  const order = examples.map((_, i) => i);
  const pre = new Float64Array(H);
  const h = new Float64Array(H);
  const dz = new Float64Array(L);
  const dh = new Float64Array(H);
  const kept: number[] = [];
  const lr = o.learningRate;
  const keepScale = 1 / (1 - o.dropout);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const e of order) {
      const ex = examples[e]!;
      const { idx, val } = feats[e]!;
      kept.length = 0;
      for (let t = 0; t < idx.length; t++) if (o.dropout === 0 || rand() >= o.dropout) kept.push(t);
      pre.set(b1);
      for (const t of kept) {
        const r = idx[t]! * H;
        const v = val[t]! * keepScale;
        for (let j = 0; j < H; j++) pre[j]! += E[r + j]! * v;
      }
      for (let j = 0; j < H; j++) h[j] = Math.max(pre[j]!, 0);
      let any = false;
      for (let l = 0; l < L; l++) {
        if (ex.ignore?.has(l)) {
          dz[l] = 0;
          continue;
        }
        let z = b2[l]!;
        for (let j = 0; j < H; j++) z += W2[j * L + l]! * h[j]!;
        const y = ex.positive.has(l) ? 1 : 0;
        const d = (sigmoid(z) - y) * (y ? posWeight[l]! : 1) * (ex.weight ?? 1);
        // a confidently right answer teaches nothing: skip its (vanishing) update
        dz[l] = Math.abs(d) < 1e-4 ? 0 : d;
        if (dz[l] !== 0) any = true;
      }
      if (!any) continue;
      for (let j = 0; j < H; j++) {
        const hj = h[j]!;
        let s = 0;
        for (let l = 0; l < L; l++) {
          const d = dz[l]!;
          if (d === 0) continue;
          const p = j * L + l;
          s += W2[p]! * d;
          const g = hj * d + o.l2 * W2[p]!;
          gW2[p]! += g * g;
          W2[p]! -= (lr * g) / Math.sqrt(gW2[p]!);
        }
        dh[j] = pre[j]! > 0 ? s : 0;
      }
      for (let l = 0; l < L; l++) {
        const d = dz[l]!;
        if (d === 0) continue;
        gb2[l]! += d * d;
        b2[l]! -= (lr * d) / Math.sqrt(gb2[l]!);
      }
      for (let j = 0; j < H; j++) {
        const d = dh[j]!;
        if (d === 0) continue;
        gb1[j]! += d * d;
        b1[j]! -= (lr * d) / Math.sqrt(gb1[j]!);
      }
      for (const t of kept) {
        const r = idx[t]! * H;
        const v = val[t]! * keepScale;
        for (let j = 0; j < H; j++) {
          const d = dh[j]!;
          if (d === 0) continue;
          const p = r + j;
          const g = d * v + o.l2 * E[p]!;
          gE[p]! += g * g;
          E[p]! -= (lr * g) / Math.sqrt(gE[p]!);
        }
      }
    }
  }
  // Quantise: a signed byte per input weight with a float32 scale per row; the rest to 1e-5.
  const rows = new Int8Array(F * H);
  const scales = new Float32Array(F);
  for (let f = 0; f < F; f++) {
    let max = 0;
    for (let j = 0; j < H; j++) max = Math.max(max, Math.abs(E[f * H + j]!));
    const scale = Math.fround(max / 127);
    scales[f] = scale;
    if (scale === 0) continue;
    for (let j = 0; j < H; j++) rows[f * H + j] = Math.round(E[f * H + j]! / scale);
  }
  return {
    hidden: H,
    labels: L,
    mix: o.mix,
    table: packKeys(keys),
    rows,
    scales,
    b1: b1.map(round5),
    w2: W2.map(round5),
    b2: b2.map(round5),
  };
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/** Adds the input row at `at` in m.table, times `v`, to the hidden pre-activations. */
export function addInput(m: Mlp, at: number, v: number, pre: Float64Array): void {
  const f = keyIndexAt(m.table, at);
  const s = m.scales[f]! * v;
  const H = m.hidden;
  const r = f * H;
  const rows = m.rows;
  for (let j = 0; j < H; j++) pre[j]! += rows[r + j]! * s;
}

/** The output logits from the hidden pre-activations (which start as a copy of `b1`). */
export function outputs(m: Mlp, pre: Float64Array): Float64Array {
  const L = m.labels;
  const z = new Float64Array(m.b2);
  for (let j = 0; j < m.hidden; j++) {
    const hj = pre[j]!;
    if (hj <= 0) continue;
    const r = j * L;
    for (let l = 0; l < L; l++) z[l]! += m.w2[r + l]! * hj;
  }
  return z;
}

/** The layer's logits for features as `featurize` gives them. */
export function mlpLogits(m: Mlp, keys: readonly string[], values: readonly number[]): Float64Array {
  const pre = new Float64Array(m.b1);
  for (let i = 0; i < keys.length; i++) {
    const at = findKey(m.table, keys[i]!);
    if (at >= 0) addInput(m, at, values[i]!, pre);
  }
  return outputs(m, pre);
}

/** Label probabilities of a group: the linear model's, or its mean with the neural layer's. */
export function groupProbs(
  model: GroupModel,
  keys: readonly string[],
  values: readonly number[],
): Float64Array {
  const z = logits(model, keys, values);
  const p = z.map(sigmoid);
  const m = model.mlp;
  if (!m) return p;
  return blend(p, mlpLogits(m, keys, values), m.mix);
}

/** (1 − mix) × the linear probabilities + mix × the layer's (in place on `linear`). */
export function blend(linear: Float64Array, mlpZ: Float64Array, mix: number): Float64Array {
  for (let l = 0; l < linear.length; l++) linear[l] = (1 - mix) * linear[l]! + mix * sigmoid(mlpZ[l]!);
  return linear;
}

export function mlpToJson(m: Mlp): MlpJson {
  return {
    hidden: m.hidden,
    mix: m.mix,
    keys: keysOf(m.table),
    rows: toBase64(new Uint8Array(m.rows.buffer, m.rows.byteOffset, m.rows.byteLength)),
    scales: toBase64(new Uint8Array(m.scales.buffer, m.scales.byteOffset, m.scales.byteLength)),
    b1: Array.from(m.b1),
    w2: Array.from(m.w2),
    b2: Array.from(m.b2),
  };
}

export function loadMlp(json: MlpJson, labelCount: number, what: string): Mlp {
  const H = json.hidden;
  const F = json.keys.length;
  const rowBytes = fromBase64(json.rows, `${what}: rows`);
  const scaleBytes = fromBase64(json.scales, `${what}: scales`);
  if (rowBytes.length !== F * H)
    throw new Error(`${what}: rows hold ${rowBytes.length} bytes, not ${F}×${H}`);
  if (scaleBytes.length !== F * 4)
    throw new Error(`${what}: scales hold ${scaleBytes.length} bytes, not ${F}×4`);
  if (json.b1.length !== H) throw new Error(`${what}: b1 has ${json.b1.length} values, not ${H}`);
  if (json.w2.length !== H * labelCount)
    throw new Error(`${what}: w2 has ${json.w2.length} values, not ${H}×${labelCount}`);
  if (json.b2.length !== labelCount)
    throw new Error(`${what}: b2 has ${json.b2.length} values, not ${labelCount}`);
  const rows = new Int8Array(rowBytes.buffer);
  const scales = new Float32Array(scaleBytes.buffer);
  return {
    hidden: H,
    labels: labelCount,
    mix: json.mix,
    table: packKeys(json.keys),
    rows,
    scales,
    b1: Float64Array.from(json.b1),
    w2: Float64Array.from(json.w2),
    b2: Float64Array.from(json.b2),
  };
}

/** The layer on shared memory for batch workers (see PackedGroup). */
export function packMlp(m: Mlp): Mlp {
  const t = m.table;
  return {
    ...m,
    table: { ...t, slots: shared(t.slots), records: shared(t.records), weights: shared(t.weights) },
    rows: shared(m.rows),
    scales: shared(m.scales),
    b1: shared(m.b1),
    w2: shared(m.w2),
    b2: shared(m.b2),
  };
}

// ---- base64 (RFC 4648, with padding), pure: the analysis layer reads no Node APIs ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk: number[] = [];
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < n ? bytes[i + 1]! : 0;
    const c = i + 2 < n ? bytes[i + 2]! : 0;
    chunk.push(
      B64.charCodeAt(a >> 2),
      B64.charCodeAt(((a & 3) << 4) | (b >> 4)),
      i + 1 < n ? B64.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61,
      i + 2 < n ? B64.charCodeAt(c & 63) : 61,
    );
    if (chunk.length >= 8192) {
      parts.push(String.fromCharCode(...chunk));
      chunk.length = 0;
    }
  }
  parts.push(String.fromCharCode(...chunk));
  return parts.join('');
}

/** The bytes of a base64 string (a fresh, 8-byte-aligned buffer); names `what` if it is not base64. */
export function fromBase64(s: string, what: string): Uint8Array {
  let len = s.length;
  if (len % 4 !== 0) throw new Error(`${what}: not base64 (length ${len} is not a multiple of 4)`);
  let pad = 0;
  while (len > 0 && pad < 2 && s.charCodeAt(len - 1) === 61) {
    len--;
    pad++;
  }
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  let acc = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) throw new Error(`${what}: not base64 (character ${i + 1})`);
    acc = (acc << 6) | v;
    if ((i & 3) === 3) {
      out[o++] = (acc >> 16) & 255;
      out[o++] = (acc >> 8) & 255;
      out[o++] = acc & 255;
      acc = 0;
    }
  }
  const rest = len & 3;
  if (rest === 2) out[o++] = (acc >> 4) & 255;
  else if (rest === 3) {
    out[o++] = (acc >> 10) & 255;
    out[o++] = (acc >> 2) & 255;
  }
  return out;
}
