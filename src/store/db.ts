/**
 * The storage port: one small interface over PostgreSQL, with two adapters (PGlite embedded,
 * node-postgres for a server). Everything above it speaks SQL that both PostgreSQL 15 and 18 accept.
 */

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared on each connection (a server only), so PostgreSQL plans it once and
   * reuses the plan. For the hot reads whose plan does not depend on the values (primary-key and
   * per-case lookups): a statement of many parts costs far more to plan than to run.
   */
  prepare?: boolean;
}

export interface Sql {
  /** One statement with $1… parameters. */
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<SqlResult<R>>;
  /** Several statements, no parameters (migrations, bulk scripts). */
  exec(text: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN (FORMAT csv)` fed with CSV text as it is produced
   * (see copy-csv.ts), so a million rows cost one statement instead of thousands. Resolves to the
   * number of rows copied. A failure of the source aborts the COPY and rejects.
   */
  copyIn(table: string, columns: readonly string[], csv: AsyncIterable<string>): Promise<number>;
}

export interface TransactionOptions {
  /** READ COMMITTED by default; the use cases take row locks where they need them. */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

/** What a LISTEN subscription tells its owner (see Db.listen). */
export interface NotificationHandlers {
  /** a NOTIFY on the channel, with its payload */
  message(payload: string): void;
  /**
   * Notifications may have been missed (the listening connection was lost, or has just been made):
   * anything kept on the strength of them must be forgotten.
   */
  reset(): void;
}

export interface Subscription {
  /** true while notifications arrive; while false, nothing may be trusted on their strength */
  readonly live: boolean;
  close(): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /**
   * LISTEN on a channel: NOTIFYs committed by any process using the database reach `handlers`. On a
   * server this holds a connection of its own, made again (with a reset) when it is lost.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<Subscription>;
  /**
   * Runs the callback in one transaction: commit on return, rollback on throw. A serialization
   * failure or deadlock (SQLSTATE 40001, 40P01) reruns the callback, so it must be safe to repeat.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes worth knowing at the edges. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
const RETRYABLE = new Set(['40001', '40P01']);

export function sqlState(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

export function isRetryable(e: unknown): boolean {
  const s = sqlState(e);
  return s !== undefined && RETRYABLE.has(s);
}

export const MAX_TX_ATTEMPTS = 5;

/** Small random back-off so two retrying transactions do not collide again in lockstep. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.floor(Math.random() * 10 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Table and column names are interpolated into COPY statements, so only plain identifiers pass. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier "${name}"`);
  return name;
}

export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${assertIdentifier(table)} (${columns.map(assertIdentifier).join(', ')}) from ${source} with (format csv)`;
}

/** Schema names are interpolated into SQL (search_path), so only plain identifiers pass. */
export function assertSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name "${name}"`);
  return name;
}
