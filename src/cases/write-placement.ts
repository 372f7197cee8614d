import { z } from 'zod';
import { assertTimeZone, isCalendarDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { requireUser } from './access';
import { auditEntry } from './audit-entry';
import { bucketOf } from './bucket';
import { notFound, parseInput } from './errors';
import {
  type Actor,
  APPROVER_ROLES,
  BUCKETS,
  type Deps,
  type ImportCounts,
  type ImportDebtorRow,
  PRODUCTS,
  RELATIONS,
} from './ports';

/**
 * The import write path (for `huikuan import` and the demo-data generator): validated rows of one
 * client and placement batch, written in ONE transaction — all or nothing, so a failed or killed
 * import leaves the database as it was — and idempotently by natural keys (client + ID number for
 * debtors, placement + debtor for cases, + product + account number or card tail for accounts,
 * debtor + phone for contacts): importing the same rows twice changes nothing.
 */

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'no such calendar date / 日历上没有这一天', abort: true });
const fen = z.int().min(0);
const zone = z
  .string()
  .min(1)
  .refine(
    (tz) => {
      try {
        assertTimeZone(tz);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'an IANA time zone such as Asia/Shanghai' },
  );

export const placementInput = z
  .object({
    clientId: z.string().min(1),
    batchNo: z.string().trim().min(1).max(64),
    periodStart: date,
    periodEnd: date,
    offer: z
      .object({
        instalmentCounts: z.array(z.int().min(1).max(60)).min(1).default([1]),
        maxInterestWaiverBp: z.int().min(0).max(10_000).default(0),
        maxFeeWaiverBp: z.int().min(0).max(10_000).default(0),
        minDownPaymentBp: z.int().min(0).max(10_000).default(0),
        instalmentFeeBp: z.int().min(0).max(10_000).default(0),
        approverRole: z.enum(APPROVER_ROLES).default('lead'),
        exceptionApproverRole: z.enum(APPROVER_ROLES).default('manager'),
      })
      .prefault({}),
  })
  .refine((p) => p.periodEnd >= p.periodStart, {
    error: 'the placement ends before it starts / 委案结束日期早于开始日期',
    path: ['periodEnd'],
  });

export const importAccountRow = z.object({
  accountRef: z.string().trim().min(1).max(64),
  product: z.enum(PRODUCTS),
  cardTail: z
    .string()
    .regex(/^\d{4}$/)
    .nullable()
    .default(null),
  principalFen: fen,
  interestFen: fen.default(0),
  feesFen: fen.default(0),
  daysOverdue: z.int().min(0),
  overdueAsOf: date,
  /** derived from days overdue when absent */
  bucket: z.enum(BUCKETS).optional(),
  billingDay: z.int().min(1).max(31).nullable().default(null),
  lawsuitFiled: z.boolean().default(false),
  judgment: z.boolean().default(false),
  enforcementListed: z.boolean().default(false),
  creditReported: z.boolean().default(false),
  guarantor: z.boolean().default(false),
  effectiveCollections: z.array(z.iso.datetime({ offset: true })).default([]),
});

export const importContactRow = z.object({
  name: z.string().trim().max(50).nullable().default(null),
  relation: z.enum(RELATIONS),
  phone: z.string().regex(/^\+?\d{5,20}$/, { error: 'digits only, optionally with a leading +' }),
  consented: z.boolean().default(false),
});

export const importDebtorRow = z.object({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().min(4).max(32),
  timeZone: zone.default('Asia/Shanghai'),
  quietHoursConsent: z.boolean().default(false),
  accounts: z.array(importAccountRow).min(1),
  contacts: z.array(importContactRow).default([]),
});
export type ImportDebtorInput = z.input<typeof importDebtorRow>;

export const writePlacementOutput = z.object({
  placementId: z.string(),
  placementInserted: z.boolean(),
  rows: z.int(),
  counts: z.object({
    debtors: z.object({ inserted: z.int(), existing: z.int() }),
    cases: z.object({ inserted: z.int(), existing: z.int() }),
    accounts: z.object({ inserted: z.int(), existing: z.int() }),
    contacts: z.object({ inserted: z.int(), existing: z.int() }),
  }),
});

type Chunks<T> = Iterable<readonly T[]> | AsyncIterable<readonly T[]>;

/** A parsed row as the store takes it: the bucket follows from days overdue when not given. */
export function toImportRow(r: z.infer<typeof importDebtorRow>): ImportDebtorRow {
  return {
    ...r,
    accounts: r.accounts.map((a) => ({
      ...a,
      bucket: a.bucket ?? bucketOf(a.daysOverdue),
      effectiveCollections: a.effectiveCollections.map((t) => new Date(t)),
    })),
  };
}

/** Parses each row as it streams by; a bad row stops the stream, so the transaction rolls back. */
async function* parsed(chunks: Chunks<ImportDebtorInput>): AsyncGenerator<ImportDebtorRow[]> {
  let chunkNo = 0;
  for await (const chunk of chunks) {
    chunkNo++;
    yield chunk.map((r, i) => {
      const row = importDebtorRow.safeParse(r);
      if (row.success) return toImportRow(row.data);
      const where = `chunk ${chunkNo}, row ${i + 1}`;
      const list = row.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
      throw new DomainError(
        'input.invalid',
        {
          en: `Invalid import row (${where}): ${list}`,
          zh: `导入行有误（第 ${chunkNo} 块第 ${i + 1} 行）：${list}`,
        },
        {
          chunk: chunkNo,
          row: i + 1,
          issues: row.error.issues.map((x) => ({ path: x.path.join('.'), message: x.message })),
        },
      );
    });
  }
}

export async function writePlacement(
  deps: Deps<'org' | 'imports' | 'audit'>,
  actor: Actor,
  placementIn: z.input<typeof placementInput>,
  chunks: Chunks<ImportDebtorInput>,
): Promise<z.infer<typeof writePlacementOutput>> {
  return writeImportRows(deps, actor, placementIn, parsed(chunks));
}

/**
 * The same for rows that were validated and converted already (importPlacement's validateRow
 * checks every field a bank's file can carry): no second parse of a million rows.
 */
export async function writeImportRows(
  deps: Deps<'org' | 'imports' | 'audit'>,
  actor: Actor,
  placementIn: z.input<typeof placementInput>,
  chunks: Chunks<ImportDebtorRow>,
): Promise<z.infer<typeof writePlacementOutput>> {
  const p = parseInput(placementInput, placementIn);
  let started = false;
  return deps.store.transaction(async (tx) => {
    // The chunks can be read once; a retried transaction would silently import nothing.
    if (started)
      throw new DomainError('import.retry_impossible', {
        en: 'The import transaction was interrupted and cannot be replayed from a stream: run the import again',
        zh: '导入事务被中断，数据流无法重放：请重新执行导入',
      });
    started = true;
    await requireUser(tx.org, actor, 'lead');
    const client = await tx.org.getClient(p.clientId);
    if (!client) throw notFound('client', p.clientId);
    const { placement, inserted } = await tx.imports.upsertPlacement({
      id: deps.ids.next('plc'),
      agencyId: actor.agencyId,
      clientId: client.id,
      batchNo: p.batchNo,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      offer: p.offer,
    });
    let rows = 0;
    async function* counted(): AsyncGenerator<readonly ImportDebtorRow[]> {
      for await (const chunk of chunks) {
        rows += chunk.length;
        yield chunk;
      }
    }
    const counts: ImportCounts = await tx.imports.writeRows(placement, counted(), deps.ids);
    // One entry for the whole import: a per-row entry would double the cost of a million-row file.
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), client.id, 'placement.imported', 'placement', placement.id, {
        batchNo: placement.batchNo,
        placementInserted: inserted,
        rows,
        counts,
      }),
    );
    return writePlacementOutput.parse({
      placementId: placement.id,
      placementInserted: inserted,
      rows,
      counts,
    });
  });
}
