import type { IdGenerator } from '../cases/ports';
import type { Db } from '../store/db';
import { type CronSpec, cronTimesBetween, parseCron } from './cron';
import {
  type ClaimedJob,
  type EnqueueOptions,
  errorText,
  type JobHandler,
  type JobQueue,
  type JobSource,
  type LoopEvents,
  type QueueCounts,
  type QueueDefinition,
  WorkerLoops,
} from './job-queue';

export interface LocalQueueOptions {
  db: Db;
  ids: IdGenerator;
  queues: readonly QueueDefinition[];
  /** how often an idle loop looks for work (default 1 s); enqueues in this process wake it at once */
  pollMs?: number;
  /** how often cron schedules are checked (default 15 s) */
  cronTickMs?: number;
  /** finished jobs are deleted after this many days (default 14) */
  keepDays?: number;
  events?: LoopEvents;
}

interface Schedule {
  name: string;
  spec: CronSpec;
  data: object;
  timeZone: string;
}

/** One job per cron time (the key is per job name). */
function cronKey(at: Date): string {
  return `cron:${at.toISOString()}`;
}

/** A missed cron time is caught up once at start if it is at most this old. */
const CATCH_UP_MS = 24 * 3600_000;

/**
 * The in-process driver: jobs live in the app's own database (table `job_queue`), so on PGlite a
 * restart loses nothing. A job is claimed by moving it to 'active' with a lease; the lease is the
 * queue's expireInSeconds, after which a job whose process died is claimed again. It works on a
 * PostgreSQL server too (claims use `for update skip locked`), but there pg-boss is the driver.
 */
