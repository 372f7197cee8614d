import { once } from 'node:events';
import { accessSync, constants, createReadStream, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { type MappingFile, parseMapping } from '../cases/import-mapping';
import type { PlacementSource, RejectSink, SourceRow } from '../cases/import-placement';
import type { RowProblem } from '../cases/import-row';
import { DomainError } from '../domain/errors';
import {
  callsFor,
  csvLine,
  encodeGb18030,
  generateCases,
  PAYMENT_HEADERS,
  PLACEMENT_HEADERS,
  paymentRecords,
  placementRecord,
} from '../generator';

/**
 * Placement files at the edge: CSV (UTF-8 with or without BOM, or GBK/GB18030 as many Chinese
 * banks export) and XLSX, streamed row by row so a million-row file never sits in memory.
 */

export interface OpenOptions {
  headerRow?: number;
  /** XLSX worksheet name or 1-based position; default the first */
  sheet?: string | undefined;
  encoding?: MappingFile['encoding'];
  /** how messages name the file (an upload's own name, not the server's temporary path); default the path */
  displayName?: string | undefined;
}

export interface OpenedPlacementFile extends PlacementSource {
  kind: 'csv' | 'xlsx';
  /** the encoding a CSV was read in (null for XLSX) */
  encoding: 'utf-8' | 'gb18030' | null;
  delimiter: string | null;
}

function unreadable(file: string, e: unknown): DomainError {
  const why =
    e instanceof Error ? ('code' in e && typeof e.code === 'string' && e.code) || e.message : String(e);
  return new DomainError('file.unreadable', {
    en: `cannot read ${file}: ${why}`,
    zh: `无法读取 ${file}：${why}`,
  });
}

export async function openPlacementFile(file: string, opts: OpenOptions = {}): Promise<OpenedPlacementFile> {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return openXlsx(file, opts);
  const shown = opts.displayName ?? file;
  if (ext === '.xls')
    throw new DomainError('import.xls', {
      en: `${shown}: the old .xls format is not read; save the sheet as .xlsx or CSV`,
      zh: `${shown}：不支持旧版 .xls 格式，请另存为 .xlsx 或 CSV`,
    });
  return openCsv(file, opts);
}

// ---- CSV --------------------------------------------------------------------------------------

const SAMPLE_BYTES = 64 * 1024;

/** Reads up to `n` bytes from the start of the file. */
async function head(file: string, n: number, shown = file): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of createReadStream(file, { start: 0, end: n - 1 })) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      parts.push(b);
      got += b.length;
    }
  } catch (e) {
    throw unreadable(shown, e);
  }
  return Buffer.concat(parts, got);
}

/**
 * UTF-8 when the bytes are valid UTF-8 (a BOM settles it at once); otherwise GB18030, which
 * decodes GBK and GB2312 too. A cut-off multi-byte character at the end of the sample is fine.
 */
export function detectEncoding(sample: Uint8Array): 'utf-8' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The separator of the header line: comma, tab, semicolon or vertical bar, whichever occurs most. */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

function decoder(encoding: 'utf-8' | 'gb18030'): Transform {
  // Not fatal: a stray bad byte becomes U+FFFD, which the row check reports with its row and column.
  const dec = new TextDecoder(encoding, { ignoreBOM: false });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, cb) {
      cb(null, dec.decode(chunk, { stream: true }));
    },
    flush(cb) {
      cb(null, dec.decode());
    },
  });
}

/** Signatures of files people mistake for a spreadsheet export (the file named .csv): */
const BINARY_MAGIC: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // ZIP (an XLSX or DOCX under another name)
  [0xd0, 0xcf, 0x11, 0xe0], // OLE2: old .xls / .doc
];

/**
 * True when the start of a file is not text: a known binary signature, or a NUL byte (which no
 * CSV in UTF-8 or GBK holds).
 */
export function looksBinary(sample: Uint8Array): boolean {
  if (BINARY_MAGIC.some((m) => m.every((b, i) => sample[i] === b))) return true;
  return sample.includes(0);
}

