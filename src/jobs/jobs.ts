import type { z } from 'zod';
import { SHANGHAI } from '../domain/calendar';
import { BROKEN_PROMISES, brokenPromisesData, runBrokenPromises } from './broken-promises.job';
import type { JobContext } from './job-context';
import type { QueueDefinition } from './job-queue';
import {
  COMPLAINT_DEADLINES,
  noticeScanData,
  runComplaintDeadlines,
  runDisputeDeadlines,
  runStopReviews,
  STOP_REVIEWS,
} from './lead-notices.job';
import {
  REMIND_SCAN,
  REMIND_SEND,
  remindScanData,
  remindSendData,
  scanPromiseReminders,
  sendPromiseReminder,
} from './promise-reminders.job';
import { QA_BATCH, qaBatchData, runQaBatch } from './qa-batch.job';
import { runTeamStats, TEAM_STATS, teamStatsData } from './team-stats.job';

/** One kind of job: its payload schema, its handler, its retry policy and (if any) its schedule. */
export interface JobDefinition {
  queue: QueueDefinition;
  data: z.ZodType;
  run(ctx: JobContext, data: unknown): Promise<unknown>;
  /** cron in Asia/Shanghai, the agencies' working zone */
  cron?: string;
}

function def(
  name: string,
  data: z.ZodType,
  run: JobDefinition['run'],
  policy: { retryLimit: number; retryDelaySeconds: number; expireInSeconds: number },
  cron?: string,
): JobDefinition {
  return { queue: { name, ...policy }, data, run, ...(cron ? { cron } : {}) };
}

/**
 * Every job the worker runs. Expiry is a few times a run's expected length: a run still active
 * after it is taken for lost (its process died) and run again, which the handlers tolerate.
 */
export const JOBS: readonly JobDefinition[] = [
  def(
    REMIND_SCAN,
    remindScanData,
    (ctx) => scanPromiseReminders(ctx),
    {
      retryLimit: 2,
      retryDelaySeconds: 30,
      expireInSeconds: 300,
    },
    '*/5 * * * *',
  ),
  def(REMIND_SEND, remindSendData, sendPromiseReminder, {
    retryLimit: 5,
    retryDelaySeconds: 30,
    expireInSeconds: 60,
  }),
  def(
    BROKEN_PROMISES,
    brokenPromisesData,
    runBrokenPromises,
    {
      retryLimit: 3,
      retryDelaySeconds: 60,
      expireInSeconds: 900,
    },
    '*/10 * * * *',
  ),
  // A chunk of 100 transcripts takes a second or two; a worker killed mid-chunk is noticed soon.
  def(QA_BATCH, qaBatchData, runQaBatch, { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 60 }),
  def(
    TEAM_STATS,
    teamStatsData,
    runTeamStats,
    {
      retryLimit: 3,
      retryDelaySeconds: 300,
      expireInSeconds: 1800,
    },
    '30 2 * * *',
  ),
  def(
    STOP_REVIEWS,
    noticeScanData,
    (ctx) => runStopReviews(ctx),
    {
      retryLimit: 3,
      retryDelaySeconds: 60,
      expireInSeconds: 600,
    },
    '0 * * * *',
  ),
  def(
    COMPLAINT_DEADLINES,
    noticeScanData,
    // complaints to answer and disputes to verify, in one hourly scan
    async (ctx) => ({
      complaints: await runComplaintDeadlines(ctx),
      disputes: await runDisputeDeadlines(ctx),
    }),
    {
      retryLimit: 3,
      retryDelaySeconds: 60,
      expireInSeconds: 600,
    },
    '15 * * * *',
  ),
];

export const JOB_QUEUES: readonly QueueDefinition[] = JOBS.map((j) => j.queue);
export const CRON_TIME_ZONE = SHANGHAI;

export function jobDefinition(name: string): JobDefinition {
  const j = JOBS.find((x) => x.queue.name === name);
  if (!j) throw new Error(`unknown job "${name}"`);
  return j;
}
