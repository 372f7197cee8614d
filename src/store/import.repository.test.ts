import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImportDebtorInput, writePlacement } from '../cases/write-placement';
import { type CaseFixture, openCaseFixture } from './case-fixture';

// The bulk write path's own rules, on PGlite, or on the server in a scratch schema when DATABASE_URL
// is set. (The file-level guarantees are in src/cases/import-placement.test.ts and the CLI test.)
let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture();
});
afterAll(async () => {
  await fx?.dispose();
});

const idNumber = (n: number) => `1101011990030${String(n).padStart(5, '0')}`;
const debtor = (n: number, over: Partial<ImportDebtorInput> = {}): ImportDebtorInput => ({
  name: `批量${n}`,
  idNumber: idNumber(n),
  accounts: [
    {
      accountRef: `B-${n}`,
      product: 'credit_card',
      principalFen: 10_000,
      daysOverdue: 40,
      overdueAsOf: '2026-11-30',
    },
  ],
  contacts: [{ relation: 'self', phone: `1390000${String(n).padStart(4, '0')}` }],
  ...over,
});
const placement = (batchNo: string) => ({
  clientId: fx.clientId,
  batchNo,
  periodStart: '2026-12-01',
  periodEnd: '2027-02-28',
});
const write = (batchNo: string, chunks: ImportDebtorInput[][] | AsyncIterable<ImportDebtorInput[]>) =>
  writePlacement(fx.deps, fx.as('lead'), placement(batchNo), chunks);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function caseOf(batchNo: string, n: number) {
  const r = await fx.db.query<{ id: string; debtor_id: string; total_due_fen: number; accounts: number }>(
    `select c.id, c.debtor_id, c.total_due_fen, (select count(*) from accounts a where a.case_id = c.id)::int as accounts
       from cases c join placements p on p.id = c.placement_id join debtors d on d.id = c.debtor_id
      where p.batch_no = $1 and d.id_number = $2`,
    [batchNo, idNumber(n)],
  );
  return r.rows[0];
}

