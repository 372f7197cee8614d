import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createAgency } from '../src/cases/create-agency';
import { createClient } from '../src/cases/create-client';
import { DEFAULT_MAPPING, planColumns } from '../src/cases/import-mapping';
import { validateRow } from '../src/cases/import-row';
import { openPlacementFile, writeGeneratedFiles } from '../src/io/placement-files';
import { loadPlaybookDir } from '../src/io/playbook-files';
import { createCaseStore } from '../src/store/case-store';
import { csvBool, csvNumber, csvText, csvTextArray } from '../src/store/copy-csv';
import type { Db } from '../src/store/db';
import { createIdGenerator, systemClock } from '../src/store/ids';
import { openScratchDb, type ScratchDb } from '../src/store/open-db';

/**
 * `huikuan import` against a raw COPY of the same data, side by side on the PostgreSQL server named
 * by DATABASE_URL, each into a fresh migrated scratch schema.
 *
 * The baseline ("a raw COPY of the same data"): the debtor, case, account and contact rows the
 * import produces from the file — already validated, split and converted, with their ids and case
 * totals, in file order — loaded with COPY into the same tables, with the same indexes,
 * constraints and triggers, in one transaction. Preparing those rows is not timed.
 * The import: a `huikuan import` process from start to exit — read the file, validate every row,
 * convert, load, idempotency — as a user runs it.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/import.bench.ts [--rows N] [--quick]
 *   DATABASE_URL=postgres://… npm run bench -- import [--quick]
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET_RATIO = 3;
/** the size the target is stated for */
const FULL_ROWS = 1_000_000;
const AS_OF = '2026-11-01';
const CLIENT = '基准测试银行';

const TABLES = {
  debtors: [
    'id',
    'agency_id',
    'client_id',
    'name',
    'id_number',
    'time_zone',
    'quiet_hours_consent',
    'quiet_hours_consent_at',
  ],
  cases: ['id', 'agency_id', 'client_id', 'placement_id', 'debtor_id', 'total_due_fen'],
  accounts: [
    'id',
    'agency_id',
    'client_id',
    'placement_id',
    'case_id',
    'debtor_id',
    'account_ref',
    'product',
    'card_tail',
    'principal_fen',
    'interest_fen',
    'fees_fen',
    'days_overdue',
    'overdue_as_of',
    'bucket',
    'billing_day',
    'lawsuit_filed',
    'judgment',
    'enforcement_listed',
    'credit_reported',
    'guarantor',
    'effective_collections',
  ],
  contacts: ['id', 'agency_id', 'client_id', 'debtor_id', 'name', 'relation', 'phone', 'consented'],
} as const;
type Table = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as Table[];

interface Target {
  agencyId: string;
  clientId: string;
  placementId: string;
}

/** What both loads must leave behind, to show they wrote the same data. */
type Tally = Record<Table, number> & { due: number };

class Out {
  private readonly out: ReturnType<typeof createWriteStream>;
  private buf = '';
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length < 1 << 20) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end(this.buf);
    await once(this.out, 'finish');
  }
}

/**
 * The rows the import writes, as CSV files for COPY: the same validation and conversion
 * (validateRow), one debtor and case per ID number (its first row wins),
 * each phone once per debtor, case totals over the debtor's accounts.
 */
