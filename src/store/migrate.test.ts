import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors';
import type { Db } from './db';
import { checksumOf, type Migration, migrate, readMigrations } from './migrate';
import { openDb, openScratchDb, type ScratchDb } from './open-db';
import { describeSchema, SCHEMA_SNAPSHOT_PATH } from './schema-snapshot';

// Runs on PGlite, and on the server too when DATABASE_URL is set (a scratch schema per file).
let scratch: ScratchDb;
let db: Db;

beforeAll(async () => {
  scratch = await openScratchDb({ prefix: 'mig', migrated: false });
  db = scratch.db;
});
afterAll(async () => {
  await scratch?.dispose();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isDomainError(e) ? e.code : `not a DomainError: ${String(e)}`;
  }
  return 'no error';
}

const extra = (version: string, name: string, sql: string): Migration => ({
  version,
  name,
  sql,
  checksum: checksumOf(sql),
});

describe('migrate', () => {
  it('applies every migration once, even when two processes start at the same moment', async () => {
    const url = process.env.DATABASE_URL;
    // On the server a second pool is a second process's connection; PGlite has one connection.
    const other = url && scratch.schema ? await openDb({ url, schema: scratch.schema }) : db;
    try {
      const [a, b] = await Promise.all([migrate(db), migrate(other)]);
      const all = readMigrations().map((m) => `${m.version}__${m.name}`);
      expect([...a.applied, ...b.applied].sort()).toEqual(all);
      const rows = await db.query<{ n: number }>('select count(*) as n from schema_migrations');
      expect(rows.rows[0]!.n).toBe(all.length);
    } finally {
      if (other !== db) await other.close();
    }
    expect((await migrate(db)).applied).toEqual([]);
  });

  it('matches the checked-in schema snapshot (regenerate with "huikuan db schema --write")', async () => {
    const snapshot = readFileSync(SCHEMA_SNAPSHOT_PATH, 'utf8');
    expect(await describeSchema(db)).toBe(snapshot);
  });

  it('applies a new migration after the existing ones', async () => {
    const next = extra('29990101T0000', 'add_probe', 'create table probe (id int);');
    expect((await migrate(db, [...readMigrations(), next])).applied).toEqual(['29990101T0000__add_probe']);
    expect(await codeOf(migrate(db))).toBe('db.migration_unknown');
    await db.exec(`drop table probe; delete from schema_migrations where version = '29990101T0000'`);
  });

  it('refuses to run when an applied migration was changed', async () => {
    const changed = readMigrations().map((m, i) =>
      i === 0 ? { ...m, checksum: checksumOf(`${m.sql}\n-- edited`) } : m,
    );
    expect(await codeOf(migrate(db, changed))).toBe('db.migration_changed');
  });

  it('refuses a migration older than the last applied one', async () => {
    const old = extra('20000101T0000', 'too_old', 'select 1;');
    expect(await codeOf(migrate(db, [old, ...readMigrations()]))).toBe('db.migration_out_of_order');
  });

  it('rolls back a failing migration completely', async () => {
    const bad = extra('29990102T0000', 'half_done', 'create table half (id int); select no_such_function();');
    await expect(migrate(db, [...readMigrations(), bad])).rejects.toThrow();
    const t = await db.query(
      `select 1 from pg_tables where tablename = 'half' and schemaname = current_schema()`,
    );
    expect(t.rows).toEqual([]);
  });

  it('rejects a badly named file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '2026-11-30_initial.sql'), 'select 1;');
    expect(() => readMigrations(dir)).toThrow(/20261130T0900__initial\.sql/);
  });
});

describe('audit_log', () => {
  it('accepts inserts and refuses updates, deletes and truncation', async () => {
    await db.exec(
      `insert into audit_log (at, agency_id, action, entity, entity_id) values (now(), 'a', 'x.y', 'case', 'c1')`,
    );
    await expect(db.exec(`update audit_log set action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.exec('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(db.exec('truncate audit_log')).rejects.toThrow(/append-only/);
    const n = await db.query<{ n: number }>('select count(*) as n from audit_log');
    expect(n.rows[0]!.n).toBe(1);
  });
});
