import type { z } from 'zod';
import { auditEntry } from '../cases/audit-entry';
import { notFound } from '../cases/errors';
import type { Actor, IdGenerator } from '../cases/ports';
import { auditRepository } from '../store/audit.repository';
import { PG_UNIQUE_VIOLATION, type Sql, sqlState } from '../store/db';
import type { createUserBody, ServerRole } from './api-schemas';
import { hashPassword } from './auth/passwords';
import { revokeUserSessions } from './auth/sessions';
import { httpError } from './errors';

/**
 * User accounts with sign-in: the core's users row plus a login, an argon2id password hash, the
 * staff number and, for a client-bank viewer, the bank. Who may create whom is checked by the caller
 * (routes/users.routes.ts); the rules of the account itself are checked here.
 */

export type NewAccount = z.infer<typeof createUserBody>;

export const RANK: Record<ServerRole, number> = {
  client_viewer: 0,
  trainer: 1,
  collector: 1,
  qa: 2,
  lead: 3,
  manager: 4,
  admin: 5,
};

function loginTaken(login: string) {
  return httpError(
    'user.login_taken',
    { zh: `登录名 ${login} 已被使用`, en: `The login ${login} is taken` },
    { login },
  );
}

async function checkRefs(
  tx: Pick<Sql, 'query'>,
  agencyId: string,
  role: ServerRole,
  teamId: string | null,
  clientId: string | null,
): Promise<void> {
  if (role === 'client_viewer' && !clientId)
    throw httpError('user.client_required', {
      zh: '委托方查看账号须指定委托方',
      en: 'A client-bank viewer needs a client',
    });
  if (role !== 'client_viewer' && clientId)
    throw httpError('user.client_not_allowed', {
      zh: '只有委托方查看账号才能关联委托方',
      en: 'Only a client-bank viewer belongs to a client',
    });
  if (teamId) {
    const t = await tx.query('select 1 from teams where agency_id = $1 and id = $2', [agencyId, teamId]);
    if (!t.rows.length) throw notFound('team', teamId);
  }
  if (clientId) {
    // A viewer may only be linked to a bank this agency has placements from.
    const c = await tx.query('select 1 from placements where agency_id = $1 and client_id = $2 limit 1', [
      agencyId,
      clientId,
    ]);
    const exists = await tx.query('select 1 from clients where id = $1', [clientId]);
    if (!exists.rows.length || (!c.rows.length && role === 'client_viewer'))
      throw notFound('client', clientId);
  }
}

export async function createAccount(
  tx: Sql,
  ids: IdGenerator,
  actor: Actor,
  now: Date,
  input: NewAccount,
  opts: { passwordHash?: string } = {},
): Promise<string> {
  await checkRefs(tx, actor.agencyId, input.role, input.teamId, input.clientId);
  const id = ids.next('usr');
  const hash = opts.passwordHash ?? (await hashPassword(input.password));
  try {
    await tx.query(
      `insert into users (id, agency_id, team_id, name, role, active, login, password_hash, password_changed_at,
                          staff_no, client_id)
       values ($1, $2, $3, $4, $5, true, $6, $7, $8, $9, $10)`,
      [
        id,
        actor.agencyId,
        input.teamId,
        input.name,
        input.role,
        input.login,
        hash,
        now,
        input.staffNo,
        input.clientId,
      ],
    );
  } catch (e) {
    if (sqlState(e) === PG_UNIQUE_VIOLATION) throw loginTaken(input.login);
    throw e;
  }
  await auditRepository(tx).append(
    auditEntry(actor, now, input.clientId, 'user.created', 'user', id, {
      role: input.role,
      teamId: input.teamId,
      login: input.login,
    }),
  );
  return id;
}

export interface AccountPatch {
  name?: string | undefined;
  role?: ServerRole | undefined;
  teamId?: string | null | undefined;
  clientId?: string | null | undefined;
  staffNo?: string | null | undefined;
  active?: boolean | undefined;
}

interface AccountRow {
  id: string;
  role: ServerRole;
  team_id: string | null;
  client_id: string | null;
  active: boolean;
}

export async function loadAccount(
  tx: Pick<Sql, 'query'>,
  agencyId: string,
  userId: string,
): Promise<AccountRow> {
  const r = await tx.query<AccountRow>(
    'select id, role, team_id, client_id, active from users where agency_id = $1 and id = $2',
    [agencyId, userId],
  );
  const row = r.rows[0];
  if (!row) throw notFound('user', userId);
  return row;
}

/** Changes a user; deactivating them, or changing their role, ends their sessions at once. */
export async function updateAccount(
  tx: Sql,
  actor: Actor,
  now: Date,
  userId: string,
  patch: AccountPatch,
): Promise<void> {
  const before = await loadAccount(tx, actor.agencyId, userId);
  const role = patch.role ?? before.role;
  const teamId = patch.teamId === undefined ? before.team_id : patch.teamId;
  const clientId = patch.clientId === undefined ? before.client_id : patch.clientId;
  await checkRefs(tx, actor.agencyId, role, teamId, clientId);
  const sets: string[] = [];
  const params: unknown[] = [actor.agencyId, userId];
  const set = (col: string, v: unknown) => {
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.role !== undefined) set('role', patch.role);
  if (patch.teamId !== undefined) set('team_id', patch.teamId);
  if (patch.clientId !== undefined) set('client_id', patch.clientId);
  if (patch.staffNo !== undefined) set('staff_no', patch.staffNo);
  if (patch.active !== undefined) set('active', patch.active);
  if (!sets.length) return;
  await tx.query(`update users set ${sets.join(', ')} where agency_id = $1 and id = $2`, params);
  const changedRole = patch.role !== undefined && patch.role !== before.role;
  if (patch.active === false || changedRole) await revokeUserSessions(tx, userId, now);
  await auditRepository(tx).append(
    auditEntry(actor, now, null, 'user.updated', 'user', userId, {
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    }),
  );
}

export async function setPassword(
  tx: Sql,
  actor: Actor,
  now: Date,
  userId: string,
  password: string,
): Promise<void> {
  await loadAccount(tx, actor.agencyId, userId);
  const hash = await hashPassword(password);
  await tx.query(
    'update users set password_hash = $3, password_changed_at = $4 where agency_id = $1 and id = $2',
    [actor.agencyId, userId, hash, now],
  );
  await revokeUserSessions(tx, userId, now);
  await auditRepository(tx).append(auditEntry(actor, now, null, 'user.password_reset', 'user', userId));
}
