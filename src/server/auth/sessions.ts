import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/db';
import type { Principal } from '../access';
import { type ServerRole, serverRole } from '../api-schemas';

/**
 * Server-side sessions. The cookie holds 32 random bytes; the database holds their SHA-256, so
 * neither a log nor a copy of the sessions table can be replayed as a sign-in. Each session has its
 * own CSRF token, which the browser sends back in a header (a cross-site form cannot read it).
 * Sessions end after SESSION_IDLE_MINUTES without a request, after SESSION_MAX_HOURS in any case,
 * on logout, on "log out everywhere", and when the user is deactivated or their password changes.
 */

export const SESSION_COOKIE = 'hk_session';
export const CSRF_HEADER = 'x-csrf-token';

/** last_seen_at is written at most this often, so reads do not become writes. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface NewSession {
  token: string;
  id: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  user: { id: string; agencyId: string },
  now: Date,
  policy: SessionPolicy,
): Promise<NewSession> {
  const token = randomToken();
  const id = hashToken(token);
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  await db.query(
    `insert into sessions (id, user_id, agency_id, csrf_token, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $4, $5, $5, $6)`,
    [id, user.id, user.agencyId, csrfToken, now, expiresAt],
  );
  return { token, id, csrfToken, createdAt: now, expiresAt };
}

interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  user_id: string;
  agency_id: string;
  role: string;
  team_id: string | null;
  client_id: string | null;
  name: string;
  login: string;
  staff_no: string | null;
}

function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

function roleOf(v: string): ServerRole | null {
  const r = serverRole.safeParse(v);
  return r.success ? r.data : null;
}

/**
 * The signed-in user behind a cookie token, or null: unknown, revoked, expired, idle too long, or
 * the user deactivated. A live session's last_seen_at moves forward (at most once a minute).
 * API requests go through the process's SessionCache (session-cache.ts), which calls this on a miss.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<Principal | null> {
  return (await readSession(db, token, now, policy))?.principal ?? null;
}

/** resolveSession, with the session's last_seen_at after this read (for the cache's idle check). */
export async function readSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<{ principal: Principal; lastSeen: Date } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = hashToken(token);
  const r = await db.query<SessionRow>(
    `select s.id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, u.id as user_id, u.agency_id,
            u.role, u.team_id, u.client_id, u.name, u.login, u.staff_no
       from sessions s join users u on u.id = s.user_id
      where s.id = $1 and s.revoked_at is null and u.active and s.expires_at > $2`,
    [id, now],
    { prepare: true },
  );
  const row = r.rows[0];
  if (!row) return null;
  let lastSeen = toDate(row.last_seen_at);
  if (now.getTime() - lastSeen.getTime() > policy.idleMinutes * 60_000) {
    await revokeSession(db, id, now);
    return null;
  }
  const role = roleOf(row.role);
  if (!role) return null;
  if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) {
    await db.query('update sessions set last_seen_at = $2 where id = $1 and revoked_at is null', [id, now]);
    lastSeen = now;
  }
  return {
    lastSeen,
    principal: {
      userId: row.user_id,
      agencyId: row.agency_id,
      role,
      teamId: row.team_id,
      clientId: row.client_id,
      name: row.name,
      login: row.login,
      staffNo: row.staff_no,
      sessionId: row.id,
      csrfToken: row.csrf_token,
      sessionCreatedAt: toDate(row.created_at),
      sessionExpiresAt: toDate(row.expires_at),
    },
  };
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.query('update sessions set revoked_at = $2 where id = $1 and revoked_at is null', [
    sessionId,
    now,
  ]);
}

/** Logs the user out everywhere: every session of theirs ends now. Returns how many were live. */
export async function revokeUserSessions(db: Pick<Db, 'query'>, userId: string, now: Date): Promise<number> {
  const r = await db.query('update sessions set revoked_at = $2 where user_id = $1 and revoked_at is null', [
    userId,
    now,
  ]);
  return r.rowCount;
}

/** Ends every session of the user but this one (a password change). Returns how many were live. */
export async function revokeOtherSessions(
  db: Pick<Db, 'query'>,
  userId: string,
  keep: string,
  now: Date,
): Promise<number> {
  const r = await db.query(
    'update sessions set revoked_at = $3 where user_id = $1 and id <> $2 and revoked_at is null',
    [userId, keep, now],
  );
  return r.rowCount;
}

/** The session token in a raw Cookie header (WebSocket upgrades arrive without the Hono context). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}