export class LocalQueue implements JobQueue, JobSource {
  readonly driver = 'local' as const;
  private readonly defs: Map<string, QueueDefinition>;
  private readonly loops: WorkerLoops;
  private readonly schedules: Schedule[] = [];
  private cronTimer: NodeJS.Timeout | undefined;
  private lastCronTick = new Date();
  private tick: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LocalQueueOptions) {
    this.defs = new Map(opts.queues.map((q) => [q.name, q]));
    this.loops = new WorkerLoops(this, opts.pollMs ?? 1000, opts.events);
  }

  private def(name: string): QueueDefinition {
    const d = this.defs.get(name);
    if (!d) throw new Error(`unknown job queue "${name}"`);
    return d;
  }

  async start(): Promise<void> {
    // The table comes with the migrations; check it is there so a missing migrate fails loudly.
    await this.opts.db.query('select 1 from job_queue limit 1');
  }

  async enqueue(name: string, data: object, o: EnqueueOptions = {}): Promise<string | null> {
    const d = this.def(name);
    const id = this.opts.ids.next('job');
    const r = await this.opts.db.query<{ id: string }>(
      `insert into job_queue (id, name, data, run_at, singleton_key, max_attempts)
       values ($1, $2, $3::jsonb, coalesce($4::timestamptz, now()), $5, $6)
       on conflict do nothing returning id`,
      [id, name, JSON.stringify(data), o.startAfter ?? null, o.key ?? null, d.retryLimit + 1],
    );
    if (r.rows.length && (!o.startAfter || o.startAfter.getTime() <= Date.now())) this.loops.nudge();
    return r.rows[0]?.id ?? null;
  }

  async schedule(name: string, cron: string, data: object, o: { timeZone: string }): Promise<void> {
    this.def(name);
    const s: Schedule = { name, spec: parseCron(cron), data, timeZone: o.timeZone };
    this.schedules.push(s);
    await this.catchUp(s);
    if (!this.cronTimer) {
      this.lastCronTick = new Date();
      this.cronTimer = setInterval(() => {
        this.tick = this.tick.then(() => this.cronTick()).catch(() => {});
      }, this.opts.cronTickMs ?? 15_000);
      this.cronTimer.unref();
    }
  }

  /** Fires the latest time missed while no process was running (at most one, at most a day old). */
  private async catchUp(s: Schedule): Promise<void> {
    const now = new Date();
    const last = await this.opts.db.query<{ at: Date | string | null }>(
      `select max(run_at) as at from job_queue where name = $1 and singleton_key like 'cron:%'`,
      [s.name],
    );
    const lastAt = last.rows[0]?.at ? new Date(last.rows[0].at) : new Date(now.getTime() - CATCH_UP_MS);
    const from = new Date(Math.max(lastAt.getTime(), now.getTime() - CATCH_UP_MS));
    const missed = cronTimesBetween(s.spec, from, now, s.timeZone, 10_000).at(-1);
    if (missed) await this.enqueue(s.name, s.data, { key: cronKey(missed), startAfter: missed });
  }

  private async cronTick(): Promise<void> {
    const now = new Date();
    const from = this.lastCronTick;
    this.lastCronTick = now;
    for (const s of this.schedules)
      for (const at of cronTimesBetween(s.spec, from, now, s.timeZone))
        await this.enqueue(s.name, s.data, { key: cronKey(at), startAfter: at });
    await this.opts.db.query(
      `delete from job_queue where state in ('completed', 'failed') and completed_at < now() - make_interval(days => $1)`,
      [this.opts.keepDays ?? 14],
    );
  }

  work(name: string, handler: JobHandler, o: { concurrency?: number } = {}): void {
    this.def(name);
    this.loops.add(name, handler, o.concurrency ?? 1);
  }

  async fetch(name: string): Promise<ClaimedJob | null> {
    const d = this.def(name);
    // A run whose lease expired on its last allowed attempt has failed for good.
    await this.opts.db.query(
      `update job_queue set state = 'failed', completed_at = now(), locked_until = null,
              last_error = coalesce(last_error, 'lease expired: the process running it stopped')
        where name = $1 and state = 'active' and locked_until < now() and attempts >= max_attempts`,
      [name],
    );
    const r = await this.opts.db.query<{ id: string; name: string; data: unknown; attempts: number }>(
      `update job_queue set state = 'active', attempts = attempts + 1,
              locked_until = now() + make_interval(secs => $2)
        where id = (
          select id from job_queue
           where name = $1 and ((state = 'created' and run_at <= now()) or (state = 'active' and locked_until < now()))
           order by run_at, id
           limit 1
           for update skip locked)
        returning id, name, data, attempts`,
      [name, d.expireInSeconds],
    );
    const row = r.rows[0];
    return row ? { id: row.id, name: row.name, data: row.data, attempt: row.attempts } : null;
  }

  async complete(_name: string, id: string, output: unknown): Promise<void> {
    await this.opts.db.query(
      `update job_queue set state = 'completed', completed_at = now(), locked_until = null, output = $2::jsonb
        where id = $1 and state = 'active'`,
      [id, JSON.stringify(output ?? null)],
    );
  }

  async fail(name: string, id: string, error: unknown): Promise<void> {
    const d = this.def(name);
    // Back off exponentially: delay, 2×delay, 4×delay …
    await this.opts.db.query(
      `update job_queue
          set state = case when attempts >= max_attempts then 'failed' else 'created' end,
              completed_at = case when attempts >= max_attempts then now() end,
              run_at = now() + make_interval(secs => $3 * power(2, greatest(attempts - 1, 0))),
              locked_until = null, last_error = $2
        where id = $1 and state = 'active'`,
      [id, errorText(error), d.retryDelaySeconds],
    );
  }

  async counts(name: string): Promise<QueueCounts> {
    const r = await this.opts.db.query<{ state: string; n: number }>(
      `select state, count(*)::int as n from job_queue where name = $1 group by state`,
      [name],
    );
    const n = (s: string) => r.rows.find((x) => x.state === s)?.n ?? 0;
    return { queued: n('created'), active: n('active'), completed: n('completed'), failed: n('failed') };
  }

  async stop(o: { timeoutMs?: number } = {}): Promise<void> {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = undefined;
    await this.tick;
    await this.loops.drain(o.timeoutMs ?? 30_000);
  }
}
