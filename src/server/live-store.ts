import { createHash, randomBytes } from 'node:crypto';
import type { InputTurn } from '../analysis/contract';
import { PG_UNIQUE_VIOLATION, type Sql, sqlState } from '../store/db';

/**
 * The live calls' rows: a call in progress and the turns the dialer or ASR sent, so any API process
 * can pick the call up. Only the SHA-256 of a call's token is kept.
 */

export interface LiveCallRow {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  collectorId: string;
  attemptId: string | null;
  startedAt: Date;
  tokenExpiresAt: Date;
  status: 'active' | 'ending' | 'ended';
  endedAt: Date | null;
  callId: string | null;
}

interface Row {
  id: string;
  agency_id: string;
  client_id: string;
  case_id: string;
  collector_id: string;
  attempt_id: string | null;
  started_at: Date | string;
  token_expires_at: Date | string;
  status: LiveCallRow['status'];
  ended_at: Date | string | null;
  call_id: string | null;
}

const COLUMNS =
  'id, agency_id, client_id, case_id, collector_id, attempt_id, started_at, token_expires_at, status, ended_at, call_id';

function fromRow(r: Row): LiveCallRow {
  return {
    id: r.id,
    agencyId: r.agency_id,
    clientId: r.client_id,
    caseId: r.case_id,
    collectorId: r.collector_id,
    attemptId: r.attempt_id,
    startedAt: new Date(r.started_at),
    tokenExpiresAt: new Date(r.token_expires_at),
    status: r.status,
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    callId: r.call_id,
  };
}

export function newLiveToken(): string {
  return randomBytes(32).toString('base64url');
}

export function liveTokenHash(token: string): string {
  return createHash('sha256').update(`huikuan-live:${token}`).digest('hex');
}

export async function insertLiveCall(
  sql: Sql,
  c: Omit<LiveCallRow, 'status' | 'endedAt' | 'callId'>,
  tokenHash: string,
): Promise<void> {
  await sql.query(
    `insert into live_calls (id, agency_id, client_id, case_id, collector_id, attempt_id, started_at, token_hash, token_expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      c.id,
      c.agencyId,
      c.clientId,
      c.caseId,
      c.collectorId,
      c.attemptId,
      c.startedAt,
      tokenHash,
      c.tokenExpiresAt,
    ],
  );
}

export async function getLiveCall(sql: Sql, agencyId: string, id: string): Promise<LiveCallRow | null> {
  const r = await sql.query<Row>(`select ${COLUMNS} from live_calls where id = $1 and agency_id = $2`, [
    id,
    agencyId,
  ]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/**
 * When the debtor's live calls started without a contact attempt and not yet ended were started
 * (since `since`): dials the guard has not seen logged yet (they are logged when they end).
 */
export async function pendingLiveDials(
  sql: Sql,
  agencyId: string,
  debtorId: string,
  since: Date,
): Promise<Date[]> {
  const r = await sql.query<{ started_at: Date | string }>(
    `select lc.started_at from live_calls lc join cases c on c.id = lc.case_id
      where lc.agency_id = $1 and c.debtor_id = $2 and lc.attempt_id is null and lc.status <> 'ended'
        and lc.started_at >= $3
      order by lc.started_at`,
    [agencyId, debtorId, since],
  );
  return r.rows.map((x) => new Date(x.started_at));
}

/** The call a dialer's token opens: only while the call is active and the token unexpired. */
export async function liveCallByToken(sql: Sql, token: string, now: Date): Promise<LiveCallRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const r = await sql.query<Row>(
    `select ${COLUMNS} from live_calls where token_hash = $1 and status = 'active' and token_expires_at > $2`,
    [liveTokenHash(token), now],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export interface StoredTurn extends InputTurn {
  seq: number;
}

export async function liveTurns(sql: Sql, liveCallId: string): Promise<StoredTurn[]> {
  const r = await sql.query<{
    seq: number;
    speaker: InputTurn['speaker'];
    text: string;
    at: Date | string | null;
  }>('select seq, speaker, text, at from live_call_turns where live_call_id = $1 order by seq', [liveCallId]);
  return r.rows.map((t) => ({
    seq: t.seq,
    speaker: t.speaker,
    text: t.text,
    ...(t.at ? { at: new Date(t.at).toISOString() } : {}),
  }));
}

export async function countLiveTurns(sql: Sql, liveCallId: string): Promise<number> {
  const r = await sql.query<{ n: number }>(
    'select count(*)::int as n from live_call_turns where live_call_id = $1',
    [liveCallId],
  );
  return r.rows[0]?.n ?? 0;
}

export interface TurnToStore extends StoredTurn {
  receivedAt: Date;
}

/**
 * Appends turns (consecutive seqs, in one statement): 'ok'; 'taken' when another process already
 * stored one of those seqs (this process's copy of the call is behind); 'ended' when the call is no
 * longer active.
 */
export async function appendLiveTurns(
  sql: Sql,
  liveCallId: string,
  turns: readonly TurnToStore[],
): Promise<'ok' | 'taken' | 'ended'> {
  const rows = turns.map((t) => ({
    seq: t.seq,
    speaker: t.speaker,
    text: t.text,
    at: t.at ?? null,
    received_at: t.receivedAt.toISOString(),
  }));
  try {
    const r = await sql.query(
      `insert into live_call_turns (live_call_id, seq, speaker, text, at, received_at)
       select $1, t.seq, t.speaker, t.text, t.at, t.received_at
         from jsonb_to_recordset($2::jsonb) as t(seq int, speaker text, text text, at timestamptz, received_at timestamptz)
        where exists (select 1 from live_calls where id = $1 and status = 'active')`,
      [liveCallId, JSON.stringify(rows)],
    );
    return r.rowCount === rows.length ? 'ok' : 'ended';
  } catch (e) {
    if (sqlState(e) === PG_UNIQUE_VIOLATION) return 'taken';
    throw e;
  }
}

/** Claims the right to end the call (one process wins); a claim left by a dead process expires. */
export async function claimLiveEnd(sql: Sql, id: string, now: Date): Promise<boolean> {
  const r = await sql.query(
    `update live_calls set status = 'ending', ended_at = $2
      where id = $1 and (status = 'active' or (status = 'ending' and ended_at < $2::timestamptz - interval '2 minutes'))`,
    [id, now],
  );
  return r.rowCount === 1;
}

export async function finishLiveEnd(sql: Sql, id: string, callId: string | null, now: Date): Promise<void> {
  await sql.query(`update live_calls set status = 'ended', call_id = $2, ended_at = $3 where id = $1`, [
    id,
    callId,
    now,
  ]);
}

export async function releaseLiveEnd(sql: Sql, id: string): Promise<void> {
  await sql.query(
    `update live_calls set status = 'active', ended_at = null where id = $1 and status = 'ending'`,
    [id],
  );
}
