import { createHash } from 'node:crypto';

/**
 * The job queue port: enqueue, schedule by cron, work. Two drivers share it — pg-boss on a
 * PostgreSQL server (`pg-boss-queue.ts`) and an in-process driver over the app's own database for
 * PGlite (`local-queue.ts`) — and one contract suite (`job-queue.contract.ts`).
 *
 * Delivery is at least once: a job whose process dies mid-run is run again once its lease expires.
 * Handlers are therefore idempotent (each claims its side effect in the database, in the same
 * transaction as the effect), which makes every effect happen exactly once.
 */

/** Per job name: how often to retry, and how long a run may take before it counts as lost. */
export interface QueueDefinition {
  name: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** a run still active after this long is considered dead (its process died) and retried */
  expireInSeconds: number;
}

export interface EnqueueOptions {
  /** not before this instant */
  startAfter?: Date;
  /**
   * At most one job per (name, key): enqueueing the same key again does nothing and returns null.
   * Held for as long as the queue keeps finished jobs (days), which is what duplicate scans need.
   */
  key?: string;
}

export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  /** 1 on the first run */
  attempt: number;
}

export type JobHandler = (job: ClaimedJob) => Promise<unknown>;

export interface QueueCounts {
  queued: number;
  active: number;
  completed: number;
  failed: number;
}

export interface JobQueue {
  readonly driver: 'pg-boss' | 'local';
  /** Installs what the driver needs (schema, queues); call once before anything else. */
  start(): Promise<void>;
  enqueue(name: string, data: object, opts?: EnqueueOptions): Promise<string | null>;
  /** Runs `name` with `data` at every cron time in `timeZone` (one job per time across all workers). */
  schedule(name: string, cron: string, data: object, opts: { timeZone: string }): Promise<void>;
  /** Starts polling `name` in this process; `concurrency` runs in parallel. */
  work(name: string, handler: JobHandler, opts?: { concurrency?: number }): void;
  counts(name: string): Promise<QueueCounts>;
  /**
   * Drains: stops taking jobs, lets every running handler finish (up to `timeoutMs`), records their
   * results, then closes. A job still running at the timeout is left to expire and run again.
   */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

/** A stable UUID for (name, key), so a keyed enqueue is an idempotent insert in pg-boss too. */
export function keyedJobId(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  // RFC 4122 layout with the version nibble 8 (custom) and the variant bits 10.
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What a driver provides so the shared polling loop can work its queues. */
export interface JobSource {
  fetch(name: string): Promise<ClaimedJob | null>;
  complete(name: string, id: string, output: unknown): Promise<void>;
  fail(name: string, id: string, error: unknown): Promise<void>;
}

export interface LoopEvents {
  onError?: (e: unknown, context: { queue: string; jobId?: string }) => void;
}

/**
 * Polling loops, one per (queue, concurrency slot). A loop takes a job, runs its handler, records
 * the result, and looks again at once while jobs keep coming; when the queue is empty it sleeps
 * `pollMs` (or until `nudge` says a job was enqueued here). `drain` stops taking jobs and waits for
 * the running ones, including the write of their result.
 */
export class WorkerLoops {
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private readonly running = new Set<string>();
  private stopping = false;

  constructor(
    private readonly source: JobSource,
    private readonly pollMs: number,
    private readonly events: LoopEvents = {},
  ) {}

  get active(): number {
    return this.running.size;
  }

  get draining(): boolean {
    return this.stopping;
  }

  add(name: string, handler: JobHandler, concurrency: number): void {
    if (this.stopping) throw new Error(`cannot work "${name}": the queue is stopping`);
    for (let i = 0; i < concurrency; i++) this.loops.push(this.loop(name, handler));
  }

  /** Wakes sleeping loops (a job was just enqueued in this process). */
  nudge(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private async loop(name: string, handler: JobHandler): Promise<void> {
    while (!this.stopping) {
      let job: ClaimedJob | null = null;
      try {
        job = await this.source.fetch(name);
      } catch (e) {
        this.events.onError?.(e, { queue: name });
      }
      if (!job) {
        await this.sleep(this.pollMs);
        continue;
      }
      this.running.add(job.id);
      try {
        let output: unknown;
        try {
          output = await handler(job);
        } catch (e) {
          this.events.onError?.(e, { queue: name, jobId: job.id });
          await this.source.fail(name, job.id, e);
          continue;
        }
        await this.source.complete(name, job.id, output ?? null);
      } catch (e) {
        // Recording the result failed (the database went away): the lease expires and it reruns.
        this.events.onError?.(e, { queue: name, jobId: job.id });
      } finally {
        this.running.delete(job.id);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Resolves true when every loop has finished its current job, false on timeout. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    this.nudge();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all(this.loops).then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 2000);
  return String(e).slice(0, 2000);
}