async function openCsv(file: string, opts: OpenOptions): Promise<OpenedPlacementFile> {
  const shown = opts.displayName ?? file;
  const sample = await head(file, SAMPLE_BYTES, shown);
  if (looksBinary(sample))
    throw new DomainError('import.not_tabular', {
      en: `${shown}: not a CSV or XLSX file (it holds binary data); export the sheet as CSV (UTF-8 or GBK) or .xlsx`,
      zh: `${shown}：不是 CSV 或 XLSX 文件（内容为二进制数据），请将表格导出为 CSV（UTF-8 或 GBK）或 .xlsx`,
    });
  const encoding =
    opts.encoding === 'utf-8'
      ? 'utf-8'
      : opts.encoding === 'gb18030' || opts.encoding === 'gbk'
        ? 'gb18030'
        : detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample);
  const headerRow = opts.headerRow ?? 1;
  const lines = text.split(/\r?\n/);
  const delimiter = detectDelimiter(lines[headerRow - 1] ?? lines[0] ?? '');

  const records = createReadStream(file)
    .pipe(decoder(encoding))
    .pipe(parseCsv({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));

  // The header row is read eagerly so the use case can plan columns before any data row.
  const iterator: AsyncIterator<string[]> = records[Symbol.asyncIterator]();
  let headers: string[] | null = null;
  let recordNo = 0;
  try {
    while (recordNo < headerRow) {
      const r = await iterator.next();
      if (r.done) break;
      recordNo++;
      if (recordNo === headerRow) headers = r.value;
    }
  } catch (e) {
    throw csvError(shown, e);
  }
  if (!headers)
    throw new DomainError('import.no_header', {
      en: `${shown}: there is no header row ${headerRow}`,
      zh: `${shown}：没有第 ${headerRow} 行表头`,
    });
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done) return;
        recordNo++;
        yield { row: recordNo, cells: r.value };
      }
    } catch (e) {
      throw csvError(shown, e);
    } finally {
      records.destroy();
    }
  }
  return {
    kind: 'csv',
    encoding,
    delimiter,
    headers: headers.map((h) => h.replace(/^\uFEFF/, '')),
    rows: rows(),
  };
}

function csvError(file: string, e: unknown): DomainError {
  const msg = e instanceof Error ? e.message : String(e);
  return new DomainError('import.csv_syntax', {
    en: `${file}: the CSV cannot be read (${msg})`,
    zh: `${file}：CSV 格式有误，无法读取（${msg}）`,
  });
}

// ---- XLSX -------------------------------------------------------------------------------------

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A cell as the user sees it, as text. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    // Whole numbers beyond 2^53 (an ID number typed into a number cell) have lost digits: show them
    // the way Excel does, so the ID check can say why instead of reporting a wrong check digit.
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return v.toExponential().toUpperCase();
    return String(Number(v.toPrecision(15)));
  }
  if (v instanceof Date) {
    const date = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
    const h = v.getUTCHours();
    const m = v.getUTCMinutes();
    const s = v.getUTCSeconds();
    return h || m || s ? `${date} ${pad2(h)}:${pad2(m)}:${pad2(s)}` : date;
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result;
    if (r === undefined) return '';
    if (typeof r === 'object' && r !== null && 'error' in r) return r.error;
    return cellText(r);
  }
  if ('hyperlink' in v) return v.text;
  if ('error' in v) return v.error;
  return '';
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values;
  if (!Array.isArray(values)) return [];
  // ExcelJS rows are 1-based: values[1] is column A.
  const out: string[] = [];
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
  return out;
}

async function openXlsx(file: string, opts: OpenOptions): Promise<OpenedPlacementFile> {
  const shown = opts.displayName ?? file;
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw unreadable(shown, e);
  }
  const headerRow = opts.headerRow ?? 1;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader> = reader[Symbol.asyncIterator]();
  let position = 0;
  let sheet: ExcelJS.stream.xlsx.WorksheetReader | null = null;
  try {
    for (;;) {
      const s = await sheets.next();
      if (s.done) break;
      position++;
      if (opts.sheet === undefined || sheetMatches(reader, s.value, position, opts.sheet)) {
        sheet = s.value;
        break;
      }
      // skip this sheet's rows
      for await (const _ of s.value) {
      }
    }
  } catch (e) {
    throw xlsxError(shown, e);
  }
  if (!sheet)
    throw new DomainError('import.no_sheet', {
      en: `${shown}: no worksheet "${opts.sheet ?? 1}"`,
      zh: `${shown}：没有工作表"${opts.sheet ?? 1}"`,
    });
  const rowsIt: AsyncIterator<ExcelJS.Row> = sheet[Symbol.asyncIterator]();
  let headers: string[] | null = null;
  try {
    for (;;) {
      const r = await rowsIt.next();
      if (r.done) break;
      if (r.value.number === headerRow) {
        headers = rowCells(r.value);
        break;
      }
      if (r.value.number > headerRow) break;
    }
  } catch (e) {
    throw xlsxError(shown, e);
  }
  if (!headers)
    throw new DomainError('import.no_header', {
      en: `${shown}: there is no header row ${headerRow}`,
      zh: `${shown}：没有第 ${headerRow} 行表头`,
    });
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const r = await rowsIt.next();
        if (r.done) break;
        yield { row: r.value.number, cells: rowCells(r.value) };
      }
      // drain the rest of the workbook so the zip stream closes
      for (;;) {
        const s = await sheets.next();
        if (s.done) break;
        for await (const _ of s.value) {
        }
      }
    } catch (e) {
      throw xlsxError(shown, e);
    }
  }
  return { kind: 'xlsx', encoding: null, delimiter: null, headers, rows: rows() };
}

