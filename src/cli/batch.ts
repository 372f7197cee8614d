import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { RuleMeta } from '../analysis/analyze';
import type { CriminalParams } from '../analysis/facts-rules';
import type { PackedModel } from '../analysis/model';
import { DomainError } from '../domain/errors';
import { criminalParamsFrom, loadPackedModelFile, ruleMetaFrom } from '../io/analyzer-files';
import { loadPlaybookDir } from '../io/playbook-files';

/**
 * Batch analysis of JSON Lines with bounded memory: the reader splits bytes into lines (a size cap
 * per line) and hands batches of line bytes to worker threads, which decode them (strict UTF-8) and
 * analyse them; results are written in input order. Reading pauses while every worker has its share
 * of batches in flight.
 */

export interface BatchOptions {
  input: string;
  output: Writable;
  workers?: number | undefined;
  modelPath?: string | undefined;
  progress: boolean;
  maxLineBytes?: number;
  /** Called for every rejected line (the CLI prints these on stderr). */
  onError?: (line: number, message: string) => void;
}

export interface BatchStats {
  lines: number;
  ok: number;
  failed: number;
}

/** A line of a batch: its bytes are data[from, to) of its BatchJob, or the reader refused it. */
export interface BatchItem {
  line: number;
  from?: number;
  to?: number;
  error?: string;
}

export interface BatchJob {
  seq: number;
  items: BatchItem[];
  /** the lines' bytes, back to back; the worker checks and decodes them (strict UTF-8) */
  data: Uint8Array;
}

export interface BatchResult {
  seq: number;
  /** the batch's output lines, UTF-8 */
  out: Uint8Array;
  errors: { line: number; message: string }[];
  ok: number;
}

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const BATCH_LINES = 128;
const BATCH_BYTES = 512 * 1024;
const IN_FLIGHT_PER_WORKER = 2;

const WORKER_URL = new URL('./batch-worker.mjs', import.meta.url);

