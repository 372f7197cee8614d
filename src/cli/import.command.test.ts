import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgency } from '../cases/create-agency';
import { createClient } from '../cases/create-client';
import { csvLine, generateCases, PLACEMENT_HEADERS, placementRecord } from '../generator';
import { loadPlaybookDir } from '../io/playbook-files';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { openScratchDb, type ScratchDb } from '../store/open-db';
import { openPglite } from '../store/pglite-db';
import { main } from './main';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/huikuan');
const url = process.env.DATABASE_URL;

function urlFor(schema: string, app: string): string {
  const u = new URL(url ?? '');
  u.searchParams.set('options', `-c search_path=${schema}`);
  u.searchParams.set('application_name', app);
  return u.toString();
}

function runCli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const done = once(child, 'exit').then(([code]) => ({
    code: typeof code === 'number' ? code : null,
    out,
    err,
  }));
  return { child, done };
}

async function writeGenerated(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let buf = csvLine(PLACEMENT_HEADERS);
  for (const c of generateCases({ seed: 'kill-test', asOf: '2026-11-01', count })) {
    buf += csvLine(placementRecord(c));
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

const TABLES = ['placements', 'debtors', 'cases', 'accounts', 'contacts', 'audit_log'] as const;

// On the PostgreSQL server only: a killed client's open transaction must be rolled back by the server.
describe.skipIf(!url)('huikuan import on the PostgreSQL server', () => {
  let scratch: ScratchDb;
  let tmp: string;
  const client = '杀进程测试银行';

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES)
      out[t] = Number(
        (await scratch.db.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]?.n,
      );
    return out;
  }

  beforeAll(async () => {
    scratch = await openScratchDb({ prefix: 'kill' });
    tmp = mkdtempSync(join(tmpdir(), 'huikuan-kill-'));
    const deps = { store: createCaseStore(scratch.db), clock: systemClock, ids: createIdGenerator() };
    const { agencyId, adminUserId } = await createAgency(deps, {
      name: '测试机构',
      admin: { name: '管理员' },
    });
    await createClient(
      { ...deps, playbook: loadPlaybookDir() },
      { agencyId, userId: adminUserId },
      { name: client },
    );
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('imports a small file, then the same file again without a change', async () => {
    const env = { DATABASE_URL: urlFor(scratch.schema ?? 'public', 'huikuan-import-test') };
    const file = join(ROOT, 'test/fixtures/placements/standard.csv');
    const args = ['import', file, '--client', client, '--as-of', '2026-11-01', '--batch', 'SMALL', '--json'];
    const first = await runCli(args, env).done;
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({
      imported: true,
      rows: 6,
      write: { counts: { accounts: { inserted: 6 } } },
    });
    const before = await counts();
    const second = await runCli(args, env).done;
    expect(second.code, second.err).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({
      write: { counts: { accounts: { inserted: 0, existing: 6 } } },
    });
    const after = await counts();
    // the second run adds only its audit entry
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });

  it('exits 1, imports nothing and writes the rejects report for a file with bad rows', async () => {
    const env = { DATABASE_URL: urlFor(scratch.schema ?? 'public', 'huikuan-import-test') };
    const before = await counts();
    const rejects = join(tmp, 'bad.rejects.csv');
    const r = await runCli(
      [
        'import',
        join(ROOT, 'test/fixtures/placements/bad-rows.csv'),
        '--client',
        client,
        '--as-of',
        '2026-11-01',
        '--rejects',
        rejects,
      ],
      { ...env, HUIKUAN_LANG: 'zh' },
    ).done;
    expect(r.code).toBe(1);
    expect(r.out).toContain('未导入任何数据');
    expect(r.out).toContain('第 3 行 [身份证号]');
    expect(readFileSync(rejects, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(16);
    expect(await counts()).toEqual(before);
  });

  it('leaves the database exactly as it was when the import is killed with SIGKILL mid-way', async () => {
    const file = join(tmp, 'large.csv');
    await writeGenerated(file, 150_000);
    const app = `huikuan-kill-${process.pid}`;
    const before = await counts();
    const { child, done } = runCli(
      ['import', file, '--client', client, '--as-of', '2026-11-01', '--batch', 'KILLED'],
      {
        DATABASE_URL: urlFor(scratch.schema ?? 'public', app),
      },
    );
    // Wait until the import transaction has written rows (it holds a transaction id), then kill.
    const wrote = async () =>
      (
        await scratch.db.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where application_name = $1 and backend_xid is not null',
          [app],
        )
      ).rows[0]?.n ?? 0;
    const deadline = Date.now() + 60_000;
    while ((await wrote()) === 0) {
      if (child.exitCode !== null)
        throw new Error(`the import ended before it was killed: ${(await done).err}`);
      if (Date.now() > deadline) throw new Error('the import never started writing');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1_500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    const exit = await done;
    expect(exit.code).toBeNull();
    // The server notices the closed connection and rolls the transaction back.
    for (let i = 0; i < 200; i++) {
      const live = await scratch.db.query('select 1 from pg_stat_activity where application_name = $1', [
        app,
      ]);
      if (live.rows.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await counts()).toEqual(before);
    const placed = await scratch.db.query("select 1 from placements where batch_no = 'KILLED'");
    expect(placed.rows).toEqual([]);
  });
});

// The embedded default: PGlite replays its log on the next start and drops the unfinished transaction.
describe('huikuan import on the embedded PGlite', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'huikuan-kill-pglite-'));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('leaves the data directory as it was when the import is killed with SIGKILL mid-way', async () => {
    const dataDir = join(tmp, 'data');
    const env = { HUIKUAN_DATA_DIR: dataDir, DATABASE_URL: '' };
    const small = await runCli(
      [
        'import',
        join(ROOT, 'test/fixtures/placements/standard.csv'),
        '--client',
        '本地银行',
        '--as-of',
        '2026-11-01',
      ],
      env,
    ).done;
    expect(small.code, small.err).toBe(0);
    const file = join(tmp, 'large.csv');
    await writeGenerated(file, 30_000);
    const rejects = join(tmp, 'large.rejects.csv');
    const { child, done } = runCli(
      [
        'import',
        file,
        '--client',
        '本地银行',
        '--as-of',
        '2026-11-01',
        '--batch',
        'KILLED',
        '--rejects',
        rejects,
      ],
      env,
    );
    // The rejects file is opened just before the first row is read: the import is under way.
    const deadline = Date.now() + 60_000;
    while (!existsSync(rejects)) {
      if (child.exitCode !== null)
        throw new Error(`the import ended before it was killed: ${(await done).err}`);
      if (Date.now() > deadline) throw new Error('the import never started');
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    expect((await done).code).toBeNull();
    const db = await openPglite(dataDir);
    try {
      const counts: Record<string, number> = {};
      for (const t of TABLES)
        counts[t] = Number((await db.query<{ n: number }>(`select count(*)::int as n from ${t}`)).rows[0]?.n);
      // what the small file left, and nothing of the killed one
      expect(counts).toMatchObject({ placements: 1, debtors: 5, cases: 5, accounts: 6, contacts: 12 });
    } finally {
      await db.close();
    }
  });
});

describe('huikuan import: dates on the command line', () => {
  async function usage(args: string[]): Promise<{ code: number; err: string }> {
    const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      const code = await main([
        'import',
        join(ROOT, 'test/fixtures/placements/standard.csv'),
        '--client',
        '某银行',
        ...args,
      ]);
      return { code, err: err.mock.calls.map((c) => String(c[0])).join('') };
    } finally {
      err.mockRestore();
    }
  }

  it.each([
    [['--as-of', '2026-02-30'], '--as-of: there is no such day as 2026-02-30'],
    [['--as-of', '2026-13-01'], '--as-of: there is no such day as 2026-13-01'],
    [['--period-start', '2026-04-31'], '--period-start: there is no such day as 2026-04-31'],
    [
      ['--period-start', '2026-12-01', '--period-end', '2026-01-01'],
      "--period-end 2026-01-01 is before the period's start 2026-12-01",
    ],
  ])('%j is a usage error: one line saying why, exit 2, no stack trace', async (args, line) => {
    const r = await usage(args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`huikuan import: ${line}`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
