import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisSchema } from '../analysis/contract';
import type { CallAnalyzer } from '../cases/ports';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { silentLog } from './job-context';
import { memoryChannel } from './message-channel';
import { submitQaBatch } from './qa-batch.job';
import { JobConfigError, jobSettingsFromEnv, startJobRuntime } from './runtime';

describe('jobSettingsFromEnv', () => {
  it('has defaults for everything', () => {
    expect(jobSettingsFromEnv({})).toEqual({
      bossSchema: 'pgboss',
      sender: { callbackPhone: null, paymentChannel: null },
      webhookUrl: null,
      concurrency: 2,
    });
  });

  it.each([
    [{ PGBOSS_SCHEMA: 'Boss-1' }, 'PGBOSS_SCHEMA'],
    [{ REMINDER_CALLBACK_PHONE: 'call me' }, 'REMINDER_CALLBACK_PHONE'],
    [{ REMINDER_WEBHOOK_URL: 'not a url' }, 'REMINDER_WEBHOOK_URL'],
    [{ JOB_CONCURRENCY: '0' }, 'JOB_CONCURRENCY'],
  ])('names the variable that is wrong: %o', (env, name) => {
    expect(() => jobSettingsFromEnv(env)).toThrow(JobConfigError);
    expect(() => jobSettingsFromEnv(env)).toThrow(name);
  });
});

const quietAnalyzer: CallAnalyzer = {
  analyze: (_turns, opts) =>
    analysisSchema.parse({
      version: 1,
      reference_time: opts.at.toISOString(),
      turns: [],
      persona: {
        id: null,
        scores: { guilty: 0, lucky: 0, vain: 0, dominant: 0, timid: 0, jaded: 0 },
        evidence: [],
        confidence: 0,
      },
      ability: { score: 0, level: 'unknown', evidence: [] },
      willingness: { score: 0, level: 'unknown', evidence: [] },
      promises: [],
      violations: [],
      disclosure: { identity: { ok: true, missing: [], evidence: null } },
      note: '',
    }),
};

describe('startJobRuntime on PGlite', () => {
  let fx: CaseFixture;
  beforeAll(async () => {
    fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
  });
  afterAll(async () => {
    await fx?.dispose();
  });

  it('works the jobs in the API process itself: an uploaded batch is analysed without a worker', async () => {
    const runtime = await startJobRuntime({
      db: fx.db,
      store: fx.store,
      databaseUrl: null,
      role: 'server',
      playbook: fx.playbook,
      analyzer: quietAnalyzer,
      clock: fx.clock,
      ids: fx.ids,
      log: silentLog,
      settings: { ...jobSettingsFromEnv({}), concurrency: 1 },
      channel: memoryChannel(),
    });
    try {
      expect(runtime).toMatchObject({ working: true, queue: { driver: 'local' } });
      const d = await fx.addDebtor();
      const { batchId } = await submitQaBatch(
        { db: fx.db, queue: runtime.queue, ids: fx.ids, clock: fx.clock },
        fx.as('qa'),
        {
          name: 'x',
          items: [
            { caseId: d.caseId, at: '2026-11-30T03:00:00Z', turns: [{ speaker: 'agent', text: '您好' }] },
          ],
        },
      );
      const end = Date.now() + 10_000;
      let status = 'pending';
      while (status !== 'done' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        status = (
          await fx.db.query<{ status: string }>('select status from qa_batches where id = $1', [batchId])
        ).rows[0]!.status;
      }
      expect(status).toBe('done');
    } finally {
      await runtime.stop(5000);
    }
  });
});
