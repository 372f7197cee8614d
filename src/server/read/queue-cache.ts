import type { z } from 'zod';
import {
  assertQueueAccess,
  buildQueueInput,
  type buildQueueOutput,
  explainRanked,
  nextWindow,
  type QueueSnapshot,
  queuePage,
  queueSnapshot,
  rankQueue,
} from '../../cases/build-queue';
import { historySince } from '../../cases/contact-decision';
import { notFound, parseInput } from '../../cases/errors';
import type { CaseTx, Clock, GuardContext, UnitOfWork } from '../../cases/ports';
import type { Playbook } from '../../playbook';
import type { Principal } from '../access';

/**
 * The collectors' queues, served from memory. A collector's candidates (open, assigned cases without
 * a hold, with what ranking needs) and the contact guard's context for the debtors on their pages are
 * read once and kept; every request ranks them at its own instant (rankQueue) and runs the guard on
 * the page at that instant, so the time rules — quiet hours, the local day's conversations, promises
 * falling due — apply to the second, as with buildQueue's SQL.
 *
 * What was read is kept until:
 * - this process writes to a table the queue reads (cases, debtors, contacts, contact attempts,
 *   holds, placements, clients; src/store/write-watch.ts) — dropped at once, so a collector who
 *   records a contact sees their queue move on the next request;
 * - QUEUE_CACHE_MS have passed (each entry lives between half of that and all of it, so that
 *   collectors read together are not read again together) — a change made through another process
 *   (or a job in a worker) shows here within that time;
 * - the agency's playbook changes (its rule packs set the windows).
 * A read that overlapped one of this process's writes is used for its own request but not kept.
 * Who may see which queue is decided on fresh data: your own needs no read; another collector's
 * is looked up in the database each time.
 */

/** The tables the queue reads: a write to one through this process drops what is kept at once. */
export const QUEUE_TABLES = [
  'cases',
  'debtors',
  'contacts',
  'contact_attempts',
  'holds',
  'placements',
  'clients',
] as const;

/** How long a collector's queue data is trusted without reading it again. */
export const QUEUE_CACHE_MS = 2000;
/** Collectors whose queue data a process keeps; past this the least recently filled go. */
const MAX_COLLECTORS = 5000;

interface Entry {
  snapshot: QueueSnapshot;
  playbook: Playbook;
  /** the guard's context per debtor, read for the pages served */
  contexts: Map<string, GuardContext>;
  /** trusted until then (process clock, ms) */
  expiresAt: number;
  version: number;
}

export class QueueCache {
  private readonly entries = new Map<string, Entry>();
  private readonly filling = new Map<string, Promise<Entry>>();

  constructor(
    private readonly store: UnitOfWork<CaseTx>,
    /** moves whenever this process writes what the queue reads */
    private readonly version: () => number,
    private readonly ttlMs: number = QUEUE_CACHE_MS,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** The same answer as buildQueue, for a signed-in collector, lead or manager. */
  async queue(
    deps: { playbook: Playbook; clock: Clock },
    p: Principal,
    input: z.input<typeof buildQueueInput>,
  ): Promise<z.infer<typeof buildQueueOutput>> {
    const i = parseInput(buildQueueInput, input);
    const at = i.at ? new Date(i.at) : deps.clock.now();
    if (i.collectorId !== p.userId) {
      const collector = await this.store.read((tx) => tx.org.getUser(p.agencyId, i.collectorId));
      if (!collector || p.role === 'client_viewer') throw notFound('user', i.collectorId);
      assertQueueAccess({ id: p.userId, role: p.role, teamId: p.teamId }, collector);
    }
    const e = await this.entry(p.agencyId, i.collectorId, deps.playbook);
    const { rows, total } = rankQueue(e.snapshot, at, i.pageSize, (i.page - 1) * i.pageSize);
    const missing = [...new Set(rows.map((r) => r.debtorId).filter((id) => !e.contexts.has(id)))];
    let contexts: ReadonlyMap<string, GuardContext> = e.contexts;
    if (missing.length) {
      const version = this.version();
      const read = await this.store.read((tx) =>
        tx.attempts.guardContext(p.agencyId, missing, historySince(at)),
      );
      if (version === this.version() && version === e.version)
        for (const [id, c] of read) e.contexts.set(id, c);
      else contexts = new Map([...e.contexts, ...read]);
    }
    const out = queuePage({
      collectorId: i.collectorId,
      at,
      page: i.page,
      pageSize: i.pageSize,
      rows,
      total,
      contexts,
      policies: e.snapshot.policies,
      explain: (r) => explainRanked(e.snapshot, r, at),
    });
    if (total === 0 && i.page === 1) out.nextWindow = nextWindow(e.snapshot, at);
    return out;
  }

  /** Collectors whose queue data is kept (tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private async entry(agencyId: string, collectorId: string, playbook: Playbook): Promise<Entry> {
    const key = `${agencyId}:${collectorId}`;
    const e = this.entries.get(key);
    if (e && e.version === this.version() && e.playbook === playbook && this.monotonic() < e.expiresAt)
      return e;
    // One read per collector at a time: requests arriving meanwhile wait for it.
    let pending = this.filling.get(key);
    if (!pending) {
      pending = this.fill(key, agencyId, collectorId, playbook).finally(() => this.filling.delete(key));
      this.filling.set(key, pending);
    }
    return pending;
  }

  private async fill(key: string, agencyId: string, collectorId: string, playbook: Playbook): Promise<Entry> {
    const version = this.version();
    // Each entry lives between half the time to live and all of it, so collectors whose queues were
    // read together are not all read again in the same moment (a pause of every queue request).
    const expiresAt = this.monotonic() + this.ttlMs * (0.5 + 0.5 * Math.random());
    const { clients, candidates } = await this.store.read(async (tx) => ({
      clients: await tx.queue.clientsOf(agencyId, collectorId),
      candidates: await tx.queue.candidates(agencyId, collectorId),
    }));
    const e: Entry = {
      snapshot: queueSnapshot(playbook, collectorId, clients, candidates),
      playbook,
      contexts: new Map(),
      expiresAt,
      version,
    };
    if (version === this.version()) {
      this.entries.delete(key);
      this.entries.set(key, e);
      if (this.entries.size > MAX_COLLECTORS) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return e;
  }
}
