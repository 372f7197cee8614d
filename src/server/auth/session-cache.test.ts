import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, NotificationHandlers, QueryOptions, Subscription } from '../../store/db';
import { openScratchDb, type ScratchDb } from '../../store/open-db';
import { openPostgres } from '../../store/pg-db';
import { SessionCache } from './session-cache';
import { createSession, revokeSession } from './sessions';

// On PGlite in `npm test`; on the server (a second connection revoking, as another process would)
// when DATABASE_URL is set.

const POLICY = { idleMinutes: 60, maxHours: 24 };
const NOW = new Date('2026-11-30T02:00:00Z');

let scratch: ScratchDb;
let statements = 0;
let db: Db;

beforeAll(async () => {
  scratch = await openScratchDb({ prefix: 'session_cache' });
  const base = scratch.db;
  db = {
    ...base,
    query: (text, params, opts) => {
      statements++;
      return base.query(text, params, opts);
    },
  };
  await base.exec(`
    insert into agencies (id, name) values ('agy_1', 'Agency');
    insert into users (id, agency_id, name, role, login, active) values
      ('usr_1', 'agy_1', 'One', 'collector', 'one', true),
      ('usr_2', 'agy_1', 'Two', 'collector', 'two', true);
  `);
});

afterAll(async () => {
  await scratch?.dispose();
});

/** Another process's view of the same database: PGlite has one; a server gets its own pool. */
async function otherProcess<T>(fn: (other: Db) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (!url || !scratch.schema) return fn(scratch.db);
  const other = openPostgres({ url, schema: scratch.schema, max: 1 });
  try {
    return await fn(other);
  } finally {
    await other.close();
  }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function warm(cache: SessionCache, token: string): Promise<void> {
  // The first read starts the LISTEN; once it is live, a read is kept.
  await cache.resolve(token, NOW);
  await until(() => (cache as unknown as { usable(): boolean }).usable());
  await cache.resolve(token, NOW);
}

describe('SessionCache', () => {
  it('answers a session it checked a moment ago without a query', async () => {
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(db, POLICY);
    try {
      await warm(cache, s.token);
      const before = statements;
      for (let i = 0; i < 20; i++) expect((await cache.resolve(s.token, NOW))?.userId).toBe('usr_1');
      expect(statements).toBe(before);
    } finally {
      await cache.close();
    }
  });

  it('asks the database again once the entry is older than its time to live', async () => {
    let t = 0;
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(db, POLICY, 5000, () => t);
    try {
      await warm(cache, s.token);
      const before = statements;
      t = 4999;
      await cache.resolve(s.token, NOW);
      expect(statements).toBe(before);
      t = 5001;
      await cache.resolve(s.token, NOW);
      expect(statements).toBe(before + 1);
    } finally {
      await cache.close();
    }
  });

  it('forgets a session revoked by another process as soon as the notification arrives', async () => {
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(db, POLICY);
    try {
      await warm(cache, s.token);
      expect(cache.size).toBe(1);
      await otherProcess((other) => revokeSession(other, s.id, NOW));
      await until(() => cache.size === 0);
      expect(await cache.resolve(s.token, NOW)).toBeNull();
    } finally {
      await cache.close();
    }
  });

  it('forgets every session of a user another process changed (deactivated, role, team …)', async () => {
    const a = await createSession(db, { id: 'usr_2', agencyId: 'agy_1' }, NOW, POLICY);
    const b = await createSession(db, { id: 'usr_2', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(db, POLICY);
    try {
      await warm(cache, a.token);
      await cache.resolve(b.token, NOW);
      expect(cache.size).toBe(2);
      await otherProcess((other) =>
        other.query(`update users set team_id = null, name = 'Two (moved)' where id = 'usr_2'`),
      );
      await until(() => cache.size === 0);
      expect((await cache.resolve(a.token, NOW))?.name).toBe('Two (moved)');
      await otherProcess((other) => other.query(`update users set active = false where id = 'usr_2'`));
      await until(() => cache.size === 0);
      expect(await cache.resolve(a.token, NOW)).toBeNull();
      expect(await cache.resolve(b.token, NOW)).toBeNull();
    } finally {
      await otherProcess((other) => other.query(`update users set active = true where id = 'usr_2'`));
      await cache.close();
    }
  });

  it('checks expiry and the idle limit on every cached answer', async () => {
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(db, POLICY);
    try {
      await warm(cache, s.token);
      const idle = new Date(NOW.getTime() + (POLICY.idleMinutes + 1) * 60_000);
      expect(await cache.resolve(s.token, idle)).toBeNull();
      const r = await db.query<{ revoked_at: unknown }>('select revoked_at from sessions where id = $1', [
        s.id,
      ]);
      expect(r.rows[0]?.revoked_at).not.toBeNull();
    } finally {
      await cache.close();
    }
  });

  it('keeps nothing while notifications cannot arrive, and forgets everything when they may have been missed', async () => {
    let handlers: NotificationHandlers | null = null;
    const sub = { live: false, close: async () => {} };
    const deaf: Db = {
      ...db,
      listen: async (_channel: string, h: NotificationHandlers): Promise<Subscription> => {
        handlers = h;
        return sub;
      },
    };
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    const cache = new SessionCache(deaf, POLICY);
    await cache.resolve(s.token, NOW);
    await cache.resolve(s.token, NOW);
    expect(cache.size).toBe(0);
    sub.live = true;
    await cache.resolve(s.token, NOW);
    expect(cache.size).toBe(1);
    (handlers as NotificationHandlers | null)?.reset();
    expect(cache.size).toBe(0);
  });

  it('does not keep a read that a notification overtook', async () => {
    const s = await createSession(db, { id: 'usr_1', agencyId: 'agy_1' }, NOW, POLICY);
    let cache: SessionCache | null = null;
    let once = true;
    const racing: Db = {
      ...db,
      query: async <R>(text: string, params?: readonly unknown[], opts?: QueryOptions) => {
        const r = await db.query<R>(text, params, opts);
        // The revocation's notification lands while the check's answer is on its way back.
        if (once && /from sessions s join users/.test(text)) {
          once = false;
          cache?.forgetSession(s.id);
        }
        return r;
      },
    };
    cache = new SessionCache(racing, POLICY);
    try {
      await cache.resolve(s.token, NOW);
      await until(() => (cache as unknown as { usable(): boolean }).usable());
      once = true;
      expect((await cache.resolve(s.token, NOW))?.userId).toBe('usr_1');
      expect(cache.size).toBe(0);
    } finally {
      await cache.close();
    }
  });
});