function sheetMatches(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  ws: ExcelJS.stream.xlsx.WorksheetReader,
  position: number,
  wanted: string,
): boolean {
  if (/^\d+$/.test(wanted)) return Number(wanted) === position;
  const id: unknown = Reflect.get(ws, 'id');
  const sheets: unknown = Reflect.get(reader, 'model');
  if (typeof sheets !== 'object' || sheets === null || !('sheets' in sheets) || !Array.isArray(sheets.sheets))
    return false;
  for (const s of sheets.sheets) {
    if (typeof s !== 'object' || s === null) continue;
    if (Reflect.get(s, 'name') === wanted && String(Reflect.get(s, 'id')) === String(id)) return true;
  }
  return false;
}

function xlsxError(file: string, e: unknown): DomainError {
  if (e instanceof DomainError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new DomainError('import.xlsx_unreadable', {
    en: `${file}: not a readable XLSX workbook (${msg})`,
    zh: `${file}：不是可读取的 XLSX 工作簿（${msg}）`,
  });
}

// ---- mapping files ----------------------------------------------------------------------------

/** A mapping file in YAML (.yaml, .yml) or JSON (.json). */
export function readMappingFile(file: string): MappingFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(file, e);
  }
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new DomainError('import.mapping_syntax', {
      en: `${file}: cannot be parsed (${msg})`,
      zh: `映射文件 ${file} 无法解析（${msg}）`,
    });
  }
  return parseMapping(raw, file);
}

// ---- rejects and reports ----------------------------------------------------------------------

export const REJECT_COLUMNS = ['行号', '错误原因', 'error'] as const;

/**
 * The rejected rows as a CSV (UTF-8 with BOM, so Excel opens it in Chinese): row number and reasons
 * first, then the original cells under the original headers, so the file can be corrected and
 * imported again (the three extra columns are ignored on import).
 */
export class RejectsFile implements RejectSink {
  readonly path: string;
  private readonly out: ReturnType<typeof createWriteStream>;
  private failed: Error | null = null;
  count = 0;

  constructor(path: string, headers: readonly string[]) {
    this.path = path;
    this.out = createWriteStream(path);
    this.out.on('error', (e) => {
      this.failed = e;
    });
    this.out.write(`\uFEFF${csvLine([...REJECT_COLUMNS, ...headers])}`);
  }

  async reject(row: SourceRow, problems: readonly RowProblem[]): Promise<void> {
    if (this.failed) throw unreadable(this.path, this.failed);
    this.count++;
    const zh = problems.map((p) => (p.column ? `[${p.column}] ${p.zh}` : p.zh)).join('；');
    const en = problems.map((p) => (p.column ? `[${p.column}] ${p.en}` : p.en)).join('; ');
    const line = csvLine([String(row.row), zh, en, ...row.cells]);
    if (!this.out.write(line)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
    if (this.failed) throw unreadable(this.path, this.failed);
  }
}

/** A readable that yields the given rows; for tests and in-process callers (the demo seeding). */
export function sourceFromRows(
  headers: readonly string[],
  rows: readonly string[][],
  firstRow = 2,
): PlacementSource {
  return {
    headers,
    rows: Readable.from(rows.map((cells, i) => ({ row: firstRow + i, cells }))),
  };
}

// ---- generated data ---------------------------------------------------------------------------

const NUMERIC_COLUMNS = new Set(
  ['欠款本金', '利息', '费用', '逾期天数', '账单日'].map((h) => PLACEMENT_HEADERS.indexOf(h)),
);

/** Excel's sheet limit (1,048,576 rows) minus the header row. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface GenerateFilesOptions {
  dir: string;
  seed: string;
  cases: number;
  /** the placement day, YYYY-MM-DD */
  asOf: string;
  client: string;
  format: 'csv' | 'xlsx';
  /** CSV only: GB18030 writes what a Chinese bank's Windows export looks like */
  encoding: 'utf-8' | 'gb18030';
  /** expected calls per case; 0 writes no transcripts */
  callRate: number;
  onProgress?: (done: number) => void;
}

