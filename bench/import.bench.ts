import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createAgency } from '../src/cases/create-agency';
import { createClient } from '../src/cases/create-client';
import { PLACEMENT_HEADERS } from '../src/generator';
import { writeGeneratedFiles } from '../src/io/placement-files';
import { loadPlaybookDir } from '../src/io/playbook-files';
import { createCaseStore } from '../src/store/case-store';
import { createIdGenerator, systemClock } from '../src/store/ids';
import { openScratchDb } from '../src/store/open-db';

/**
 * `huikuan import` of a generated placement file against a raw COPY of the same file into a plain
 * table, side by side on the same PostgreSQL server (DATABASE_URL), each in its own scratch schema.
 * The import is timed end to end as a user runs it: a `huikuan import` process, from start to exit.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/import.bench.ts [--rows N] [--quick]
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET_RATIO = 3;

function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function rawCopy(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = PLACEMENT_HEADERS.map((_, i) => `c${i + 1} text`).join(', ');
    await client.query(`create table raw_copy (${cols})`);
    const t0 = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('copy raw_copy from stdin with (format csv, header true)')),
    );
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

async function timedImport(url: string, file: string, client: string): Promise<{ ms: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/huikuan'),
      'import',
      file,
      '--client',
      client,
      '--as-of',
      '2026-11-01',
      '--batch',
      'bench',
      '--json',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const [code] = await once(child, 'exit');
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`huikuan import exited ${code}: ${err.slice(0, 2000)}`);
  return { ms, out };
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function run(opts: { quick: boolean; rows?: number }) {
  const url = process.env.DATABASE_URL;
  const title = 'Placement import vs raw COPY';
  if (!url)
    return {
      title,
      markdown: 'Skipped: this benchmark runs on the PostgreSQL server; set DATABASE_URL.',
    };
  const rows = opts.rows ?? (opts.quick ? 50_000 : 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'huikuan-import-bench-'));
  const copySchema = await openScratchDb({ url, prefix: 'bench_copy', migrated: false });
  const importSchema = await openScratchDb({ url, prefix: 'bench_import' });
  try {
    const g0 = performance.now();
    const files = await writeGeneratedFiles({
      dir,
      seed: 'bench',
      cases: rows,
      asOf: '2026-11-01',
      client: '基准测试银行',
      format: 'csv',
      encoding: 'utf-8',
      callRate: 0,
    });
    const genMs = performance.now() - g0;
    const size = statSync(files.placements).size;

    const deps = { store: createCaseStore(importSchema.db), clock: systemClock, ids: createIdGenerator() };
    const { agencyId, adminUserId } = await createAgency(deps, {
      name: '基准机构',
      admin: { name: '管理员' },
    });
    await createClient(
      { ...deps, playbook: loadPlaybookDir() },
      { agencyId, userId: adminUserId },
      { name: '基准测试银行' },
    );

    const copyMs = await rawCopy(schemaUrl(url, copySchema.schema ?? 'public'), files.placements);
    const imp = await timedImport(
      schemaUrl(url, importSchema.schema ?? 'public'),
      files.placements,
      '基准测试银行',
    );
    const report: unknown = JSON.parse(imp.out);
    const valid =
      typeof report === 'object' && report !== null && 'valid' in report && typeof report.valid === 'number'
        ? report.valid
        : Number.NaN;
    if (valid !== rows) throw new Error(`import reported ${valid} valid rows, expected ${rows}`);
    const ratio = imp.ms / copyMs;
    const markdown = [
      `${rows.toLocaleString('en')} generated rows (${(size / 1048576).toFixed(0)} MB CSV, generated in ${secs(genMs)}), each debtor with one account and 1–3 contacts.`,
      '',
      '| step | time |',
      '|---|---|',
      `| raw \`COPY\` into a plain 21-column text table | ${secs(copyMs)} |`,
      `| \`huikuan import\` (process start to exit: parse, validate, write debtors, cases, accounts, contacts in one transaction) | ${secs(imp.ms)} |`,
      `| **ratio** (target ≤ ${TARGET_RATIO}×) | **${ratio.toFixed(1)}×** ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'} |`,
    ].join('\n');
    return { title, markdown };
  } finally {
    await copySchema.dispose();
    await importSchema.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rows');
  const rows = at >= 0 ? Number(args[at + 1]) : undefined;
  if (rows !== undefined && !(Number.isInteger(rows) && rows > 0))
    throw new Error('--rows takes a whole number');
  const r = await run({ quick: args.includes('--quick'), rows });
  process.stdout.write(`## ${r.title}\n\n${r.markdown}\n`);
}