async function convert(file: string, dir: string, t: Target): Promise<Tally> {
  const source = await openPlacementFile(file);
  const plan = planColumns(source.headers, DEFAULT_MAPPING);
  const ids = createIdGenerator();
  const out: Record<Table, Out> = {
    debtors: new Out(join(dir, 'debtors.csv')),
    cases: new Out(join(dir, 'cases.csv')),
    accounts: new Out(join(dir, 'accounts.csv')),
    contacts: new Out(join(dir, 'contacts.csv')),
  };
  const consentAt = csvText(new Date().toISOString());
  const people = new Map<string, { debtorId: string; caseId: string; due: number; phones: Set<string> }>();
  const tally: Tally = { debtors: 0, cases: 0, accounts: 0, contacts: 0, due: 0 };
  const scope = `${csvText(t.agencyId)},${csvText(t.clientId)}`;
  for await (const src of source.rows) {
    const r = validateRow(src.row, src.cells, plan, { asOf: AS_OF });
    if (!r.ok) throw new Error(`row ${src.row} is invalid: ${r.problems.map((p) => p.en).join('; ')}`);
    const d = r.value.debtor;
    let person = people.get(d.idNumber);
    if (!person) {
      person = { debtorId: ids.next('dbt'), caseId: ids.next('cas'), due: 0, phones: new Set() };
      people.set(d.idNumber, person);
      tally.debtors++;
      await out.debtors.write(
        `${csvText(person.debtorId)},${scope},${csvText(d.name)},${csvText(d.idNumber)},${csvText(d.timeZone)},${csvBool(d.quietHoursConsent)},${d.quietHoursConsent ? consentAt : ''}\n`,
      );
    }
    for (const a of d.accounts) {
      tally.accounts++;
      person.due += a.principalFen + a.interestFen + a.feesFen;
      await out.accounts.write(
        `${csvText(ids.next('acc'))},${scope},${csvText(t.placementId)},${csvText(person.caseId)},${csvText(person.debtorId)},${csvText(a.accountRef)},${csvText(a.product)},${csvText(a.cardTail)},${a.principalFen},${a.interestFen},${a.feesFen},${a.daysOverdue},${a.overdueAsOf},${csvText(a.bucket)},${csvNumber(a.billingDay)},${csvBool(a.lawsuitFiled)},${csvBool(a.judgment)},${csvBool(a.enforcementListed)},${csvBool(a.creditReported)},${csvBool(a.guarantor)},${csvTextArray(a.effectiveCollections.map((x) => x.toISOString()))}\n`,
      );
    }
    for (const k of d.contacts) {
      if (person.phones.has(k.phone)) continue;
      person.phones.add(k.phone);
      tally.contacts++;
      await out.contacts.write(
        `${csvText(ids.next('con'))},${scope},${csvText(person.debtorId)},${csvText(k.name)},${csvText(k.relation)},${csvText(k.phone)},${csvBool(k.consented)}\n`,
      );
    }
  }
  for (const p of people.values()) {
    tally.cases++;
    tally.due += p.due;
    await out.cases.write(
      `${csvText(p.caseId)},${scope},${csvText(t.placementId)},${csvText(p.debtorId)},${p.due}\n`,
    );
  }
  for (const o of Object.values(out)) await o.close();
  return tally;
}

function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A fresh migrated schema with the agency and client both loads write into. */
async function freshSchema(url: string, prefix: string): Promise<{ scratch: ScratchDb; target: Target }> {
  const scratch = await openScratchDb({ url, prefix });
  const deps = { store: createCaseStore(scratch.db), clock: systemClock, ids: createIdGenerator() };
  const { agencyId, adminUserId } = await createAgency(deps, { name: '基准机构', admin: { name: '管理员' } });
  const { clientId } = await createClient(
    { ...deps, playbook: loadPlaybookDir() },
    { agencyId, userId: adminUserId },
    { name: CLIENT },
  );
  return { scratch, target: { agencyId, clientId, placementId: '' } };
}

/** Starts each timed load with the previous load's dirty pages on disk, not in its way. */
async function settle(db: Db): Promise<void> {
  await db.exec('checkpoint');
}

async function baselineCopy(
  url: string,
  dir: string,
): Promise<{ ms: number; perTable: Partial<Record<Table, number>>; tally: Tally }> {
  const { scratch, target } = await freshSchema(url, 'bench_copy');
  try {
    target.placementId = createIdGenerator().next('plc');
    await scratch.db.query(
      `insert into placements (id, agency_id, client_id, batch_no, period_start, period_end)
       values ($1, $2, $3, 'bench', $4, $4::date + 90)`,
      [target.placementId, target.agencyId, target.clientId, AS_OF],
    );
    const tally = await convert(join(dir, 'placements.csv'), dir, target);
    await settle(scratch.db);
    const client = new pg.Client({ connectionString: schemaUrl(url, scratch.schema ?? 'public') });
    await client.connect();
    try {
      const t0 = performance.now();
      const perTable: Partial<Record<Table, number>> = {};
      await client.query('begin');
      for (const table of TABLE_NAMES) {
        const t = performance.now();
        await pipeline(
          createReadStream(join(dir, `${table}.csv`)),
          client.query(copyFrom(`copy ${table} (${TABLES[table].join(', ')}) from stdin with (format csv)`)),
        );
        perTable[table] = performance.now() - t;
      }
      await client.query('commit');
      const ms = performance.now() - t0;
      const found = await tallyOf(scratch.db);
      if (JSON.stringify(found) !== JSON.stringify(tally))
        throw new Error(`the COPY left ${JSON.stringify(found)}, expected ${JSON.stringify(tally)}`);
      return { ms, perTable, tally };
    } finally {
      await client.end();
    }
  } finally {
    await scratch.dispose();
  }
}

