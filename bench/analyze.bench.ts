import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { runBatch } from '../src/cli/batch';
import { readCorpusSplit } from '../src/io/corpus-files';
import { loadPackedModelFile } from '../src/io/model-file';

/**
 * Batch analyser throughput against a floor measured in the same run: the floor reads the same
 * JSONL, parses and re-serialises each line and writes it — nothing else.
 */

const sink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

function buildInput(file: string, minTurns: number): { lines: number; turns: number } {
  const calls = [...readCorpusSplit('corpus/train').dialogues, ...readCorpusSplit('corpus/dev').dialogues];
  if (!calls.length) throw new Error('bench needs corpus dialogues');
  const out: string[] = [];
  let turns = 0;
  let i = 0;
  while (turns < minTurns) {
    const d = calls[i % calls.length]!;
    out.push(
      JSON.stringify({
        id: `bench-${i}`,
        at: d.at,
        facts: d.facts,
        turns: d.turns.map((t) => ({ speaker: t.speaker, text: t.text })),
      }),
    );
    turns += d.turns.length;
    i++;
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return { lines: out.length, turns };
}

async function floor(file: string): Promise<number> {
  const t0 = performance.now();
  const out = sink();
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (!line) continue;
    if (!out.write(`${JSON.stringify(JSON.parse(line))}\n`)) await new Promise((r) => out.once('drain', r));
  }
  return performance.now() - t0;
}

export async function run(opts: { quick: boolean }) {
  const dir = join(tmpdir(), `huikuan-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'calls.jsonl');
  try {
    const { lines, turns } = buildInput(file, opts.quick ? 20_000 : 200_000);
    const mb = statSync(file).size / 1e6;
    // Every run reads the model as any use after the first does: from its packed copy (written by
    // the first use after an install or a retrain — this load, if none is there yet).
    let modelFrom = 'JSON (the packed copy is turned off)';
    loadPackedModelFile(undefined, {
      onLoad: (how) => {
        if (how.from === 'packed' || how.file) modelFrom = 'its packed copy';
      },
    });
    const floors: number[] = [];
    const batches: number[] = [];
    for (let r = 0; r < (opts.quick ? 1 : 2); r++) {
      // the floor takes well under a second, so a GC or a neighbour's burst moves it by half: best of
      // three each round (measured: single runs of 0.35–0.57 s on one quiet machine)
      for (let k = 0; k < 3; k++) floors.push(await floor(file));
      const t0 = performance.now();
      const stats = await runBatch({ input: file, output: sink(), progress: false });
      batches.push(performance.now() - t0);
      if (stats.failed) throw new Error(`${stats.failed} lines failed`);
    }
    const f = Math.min(...floors);
    const b = Math.min(...batches);
    const ratio = b / f;
    return {
      title: 'Batch analysis (`huikuan analyze --batch`)',
      markdown: `Input: ${lines.toLocaleString()} calls, ${turns.toLocaleString()} turns, ${mb.toFixed(1)} MB of JSONL (corpus dialogues cycled). Best of ${floors.length} runs of the floor and ${batches.length} of the analyser; each analyser run loads the model from ${modelFrom}.

| run | time | turns/s |
|---|---|---|
| floor: read + JSON.parse + JSON.stringify + write, one thread | ${(f / 1000).toFixed(2)} s | ${Math.round(turns / (f / 1000)).toLocaleString()} |
| batch analyser, worker threads on every core | ${(b / 1000).toFixed(2)} s | ${Math.round(turns / (b / 1000)).toLocaleString()} |

**Ratio: ${ratio.toFixed(1)}× the floor** (target: within 10×).`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
