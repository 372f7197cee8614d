import { existsSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAPPING } from '../cases/import-mapping';
import { type ImportReport, importPlacement, type SourceRow } from '../cases/import-placement';
import type { RowProblem } from '../cases/import-row';
import { type ImportTarget, resolveImportTarget } from '../cases/import-target';
import { addDays, isCalendarDate, localDateKey, SHANGHAI } from '../domain/calendar';
import { isDomainError } from '../domain/errors';
import { openPlacementFile, RejectsFile, readMappingFile } from '../io/placement-files';
import { loadPlaybookDir } from '../io/playbook-files';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { migrate } from '../store/migrate';
import { openDbFromEnv } from '../store/open-db';
import { lang, UsageError } from './cli-error';

export const IMPORT_HELP = `huikuan import FILE --client NAME [--batch NAME] [--mapping FILE] [--skip-invalid]

  FILE               a placement file: CSV (UTF-8 or GBK/GB18030, detected) or XLSX
  --client NAME      the client bank (委托方); created with the cn rule pack if it is new
  --batch NAME       the placement batch (委案批次); default: the file name without extension
  --mapping FILE     YAML or JSON: our field ← their column header, amount and date formats
  --skip-invalid     import the valid rows; write the rejects with reasons to a CSV
  --rejects FILE     where rejected rows go (default: FILE.rejects.csv next to the input)
  --as-of DATE       the day days-overdue figures refer to (default: today, Asia/Shanghai)
  --period-start D   placement period (default: --as-of) …
  --period-end D     … to (default: 90 days after the start)
  --agency ID        the agency (default: the only one; a first run creates one)
  --user ID          who imports, a lead or above (default: the agency's first admin)
  --json             print the report as JSON

Without --skip-invalid a file with any bad row imports nothing: every bad row is reported with
its row number, column and reason. Importing the same file again changes nothing; a killed import
leaves the database as it was. The database is DATABASE_URL, else PGlite in DATA_DIR/pglite
(./data/pglite; HUIKUAN_DATA_DIR names the PGlite directory itself), the same as \`huikuan start\`.
`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!DAY.test(v)) throw new UsageError(`--${name} must be a date YYYY-MM-DD (got "${v}")`);
  // Refused, not rolled over: 2026-02-30 is no day, not 2 March.
  if (!isCalendarDate(v)) throw new UsageError(`--${name}: there is no such day as ${v}`);
  return v;
}

function plusDays(d: string, n: number): string {
  const r = addDays(
    { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) },
    n,
  );
  return `${r.year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
}

/** The agency and user are command-line choices: when they cannot be guessed, say which option to use. */
async function resolveTarget(
  deps: Parameters<typeof resolveImportTarget>[0],
  input: Parameters<typeof resolveImportTarget>[1],
): Promise<ImportTarget> {
  try {
    return await resolveImportTarget(deps, input);
  } catch (e) {
    const option = !isDomainError(e)
      ? null
      : e.code === 'import.agency_ambiguous'
        ? '--agency ID'
        : e.code === 'import.no_admin'
          ? '--user ID'
          : null;
    if (option && isDomainError(e)) throw new UsageError(`${e.localized(lang())} (${option})`);
    throw e;
  }
}

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      client: { type: 'string' },
      batch: { type: 'string' },
      mapping: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      rejects: { type: 'string' },
      'as-of': { type: 'string' },
      'period-start': { type: 'string' },
      'period-end': { type: 'string' },
      agency: { type: 'string' },
      user: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('name the placement file to import');
  if (positionals.length > 1) throw new UsageError('import one file at a time');
  const client = values.client?.trim();
  if (!client) throw new UsageError('--client NAME is required');
  const asOf = day('as-of', values['as-of']) ?? localDateKey(systemClock.now(), SHANGHAI);
  const periodStart = day('period-start', values['period-start']) ?? asOf;
  const periodEnd = day('period-end', values['period-end']) ?? plusDays(periodStart, 90);
  if (periodEnd < periodStart)
    throw new UsageError(`--period-end ${periodEnd} is before the period's start ${periodStart}`);
  const batchNo = values.batch?.trim() || basename(file, extname(file));
  const rejectsPath = values.rejects ?? join(dirname(file), `${basename(file, extname(file))}.rejects.csv`);
  const mapping = values.mapping ? readMappingFile(values.mapping) : DEFAULT_MAPPING;

  const source = await openPlacementFile(file, {
    headerRow: mapping.header_row,
    sheet: mapping.sheet,
    encoding: mapping.encoding,
  });
  const zh = lang() === 'zh';
  const progress = process.stderr.isTTY === true && !values.json;
  let read = 0;
  let shownAt = 0;
  async function* counted(): AsyncGenerator<SourceRow> {
    for await (const r of source.rows) {
      read++;
      if (progress && Date.now() - shownAt > 250) {
        shownAt = Date.now();
        process.stderr.write(`\r${read.toLocaleString()} ${zh ? '行' : 'rows'}`);
      }
      yield r;
    }
  }

  const db = await openDbFromEnv();
  let target: ImportTarget;
  let rejects: RejectsFile | null = null;
  let report: ImportReport;
  try {
    await migrate(db);
    const deps = { store: createCaseStore(db), clock: systemClock, ids: createIdGenerator() };
    target = await resolveTarget(
      { ...deps, playbook: loadPlaybookDir() },
      { agencyId: values.agency, userId: values.user, clientName: client },
    );
    rejects = new RejectsFile(rejectsPath, source.headers);
    report = await importPlacement(
      deps,
      target.actor,
      {
        clientId: target.clientId,
        batchNo,
        periodStart,
        periodEnd,
        asOf,
        skipInvalid: values['skip-invalid'],
      },
      { headers: source.headers, rows: counted() },
      mapping,
      rejects,
    );
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
    await rejects?.close();
    if (rejects && rejects.count === 0 && existsSync(rejectsPath)) unlinkSync(rejectsPath);
    await db.close();
  }
  const notes: string[] = [];
  const { agency, client: newClient } = target.created;
  if (agency) notes.push(`created agency ${agency.agencyId} with admin ${agency.adminUserId}`);
  if (newClient)
    notes.push(`created client "${newClient.name}" (${newClient.clientId}) with the cn rule pack`);
  for (const n of notes) process.stderr.write(`${n}\n`);
  const rejectsFile = rejects && rejects.count > 0 ? rejectsPath : null;
  if (values.json) process.stdout.write(`${JSON.stringify({ ...report, batchNo, rejectsFile }, null, 2)}\n`);
  else process.stdout.write(render(report, { batchNo, client, rejectsFile, zh, encoding: source.encoding }));
  return report.imported ? 0 : 1;
}

