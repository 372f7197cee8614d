import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '../domain/errors';
import type { Db } from '../store/db';
import { migrate, readMigrations } from '../store/migrate';
import { openDbFromEnv, openScratchDb } from '../store/open-db';
import { describeSchema, SCHEMA_SNAPSHOT_PATH } from '../store/schema-snapshot';
import { UsageError } from './cli-error';

export const DB_HELP = `huikuan db migrate
huikuan db status
huikuan db schema [--live] [--write]

  migrate     apply pending migrations (src/store/migrations) to the database, under a lock
  status      list the migrations and whether each is applied
  schema      print the schema a fresh migrate produces (an in-memory PGlite), as the drift test sees it
    --live    describe the configured database instead (check a deployed database for drift)
    --write   write it to src/store/schema.snapshot.txt (commit it with the migration)

The database is DATABASE_URL when set, else PGlite in DATA_DIR/pglite (default ./data/pglite;
HUIKUAN_DATA_DIR names the PGlite directory itself), the same as \`huikuan start\`.
`;

export async function dbCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { live: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } },
  });
  const [sub, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  switch (sub) {
    case 'migrate':
      return withDb(async (db) => {
        const r = await migrate(db);
        process.stdout.write(
          r.applied.length
            ? `applied ${r.applied.length} migration(s):\n${r.applied.map((m) => `  ${m}\n`).join('')}`
            : `up to date (${r.alreadyApplied} applied)\n`,
        );
        return 0;
      });
    case 'status':
      return withDb(async (db) => {
        const applied = await appliedVersions(db);
        const all = readMigrations();
        for (const m of all)
          process.stdout.write(
            `${applied.has(m.version) ? 'applied ' : 'PENDING '} ${m.version}__${m.name}\n`,
          );
        return all.every((m) => applied.has(m.version)) ? 0 : 1;
      });
    case 'schema': {
      let text: string;
      if (values.live) text = await withDb((db) => describeSchema(db));
      else {
        // Always PGlite: the snapshot is defined by the migrations, not by whichever server is set.
        const scratch = await openScratchDb({ embedded: true });
        try {
          text = await describeSchema(scratch.db);
        } finally {
          await scratch.dispose();
        }
      }
      if (values.write) {
        writeFileSync(SCHEMA_SNAPSHOT_PATH, text);
        process.stderr.write(`wrote ${SCHEMA_SNAPSHOT_PATH}\n`);
      } else process.stdout.write(text);
      return 0;
    }
    case undefined:
      throw new UsageError('name a subcommand: migrate, status or schema');
    default:
      throw new UsageError(`unknown subcommand "${sub}"`);
  }
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDbFromEnv();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Opens the configured database and checks it is migrated (read commands never migrate by surprise). */
export async function openMigratedDb(): Promise<Db> {
  const db = await openDbFromEnv();
  try {
    const applied = await appliedVersions(db);
    const pending = readMigrations().filter((m) => !applied.has(m.version));
    if (pending.length)
      throw new DomainError(
        'db.not_migrated',
        {
          en: `The database lacks ${pending.length} migration(s): run "huikuan db migrate" first`,
          zh: `数据库缺少 ${pending.length} 个迁移：请先运行 "huikuan db migrate"`,
        },
        { pending: pending.map((m) => m.version) },
      );
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}

async function appliedVersions(db: Db): Promise<Set<string>> {
  const exists = await db.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  if (!exists.rows[0]?.t) return new Set();
  return new Set(
    (await db.query<{ version: string }>('select version from schema_migrations')).rows.map((r) => r.version),
  );
}