describe('the bulk import write path', () => {
  it('makes ids in the store, numbered in ID-number order, never reused by a later import', async () => {
    await write('ORDER-1', [[debtor(3), debtor(1)], [debtor(2)]]);
    await write('ORDER-2', [[debtor(4)]]);
    const r = await fx.db.query<{ id: string; id_number: string }>(
      `select id, id_number from debtors where id_number = any($1::text[]) order by id`,
      [[1, 2, 3, 4].map(idNumber)],
    );
    expect(r.rows.map((x) => x.id_number)).toEqual([1, 2, 3, 4].map(idNumber));
    for (const { id } of r.rows) expect(id).toMatch(/^dbt_[0-9a-z]{26}$/);
    const cases = await fx.db.query<{ id: string }>(
      `select c.id from cases c join debtors d on d.id = c.debtor_id where d.id_number = any($1::text[])`,
      [[1, 2, 3, 4].map(idNumber)],
    );
    expect(new Set(cases.rows.map((c) => c.id)).size).toBe(4);
  });

  it('joins one person across chunks: one debtor and case, the first row wins, each phone once', async () => {
    const first = debtor(10, {
      contacts: [
        { relation: 'self', phone: '13900000010' },
        { relation: 'spouse', name: '配偶', phone: '13911110010' },
      ],
    });
    const second = debtor(10, {
      name: '后来的名字',
      accounts: [
        {
          accountRef: 'B-10-L',
          product: 'consumer_loan',
          principalFen: 5_000,
          daysOverdue: 10,
          overdueAsOf: '2026-11-30',
        },
      ],
      contacts: [{ relation: 'friend', name: '朋友', phone: '13911110010' }],
    });
    const r = await write('SPLIT', [[first], [debtor(11)], [second]]);
    expect(r.counts).toEqual({
      debtors: { inserted: 2, existing: 0 },
      cases: { inserted: 2, existing: 0 },
      accounts: { inserted: 3, existing: 0 },
      contacts: { inserted: 3, existing: 0 },
    });
    expect(await caseOf('SPLIT', 10)).toMatchObject({ total_due_fen: 15_000, accounts: 2 });
    const d = await fx.db.query<{ name: string; relation: string; phone: string }>(
      `select d.name, k.relation, k.phone from debtors d join contacts k on k.debtor_id = d.id
        where d.id_number = $1 order by k.phone`,
      [idNumber(10)],
    );
    expect(d.rows).toEqual([
      { name: '批量10', relation: 'self', phone: '13900000010' },
      { name: '批量10', relation: 'spouse', phone: '13911110010' },
    ]);
  });

  it('counts an account twice in one load once, in the case total too', async () => {
    const twice = debtor(20, {
      accounts: [
        {
          accountRef: 'B-20',
          product: 'credit_card',
          principalFen: 7_000,
          daysOverdue: 40,
          overdueAsOf: '2026-11-30',
        },
        {
          accountRef: 'B-20',
          product: 'credit_card',
          principalFen: 9_999,
          daysOverdue: 40,
          overdueAsOf: '2026-11-30',
        },
      ],
    });
    const r = await write('DUP', [[twice]]);
    expect(r.counts.accounts).toEqual({ inserted: 1, existing: 1 });
    expect(await caseOf('DUP', 20)).toMatchObject({ total_due_fen: 7_000, accounts: 1 });
  });

  it('adds what a corrected file brings to the existing case and updates its total', async () => {
    await write('FIX', [[debtor(30), debtor(31)]]);
    const before = await caseOf('FIX', 30);
    const more = debtor(30, {
      accounts: [
        {
          accountRef: 'B-30',
          product: 'credit_card',
          principalFen: 10_000,
          daysOverdue: 40,
          overdueAsOf: '2026-11-30',
        },
        {
          accountRef: 'B-30-2',
          product: 'credit_card',
          principalFen: 2_500,
          interestFen: 100,
          daysOverdue: 5,
          overdueAsOf: '2026-11-30',
        },
      ],
      contacts: [
        { relation: 'self', phone: '13900000030' },
        { relation: 'parent', name: '母亲', phone: '13922220030' },
      ],
    });
    const r = await write('FIX', [[more, debtor(31), debtor(32)]]);
    expect(r.counts).toEqual({
      debtors: { inserted: 1, existing: 2 },
      cases: { inserted: 1, existing: 2 },
      accounts: { inserted: 2, existing: 2 },
      contacts: { inserted: 2, existing: 2 },
    });
    expect(await caseOf('FIX', 30)).toEqual({ ...before, total_due_fen: 12_600, accounts: 2 });
    expect(await caseOf('FIX', 31)).toMatchObject({ total_due_fen: 10_000, accounts: 1 });
  });

  it('keeps the instalment fee a completed plan booked when a corrected file updates the total', async () => {
    await write('FEE', [[debtor(40)]]);
    const c = await caseOf('FEE', 40);
    // what recordPayment does when a plan's last instalment is paid: its fee is booked as owed
    await fx.db.query(
      `insert into repayment_plans (id, agency_id, client_id, case_id, state, balance_fen, settlement_fen,
              instalment_count, instalment_fee_fen, total_cost_fen, within_policy, required_role, proposed_by, proposed_at)
       values ('pln_fee_40', $1, $2, $3, 'completed', 10000, 10000, 3, 300, 10300, true, 'lead', $4, now())`,
      [fx.agencyId, fx.clientId, c!.id, fx.users.lead],
    );
    await fx.db.query('update cases set total_due_fen = total_due_fen + 300 where id = $1', [c!.id]);
    // the same file again changes nothing; one with another account adds it to the total, fee kept
    await write('FEE', [[debtor(40)]]);
    expect(await caseOf('FEE', 40)).toMatchObject({ total_due_fen: 10_300, accounts: 1 });
    const more = debtor(40, {
      accounts: [
        ...debtor(40).accounts,
        {
          accountRef: 'B-40-2',
          product: 'credit_card',
          principalFen: 2_000,
          daysOverdue: 5,
          overdueAsOf: '2026-11-30',
        },
      ],
    });
    await write('FEE', [[more]]);
    expect(await caseOf('FEE', 40)).toMatchObject({ total_due_fen: 12_300, accounts: 2 });
  });

  it('reuses the debtor of an earlier placement of the same client and opens a new case for it', async () => {
    await write('EARLIER', [[debtor(40)]]);
    const r = await write('LATER', [[debtor(40)]]);
    expect(r.counts.debtors).toEqual({ inserted: 0, existing: 1 });
    expect(r.counts.cases).toEqual({ inserted: 1, existing: 0 });
    expect(r.counts.contacts).toEqual({ inserted: 0, existing: 1 });
    const earlier = await caseOf('EARLIER', 40);
    const later = await caseOf('LATER', 40);
    expect(later?.debtor_id).toBe(earlier?.debtor_id);
    expect(later?.id).not.toBe(earlier?.id);
  });

  it('runs two imports into one client one after the other, so neither misses the debtors of the other', async () => {
    const a = Array.from({ length: 30 }, (_, i) => debtor(100 + i));
    const b = Array.from({ length: 30 }, (_, i) => debtor(115 + i));
    let releaseA = () => {};
    const held = new Promise<void>((r) => {
      releaseA = r;
    });
    let started = { a: false, b: false };
    async function* first(): AsyncGenerator<ImportDebtorInput[]> {
      started = { ...started, a: true };
      yield a;
      await held;
    }
    async function* second(): AsyncGenerator<ImportDebtorInput[]> {
      started = { ...started, b: true };
      yield b;
    }
    const pa = write('PAR-A', first());
    while (!started.a) await sleep(10);
    const pb = write('PAR-B', second());
    // B waits for A's transaction before it reads a row (on PGlite transactions queue anyway).
    await sleep(500);
    const bWaited = !started.b;
    releaseA();
    expect(bWaited).toBe(true);
    const [ra, rb] = await Promise.all([pa, pb]);
    expect(ra.counts.debtors).toEqual({ inserted: 30, existing: 0 });
    expect(rb.counts.debtors).toEqual({ inserted: 15, existing: 15 });
    const d = await fx.db.query<{ n: number }>(
      'select count(*)::int as n from debtors where client_id = $1 and id_number = any($2::text[])',
      [fx.clientId, Array.from({ length: 45 }, (_, i) => idNumber(100 + i))],
    );
    expect(d.rows[0]?.n).toBe(45);
  });
});
