import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { parseInput } from './errors';
import { type MappingFile, planColumns } from './import-mapping';
import { type RowProblem, validateRow } from './import-row';
import { SeenKeys, SeenPeople } from './import-seen';
import type { Actor, Deps, ImportDebtorRow } from './ports';
import { placementInput, writeImportRows, type writePlacementOutput } from './write-placement';

/**
 * `huikuan import`: a bank's placement file → one placement batch, in one pass. Rows are validated
 * as they stream in and handed on in chunks to ONE transaction (writeImportRows), which streams
 * them into the store's bulk load as they come, so:
 *  - strict (default): any bad row → the transaction is rolled back and nothing is imported; every
 *    bad row is reported (row number as the sheet shows it, column header, reason in zh and en);
 *  - skip-invalid: the valid rows are imported and the rejects go to the sink with their reasons;
 *  - a crash or kill mid-way leaves the database as it was; importing the same file twice changes
 *    nothing (natural keys).
 * Memory stays flat except for the duplicate check, which keeps two numbers per account and per
 * person (see import-seen.ts).
 */

export interface SourceRow {
  /** the row number in the sheet as the user sees it */
  row: number;
  cells: string[];
}

export interface PlacementSource {
  headers: readonly string[];
  rows: AsyncIterable<SourceRow>;
}

/** Receives each rejected row with its problems, in file order (the CLI writes them to a CSV). */
export interface RejectSink {
  reject(row: SourceRow, problems: readonly RowProblem[]): void | Promise<void>;
}

export const importPlacementInput = placementInput.and(
  z.object({
    /** the day the file's days-overdue figures refer to (YYYY-MM-DD) */
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(isCalendarDate, { error: 'no such calendar date / 日历上没有这一天', abort: true }),
    skipInvalid: z.boolean().default(false),
    chunkSize: z.int().min(1).max(50_000).default(2_000),
  }),
);

export interface ImportReport {
  /** true when the rows were committed (nothing is committed in strict mode if any row is bad) */
  imported: boolean;
  /** data rows read (blank rows are not counted) */
  rows: number;
  valid: number;
  rejected: number;
  /** the first problems, for display; all of them went to the reject sink */
  problems: RowProblem[];
  problemCount: number;
  /** header cells no field uses */
  ignoredColumns: string[];
  write: z.infer<typeof writePlacementOutput> | null;
}

const SHOWN_PROBLEMS = 1_000;

/** Thrown inside the transaction to roll it back; never escapes this module. */
class RollBack extends Error {}

/**
 * Produces the next chunk while the database writes the current one: parsing and validating in
 * JavaScript overlap the wait for PostgreSQL instead of adding to it.
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = source.next();
      // A failure of the read-ahead surfaces when awaited; until then it must not count as unhandled.
      next.catch(() => {});
      yield r.value;
    }
  } finally {
    await source.return(undefined).catch(() => {});
  }
}

function mergeInto(target: ImportDebtorRow, more: ImportDebtorRow): void {
  target.accounts.push(...more.accounts);
  const phones = new Set(target.contacts.map((c) => c.phone));
  for (const c of more.contacts) if (!phones.has(c.phone)) target.contacts.push(c);
}

export async function importPlacement(
  deps: Deps<'org' | 'imports' | 'audit'>,
  actor: Actor,
  input: z.input<typeof importPlacementInput>,
  source: PlacementSource,
  mapping: MappingFile,
  sink: RejectSink,
): Promise<ImportReport> {
  // A coded input.invalid (HTTP 400), never a bare ZodError (which would surface as a 500).
  const i = parseInput(importPlacementInput, input);
  const plan = planColumns(source.headers, mapping);
  const report: ImportReport = {
    imported: false,
    rows: 0,
    valid: 0,
    rejected: 0,
    problems: [],
    problemCount: 0,
    ignoredColumns: plan.ignored,
    write: null,
  };
  const accounts = new SeenKeys();
  const people = new SeenPeople();

  const reject = async (row: SourceRow, problems: RowProblem[]) => {
    report.rejected++;
    report.problemCount += problems.length;
    for (const p of problems) if (report.problems.length < SHOWN_PROBLEMS) report.problems.push(p);
    await sink.reject(row, problems);
  };

  async function* chunks(): AsyncGenerator<ImportDebtorRow[]> {
    let chunk = new Map<string, ImportDebtorRow>();
    let inChunk = 0;
    for await (const src of source.rows) {
      if (src.cells.every((c) => c.trim() === '')) continue;
      report.rows++;
      const r = validateRow(src.row, src.cells, plan, { asOf: i.asOf });
      if (!r.ok) {
        await reject(src, r.problems);
        continue;
      }
      const v = r.value;
      const idNumber = v.debtor.idNumber;
      const person = people.check(idNumber, v.debtor.name, src.row);
      if (person && !person.sameName) {
        await reject(src, [
          {
            row: src.row,
            column: plan.headers[plan.fields.name!] ?? null,
            code: 'duplicate.name_conflict',
            zh: `身份证号与第 ${person.firstRow} 行相同，但姓名不同`,
            en: `same ID number as row ${person.firstRow} but a different name`,
          },
        ]);
        continue;
      }
      const first = accounts.firstOrAdd(v.accountKey, src.row);
      if (first !== undefined) {
        const at = plan.fields.account_ref ?? plan.fields.card_tail ?? plan.fields.id_number!;
        await reject(src, [
          {
            row: src.row,
            column: plan.headers[at] ?? null,
            code: 'duplicate.account',
            zh: `与第 ${first} 行重复（身份证号、产品和案件编号都相同）`,
            en: `duplicates row ${first} (same ID number, product and account number)`,
          },
        ]);
        continue;
      }
      report.valid++;
      // Strict mode: after the first bad row nothing more is written, only validated and reported.
      if (report.rejected > 0 && !i.skipInvalid) continue;
      // One debtor per chunk entry: several accounts of one person travel together.
      const held = chunk.get(idNumber);
      if (held) mergeInto(held, v.debtor);
      else chunk.set(idNumber, v.debtor);
      if (++inChunk >= i.chunkSize) {
        yield [...chunk.values()];
        chunk = new Map();
        inChunk = 0;
      }
    }
    if (report.rows === 0 || (report.rejected > 0 && !i.skipInvalid)) throw new RollBack();
    if (chunk.size) yield [...chunk.values()];
  }

  try {
    report.write = await writeImportRows(
      deps,
      actor,
      {
        clientId: i.clientId,
        batchNo: i.batchNo,
        periodStart: i.periodStart,
        periodEnd: i.periodEnd,
        offer: i.offer,
      },
      readAhead(chunks()),
    );
    report.imported = true;
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
    if (report.rows === 0)
      throw new DomainError('import.empty', {
        en: 'The file has no data rows under its header row',
        zh: '文件表头下没有数据行',
      });
  }
  return report;
}
