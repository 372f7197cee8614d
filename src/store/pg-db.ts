import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  assertSchemaName,
  backoff,
  copyStatement,
  type Db,
  isRetryable,
  MAX_TX_ATTEMPTS,
  type Sql,
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

function wrap(c: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const r = await c.query<R & pg.QueryResultRow>(text, [...params]);
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
}

/** A PostgreSQL server through a node-postgres pool (when DATABASE_URL is set). */
export function openPostgres(opts: PgOptions): Db {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    ...(opts.schema ? { options: `-c search_path=${assertSchemaName(opts.schema)}` } : {}),
  });
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
    async close() {
      await pool.end();
    },
  };
}
