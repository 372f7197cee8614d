import type { CallAnalyzer } from '../cases/ports';
import type { CaseFixture } from '../store/case-fixture';
import { type JobContext, type SenderProfile, silentLog } from './job-context';
import type { EnqueueOptions, JobQueue } from './job-queue';
import { memoryChannel } from './message-channel';

/** A queue that only records what is enqueued (keys deduplicated as the drivers do). */
export function recordingQueue(): Pick<JobQueue, 'enqueue'> & {
  jobs: { name: string; data: object; opts: EnqueueOptions }[];
} {
  const keys = new Set<string>();
  const q = {
    jobs: [] as { name: string; data: object; opts: EnqueueOptions }[],
    async enqueue(name: string, data: object, opts: EnqueueOptions = {}) {
      if (opts.key) {
        if (keys.has(`${name}\u0000${opts.key}`)) return null;
        keys.add(`${name}\u0000${opts.key}`);
      }
      q.jobs.push({ name, data, opts });
      return `job_${q.jobs.length}`;
    },
  };
  return q;
}

/** The jobs' context over a case fixture, with a memory channel and a recording queue. */
export function jobContextFor(
  fx: CaseFixture,
  opts: { analyzer?: CallAnalyzer; sender?: Partial<SenderProfile> } = {},
) {
  const channel = memoryChannel();
  const queue = recordingQueue();
  const ctx: JobContext = {
    db: fx.db,
    store: fx.store,
    playbook: fx.playbook,
    analyzer: opts.analyzer ?? {
      analyze() {
        throw new Error('no analyzer in this test');
      },
    },
    clock: fx.clock,
    ids: fx.ids,
    channel,
    queue,
    log: silentLog,
    sender: { callbackPhone: '400-800-1234', paymentChannel: null, ...opts.sender },
  };
  return { ctx, channel, queue };
}