const SHOWN = 30;

function problemLine(p: RowProblem, zh: boolean): string {
  const where = zh ? `第 ${p.row} 行` : `row ${p.row}`;
  return `  ${where}${p.column ? ` [${p.column}]` : ''}: ${zh ? p.zh : p.en}`;
}

function render(
  r: ImportReport,
  o: { batchNo: string; client: string; rejectsFile: string | null; zh: boolean; encoding: string | null },
): string {
  const out: string[] = [];
  const { zh } = o;
  if (r.imported && r.write) {
    const c = r.write.counts;
    out.push(
      zh
        ? `已导入 ${o.client} 批次 ${o.batchNo}：读取 ${r.rows} 行，有效 ${r.valid} 行，拒绝 ${r.rejected} 行`
        : `Imported ${o.client} batch ${o.batchNo}: ${r.rows} rows read, ${r.valid} valid, ${r.rejected} rejected`,
    );
    const label = zh
      ? { debtors: '债务人', cases: '案件', accounts: '账户', contacts: '联系人' }
      : { debtors: 'debtors', cases: 'cases', accounts: 'accounts', contacts: 'contacts' };
    for (const k of ['debtors', 'cases', 'accounts', 'contacts'] as const)
      out.push(
        zh
          ? `  ${label[k]}：新增 ${c[k].inserted}，已存在 ${c[k].existing}`
          : `  ${label[k]}: ${c[k].inserted} new, ${c[k].existing} already there`,
      );
  } else {
    out.push(
      zh
        ? `未导入任何数据：${r.rejected} 行有错误（共 ${r.rows} 行）。请修正后重新导入，或使用 --skip-invalid 只导入有效行。`
        : `Nothing imported: ${r.rejected} of ${r.rows} rows have problems. Fix them and import again, or use --skip-invalid to import the valid rows.`,
    );
  }
  if (r.problemCount > 0) {
    for (const p of r.problems.slice(0, SHOWN)) out.push(problemLine(p, zh));
    if (r.problemCount > SHOWN)
      out.push(
        zh ? `  …… 另有 ${r.problemCount - SHOWN} 处问题` : `  … and ${r.problemCount - SHOWN} more problems`,
      );
  }
  if (o.rejectsFile)
    out.push(
      zh ? `出错的行及原因已写入 ${o.rejectsFile}` : `Rejected rows with their reasons: ${o.rejectsFile}`,
    );
  if (r.ignoredColumns.length)
    out.push(
      zh ? `未使用的列：${r.ignoredColumns.join('、')}` : `Columns not used: ${r.ignoredColumns.join(', ')}`,
    );
  if (o.encoding === 'gb18030')
    out.push(zh ? '（文件按 GBK/GB18030 编码读取）' : '(the file was read as GBK/GB18030)');
  return `${out.join('\n')}\n`;
}
