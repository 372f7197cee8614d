import type { JobContext } from './job-context';
import type { JobQueue } from './job-queue';
import { CRON_TIME_ZONE, JOBS, type JobDefinition } from './jobs';

export interface WorkerOptions {
  queue: JobQueue;
  ctx: JobContext;
  /** parallel runs per job kind in this process (default 2) */
  concurrency?: number;
  /** register the cron schedules (default true) */
  schedules?: boolean;
  jobs?: readonly JobDefinition[];
}

export interface RunningWorker {
  /** Drains: finishes the running jobs (up to timeoutMs), records them, stops taking new ones. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Works every job kind in this process: each payload is validated against its schema before the
 * handler sees it (a malformed payload fails the job, visibly, instead of half-running it).
 */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const jobs = o.jobs ?? JOBS;
  for (const j of jobs) {
    o.queue.work(
      j.queue.name,
      async (job) => {
        const started = Date.now();
        const out = await j.run(o.ctx, j.data.parse(job.data));
        o.ctx.log.info('job.completed', {
          job: job.name,
          jobId: job.id,
          attempt: job.attempt,
          ms: Date.now() - started,
        });
        return out;
      },
      { concurrency: o.concurrency ?? 2 },
    );
    if (j.cron && o.schedules !== false)
      await o.queue.schedule(j.queue.name, j.cron, {}, { timeZone: CRON_TIME_ZONE });
  }
  return { stop: (timeoutMs = 30_000) => o.queue.stop({ timeoutMs }) };
}
