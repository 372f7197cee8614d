import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, queueWindow } from '../cases/build-queue';
import { clientPolicies } from '../cases/contact-decision';
import type { ClientRecord } from '../cases/ports';
import { queuePoints } from '../cases/queue-score';
import { type ImportDebtorInput, writePlacement } from '../cases/write-placement';
import { isDomainError } from '../domain/errors';
import { type CaseFixture, openCaseFixture } from './case-fixture';

// The store's contract: run on PGlite in `npm test`, and on the server when DATABASE_URL is set.
let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture();
});
afterAll(async () => {
  await fx?.dispose();
});

describe('the Db port', () => {
  it('returns bigint as numbers, dates as strings, timestamptz as Dates and jsonb as values', async () => {
    const r = await fx.db.query<{ big: number; d: string; t: Date; j: { a: number[] }; arr: string[] }>(
      `select $1::bigint as big, '2026-12-01'::date as d, '2026-12-01T02:00:00Z'::timestamptz as t,
              $2::jsonb as j, array['cn', 'us'] as arr`,
      [9_007_199_254_740_991, JSON.stringify({ a: [1, 2] })],
    );
    expect(r.rows[0]).toEqual({
      big: 9_007_199_254_740_991,
      d: '2026-12-01',
      t: new Date('2026-12-01T02:00:00Z'),
      j: { a: [1, 2] },
      arr: ['cn', 'us'],
    });
  });

  it('commits a transaction that returns and rolls back one that throws', async () => {
    await fx.db.exec('create table probe (id int primary key)');
    await fx.db.transaction(async (tx) => {
      await tx.query('insert into probe values (1)');
    });
    await expect(
      fx.db.transaction(async (tx) => {
        await tx.query('insert into probe values (2)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await fx.db.query('select id from probe order by id')).rows).toEqual([{ id: 1 }]);
    await fx.db.exec('drop table probe');
  });
});

describe('the queue SQL and queue-score.ts agree on every point', () => {
  // Features set directly on the rows, so the SQL sees every combination the score distinguishes.
  const variants: [string, string, Record<string, unknown>][] = [
    [
      'overdue promise, broken follow-up, priority 3',
      'Asia/Shanghai',
      { next_due_at: '2026-11-30T15:59:59Z', follow_up_broken: true, priority: 3 },
    ],
    ['promise due tonight', 'Asia/Shanghai', { next_due_at: '2026-12-01T15:59:59Z' }],
    ['promise due tomorrow', 'Asia/Shanghai', { next_due_at: '2026-12-02T15:59:59Z' }],
    ['due "today" in New York', 'America/New_York', { next_due_at: '2026-12-01T04:59:59Z' }],
    ['estimates on halves', 'Asia/Shanghai', { ability: 0.45, willingness: 0.55 }],
    ['estimates high', 'Asia/Shanghai', { ability: 0.93, willingness: 0.71 }],
    ['contacted 3.5 days ago', 'Asia/Shanghai', { last_contact_at: '2026-11-27T14:00:00Z' }],
    ['contacted 40 days ago', 'Asia/Shanghai', { last_contact_at: '2026-10-22T02:00:00Z' }],
    ['mostly paid', 'Asia/Shanghai', { paid_fen: 1_000_000 }],
    ['negative priority', 'Asia/Shanghai', { priority: -2 }],
  ];
  const AT = new Date('2026-12-01T03:00:00Z');

  it.each(variants)('%s', async (_name, timeZone, set) => {
    const d = await fx.addDebtor({ timeZone, assignTo: 'otherCollector' });
    const cols = Object.keys(set);
    await fx.db.query(`update cases set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`, [
      d.caseId,
      ...cols.map((c) => set[c]),
    ]);
    const client = (await fx.store.transaction((tx) => tx.org.getClient(fx.clientId))) as ClientRecord;
    const { rows } = await fx.store.transaction((tx) =>
      tx.queue.page({
        agencyId: fx.agencyId,
        collectorId: fx.users.otherCollector,
        at: AT,
        // an all-day window: this test is about the points, not the filters
        windows: [
          { ...queueWindow(client, clientPolicies(fx.playbook, client)), openMinute: 0, closeMinute: 1440 },
        ],
        limit: 1000,
        offset: 0,
      }),
    );
    const row = rows.find((r) => r.caseId === d.caseId);
    expect(row).toBeDefined();
    expect(row!.points).toEqual(queuePoints(featuresOf(row!, AT)));
    expect(row!.score).toBe(Object.values(row!.points).reduce((s, p) => s + p, 0));
  });

  it('ends the placement on the same day in both', async () => {
    await fx.db.query(`update placements set period_end = '2026-12-10' where id = $1`, [fx.placementId]);
    const { rows } = await fx.store.transaction((tx) =>
      tx.queue.page({
        agencyId: fx.agencyId,
        collectorId: fx.users.otherCollector,
        at: AT,
        windows: [
          {
            clientId: fx.clientId,
            openMinute: 0,
            closeMinute: 1440,
            maxTalksPerDay: 3,
            consentApplies: true,
          },
        ],
        limit: 1000,
        offset: 0,
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.points.placement_ending).toBe(10);
      expect(r.points).toEqual(queuePoints(featuresOf(r, AT)));
    }
    await fx.db.query(`update placements set period_end = '2027-03-01' where id = $1`, [fx.placementId]);
  });
});

describe('the import write path (writePlacement)', () => {
  const row = (n: number, over: Partial<ImportDebtorInput> = {}): ImportDebtorInput => ({
    name: `导入${n}`,
    idNumber: `3201011985010${String(n).padStart(5, '0')}`,
    accounts: [
      {
        accountRef: `IMP-${n}`,
        product: 'credit_card',
        cardTail: '1234',
        principalFen: 100_000 * n,
        interestFen: 1_000,
        daysOverdue: 31 * n,
        overdueAsOf: '2026-11-30',
      },
      {
        accountRef: `IMP-${n}-L`,
        product: 'consumer_loan',
        principalFen: 50_000,
        daysOverdue: 10,
        overdueAsOf: '2026-11-30',
      },
    ],
    contacts: [
      { relation: 'self', phone: `1350000${String(n).padStart(4, '0')}` },
      { relation: 'parent', name: '母亲', phone: `1360000${String(n).padStart(4, '0')}` },
    ],
    ...over,
  });
  const placement = (batchNo: string) => ({
    clientId: fx.clientId,
    batchNo,
    periodStart: '2026-12-01',
    periodEnd: '2027-02-28',
  });
  const count = async (table: string, batchNo: string) =>
    (
      await fx.db.query<{ n: number }>(
        `select count(*) as n from ${table} t join placements p on p.id = t.placement_id where p.batch_no = $1`,
        [batchNo],
      )
    ).rows[0]!.n;

  it('writes debtors, cases, accounts and contacts in chunks, with case totals and buckets', async () => {
    const r = await writePlacement(fx.deps, fx.as('lead'), placement('IMP-A'), [[row(1), row(2)], [row(3)]]);
    expect(r).toMatchObject({
      placementInserted: true,
      rows: 3,
      counts: {
        debtors: { inserted: 3, existing: 0 },
        cases: { inserted: 3, existing: 0 },
        accounts: { inserted: 6, existing: 0 },
        contacts: { inserted: 6, existing: 0 },
      },
    });
    const c = await fx.db.query<{ total_due_fen: number; buckets: string[] }>(
      `select c.total_due_fen, array_agg(a.bucket order by a.account_ref) as buckets
         from cases c join accounts a on a.case_id = c.id join debtors d on d.id = c.debtor_id
        where d.id_number = $1 and c.placement_id = $2 group by c.total_due_fen`,
      [row(2).idNumber, r.placementId],
    );
    expect(c.rows[0]).toEqual({ total_due_fen: 200_000 + 1_000 + 50_000, buckets: ['M3', 'M1'] });
  });

  it('changes nothing when the same rows are imported again', async () => {
    await writePlacement(fx.deps, fx.as('lead'), placement('IMP-B'), [[row(11), row(12)]]);
    const again = await writePlacement(fx.deps, fx.as('lead'), placement('IMP-B'), [[row(12)], [row(11)]]);
    expect(again).toMatchObject({
      placementInserted: false,
      counts: {
        debtors: { inserted: 0, existing: 2 },
        cases: { inserted: 0, existing: 2 },
        accounts: { inserted: 0, existing: 4 },
        contacts: { inserted: 0, existing: 4 },
      },
    });
    expect(await count('cases', 'IMP-B')).toBe(2);
    expect(await count('accounts', 'IMP-B')).toBe(4);
  });

  it('writes nothing at all when a later chunk holds a bad row', async () => {
    const bad = row(22, {
      accounts: [
        {
          accountRef: 'X',
          product: 'credit_card',
          principalFen: -5,
          daysOverdue: 1,
          overdueAsOf: '2026-11-30',
        },
      ],
    });
    let code = '';
    try {
      await writePlacement(fx.deps, fx.as('lead'), placement('IMP-C'), [[row(21)], [bad]]);
    } catch (e) {
      code = isDomainError(e) ? `${e.code} ${e.message}` : String(e);
    }
    expect(code).toContain('input.invalid');
    expect(code).toContain('chunk 2, row 1');
    const p = await fx.db.query(`select 1 from placements where batch_no = 'IMP-C'`);
    expect(p.rows).toEqual([]);
    const d = await fx.db.query('select 1 from debtors where id_number = $1', [row(21).idNumber]);
    expect(d.rows).toEqual([]);
  });

  it('needs a lead or above to import', async () => {
    await expect(
      writePlacement(fx.deps, fx.as('collector'), placement('IMP-D'), [[row(31)]]),
    ).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
  });
});