export interface GeneratedFiles {
  placements: string;
  payments: string;
  transcripts: string | null;
  counts: { cases: number; payments: number; calls: number };
}

/** A file written in large pieces, waiting for the disk when it falls behind. */
class BufferedOut {
  private readonly out: ReturnType<typeof createWriteStream>;
  private buf = '';
  constructor(
    path: string,
    private readonly encode: (s: string) => Uint8Array | string = (s) => s,
  ) {
    this.out = createWriteStream(path);
  }
  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    if (this.buf === '') return;
    const chunk = this.encode(this.buf);
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/**
 * Writes a synthetic placement (CSV or XLSX), its payments (CSV) and call transcripts (JSON Lines
 * in the `huikuan analyze --batch` format), streaming: any size runs in flat memory.
 */
export async function writeGeneratedFiles(o: GenerateFilesOptions): Promise<GeneratedFiles> {
  if (o.format === 'xlsx' && o.cases > XLSX_MAX_ROWS)
    throw new DomainError('generate.xlsx_too_large', {
      en: `An XLSX sheet holds at most ${XLSX_MAX_ROWS} rows: use --format csv for ${o.cases} cases`,
      zh: `XLSX 工作表最多 ${XLSX_MAX_ROWS} 行：${o.cases} 个案件请用 --format csv`,
    });
  mkdirSync(o.dir, { recursive: true });
  const placements = join(o.dir, `placements.${o.format}`);
  const payments = join(o.dir, 'payments.csv');
  const transcripts = o.callRate > 0 ? join(o.dir, 'transcripts.jsonl') : null;
  const counts = { cases: 0, payments: 0, calls: 0 };

  const csv =
    o.format === 'csv'
      ? new BufferedOut(placements, o.encoding === 'gb18030' ? encodeGb18030 : (s) => s)
      : null;
  const xlsx =
    o.format === 'xlsx'
      ? new ExcelJS.stream.xlsx.WorkbookWriter({
          filename: placements,
          useSharedStrings: false,
          useStyles: false,
        })
      : null;
  const sheet = xlsx?.addWorksheet('委案明细') ?? null;
  // A BOM tells Excel the CSV is UTF-8; GB18030 files carry none, like a bank's own export.
  if (csv) await csv.write((o.encoding === 'utf-8' ? '\uFEFF' : '') + csvLine(PLACEMENT_HEADERS));
  sheet?.addRow([...PLACEMENT_HEADERS]).commit();
  const pay = new BufferedOut(payments);
  await pay.write(`\uFEFF${csvLine(PAYMENT_HEADERS)}`);
  const calls = transcripts ? new BufferedOut(transcripts) : null;
  const callOpts = { seed: o.seed, asOf: o.asOf, client: o.client, callRate: o.callRate };

  for (const c of generateCases({ seed: o.seed, asOf: o.asOf, count: o.cases })) {
    const record = placementRecord(c);
    if (csv) await csv.write(csvLine(record));
    if (sheet) {
      // Amounts and days as numbers, as a bank's sheet has them; ID numbers and phones stay text.
      sheet.addRow(record.map((v, i) => (NUMERIC_COLUMNS.has(i) && v !== '' ? Number(v) : v))).commit();
      if (counts.cases % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
    for (const p of paymentRecords(c)) {
      await pay.write(csvLine(p));
      counts.payments++;
    }
    if (calls)
      for (const call of callsFor(c, callOpts)) {
        await calls.write(`${JSON.stringify(call)}\n`);
        counts.calls++;
      }
    counts.cases++;
    if (o.onProgress && counts.cases % 10_000 === 0) o.onProgress(counts.cases);
  }
  await csv?.close();
  if (sheet && xlsx) {
    sheet.commit();
    await xlsx.commit();
  }
  await pay.close();
  await calls?.close();
  return { placements, payments, transcripts, counts };
}
