import { describe, expect, it } from 'vitest';
import { dropSchema, openScratchDb } from '../store/open-db';
import { CONTRACT_QUEUES, jobQueueContract } from './job-queue.contract';
import { PgBossQueue } from './pg-boss-queue';

const url = process.env.DATABASE_URL;

if (url) {
  jobQueueContract('pg-boss on the PostgreSQL server', async () => {
    const scratch = await openScratchDb({ url, prefix: 'jobs_boss', migrated: false });
    const schema = `${scratch.schema}_boss`;
    const make = (role: 'worker' | 'producer') =>
      new PgBossQueue({ url, schema, queues: CONTRACT_QUEUES, role, pollMs: 100, maintenanceSeconds: 1 });
    const extra: PgBossQueue[] = [];
    return {
      async open() {
        const q = make('worker');
        await q.start();
        return q;
      },
      async abandon(name: string) {
        const q = make('producer');
        await q.start();
        extra.push(q);
        return (await q.fetch(name))?.id ?? null;
      },
      async dispose() {
        for (const q of extra) await q.stop({ timeoutMs: 1000 });
        await dropSchema(url, schema);
        await scratch.dispose();
      },
    };
  });
} else {
  describe('JobQueue contract (pg-boss)', () => {
    it.skip('needs a PostgreSQL server: set DATABASE_URL to run pg-boss against it', () => {
      expect(url).toBeDefined();
    });
  });
}
