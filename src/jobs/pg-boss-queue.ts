import PgBoss from 'pg-boss';
import { assertSchemaName, backoff, isRetryable, MAX_TX_ATTEMPTS } from '../store/db';
import { parseCron } from './cron';
import {
  type ClaimedJob,
  type EnqueueOptions,
  errorText,
  type JobHandler,
  type JobQueue,
  type JobSource,
  keyedJobId,
  type LoopEvents,
  type QueueCounts,
  type QueueDefinition,
  WorkerLoops,
} from './job-queue';

export interface PgBossQueueOptions {
  url: string;
  /** pg-boss's own schema (default `pgboss`); scratch runs use one per scratch schema */
  schema?: string;
  queues: readonly QueueDefinition[];
  /**
   * Worker processes run pg-boss's maintenance (expiring lost runs, archiving) and its cron clock;
   * API processes only enqueue and leave both off.
   */
  role: 'worker' | 'producer';
  /** connections pg-boss may open (default 4) */
  max?: number;
  pollMs?: number;
  /** how often maintenance expires lost runs (default 30 s) */
  maintenanceSeconds?: number;
  events?: LoopEvents;
}

/**
 * pg-boss 10 on the PostgreSQL server. Jobs are fetched and completed by our own loop
 * (`WorkerLoops`) rather than `boss.work`, so that a drain waits until each running job's result
 * is written — pg-boss's own worker completes without awaiting, and a shutdown in that gap would
 * leave a finished job to expire and run again.
 */
export class PgBossQueue implements JobQueue, JobSource {
  readonly driver = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly defs: Map<string, QueueDefinition>;
  private readonly loops: WorkerLoops;
  private started = false;

  constructor(private readonly opts: PgBossQueueOptions) {
    this.defs = new Map(opts.queues.map((q) => [q.name, q]));
    const worker = opts.role === 'worker';
    this.boss = new PgBoss({
      connectionString: opts.url,
      schema: assertSchemaName(opts.schema ?? 'pgboss'),
      max: opts.max ?? 4,
      application_name: `huikuan-${opts.role}`,
      supervise: worker,
      schedule: worker,
      migrate: true,
      maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
      // Finished jobs stay in the job table (and so keep their keys) for a week.
      archiveCompletedAfterSeconds: 7 * 86_400,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (e) => opts.events?.onError?.(e, { queue: 'pg-boss' }));
    this.loops = new WorkerLoops(this, opts.pollMs ?? 1000, opts.events);
  }

  private def(name: string): QueueDefinition {
    const d = this.defs.get(name);
    if (!d) throw new Error(`unknown job queue "${name}"`);
    return d;
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const q of this.defs.values()) {
      const options = {
        name: q.name,
        retryLimit: q.retryLimit,
        retryDelay: q.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: q.expireInSeconds,
      };
      // Processes starting together can deadlock in create_queue (it adds a partition with foreign
      // keys); the loser of a deadlock tries again and finds the queue made.
      await retryOnDeadlock(async () => {
        if (!(await this.boss.getQueue(q.name))) await this.boss.createQueue(q.name, options);
        await this.boss.updateQueue(q.name, options);
      });
    }
    this.started = true;
  }

  async enqueue(name: string, data: object, o: EnqueueOptions = {}): Promise<string | null> {
    this.def(name);
    return this.boss.send(name, data, {
      ...(o.key ? { id: keyedJobId(name, o.key) } : {}),
      ...(o.startAfter ? { startAfter: o.startAfter } : {}),
    });
  }

  async schedule(name: string, cron: string, data: object, o: { timeZone: string }): Promise<void> {
    this.def(name);
    parseCron(cron); // same expressions in both drivers: reject here what the local driver would
    await this.boss.schedule(name, cron, data, { tz: o.timeZone });
  }

  work(name: string, handler: JobHandler, o: { concurrency?: number } = {}): void {
    this.def(name);
    if (!this.started) throw new Error('start the queue before working it');
    this.loops.add(name, handler, o.concurrency ?? 1);
  }

  async fetch(name: string): Promise<ClaimedJob | null> {
    const jobs = await this.boss.fetch<unknown>(name, { batchSize: 1, includeMetadata: true });
    const j = jobs[0];
    return j ? { id: j.id, name: j.name, data: j.data, attempt: j.retryCount + 1 } : null;
  }

  async complete(name: string, id: string, output: unknown): Promise<void> {
    await this.boss.complete(name, id, isObject(output) ? output : { value: output });
  }

  async fail(name: string, id: string, error: unknown): Promise<void> {
    await this.boss.fail(name, id, { message: errorText(error) });
  }

  async counts(name: string): Promise<QueueCounts> {
    const db = this.boss.getDb();
    const schema = assertSchemaName(this.opts.schema ?? 'pgboss');
    const r = await db.executeSql(
      `select state::text as state, count(*)::int as n from (
         select state from ${schema}.job where name = $1
         union all select state from ${schema}.archive where name = $1) j group by state`,
      [name],
    );
    const n = (s: string): number => {
      const row: unknown = r.rows.find((x: { state?: unknown }) => x.state === s);
      return isObject(row) && typeof row.n === 'number' ? row.n : 0;
    };
    return {
      queued: n('created') + n('retry'),
      active: n('active'),
      completed: n('completed'),
      failed: n('failed'),
    };
  }

  async stop(o: { timeoutMs?: number } = {}): Promise<void> {
    await this.loops.drain(o.timeoutMs ?? 30_000);
    // Our loops are done; pg-boss has no worker of its own to wait for.
    await this.boss.stop({ graceful: false, close: true, wait: true });
  }
}

async function retryOnDeadlock(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= MAX_TX_ATTEMPTS) throw e;
      await backoff(attempt);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
