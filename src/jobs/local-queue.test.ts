import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../store/ids';
import { openScratchDb } from '../store/open-db';
import { CONTRACT_QUEUES, jobQueueContract } from './job-queue.contract';
import { LocalQueue } from './local-queue';

async function harness(embedded: boolean) {
  const scratch = await openScratchDb({ embedded, prefix: 'jobs_local' });
  const make = () =>
    new LocalQueue({ db: scratch.db, ids: createIdGenerator(), queues: CONTRACT_QUEUES, pollMs: 100 });
  return {
    async open() {
      const q = make();
      await q.start();
      return q;
    },
    async abandon(name: string) {
      return (await make().fetch(name))?.id ?? null;
    },
    dispose: () => scratch.dispose(),
  };
}

jobQueueContract('local driver on PGlite', () => harness(true));

if (process.env.DATABASE_URL) jobQueueContract('local driver on the PostgreSQL server', () => harness(false));

describe('LocalQueue schedules', () => {
  it('fires the latest missed cron time at start, once, however many processes schedule it', async () => {
    const scratch = await openScratchDb({ embedded: true });
    const queues = [{ name: 'tick', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 30 }];
    const a = new LocalQueue({ db: scratch.db, ids: createIdGenerator(), queues, pollMs: 50 });
    const b = new LocalQueue({ db: scratch.db, ids: createIdGenerator(), queues, pollMs: 50 });
    try {
      const runs: unknown[] = [];
      for (const q of [a, b]) {
        await q.start();
        await q.schedule('tick', '* * * * *', { what: 'tick' }, { timeZone: 'Asia/Shanghai' });
        q.work('tick', async (job) => {
          runs.push(job.data);
        });
      }
      const end = Date.now() + 5000;
      while (runs.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      expect(runs).toEqual([{ what: 'tick' }]);
    } finally {
      await a.stop();
      await b.stop();
      await scratch.dispose();
    }
  });

  it('rejects a job name it was not told about', async () => {
    const scratch = await openScratchDb({ embedded: true });
    const q = new LocalQueue({ db: scratch.db, ids: createIdGenerator(), queues: [] });
    await expect(q.enqueue('nope', {})).rejects.toThrow('unknown job queue "nope"');
    await scratch.dispose();
  });
});
