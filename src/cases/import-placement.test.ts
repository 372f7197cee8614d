import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, generateCases, PLACEMENT_HEADERS, placementRecord } from '../generator';
import { openPlacementFile, readMappingFile } from '../io/placement-files';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { importGenerated } from './import-generated';
import { DEFAULT_MAPPING, type MappingFile, parseMapping } from './import-mapping';
import { type ImportReport, importPlacement, type SourceRow } from './import-placement';
import type { RowProblem } from './import-row';

// Runs on PGlite, or on the PostgreSQL server in a scratch schema when DATABASE_URL is set.
const FIXTURES = join(import.meta.dirname, '../../test/fixtures/placements');
let fx: CaseFixture;
let tmp: string;
beforeAll(async () => {
  fx = await openCaseFixture();
  tmp = mkdtempSync(join(tmpdir(), 'huikuan-import-'));
});
afterAll(async () => {
  await fx?.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  report: ImportReport;
  rejects: { row: SourceRow; problems: readonly RowProblem[] }[];
}

let batchSerial = 0;

async function run(
  file: string,
  opts: { batch?: string; mapping?: MappingFile; skipInvalid?: boolean; chunkSize?: number } = {},
): Promise<Run> {
  const mapping = opts.mapping ?? DEFAULT_MAPPING;
  const source = await openPlacementFile(file.startsWith('/') ? file : join(FIXTURES, file), {
    headerRow: mapping.header_row,
    sheet: mapping.sheet,
    encoding: mapping.encoding,
  });
  const rejects: Run['rejects'] = [];
  const report = await importPlacement(
    fx.deps,
    fx.as('lead'),
    {
      clientId: fx.clientId,
      batchNo: opts.batch ?? `T${++batchSerial}`,
      periodStart: '2026-11-01',
      periodEnd: '2027-01-31',
      asOf: '2026-11-01',
      skipInvalid: opts.skipInvalid ?? false,
      chunkSize: opts.chunkSize ?? 2000,
    },
    source,
    mapping,
    { reject: (row, problems) => void rejects.push({ row, problems }) },
  );
  return { report, rejects };
}

async function countsFor(batch: string) {
  const r = await fx.db.query<{ cases: number; accounts: number; contacts: number; due: number }>(
    `select (select count(*) from cases c where c.placement_id = p.id)::int as cases,
            (select count(*) from accounts a where a.placement_id = p.id)::int as accounts,
            (select count(*) from contacts k join cases c on c.debtor_id = k.debtor_id where c.placement_id = p.id)::int as contacts,
            (select coalesce(sum(total_due_fen), 0) from cases c where c.placement_id = p.id)::bigint as due
       from placements p where p.agency_id = $1 and p.client_id = $2 and p.batch_no = $3`,
    [fx.agencyId, fx.clientId, batch],
  );
  return r.rows[0] ?? null;
}

async function accountsOf(batch: string) {
  const r = await fx.db.query<Record<string, unknown>>(
    `select d.name, d.id_number, a.account_ref, a.product, a.card_tail, a.principal_fen, a.interest_fen, a.fees_fen,
            a.days_overdue, a.bucket, a.billing_day
       from accounts a join debtors d on d.id = a.debtor_id join placements p on p.id = a.placement_id
      where p.client_id = $1 and p.batch_no = $2 order by a.account_ref`,
    [fx.clientId, batch],
  );
  return r.rows;
}

describe('importPlacement', () => {
  it('imports a bank file with Chinese headers: debtors, cases, accounts in fen, contacts', async () => {
    const { report, rejects } = await run('standard.csv', { batch: 'STD' });
    expect(rejects).toEqual([]);
    expect(report).toMatchObject({ imported: true, rows: 6, valid: 6, rejected: 0, problemCount: 0 });
    expect(report.write?.counts).toEqual({
      debtors: { inserted: 5, existing: 0 },
      cases: { inserted: 5, existing: 0 },
      accounts: { inserted: 6, existing: 0 },
      contacts: { inserted: 12, existing: 0 },
    });
    const accounts = await accountsOf('STD');
    expect(accounts[0]).toMatchObject({
      name: '何静欣',
      account_ref: 'YG2611-0001',
      principal_fen: 5_303_630,
      interest_fen: 29_170,
      fees_fen: 26_518,
      days_overdue: 11,
      bucket: 'M1',
      billing_day: 5,
    });
    expect(accounts[1]).toMatchObject({ product: 'consumer_loan', bucket: 'M6+', billing_day: 2 });
    expect(accounts[4]).toMatchObject({ id_number: '11010519491231002X' });
    // the debtor with two accounts has one case whose total covers both
    const due = await fx.db.query<{ total_due_fen: number }>(
      `select c.total_due_fen from cases c join debtors d on d.id = c.debtor_id join placements p on p.id = c.placement_id
        where p.batch_no = 'STD' and d.id_number = '320102197511036588'`,
    );
    expect(due.rows).toEqual([{ total_due_fen: 5_303_630 + 29_170 + 26_518 + 820_000 + 12_050 + 4_000 }]);
    const phones = await fx.db.query<{ relation: string; phone: string }>(
      `select k.relation, k.phone from contacts k join debtors d on d.id = k.debtor_id
        where d.client_id = $1 and d.id_number = '430602198809142647' order by k.relation`,
      [fx.clientId],
    );
    expect(phones.rows).toEqual([
      { relation: 'self', phone: '19623249385' },
      { relation: 'sibling', phone: '13702150207' },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await countsFor('STD');
    const { report } = await run('standard.csv', { batch: 'STD' });
    expect(report.imported).toBe(true);
    expect(report.write?.placementInserted).toBe(false);
    expect(report.write?.counts).toEqual({
      debtors: { inserted: 0, existing: 5 },
      cases: { inserted: 0, existing: 5 },
      accounts: { inserted: 0, existing: 6 },
      contacts: { inserted: 0, existing: 12 },
    });
    expect(await countsFor('STD')).toEqual(before);
  });

  it('reads a GBK (GB18030) export exactly like the UTF-8 one', async () => {
    await run('standard-gbk.csv', { batch: 'GBK' });
    expect(await accountsOf('GBK')).toEqual(await accountsOf('STD'));
  });

  it('gives the same result whatever the chunk size (one person split across chunks)', async () => {
    await run('standard.csv', { batch: 'CHUNK2', chunkSize: 2 });
    expect(await countsFor('CHUNK2')).toEqual(await countsFor('STD'));
  });

  it('reads XLSX: text, number, rich-text, formula and date cells', async () => {
    const { report } = await run('standard.xlsx', { batch: 'XLSX' });
    expect(report).toMatchObject({ imported: true, rows: 6, valid: 6 });
    const accounts = await accountsOf('XLSX');
    // days overdue counted from the date cells to the import's reference day
    expect(accounts.map((a) => a.days_overdue)).toEqual([11, 534, 16, 29, 7, 45]);
    expect(accounts.map((a) => [a.principal_fen, a.interest_fen, a.fees_fen])).toEqual(
      (await accountsOf('STD')).map((a) => [a.principal_fen, a.interest_fen, a.fees_fen]),
    );
  });

  it('reads another layout through a mapping file, YAML or JSON alike', async () => {
    const yaml = readMappingFile(join(FIXTURES, 'other-layout.mapping.yaml'));
    const json = readMappingFile(join(FIXTURES, 'other-layout.mapping.json'));
    expect(json).toEqual(yaml);
    const { report } = await run('other-layout.csv', { batch: 'MAP', mapping: yaml });
    expect(report).toMatchObject({ imported: true, rows: 3, valid: 3, rejected: 0 });
    expect(await accountsOf('MAP')).toEqual([
      expect.objectContaining({
        account_ref: 'HT-88001',
        product: 'consumer_loan',
        card_tail: '2236',
        principal_fen: 6_881_609,
        days_overdue: 16,
      }),
      expect.objectContaining({
        account_ref: 'HT-88002',
        card_tail: '7988',
        interest_fen: 97_604,
        days_overdue: 111,
      }),
      expect.objectContaining({
        account_ref: 'HT-88003',
        card_tail: '5336',
        fees_fen: 58_036,
        days_overdue: 113,
      }),
    ]);
    const sibling = await fx.db.query<{ relation: string }>(
      "select relation from contacts where client_id = $1 and phone = '19240287758'",
      [fx.clientId],
    );
    expect(sibling.rows).toEqual([{ relation: 'sibling' }]);
  });

  // Rows of bad-rows.csv as the sheet numbers them; the case numbers in the file match.
  const BAD: [number, string, string][] = [
    [3, '身份证号', 'id_number.check_digit'],
    [4, '身份证号', 'id_number.birth_date'],
    [5, '身份证号', 'id_number.legacy_15'],
    [6, '手机号', 'phone.prefix'],
    [7, '欠款本金', 'amount.negative'],
    [8, '欠款本金', 'amount.decimals'],
    [9, '欠款本金', 'amount.format'],
    [10, '逾期天数', 'days_overdue.format'],
    [11, '账单日', 'billing_day.range'],
    [12, '联系人1关系', 'relation.unknown'],
    [13, '联系人1电话', 'contact.phone_missing'],
    [14, '姓名', 'required'],
    [15, '身份证号', 'id_number.scientific'],
    [16, '案件编号', 'duplicate.account'],
    [17, '姓名', 'duplicate.name_conflict'],
  ];

  describe('a file with bad rows', () => {
    let strict: Run;
    beforeAll(async () => {
      strict = await run('bad-rows.csv', { batch: 'BAD' });
    });

    it('imports nothing at all and reports every bad row', async () => {
      expect(strict.report).toMatchObject({ imported: false, rows: 17, valid: 2, rejected: 15, write: null });
      expect(await countsFor('BAD')).toBeNull();
      const known = await fx.db.query(
        "select 1 from debtors where id_number = '11010519491231002X' and name = '林秀'",
      );
      // 林秀 exists from the standard file only; the bad file's good rows were rolled back with the rest
      expect(known.rows).toHaveLength(1);
      expect(strict.rejects.map((r) => r.row.row)).toEqual(BAD.map(([row]) => row));
    });

    it.each(BAD)('reports row %i, column %s: %s, in Chinese and English', (row, column, code) => {
      const p = strict.report.problems.find((x) => x.row === row && x.code === code);
      expect(p, JSON.stringify(strict.report.problems.filter((x) => x.row === row))).toMatchObject({
        column,
      });
      expect(p?.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p?.en).toMatch(/[a-z]/);
    });

    it('names the first row of a duplicate', () => {
      const dup = strict.report.problems.find((x) => x.code === 'duplicate.account');
      expect(dup?.zh).toContain('第 2 行');
      expect(dup?.en).toContain('row 2');
    });

    it('imports the valid rows with --skip-invalid and hands over every reject', async () => {
      const skip = await run('bad-rows.csv', { batch: 'BAD-SKIP', skipInvalid: true });
      expect(skip.report).toMatchObject({ imported: true, rows: 17, valid: 2, rejected: 15 });
      expect((await accountsOf('BAD-SKIP')).map((a) => a.account_ref)).toEqual(['B-0002', 'B-0019']);
      expect(skip.rejects.map((r) => r.row.row)).toEqual(BAD.map(([row]) => row));
      expect(skip.rejects[0]?.row.cells[0]).toBe('B-0003');
    });
  });

  it('reads the named sheet below a title row, and rejects an ID number Excel turned into a number', async () => {
    const mapping = parseMapping({ sheet: '委案明细', header_row: 2 });
    const strict = await run('two-sheets.xlsx', { batch: 'SHEETS', mapping });
    expect(strict.report).toMatchObject({ imported: false, rows: 4, valid: 3, rejected: 1 });
    expect(strict.report.problems).toEqual([
      expect.objectContaining({ row: 7, column: '身份证号', code: 'id_number.scientific' }),
    ]);
    const skip = await run('two-sheets.xlsx', { batch: 'SHEETS', mapping, skipInvalid: true });
    expect(skip.report.write?.counts.accounts.inserted).toBe(3);
  });

  it('refuses a file without the required columns before writing anything', async () => {
    const file = join(tmp, 'no-id.csv');
    writeFileSync(file, '姓名,手机号,欠款本金,逾期天数\n张伟,13812345678,100,3\n');
    const e = await failure(run(file, { batch: 'NOCOL' }));
    expect(e.code).toBe('import.columns_missing');
    expect(e.messageZh).toContain('身份证号');
    expect(await countsFor('NOCOL')).toBeNull();
  });

  it('refuses a file with no data rows', async () => {
    const file = join(tmp, 'empty.csv');
    writeFileSync(file, '姓名,身份证号,手机号,欠款本金,逾期天数\r\n\r\n');
    const e = await failure(run(file, { batch: 'EMPTY' }));
    expect(e.code).toBe('import.empty');
    expect(await countsFor('EMPTY')).toBeNull();
  });

  it('imports what the generator writes without a single reject', async () => {
    const file = join(tmp, 'generated.csv');
    const cases = [...generateCases({ seed: 'import-test', asOf: '2026-11-01', count: 300 })];
    writeFileSync(file, csvLine(PLACEMENT_HEADERS) + cases.map((c) => csvLine(placementRecord(c))).join(''));
    const { report } = await run(file, { batch: 'GEN', chunkSize: 128 });
    expect(report).toMatchObject({ imported: true, rows: 300, valid: 300, rejected: 0 });
    const counts = await countsFor('GEN');
    expect(counts).toMatchObject({ cases: 300, accounts: 300 });
    expect(counts?.contacts).toBe(cases.reduce((n, c) => n + 1 + c.contacts.length, 0));
    expect(counts?.due).toBe(
      cases.reduce((n, c) => n + c.account.principalFen + c.account.interestFen + c.account.feesFen, 0),
    );
  });

  it('seeds generated cases in process, through the same validation, idempotently', async () => {
    const input = {
      clientId: fx.clientId,
      batchNo: 'SEEDED',
      periodStart: '2026-11-01',
      periodEnd: '2027-01-31',
      asOf: '2026-11-01',
      seed: 'seeding',
      count: 120,
      chunkSize: 50,
    };
    const first = await importGenerated(fx.deps, fx.as('lead'), input);
    expect(first).toMatchObject({ imported: true, rows: 120, valid: 120, rejected: 0 });
    expect(first.write?.counts.cases.inserted).toBe(120);
    const again = await importGenerated(fx.deps, fx.as('lead'), input);
    expect(again.write?.counts.accounts).toEqual({ inserted: 0, existing: 120 });
    expect(await countsFor('SEEDED')).toMatchObject({ cases: 120, accounts: 120 });
  });
});

describe('importPlacement: the placement itself', () => {
  const input = (o: { asOf?: string; periodStart?: string; periodEnd?: string }) => ({
    clientId: fx.clientId,
    batchNo: 'DATES',
    periodStart: o.periodStart ?? '2026-11-01',
    periodEnd: o.periodEnd ?? '2027-01-31',
    asOf: o.asOf ?? '2026-11-01',
  });
  const none = { headers: PLACEMENT_HEADERS, rows: (async function* () {})() };

  it.each([
    [{ periodStart: '2026-12-01', periodEnd: '2026-01-01' }, 'periodEnd'],
    [{ asOf: '2026-02-30' }, 'asOf'],
    [{ periodStart: '2026-13-01' }, 'periodStart'],
  ])('refuses %o with a coded input.invalid on %s, not a bare ZodError', async (o, path) => {
    const e = await failure(
      importPlacement(fx.deps, fx.as('lead'), input(o), none, DEFAULT_MAPPING, { reject: () => undefined }),
    );
    expect(e.code).toBe('input.invalid');
    expect(e.details?.issues).toEqual([expect.objectContaining({ path })]);
  });
});
