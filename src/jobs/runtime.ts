import { z } from 'zod';
import type { CallAnalyzer, CaseTx, Clock, IdGenerator, UnitOfWork } from '../cases/ports';
import type { Playbook } from '../playbook';
import { assertSchemaName, type Db } from '../store/db';
import type { JobContext, JobLog, SenderProfile } from './job-context';
import type { JobQueue } from './job-queue';
import { JOB_QUEUES } from './jobs';
import { LocalQueue } from './local-queue';
import { logChannel, type MessageChannel, webhookChannel } from './message-channel';
import { PgBossQueue } from './pg-boss-queue';
import { startWorker } from './worker';

/**
 * How a process runs jobs. On PGlite (one process) the API process enqueues and works jobs itself
 * with the in-process driver. On a PostgreSQL server, API processes only enqueue (pg-boss as a
 * producer) and `huikuan worker` processes work them; any number of each.
 */

/** The jobs' own settings, from the environment (validated; every problem listed at once). */
const jobEnv = z.object({
  PGBOSS_SCHEMA: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'PGBOSS_SCHEMA must be a lower-case SQL identifier' })
    .default('pgboss'),
  REMINDER_CALLBACK_PHONE: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{3,30}$/, { error: 'REMINDER_CALLBACK_PHONE must be a phone number' })
    .optional(),
  REMINDER_PAYMENT_CHANNEL: z.string().trim().min(1).max(100).optional(),
  REMINDER_WEBHOOK_URL: z.url({ error: 'REMINDER_WEBHOOK_URL must be an http(s) URL' }).optional(),
  JOB_CONCURRENCY: z
    .string()
    .regex(/^\d+$/, { error: 'JOB_CONCURRENCY must be a whole number from 1 to 32' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 32, { error: 'JOB_CONCURRENCY must be a whole number from 1 to 32' })
    .default(2),
});

export interface JobSettings {
  bossSchema: string;
  sender: SenderProfile;
  webhookUrl: string | null;
  concurrency: number;
}

export class JobConfigError extends Error {
  override name = 'JobConfigError';
}

export const JOB_ENV_HELP = `Job settings (all optional):
  PGBOSS_SCHEMA            pg-boss's schema on the PostgreSQL server (default pgboss)
  REMINDER_CALLBACK_PHONE  the published call-back number promise reminders give; without it no reminder is sent
  REMINDER_PAYMENT_CHANNEL the official repayment channel reminders name (default "<bank>官方App或官方还款账户")
  REMINDER_WEBHOOK_URL     post each reminder to this SMS gateway webhook (default: log it, masked)
  JOB_CONCURRENCY          parallel runs per job kind in one process (default 2)
`;

export function jobSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const present = Object.fromEntries(
    Object.keys(jobEnv.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])),
  );
  const r = jobEnv.safeParse(present);
  if (!r.success) throw new JobConfigError(r.error.issues.map((i) => i.message).join('; '));
  return {
    bossSchema: assertSchemaName(r.data.PGBOSS_SCHEMA),
    sender: {
      callbackPhone: r.data.REMINDER_CALLBACK_PHONE ?? null,
      paymentChannel: r.data.REMINDER_PAYMENT_CHANNEL ?? null,
    },
    webhookUrl: r.data.REMINDER_WEBHOOK_URL ?? null,
    concurrency: r.data.JOB_CONCURRENCY,
  };
}

export interface JobRuntimeOptions {
  db: Db;
  store: UnitOfWork<CaseTx>;
  /** the PostgreSQL server, or null for PGlite */
  databaseUrl: string | null;
  /** `server`: an API process (works jobs itself only on PGlite); `worker`: `huikuan worker` */
  role: 'server' | 'worker';
  playbook: Playbook;
  analyzer: CallAnalyzer;
  clock: Clock;
  ids: IdGenerator;
  log: JobLog;
  settings: JobSettings;
  channel?: MessageChannel;
}

export interface JobRuntime {
  queue: JobQueue;
  /** whether this process works jobs */
  working: boolean;
  /** drains: running jobs finish and are recorded; nothing new is taken */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startJobRuntime(o: JobRuntimeOptions): Promise<JobRuntime> {
  const events = {
    onError: (e: unknown, where: { queue: string; jobId?: string }) =>
      o.log.error('job.failed', {
        ...where,
        error: e instanceof Error ? e.name : typeof e,
        code: typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined,
      }),
  };
  const working = o.role === 'worker' || o.databaseUrl === null;
  const queue: JobQueue = o.databaseUrl
    ? new PgBossQueue({
        url: o.databaseUrl,
        schema: o.settings.bossSchema,
        queues: JOB_QUEUES,
        role: working ? 'worker' : 'producer',
        events,
      })
    : new LocalQueue({ db: o.db, ids: o.ids, queues: JOB_QUEUES, events });
  await queue.start();
  if (working) {
    const ctx: JobContext = {
      db: o.db,
      store: o.store,
      playbook: o.playbook,
      analyzer: o.analyzer,
      clock: o.clock,
      ids: o.ids,
      channel:
        o.channel ?? (o.settings.webhookUrl ? webhookChannel(o.settings.webhookUrl) : logChannel(o.log)),
      queue,
      log: o.log,
      sender: o.settings.sender,
    };
    await startWorker({ queue, ctx, concurrency: o.settings.concurrency });
    if (!o.settings.sender.callbackPhone)
      o.log.warn('jobs.no_callback_phone', {
        note: 'set REMINDER_CALLBACK_PHONE: promise reminders are not sent without it',
      });
  }
  o.log.info('jobs.started', { driver: queue.driver, working, role: o.role });
  return { queue, working, stop: (timeoutMs = 30_000) => queue.stop({ timeoutMs }) };
}
