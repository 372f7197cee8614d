import type { Db, Subscription } from '../../store/db';
import type { Principal } from '../access';
import { hashToken, readSession, type SessionPolicy } from './sessions';

/**
 * Sessions this process has checked, kept for a few seconds so that a signed-in read costs no query.
 * What keeps it right:
 *
 * - Every revocation, and every change to a user, is announced at commit on the channel
 *   `huikuan_sessions` by triggers (migration 20261202T0900), so it reaches every API process within
 *   milliseconds; this process also forgets at once what it revokes itself (`forgetSession`,
 *   `forgetUser`), before it answers the request that did it.
 * - The cache is used only while the LISTEN connection is up. When it drops, everything is forgotten
 *   and every request reads the database until it is back (notifications sent meanwhile are lost).
 * - An entry is trusted for at most SESSION_CACHE_MS in any case (a connection that hangs without
 *   closing, a row changed with triggers disabled); then the database is read again, which also moves
 *   last_seen_at forward (at most once a minute) and applies the idle rule as before.
 * - A check that raced a notification is not kept: each notification moves a generation counter, and
 *   a database read is cached only if none arrived while it ran.
 * - Expiry and the idle limit are checked on every request against the cached times.
 */

/** How long a checked session is trusted without asking the database again. */
export const SESSION_CACHE_MS = 5000;
/** Sessions kept per process; past this the oldest are dropped (they are read again when used). */
const MAX_ENTRIES = 20_000;
export const SESSION_CHANNEL = 'huikuan_sessions';

interface Entry {
  principal: Principal;
  /** last_seen_at as the database had it (or as this process moved it) */
  lastSeen: Date;
  /** when the database last confirmed it (process clock, ms) */
  checkedAt: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private subscription: Subscription | null = null;
  private starting: Promise<void> | null = null;
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly policy: SessionPolicy,
    private readonly ttlMs: number = SESSION_CACHE_MS,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** The signed-in user behind a cookie token, or null (see resolveSession). */
  async resolve(token: string, now: Date): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const id = hashToken(token);
    if (this.usable()) {
      const e = this.entries.get(id);
      if (e && this.monotonic() - e.checkedAt < this.ttlMs) {
        // Let notifications already received by this process be handled before trusting the entry.
        await new Promise<void>((r) => setImmediate(r));
        if (this.entries.get(id) === e && this.fresh(e, now)) return e.principal;
      }
    } else this.start();
    const generation = this.generation;
    const r = await readSession(this.db, token, now, this.policy);
    if (!r) {
      this.entries.delete(id);
      return null;
    }
    if (this.usable() && generation === this.generation) {
      this.entries.delete(id);
      this.entries.set(id, { principal: r.principal, lastSeen: r.lastSeen, checkedAt: this.monotonic() });
      if (this.entries.size > MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return r.principal;
  }

  /** This process revoked the session: forget it before answering. */
  forgetSession(sessionId: string): void {
    this.generation++;
    this.entries.delete(sessionId);
  }

  /** The user changed or their sessions were revoked: forget every session of theirs. */
  forgetUser(userId: string): void {
    this.generation++;
    for (const [id, e] of this.entries) if (e.principal.userId === userId) this.entries.delete(id);
  }

  forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Cached sessions (tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    const s = this.subscription;
    this.subscription = null;
    this.forgetAll();
    await s?.close();
  }

  /** Not expired and not idle too long as of `now`; otherwise the database decides (and revokes). */
  private fresh(e: Entry, now: Date): boolean {
    const t = now.getTime();
    return (
      t < e.principal.sessionExpiresAt.getTime() &&
      t - e.lastSeen.getTime() <= this.policy.idleMinutes * 60_000
    );
  }

  private usable(): boolean {
    return this.subscription?.live === true;
  }

  private start(): void {
    if (this.subscription || this.starting) return;
    this.starting = this.db
      .listen(SESSION_CHANNEL, {
        message: (payload) => {
          if (payload.startsWith('s:')) this.forgetSession(payload.slice(2));
          else if (payload.startsWith('u:')) this.forgetUser(payload.slice(2));
          else this.forgetAll();
        },
        reset: () => this.forgetAll(),
      })
      .then((s) => {
        this.subscription = s;
      })
      .catch(() => {
        // no LISTEN: every request reads the database; the next miss tries again
      })
      .finally(() => {
        this.starting = null;
      });
  }
}
