import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../domain/errors';
import type { Db, Sql } from './db';

/** The shipped migrations, found from this file so the CLI works from any working directory. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** `20261130T0900__initial.sql`: a sortable UTC timestamp, two underscores, a snake_case name. */
const FILE_NAME = /^(\d{8}T\d{4})__([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE_NAME.exec(file);
    if (!m)
      throw new DomainError(
        'db.migration_name',
        {
          en: `Migration file "${file}" must be named like 20261130T0900__initial.sql`,
          zh: `迁移文件 "${file}" 命名须形如 20261130T0900__initial.sql`,
        },
        { file },
      );
    const sql = readFileSync(join(dir, file), 'utf8');
    out.push({ version: m[1]!, name: m[2]!, sql, checksum: checksumOf(sql) });
  }
  for (let i = 1; i < out.length; i++)
    if (out[i]!.version === out[i - 1]!.version)
      throw new DomainError(
        'db.migration_duplicate',
        {
          en: `Two migrations share the version ${out[i]!.version}`,
          zh: `两个迁移文件使用了同一版本号 ${out[i]!.version}`,
        },
        { version: out[i]!.version },
      );
  return out;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

interface AppliedRow {
  version: string;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two processes starting
 * at once apply each migration once (the second waits, then finds nothing to do). An applied
 * migration whose file changed, or one the files no longer have, is an error: migrations are
 * forward-only and history is not rewritten.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = readMigrations(),
): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    // Keyed by schema so scratch schemas (tests, benchmarks) migrate side by side.
    await tx.query(`select pg_advisory_xact_lock(hashtext('huikuan.migrate:' || current_schema()))`);
    await tx.exec(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = (
      await tx.query<AppliedRow>('select version, name, checksum from schema_migrations order by version')
    ).rows;
    verifyHistory(applied, migrations);
    const done = new Set(applied.map((r) => r.version));
    const out: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await apply(tx, m);
      out.push(`${m.version}__${m.name}`);
    }
    return { applied: out, alreadyApplied: applied.length };
  });
}

function verifyHistory(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const m = byVersion.get(row.version);
    if (!m)
      throw new DomainError(
        'db.migration_unknown',
        {
          en: `The database has migration ${row.version}__${row.name}, which this version does not know: it is newer than this code`,
          zh: `数据库已应用迁移 ${row.version}__${row.name}，但本版本没有该文件：数据库比代码新`,
        },
        { version: row.version },
      );
    if (m.checksum !== row.checksum)
      throw new DomainError(
        'db.migration_changed',
        {
          en: `Migration ${row.version}__${row.name} was changed after it was applied; add a new migration instead`,
          zh: `迁移 ${row.version}__${row.name} 在应用后被修改；迁移只能新增，不能改写`,
        },
        { version: row.version },
      );
  }
  const last = applied.at(-1)?.version;
  const gap = last
    ? migrations.find((m) => m.version < last && !applied.some((a) => a.version === m.version))
    : undefined;
  if (gap)
    throw new DomainError(
      'db.migration_out_of_order',
      {
        en: `Migration ${gap.version}__${gap.name} is older than the last applied one (${last}); give it a newer timestamp`,
        zh: `迁移 ${gap.version}__${gap.name} 早于已应用的最新迁移（${last}）；请使用更新的时间戳`,
      },
      { version: gap.version },
    );
}

async function apply(tx: Sql, m: Migration): Promise<void> {
  await tx.exec(m.sql);
  await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
    m.version,
    m.name,
    m.checksum,
  ]);
}
