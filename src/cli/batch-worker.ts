import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { Analyzer } from '../analysis/analyze';
import { factsSchema, inputTurnSchema } from '../analysis/contract';
import { unpackModel } from '../analysis/model';
import { isDomainError } from '../domain/errors';
import type { BatchJob, BatchResult, WorkerConfig } from './batch';

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  at: z.iso.datetime({ offset: true }).optional(),
  facts: factsSchema.optional(),
  turns: z.array(inputTurnSchema).min(1),
});

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

const port = parentPort;
if (!port) throw new Error('batch-worker runs in a worker thread');

try {
  port.postMessage('loaded');
  let analyzer: Analyzer | null = null;
  port.on('message', (msg: BatchJob | WorkerConfig) => {
    if (!('seq' in msg)) {
      analyzer = new Analyzer({ model: unpackModel(msg.model), rules: msg.rules, criminal: msg.criminal });
      port.postMessage('ready');
      return;
    }
    if (!analyzer) throw new Error('batch-worker: a batch before the config');
    const job = msg;
    const lines: string[] = [];
    const errors: BatchResult['errors'] = [];
    let ok = 0;
    for (const item of job.items) {
      let error = item.error;
      let text: string | undefined;
      if (error === undefined && item.from !== undefined) {
        try {
          text = decoder.decode(job.data.subarray(item.from, item.to));
        } catch {
          error = 'the bytes are not valid UTF-8';
        }
        // a blank line is no call and no error
        if (text !== undefined && !text.trim()) continue;
      }
      if (error !== undefined || text === undefined) {
        const message = error ?? 'empty line';
        errors.push({ line: item.line, message });
        lines.push(JSON.stringify({ id: null, line: item.line, error: message }));
        continue;
      }
      let id: string | number | null = null;
      try {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new Error(`invalid JSON (${(e as Error).message})`);
        }
        if (typeof json === 'object' && json !== null && 'id' in json) {
          const raw = json.id;
          if (typeof raw === 'string' || typeof raw === 'number') id = raw;
        }
        const r = lineSchema.safeParse(json);
        if (!r.success) {
          const i = r.error.issues[0]!;
          throw new Error(`${i.path.join('.') || '(line)'}: ${i.message}`);
        }
        const analysis = analyzer.analyze(r.data.turns, {
          at: r.data.at ? new Date(r.data.at) : new Date(),
          facts: r.data.facts,
        });
        lines.push(JSON.stringify({ id: r.data.id, ...analysis }));
        ok++;
      } catch (e) {
        const message = isDomainError(e) ? e.message : (e as Error).message;
        errors.push({ line: item.line, message });
        lines.push(JSON.stringify({ id, line: item.line, error: message }));
      }
    }
    // UTF-8 here, on the worker, and the bytes moved (not copied) to the thread that writes them
    const out = encoder.encode(lines.length ? `${lines.join('\n')}\n` : '');
    const result: BatchResult = { seq: job.seq, out, errors, ok };
    port.postMessage(result, [out.buffer]);
  });
} catch (e) {
  port.postMessage({ fatal: (e as Error).message });
}
