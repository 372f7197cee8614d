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
  describe('PgBossQueue start', () => {
    it('lets several processes start at once on a fresh schema (create_queue can deadlock; it is retried)', async () => {
      const scratch = await openScratchDb({ url, prefix: 'jobs_boss_start', migrated: false });
      const schema = `${scratch.schema}_boss`;
      const queues = Array.from({ length: 8 }, (_, i) => ({
        name: `start-${i}`,
        retryLimit: 1,
        retryDelaySeconds: 1,
        expireInSeconds: 30,
      }));
      const many = Array.from(
        { length: 4 },
        () => new PgBossQueue({ url, schema, queues, role: 'producer' }),
      );
      try {
        await Promise.all(many.map((q) => q.start()));
        expect(await many[0]!.enqueue('start-7', { ok: true })).not.toBeNull();
      } finally {
        for (const q of many) await q.stop({ timeoutMs: 1000 }).catch(() => {});
        await dropSchema(url, schema);
        await scratch.dispose();
      }
    });
  });
} else {
  describe('JobQueue contract (pg-boss)', () => {
    it.skip('needs a PostgreSQL server: set DATABASE_URL to run pg-boss against it', () => {
      expect(url).toBeDefined();
    });
  });
}
