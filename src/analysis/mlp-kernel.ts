import { keyIndexAt } from './linear-model';
import { addInput, fromBase64, type Mlp, outputs } from './mlp';
import { MLP_KERNEL_BASE64 } from './mlp-kernel-bytes';

/**
 * The neural layer's sums in WebAssembly SIMD (mlp-kernel.wat): the same operations as addInput and
 * outputs in mlp.ts, two double lanes at a time, so a label's probability is the same to the last bit
 * (mlp-kernel.test.ts checks it on the shipped model). JavaScript does a row of 128 signed bytes one
 * cell at a time; the kernel takes 16 bytes a step. Where WebAssembly SIMD is missing, or the layer's
 * width is not a multiple of 16, the JavaScript path runs instead.
 *
 * A layer's rows are copied into the kernel's own memory once per thread (a few MB per speaker group).
 */

/** Sums a layer's inputs into its hidden units and returns the output logits. */
export interface LayerSum {
  /** Starts a turn: the hidden pre-activations are set to b1. */
  begin(): void;
  /** Adds input row `at` (a position in m.table, as findSpan/findKey give) times `v`. */
  add(at: number, v: number): void;
  /** The output logits (a new array). */
  finish(): Float64Array;
}

interface Exports {
  memory: WebAssembly.Memory;
  accumulate(pre: number, rows: number, idx: number, sv: number, n: number, hidden: number): void;
  outputs(pre: number, w2: number, b2: number, z: number, hidden: number, labels: number): void;
}

const CAP = 1024;
let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = fromBase64(MLP_KERNEL_BASE64, 'the layer kernel');
    const b = bytes as Uint8Array<ArrayBuffer>;
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

class WasmSum implements LayerSum {
  private readonly x: Exports;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly pre = 0;
  private readonly b1: number;
  private readonly b2: number;
  private readonly z: number;
  private readonly w2: number;
  private readonly sv: number;
  private readonly idx: number;
  private readonly rows: number;
  private n = 0;

  constructor(
    private readonly m: Mlp,
    mod: WebAssembly.Module,
  ) {
    const H = m.hidden;
    const L = m.labels;
    const F = m.scales.length;
    this.b1 = H * 8;
    this.b2 = this.b1 + H * 8;
    this.z = this.b2 + L * 8;
    this.w2 = this.z + L * 8;
    this.sv = this.w2 + H * L * 8;
    this.idx = this.sv + CAP * 8;
    this.rows = Math.ceil((this.idx + CAP * 4) / 16) * 16;
    const bytes = this.rows + F * H;
    const instance = new WebAssembly.Instance(mod, {});
    const x = instance.exports as unknown as Exports;
    // the module declares one page of memory: grow it to hold the layer (the rows once per thread)
    x.memory.grow(Math.max(0, Math.ceil(bytes / 65536) - x.memory.buffer.byteLength / 65536));
    this.x = x;
    const buf = x.memory.buffer;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    this.f64.set(m.b1, this.b1 / 8);
    this.f64.set(m.b2, this.b2 / 8);
    this.f64.set(m.w2, this.w2 / 8);
    new Int8Array(buf, this.rows, F * H).set(m.rows);
  }

  begin(): void {
    this.f64.copyWithin(this.pre / 8, this.b1 / 8, this.b1 / 8 + this.m.hidden);
    this.n = 0;
  }

  add(at: number, v: number): void {
    const m = this.m;
    const f = keyIndexAt(m.table, at);
    this.i32[this.idx / 4 + this.n] = f * m.hidden;
    this.f64[this.sv / 8 + this.n] = m.scales[f]! * v;
    if (++this.n === CAP) this.flush();
  }

  private flush(): void {
    if (this.n) this.x.accumulate(this.pre, this.rows, this.idx, this.sv, this.n, this.m.hidden);
    this.n = 0;
  }

  finish(): Float64Array {
    this.flush();
    const { hidden, labels } = this.m;
    this.x.outputs(this.pre, this.w2, this.b2, this.z, hidden, labels);
    return this.f64.slice(this.z / 8, this.z / 8 + labels);
  }
}

/** The JavaScript path (mlp.ts's addInput and outputs). */
class JsSum implements LayerSum {
  private pre: Float64Array;
  constructor(private readonly m: Mlp) {
    this.pre = new Float64Array(m.b1);
  }
  begin(): void {
    this.pre = new Float64Array(this.m.b1);
  }
  add(at: number, v: number): void {
    addInput(this.m, at, v, this.pre);
  }
  finish(): Float64Array {
    return outputs(this.m, this.pre);
  }
}

const sums = new WeakMap<Mlp, LayerSum>();

/**
 * The layer's summer on this thread: the WebAssembly kernel where it can run, else JavaScript
 * (`wasm: false` forces JavaScript — for the tests that compare the two).
 */
export function layerSum(m: Mlp, opts: { wasm?: boolean } = {}): LayerSum {
  if (opts.wasm === false) return new JsSum(m);
  let s = sums.get(m);
  if (!s) {
    const mod = m.hidden % 16 === 0 ? kernelModule() : null;
    s = mod ? new WasmSum(m, mod) : new JsSum(m);
    sums.set(m, s);
  }
  return s;
}

/** Whether this runtime runs the WebAssembly kernel. */
export function kernelAvailable(): boolean {
  return kernelModule() !== null;
}
