import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  assertIdentifier,
  assertSchemaName,
  backoff,
  copyStatement,
  type Db,
  isRetryable,
  MAX_TX_ATTEMPTS,
  type NotificationHandlers,
  type QueryOptions,
  type Sql,
  type Subscription,
  type TransactionOptions,
} from './db';

// Same parsing as the PGlite adapter, so both return identical rows (see pglite-db.ts).
const OVERRIDES = new Map<number, (v: string) => unknown>([
  [20, (v) => Number(v)],
  [1700, (v) => Number(v)],
  [1082, (v) => v],
  [1114, (v) => v],
]);

const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => OVERRIDES.get(oid) ?? pg.types.getTypeParser(oid, format),
};

/** Streams CSV text into COPY … FROM STDIN; node's pipeline applies backpressure from the socket. */
async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  csv: AsyncIterable<string>,
): Promise<number> {
  const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin')));
  // A failing source destroys the stream, which sends CopyFail: the server aborts the COPY.
  await pipeline(csv, stream);
  return stream.rowCount;
}

/** A prepared statement's name: one per text, the same on every connection. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `hk_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

function wrap(c: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<R>(text: string, params: readonly unknown[] = [], opts?: QueryOptions) {
      const r = opts?.prepare
        ? await c.query<R & pg.QueryResultRow>({ name: statementName(text), text, values: [...params] })
        : await c.query<R & pg.QueryResultRow>(text, [...params]);
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(text: string) {
      await c.query(text);
    },
    async copyIn(table, columns, csv) {
      if (!(c instanceof pg.Pool)) return copyInto(c, table, columns, csv);
      const client = await c.connect();
      try {
        return await copyInto(client, table, columns, csv);
      } finally {
        client.release();
      }
    },
  };
}

export interface PgOptions {
  url: string;
  /** Put every unqualified name in this schema (tests and benchmarks use scratch schemas). */
  schema?: string;
  max?: number;
  /**
   * How long a pooled connection may stay idle before it is closed (node-postgres's default: 10 s).
   * A server keeps them longer: a connection carries its prepared statements, whose first executions
   * are planned one by one, so closing those a lull left idle made the next burst pay for new
   * connections and their plans at once. (Open connections keep a process alive: CLI commands keep
   * the default and close the database when done.)
   */
  idleTimeoutMs?: number;
}

/** How long a lost LISTEN connection waits before connecting again. */
const LISTEN_RETRY_MS = 1000;

/**
 * LISTEN on its own connection (a pooled one would be handed to other queries). While it is down the
 * subscription is not live; each (re)connection resets the owner, since NOTIFYs sent while no one
 * listened are gone.
 */
async function listenOn(
  config: pg.ClientConfig,
  channel: string,
  handlers: NotificationHandlers,
): Promise<Subscription> {
  assertIdentifier(channel);
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const again = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, LISTEN_RETRY_MS);
    retry.unref();
  };
  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    live = false;
    handlers.reset();
    again();
  };
  const connect = async () => {
    const c = new pg.Client({ ...config, keepAlive: true });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch {
      await c.end().catch(() => {});
      again();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    handlers.reset();
    live = true;
  };
  await connect();
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** A PostgreSQL server through a node-postgres pool (when DATABASE_URL is set). */
export function openPostgres(opts: PgOptions): Db {
  const config: pg.ClientConfig = {
    connectionString: opts.url,
    types,
    ...(opts.schema ? { options: `-c search_path=${assertSchemaName(opts.schema)}` } : {}),
  };
  const pool = new pg.Pool({
    ...config,
    max: opts.max ?? 10,
    ...(opts.idleTimeoutMs ? { idleTimeoutMillis: opts.idleTimeoutMs } : {}),
  });
  const subscriptions = new Set<Subscription>();
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    copyIn: base.copyIn,
    async transaction<T>(fn: (tx: Sql) => Promise<T>, o?: TransactionOptions): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query(o?.isolation ? `begin isolation level ${o.isolation}` : 'begin');
          const out = await fn(wrap(client));
          await client.query('commit');
          return out;
        } catch (e) {
          await client.query('rollback').catch(() => {});
          if (!isRetryable(e) || attempt >= MAX_TX_ATTEMPTS) throw e;
          await backoff(attempt);
        } finally {
          client.release();
        }
      }
    },
    async listen(channel, handlers) {
      const s = await listenOn(config, channel, handlers);
      subscriptions.add(s);
      return s;
    },
    async close() {
      for (const s of subscriptions) await s.close();
      await pool.end();
    },
  };
}