export async function runBatch(opts: BatchOptions): Promise<BatchStats> {
  const n = opts.workers ?? Math.max(1, Math.min(availableParallelism(), 8));
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const onError = opts.onError ?? ((line, message) => process.stderr.write(`line ${line}: ${message}\n`));
  // The workers boot (load their modules) while this thread reads the playbook and the model
  // once; the model's tables go to every worker on shared memory.
  const booting = Array.from({ length: n }, () => startWorker());
  let config: WorkerConfig;
  try {
    const playbook = loadPlaybookDir();
    config = {
      rules: ruleMetaFrom(playbook),
      criminal: criminalParamsFrom(playbook),
      model: loadPackedModelFile(opts.modelPath),
    };
  } catch (e) {
    await Promise.allSettled(booting.map(async (b) => (await b).terminate()));
    throw e;
  }
  for (const b of booting) void b.then((w) => w.postMessage(config)).catch(() => {});
  let workers: Worker[];
  try {
    workers = await Promise.all(booting.map((b) => b.then(ready)));
  } catch (e) {
    await Promise.allSettled(booting.map(async (b) => (await b).terminate()));
    throw e;
  }
  const stats: BatchStats = { lines: 0, ok: 0, failed: 0 };
  const inFlight = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const done = new Map<number, BatchResult>();
  let nextToWrite = 0;
  let seq = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const started = Date.now();
  let lastProgress = 0;

  const progress = (final = false) => {
    if (!opts.progress) return;
    const now = Date.now();
    if (!final && now - lastProgress < 250) return;
    lastProgress = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    process.stderr.write(
      `\r${stats.lines.toLocaleString()} lines, ${Math.round(stats.lines / secs).toLocaleString()}/s, ${stats.failed} rejected${final ? '\n' : ''}`,
    );
  };

  const flush = async () => {
    let r = done.get(nextToWrite);
    while (r) {
      done.delete(nextToWrite);
      nextToWrite++;
      for (const e of r.errors) onError(e.line, e.message);
      stats.ok += r.ok;
      stats.failed += r.errors.length;
      if (r.out.length > 0 && !opts.output.write(r.out))
        await new Promise<void>((res) => opts.output.once('drain', () => res()));
      progress();
      r = done.get(nextToWrite);
    }
  };

  for (const w of workers) {
    w.on('message', (r: BatchResult) => {
      inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
      done.set(r.seq, r);
      wake?.();
    });
    w.on('error', (e) => {
      failure = e;
      wake?.();
    });
  }

  const waitForSlot = async (): Promise<Worker> => {
    for (;;) {
      if (failure) throw failure;
      await flush();
      let best: Worker | null = null;
      for (const [w, k] of inFlight)
        if (k < IN_FLIGHT_PER_WORKER && (!best || k < inFlight.get(best)!)) best = w;
      if (best) return best;
      await new Promise<void>((res) => {
        wake = res;
      });
      wake = null;
    }
  };

  let items: BatchItem[] = [];
  // the batch's line bytes are gathered here, then sent in a buffer of their own (moved, not copied)
  let staging = new Uint8Array(BATCH_BYTES * 2);
  let bytes = 0;
  const send = async () => {
    if (!items.length) return;
    const w = await waitForSlot();
    inFlight.set(w, inFlight.get(w)! + 1);
    const data = staging.slice(0, bytes);
    const job: BatchJob = { seq: seq++, items, data };
    w.postMessage(job, [data.buffer]);
    items = [];
    bytes = 0;
  };
  const stage = (part: Uint8Array) => {
    if (bytes + part.length > staging.length) {
      const bigger = new Uint8Array(Math.max(2 * staging.length, bytes + part.length));
      bigger.set(staging.subarray(0, bytes));
      staging = bigger;
    }
    staging.set(part, bytes);
    bytes += part.length;
  };
  let lineNo = 0;
  let parts: Buffer[] = [];
  let partLen = 0;
  let oversized = false;
  const endLine = async () => {
    lineNo++;
    if (oversized) {
      items.push({ line: lineNo, error: `the line is longer than ${maxLine} bytes` });
    } else if (partLen > 0) {
      const from = bytes;
      for (const part of parts) stage(part);
      items.push({ line: lineNo, from, to: bytes });
    }
    parts = [];
    partLen = 0;
    oversized = false;
    if (items.length >= BATCH_LINES || bytes >= BATCH_BYTES) await send();
  };

  try {
    const stream = createReadStream(opts.input, { highWaterMark: 1 << 20 });
    for await (const chunk of stream) {
      const buf: Buffer = chunk;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(10, start);
        const end = nl === -1 ? buf.length : nl;
        if (!oversized) {
          if (partLen + (end - start) > maxLine) {
            oversized = true;
            parts = [];
            partLen = 0;
          } else if (end > start) {
            parts.push(buf.subarray(start, end));
            partLen += end - start;
          }
        }
        if (nl === -1) break;
        await endLine();
        start = nl + 1;
      }
      // keep the partial line's bytes: the chunk buffer is reused by nothing, but copy to be safe
      if (parts.length) {
        const copy = Buffer.concat(parts, partLen);
        parts = [copy];
      }
    }
    if (partLen > 0 || oversized) await endLine();
    await send();
    stats.lines = lineNo;
    while (nextToWrite < seq) {
      await flush();
      if (nextToWrite >= seq) break;
      if (failure) throw failure;
      await new Promise<void>((res) => {
        wake = res;
      });
      wake = null;
    }
    progress(true);
    return stats;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DomainError('file.unreadable', {
        en: `cannot read ${opts.input}: no such file`,
        zh: `找不到文件 ${opts.input}`,
      });
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** What every worker gets from the main thread before its first batch. */
export interface WorkerConfig {
  rules: Map<string, RuleMeta>;
  criminal: CriminalParams;
  model: PackedModel;
}

/** Starts a worker; it says 'loaded' once it has its modules, 'ready' once it has the config. */
async function startWorker(): Promise<Worker> {
  const w = new Worker(WORKER_URL);
  await untilMessage(w, 'loaded');
  return w;
}

async function ready(w: Worker): Promise<Worker> {
  await untilMessage(w, 'ready');
  return w;
}

function untilMessage(w: Worker, expected: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMsg = (m: unknown) => {
      if (m === expected) {
        w.off('message', onMsg);
        w.off('error', reject);
        resolve();
      } else if (typeof m === 'object' && m !== null && 'fatal' in m) reject(new Error(String(m.fatal)));
    };
    w.on('message', onMsg);
    w.once('error', reject);
  });
}
