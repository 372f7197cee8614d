import type { Db, Sql } from './db';

/**
 * Counts this process's writes to some tables, so what a process keeps in memory about them can be
 * dropped the moment the process itself changes them (other processes' writes need a time limit or
 * a notification). A write is an INSERT, UPDATE or DELETE naming a watched table (or a COPY into
 * one); inside a transaction the count moves at the statement and again when the transaction ends,
 * so a reader that started before the commit sees the count move after it.
 */
export interface WriteWatch {
  db: Db;
  /** moves on every watched write made through `db` */
  version(): number;
}

export function watchWrites(db: Db, tables: readonly string[]): WriteWatch {
  const names = tables.join('|');
  const write = new RegExp(
    `\\b(?:insert\\s+into|update|delete\\s+from)\\s+(?:only\\s+)?(?:${names})\\b`,
    'i',
  );
  const watched = new Set(tables);
  let version = 0;
  const bump = () => {
    version++;
  };
  const wrap = (sql: Sql, onWrite: () => void): Sql => ({
    query(text, params, opts) {
      if (write.test(text)) onWrite();
      return sql.query(text, params, opts);
    },
    exec(text) {
      if (write.test(text)) onWrite();
      return sql.exec(text);
    },
    copyIn(table, columns, csv) {
      if (watched.has(table)) onWrite();
      return sql.copyIn(table, columns, csv);
    },
  });
  const direct = wrap(db, bump);
  return {
    version: () => version,
    db: {
      kind: db.kind,
      query: direct.query,
      exec: direct.exec,
      copyIn: direct.copyIn,
      listen: (channel, handlers) => db.listen(channel, handlers),
      close: () => db.close(),
      async transaction(fn, opts) {
        let wrote = false;
        try {
          return await db.transaction(
            (tx) =>
              fn(
                wrap(tx, () => {
                  wrote = true;
                  bump();
                }),
              ),
            opts,
          );
        } finally {
          if (wrote) bump();
        }
      },
    },
  };
}
