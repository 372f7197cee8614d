import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue, QueueDefinition } from './job-queue';

/**
 * The contract every JobQueue driver passes (run by local-queue.test.ts on PGlite and on the server,
 * and by pg-boss-queue.test.ts on the server). `open` returns a fresh driver over one shared store,
 * so two calls are two processes' worth of queue.
 */
export const CONTRACT_QUEUES: QueueDefinition[] = [
  { name: 'contract-echo', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-flaky', retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-key', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-delay', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-share', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-drain', retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 30 },
  { name: 'contract-lost', retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 1 },
];

export interface ContractHarness {
  /** a new driver instance over the shared store, started */
  open(): Promise<JobQueue>;
  /** takes one job of `name` and never finishes it, as a process killed mid-run would */
  abandon(name: string): Promise<string | null>;
  dispose(): Promise<void>;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function jobQueueContract(label: string, harness: () => Promise<ContractHarness>): void {
  describe(`JobQueue contract (${label})`, () => {
    let h: ContractHarness;
    const opened: JobQueue[] = [];
    const open = async () => {
      const q = await h.open();
      opened.push(q);
      return q;
    };

    beforeAll(async () => {
      h = await harness();
    });
    afterAll(async () => {
      for (const q of opened) await q.stop({ timeoutMs: 5000 }).catch(() => {});
      await h?.dispose();
    });

    it('runs an enqueued job once with its data and counts it completed', async () => {
      const q = await open();
      const seen: unknown[] = [];
      q.work('contract-echo', async (job) => {
        seen.push(job.data);
        return { ok: true };
      });
      await q.enqueue('contract-echo', { n: 1, text: '回款' });
      await until('the job', () => seen.length === 1);
      expect(seen).toEqual([{ n: 1, text: '回款' }]);
      await until('completion', async () => (await q.counts('contract-echo')).completed === 1);
      expect(await q.counts('contract-echo')).toMatchObject({ queued: 0, active: 0, failed: 0 });
    });

    it('creates one job for a key enqueued twice', async () => {
      const q = await open();
      const later = new Date(Date.now() + 3_600_000);
      const a = await q.enqueue('contract-key', { k: 1 }, { key: 'same', startAfter: later });
      const b = await q.enqueue('contract-key', { k: 2 }, { key: 'same', startAfter: later });
      const c = await q.enqueue('contract-key', { k: 3 }, { key: 'other', startAfter: later });
      expect(a).not.toBeNull();
      expect(b).toBeNull();
      expect(c).not.toBeNull();
      expect((await q.counts('contract-key')).queued).toBe(2);
    });

    it('does not run a job before its start time', async () => {
      const q = await open();
      const runs: number[] = [];
      const t0 = Date.now();
      q.work('contract-delay', async () => {
        runs.push(Date.now() - t0);
      });
      await q.enqueue('contract-delay', {}, { startAfter: new Date(t0 + 1500) });
      await until('the delayed job', () => runs.length === 1);
      expect(runs[0]).toBeGreaterThanOrEqual(1400);
    });

    it('retries a failing job up to its retry limit, then marks it failed', async () => {
      const q = await open();
      const attempts: number[] = [];
      q.work('contract-flaky', async (job) => {
        attempts.push(job.attempt);
        throw new Error('boom');
      });
      await q.enqueue('contract-flaky', {});
      await until(
        'three attempts and a failure',
        async () => (await q.counts('contract-flaky')).failed === 1,
      );
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('shares jobs between two processes: each job runs exactly once', async () => {
      const a = await open();
      const b = await open();
      const ran = new Map<number, string[]>();
      const handler = (who: string) => async (job: { data: unknown }) => {
        const n = (job.data as { n: number }).n;
        ran.set(n, [...(ran.get(n) ?? []), who]);
        await new Promise((r) => setTimeout(r, 5));
      };
      for (let n = 0; n < 40; n++) await a.enqueue('contract-share', { n });
      a.work('contract-share', handler('a'), { concurrency: 2 });
      b.work('contract-share', handler('b'), { concurrency: 2 });
      await until('40 jobs', () => ran.size === 40);
      await new Promise((r) => setTimeout(r, 300));
      expect([...ran.values()].every((who) => who.length === 1)).toBe(true);
      expect(new Set([...ran.values()].flat()).size).toBe(2);
    });

    it('drains on stop: the running job finishes and is recorded; no new job is taken', async () => {
      const q = await open();
      const started: number[] = [];
      const finished: number[] = [];
      q.work('contract-drain', async (job) => {
        const n = (job.data as { n: number }).n;
        started.push(n);
        await new Promise((r) => setTimeout(r, 600));
        finished.push(n);
      });
      await q.enqueue('contract-drain', { n: 1 });
      await until('the first job to start', () => started.length === 1);
      await q.enqueue('contract-drain', { n: 2 });
      await q.stop({ timeoutMs: 10_000 });
      expect(finished).toEqual([1]);
      expect(started).toEqual([1]);
      const other = await open();
      const counts = await other.counts('contract-drain');
      expect(counts.active).toBe(0);
      expect(counts.queued).toBe(1);
    });

    it('runs again a job whose process died mid-run, once its lease expires', async () => {
      const q = await open();
      const runs: string[] = [];
      await q.enqueue('contract-lost', { n: 1 });
      const lost = await h.abandon('contract-lost');
      expect(lost).not.toBeNull();
      q.work('contract-lost', async (job) => {
        runs.push(job.id);
      });
      await until('the lost job to run again', () => runs.length === 1, 60_000);
      expect(runs).toEqual([lost]);
    }, 90_000);
  });
}
