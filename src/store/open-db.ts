import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { dataDirsFromEnv } from '../config/config';
import { assertSchemaName, type Db } from './db';
import { migrate } from './migrate';
import { openPostgres } from './pg-db';
import { openPglite } from './pglite-db';

/** Embedded database files live under ./data (relative to the working directory) unless told otherwise. */
export const DEFAULT_DATA_DIR = 'data/pglite';

export interface OpenDbOptions {
  /** A PostgreSQL URL (DATABASE_URL). Without one, the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite directory, or `memory://`. */
  dataDir?: string | undefined;
  /** Server only: a schema to work in (created if missing). */
  schema?: string | undefined;
  /** Server only: how long a pooled connection may stay idle (see PgOptions). */
  idleTimeoutMs?: number | undefined;
}

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.url) {
    if (opts.schema) await createSchema(opts.url, opts.schema);
    return openPostgres({
      url: opts.url,
      schema: opts.schema,
      ...(opts.idleTimeoutMs ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
    });
  }
  const dir = opts.dataDir ?? DEFAULT_DATA_DIR;
  return openPglite(dir.startsWith('memory://') ? dir : resolve(dir));
}

/**
 * The database the environment names, as `huikuan start` reads it: DATABASE_URL, else PGlite in
 * DATA_DIR/pglite (or HUIKUAN_DATA_DIR), else ./data/pglite (config/config.ts, dataDirsFromEnv).
 */
export function openDbFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  if (env.DATABASE_URL) return openDb({ url: env.DATABASE_URL });
  return openDb({ dataDir: dataDirsFromEnv(env).pgliteDir });
}

async function createSchema(url: string, schema: string): Promise<void> {
  const admin = openPostgres({ url, max: 1 });
  try {
    await admin.exec(`create schema if not exists ${assertSchemaName(schema)}`);
  } finally {
    await admin.close();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = openPostgres({ url, max: 1 });
  try {
    await admin.exec(`drop schema if exists ${assertSchemaName(schema)} cascade`);
  } finally {
    await admin.close();
  }
}

export interface ScratchDb {
  db: Db;
  /** the server schema in use, or null on PGlite */
  schema: string | null;
  /** closes the database and drops the scratch schema */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database of its own for one test file or benchmark: a fresh in-memory PGlite,
 * or, when DATABASE_URL is set, a new schema on the server (search_path) dropped on dispose, so
 * parallel runs never collide.
 */
export async function openScratchDb(
  opts: { url?: string | undefined; embedded?: boolean; prefix?: string; migrated?: boolean } = {},
): Promise<ScratchDb> {
  const url = opts.embedded ? undefined : (opts.url ?? (process.env.DATABASE_URL || undefined));
  if (!url) {
    const db = await openPglite('memory://');
    if (opts.migrated !== false) await migrate(db);
    return { db, schema: null, dispose: () => db.close() };
  }
  const schema = assertSchemaName(
    `${opts.prefix ?? 'scratch'}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`,
  );
  const db = await openDb({ url, schema });
  try {
    if (opts.migrated !== false) await migrate(db);
  } catch (e) {
    await db.close();
    await dropSchema(url, schema);
    throw e;
  }
  return {
    db,
    schema,
    async dispose() {
      await db.close();
      await dropSchema(url, schema);
    },
  };
}