async function tallyOf(db: Db): Promise<Tally> {
  const r = await db.query<Tally>(
    `select (select count(*) from debtors)::bigint as debtors, (select count(*) from cases)::bigint as cases,
            (select count(*) from accounts)::bigint as accounts, (select count(*) from contacts)::bigint as contacts,
            (select coalesce(sum(total_due_fen), 0) from cases)::bigint as due`,
  );
  const t = r.rows[0];
  if (!t) throw new Error('no tally');
  return t;
}

async function timedImport(url: string, file: string): Promise<{ ms: number; peakMb: number; tally: Tally }> {
  const { scratch } = await freshSchema(url, 'bench_import');
  try {
    await settle(scratch.db);
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/huikuan'),
        'import',
        file,
        '--client',
        CLIENT,
        '--as-of',
        AS_OF,
        '--batch',
        'bench',
        '--json',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: schemaUrl(url, scratch.schema ?? 'public') } },
    );
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    // Peak memory of the import process, where the system shows it (Linux).
    let peakKb = 0;
    const watch = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // the process has ended, or there is no /proc
      }
    }, 250);
    const [code] = await once(child, 'exit');
    clearInterval(watch);
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`huikuan import exited ${code}: ${err.slice(0, 2000)}`);
    return { ms, peakMb: peakKb / 1024, tally: await tallyOf(scratch.db) };
  } finally {
    await scratch.dispose();
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString('en');

export async function run(opts: { quick: boolean; rows?: number | undefined }) {
  const url = process.env.DATABASE_URL;
  const title = 'Placement import vs raw COPY';
  if (!url)
    return {
      title,
      markdown: 'Skipped: this benchmark runs on the PostgreSQL server; set DATABASE_URL.',
    };
  const rows = opts.rows ?? (opts.quick ? 50_000 : FULL_ROWS);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'huikuan-import-bench-'));
  try {
    const g0 = performance.now();
    const files = await writeGeneratedFiles({
      dir,
      seed: 'bench',
      cases: rows,
      asOf: AS_OF,
      client: CLIENT,
      format: 'csv',
      encoding: 'utf-8',
      callRate: 0,
    });
    const size = statSync(files.placements).size;
    log(`generated ${n(rows)} rows in ${secs(performance.now() - g0)}`);

    // Baseline before and after the import: the machine may be busier during one of them.
    const before = await baselineCopy(url, dir);
    log(`raw COPY: ${secs(before.ms)}`);
    const load0 = loadavg()[0] ?? 0;
    const imp = await timedImport(url, files.placements);
    log(`huikuan import: ${secs(imp.ms)}`);
    const after = await baselineCopy(url, dir);
    log(`raw COPY again: ${secs(after.ms)}`);
    if (JSON.stringify(imp.tally) !== JSON.stringify(before.tally))
      throw new Error(
        `the import wrote ${JSON.stringify(imp.tally)}, the COPY ${JSON.stringify(before.tally)}`,
      );

    const copyMs = (before.ms + after.ms) / 2;
    const ratio = imp.ms / copyMs;
    const t = before.tally;
    const markdown = [
      `${n(rows)} generated rows (${(size / 1048576).toFixed(0)} MB CSV): ${n(t.debtors)} debtors, ${n(t.cases)} cases, ${n(t.accounts)} accounts, ${n(t.contacts)} contacts. Each load into a fresh migrated schema (all indexes, constraints and triggers), after a checkpoint; both left the same rows and case totals.`,
      '',
      '| load | time |',
      '|---|---|',
      `| raw \`COPY\` of the converted rows into debtors, cases, accounts, contacts, one transaction (before / after the import) | ${secs(before.ms)} / ${secs(after.ms)} |`,
      `| \`huikuan import\` of the file, process start to exit (read, validate, convert, load, idempotency) | ${secs(imp.ms)}${imp.peakMb ? ` (peak RSS ${imp.peakMb.toFixed(0)} MB)` : ''} |`,
      rows >= FULL_ROWS
        ? `| **ratio** import ÷ mean COPY (target ≤ ${TARGET_RATIO}×) | **${ratio.toFixed(2)}×** ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'} |`
        : `| **ratio** import ÷ mean COPY | **${ratio.toFixed(2)}×** (the ≤ ${TARGET_RATIO}× target is for ${n(FULL_ROWS)} rows: in a small run the process start-up weighs more) |`,
      '',
      `The first COPY by table: ${TABLE_NAMES.map((x) => `${x} ${secs(before.perTable[x] ?? 0)}`).join(', ')}. Load average when the import started: ${load0.toFixed(1)}.`,
    ].join('\n');
    return { title, markdown };
  } finally {
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
