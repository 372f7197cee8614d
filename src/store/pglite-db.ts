import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import {
  assertIdentifier,
  backoff,
  copyStatement,
  type Db,
  isRetryable,
  MAX_TX_ATTEMPTS,
  type Sql,
  type TransactionOptions,
} from './db';

// OIDs: int8, numeric, date, timestamp. Fen fit in 2^53; dates stay 'YYYY-MM-DD' strings so no
// zone is guessed for them (a JS Date would be midnight UTC, the wrong day east of Greenwich).
const PARSERS = {
  20: (v: string) => Number(v),
  1700: (v: string) => Number(v),
  1082: (v: string) => v,
  1114: (v: string) => v,
};

function wrap(q: PGlite | Transaction): Sql {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<R>(text, [...params]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(text: string) {
      await q.exec(text);
    },
    async copyIn(table, columns, csv) {
      // PGlite has no COPY … FROM STDIN stream; it copies from a blob it mounts as /dev/blob. The text
      // is handed over in slices of a few MB, so memory stays bounded whatever the size of the load.
      const statement = copyStatement(table, columns, `'/dev/blob'`);
      let rows = 0;
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (!parts.length) return;
        const r = await q.query(statement, [], { blob: new Blob(parts) });
        rows += r.affectedRows ?? 0;
        parts = [];
        size = 0;
      };
      for await (const text of csv) {
        parts.push(text);
        size += text.length;
        if (size >= COPY_SLICE) await flush();
      }
      await flush();
      return rows;
    },
  };
}

/** characters of CSV per COPY from a blob (about 4–12 MB of UTF-8) */
const COPY_SLICE = 4_000_000;

/**
 * PGlite (PostgreSQL 18 in WebAssembly, in process). `memory://` for tests; a directory otherwise.
 * One connection: transactions run one at a time, which is also what makes its locking trivially safe.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers: PARSERS });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    copyIn: base.copyIn,
    async transaction<T>(fn: (tx: Sql) => Promise<T>, opts?: TransactionOptions): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await pg.transaction(async (tx) => {
            if (opts?.isolation) await tx.exec(`set transaction isolation level ${opts.isolation}`);
            return fn(wrap(tx));
          });
        } catch (e) {
          if (!isRetryable(e) || attempt >= MAX_TX_ATTEMPTS) throw e;
          await backoff(attempt);
        }
      }
    },
    async listen(channel, handlers) {
      // One process holds the database: every NOTIFY is this process's own, and none is missed.
      assertIdentifier(channel);
      const stop = await pg.listen(channel, (payload) => handlers.message(payload));
      return {
        live: true,
        async close() {
          await stop().catch(() => {});
        },
      };
    },
    async close() {
      await pg.close();
    },
  };
}
