import { describe, expect, it } from 'vitest';
import { assembleKernel } from '../../tools/build-mlp-kernel';
import { findKey, packKeys, rng } from './linear-model';
import { fromBase64, type Mlp, mlpLogits, packMlp } from './mlp';
import { kernelAvailable, layerSum } from './mlp-kernel';
import { MLP_KERNEL_BASE64 } from './mlp-kernel-bytes';

/** A layer with random weights: `features` inputs, `hidden` units, `labels` outputs. */
function randomLayer(features: number, hidden: number, labels: number, seed: number): Mlp {
  const r = rng(seed);
  const keys = Array.from({ length: features }, (_, i) => `k${i}`);
  const rows = new Int8Array(features * hidden);
  for (let i = 0; i < rows.length; i++) rows[i] = Math.floor(r() * 256) - 128;
  const scales = new Float32Array(features);
  for (let f = 0; f < features; f++) scales[f] = f % 17 === 0 ? 0 : r() / 50;
  const g = () => (r() - 0.5) * 3;
  return {
    hidden,
    labels,
    mix: 0.5,
    table: packKeys(keys),
    rows,
    scales,
    b1: Float64Array.from({ length: hidden }, g),
    w2: Float64Array.from({ length: hidden * labels }, g),
    b2: Float64Array.from({ length: labels }, g),
  };
}

function sumWith(m: Mlp, wasm: boolean, inputs: [string, number][]): Float64Array {
  const s = layerSum(m, { wasm });
  s.begin();
  for (const [k, v] of inputs) s.add(findKey(m.table, k), v);
  return s.finish();
}

describe('the neural layer’s WebAssembly kernel', () => {
  it('is the assembly of mlp-kernel.wat (run tools/build-mlp-kernel.ts after editing it)', async () => {
    expect(Buffer.from(await assembleKernel()).toString('base64')).toBe(MLP_KERNEL_BASE64);
    expect(fromBase64(MLP_KERNEL_BASE64, 'kernel').subarray(0, 4)).toEqual(
      new Uint8Array([0, 0x61, 0x73, 0x6d]),
    );
  });

  it('runs on this Node', () => {
    expect(kernelAvailable()).toBe(true);
  });

  it('sums to the same bits as the JavaScript path, for every width, label count and input count', () => {
    let compared = 0;
    for (const [hidden, labels] of [
      [16, 1],
      [32, 2],
      [128, 31],
      [128, 15],
      [64, 7],
    ] as const) {
      const m = randomLayer(3000, hidden, labels, hidden + labels);
      const r = rng(labels);
      // 0 inputs, a few, and more than the kernel's batch of 1,024 (it sums in several calls)
      for (const n of [0, 1, 5, 130, 2500]) {
        const inputs: [string, number][] = Array.from({ length: n }, () => [
          `k${Math.floor(r() * 3000)}`,
          [1, 0.25, -0.7, 1 / 3][Math.floor(r() * 4)]!,
        ]);
        const js = sumWith(m, false, inputs);
        const wasm = sumWith(m, true, inputs);
        expect(Array.from(wasm)).toEqual(Array.from(js));
        expect(Array.from(js)).toEqual(
          Array.from(
            mlpLogits(
              m,
              inputs.map((x) => x[0]),
              inputs.map((x) => x[1]),
            ),
          ),
        );
        compared++;
      }
    }
    expect(compared).toBe(25);
  });

  it('tells apart the inputs it is given (a changed input changes the logits)', () => {
    const m = randomLayer(100, 32, 3, 9);
    const a = sumWith(m, true, [['k1', 1]]);
    const b = sumWith(m, true, [['k2', 1]]);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // begin() forgets the previous turn
    expect(Array.from(sumWith(m, true, [['k1', 1]]))).toEqual(Array.from(a));
  });

  it('reads a layer on shared memory as batch workers hold it', () => {
    const m = randomLayer(500, 64, 5, 3);
    const inputs: [string, number][] = [
      ['k3', 1],
      ['k400', 0.5],
      ['k3', -1],
    ];
    expect(Array.from(sumWith(packMlp(m), true, inputs))).toEqual(Array.from(sumWith(m, false, inputs)));
  });

  it('falls back to JavaScript for a width that is not a multiple of 16', () => {
    const m = randomLayer(50, 10, 2, 4);
    expect(Array.from(sumWith(m, true, [['k7', 1]]))).toEqual(Array.from(sumWith(m, false, [['k7', 1]])));
  });
});
