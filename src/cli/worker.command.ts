import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LOG_LEVELS } from '../config/config';
import { createAnalyzer } from '../io/analyzer-files';
import { loadPlaybookDir } from '../io/playbook-files';
import { JOB_ENV_HELP, JobConfigError, jobSettingsFromEnv, startJobRuntime } from '../jobs/runtime';
import { createLogger, errorFields } from '../server/logger';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { migrate } from '../store/migrate';
import { openDb } from '../store/open-db';
import { UsageError } from './cli-error';

export const WORKER_HELP = `huikuan worker

  Runs the background jobs against the PostgreSQL server in DATABASE_URL, until SIGTERM or SIGINT:
  promise reminders, broken-promise detection, batch QA of uploaded transcripts, nightly team
  statistics, 停催 review dates and complaint deadlines. Run as many workers as you like; each job
  runs once. SIGTERM drains: the jobs running finish and are recorded, nothing new is taken.
  On PGlite (no DATABASE_URL) the jobs run inside "huikuan start" and no worker is needed.

  DATABASE_URL         postgres://… (required)
  LOG_LEVEL            debug | info | warn | error | silent (default info)
  SHUTDOWN_TIMEOUT_MS  how long SIGTERM waits for running jobs (default 30000)
${JOB_ENV_HELP}`;

const workerEnv = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required: the worker runs against a PostgreSQL server' })
    .regex(/^postgres(ql)?:\/\/.+/, { error: 'DATABASE_URL must be a postgres:// or postgresql:// URL' }),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  SHUTDOWN_TIMEOUT_MS: z
    .string()
    .regex(/^\d+$/, { error: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds' })
    .transform(Number)
    .default(30_000),
});

export async function workerCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const env = workerEnv.safeParse({
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    LOG_LEVEL: process.env.LOG_LEVEL || undefined,
    SHUTDOWN_TIMEOUT_MS: process.env.SHUTDOWN_TIMEOUT_MS || undefined,
  });
  let settings: ReturnType<typeof jobSettingsFromEnv>;
  try {
    settings = jobSettingsFromEnv();
  } catch (e) {
    if (e instanceof JobConfigError) throw new UsageError(e.message);
    throw e;
  }
  if (!env.success) throw new UsageError(env.error.issues.map((i) => i.message).join('; '));
  const { DATABASE_URL: url, LOG_LEVEL: level, SHUTDOWN_TIMEOUT_MS: drainMs } = env.data;

  const log = createLogger({ level, base: { proc: 'worker', pid: process.pid } });
  const db = await openDb({ url });
  try {
    // Several processes may start at once: the migrator serialises them under a lock.
    const migrated = await migrate(db);
    if (migrated.applied.length) log.info('db.migrated', { applied: migrated.applied });
    const playbook = loadPlaybookDir();
    const runtime = await startJobRuntime({
      db,
      store: createCaseStore(db),
      databaseUrl: url,
      role: 'worker',
      playbook,
      analyzer: createAnalyzer({ playbook }),
      clock: systemClock,
      ids: createIdGenerator(),
      log,
      settings,
    });
    log.info('worker.started', { driver: runtime.queue.driver, concurrency: settings.concurrency });
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    const started = Date.now();
    log.info('worker.draining', { signal });
    // A second signal while draining stops at once (the running jobs' leases expire and they rerun).
    const force = () => {
      log.warn('worker.forced_exit', {});
      process.exit(1);
    };
    process.once('SIGTERM', force);
    process.once('SIGINT', force);
    await runtime.stop(drainMs);
    log.info('worker.stopped', { signal, ms: Date.now() - started });
    return 0;
  } catch (e) {
    log.error('worker.failed', errorFields(e));
    return 1;
  } finally {
    await db.close();
  }
}
