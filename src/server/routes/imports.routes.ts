import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { z } from 'zod';
import { DEFAULT_MAPPING } from '../../cases/import-mapping';
import { importPlacement } from '../../cases/import-placement';
import { addDays, localDateKey, SHANGHAI } from '../../domain/calendar';
import { openPlacementFile } from '../../io/placement-files';
import { importFields, importReportBody } from '../api-schemas';
import { httpError } from '../errors';
import { type ApiApp, defineRoute, errors, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { invalidInput } from '../validation';
import { actorOf, depsFor } from './context';

/**
 * Placement upload: a bank's CSV or XLSX file, as multipart/form-data (field `file` plus the form
 * fields) or as the raw body with the fields in the query string. The file goes to a temporary file
 * and through the same streaming import as `huikuan import`: every row checked, all or nothing
 * (unless skipInvalid), idempotent per batch. The answer is the row-error report.
 */

const FIELD_DOCS = {
  clientId: { type: 'string', description: 'the client bank' },
  batchNo: { type: 'string', description: 'placement batch (default: the file name)' },
  asOf: { type: 'string', format: 'date', description: 'the day days-overdue refer to (default today)' },
  periodStart: { type: 'string', format: 'date' },
  periodEnd: { type: 'string', format: 'date', description: 'default: 90 days after the start' },
  skipInvalid: { type: 'boolean', description: 'import the valid rows, report the rest' },
} as const;

const upload = defineRoute('importers', {
  method: 'post',
  path: '/api/imports',
  tags: ['imports'],
  summary: 'Import a placement file (CSV in UTF-8 or GBK, or XLSX): the row-error report',
  description:
    'multipart/form-data with `file` and the fields below, or the raw file as the body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) with the fields in the query (fileName names the format). Without skipInvalid, one bad row imports nothing; the report lists every bad row with its row number, column and reason (zh and en). 200 either way: `imported` says whether rows were written.',
  request: {
    query: importFields.partial(),
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file', 'clientId'],
            properties: { file: { type: 'string', format: 'binary' }, ...FIELD_DOCS },
          },
        },
        'text/csv': { schema: { type: 'string', format: 'binary' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: { 200: jsonContent(importReportBody, 'The report'), ...errors(404, 413, 422) },
});

function day(d: string, n: number): string {
  const r = addDays(
    { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) },
    n,
  );
  return `${r.year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
}

/** Streams the request body to a file without holding it in memory. */
async function saveStream(body: ReadableStream<Uint8Array>, path: string): Promise<void> {
  const out = createWriteStream(path);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!out.write(value)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out);
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

export function registerImportRoutes(app: ApiApp, services: Services): void {
  app.openapi(upload, async (c) => {
    const p = principal(c);
    const lang = c.get('lang');
    const type = c.req.header('content-type') ?? '';
    // A JSON body is not a placement file: read as CSV it would only give "missing columns".
    if (JSON_TYPE.test(type))
      throw httpError('request.unsupported_media_type', {
        zh: '导入接口接收 CSV 或 XLSX 文件：请用 multipart/form-data（字段 file），或以 text/csv、XLSX 类型发送文件本身，不接受 JSON',
        en: 'The import takes a CSV or XLSX file: send multipart/form-data (field `file`) or the file itself as text/csv or XLSX, not JSON',
      });
    const dir = await mkdtemp(join(tmpdir(), 'huikuan-import-'));
    try {
      let fields: Record<string, unknown>;
      let fileName: string;
      let path: string;
      if (type.startsWith('multipart/form-data')) {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File))
          throw httpError('import.no_file', {
            zh: '请上传文件（字段 file）',
            en: 'Upload the file in the field `file`',
          });
        fields = { ...form, file: undefined };
        fileName = basename(file.name || 'upload.csv');
        path = join(dir, `upload${extname(fileName).toLowerCase() || '.csv'}`);
        await writeFile(path, Buffer.from(await file.arrayBuffer()));
      } else {
        fields = c.req.query();
        const named = typeof fields.fileName === 'string' ? fields.fileName : '';
        fileName = basename(named || (type.startsWith(XLSX_TYPE) ? 'upload.xlsx' : 'upload.csv'));
        path = join(dir, `upload${extname(fileName).toLowerCase() || '.csv'}`);
        const body = c.req.raw.body;
        if (!body) throw httpError('import.no_file', { zh: '请求体为空', en: 'The request body is empty' });
        await saveStream(body, path);
      }
      const parsed = importFields.safeParse(fields);
      if (!parsed.success) throw invalidInput(parsed.error.issues, lang, 'form');
      const f = parsed.data;
      const asOf = f.asOf ?? localDateKey(services.clock.now(), SHANGHAI);
      const periodStart = f.periodStart ?? asOf;
      if (f.periodEnd !== undefined && f.periodEnd < periodStart)
        throw invalidInput(
          [
            {
              code: 'custom',
              path: ['periodEnd'],
              message: `the placement ends before it starts (${periodStart}) / 委案结束日期早于开始日期（${periodStart}）`,
            },
          ],
          lang,
          'form',
        );
      const batchNo = f.batchNo ?? (basename(fileName, extname(fileName)).slice(0, 64) || 'upload');
      const source = await openPlacementFile(path, {
        headerRow: DEFAULT_MAPPING.header_row,
        sheet: DEFAULT_MAPPING.sheet,
        encoding: DEFAULT_MAPPING.encoding,
        // Messages name the file as uploaded, never the server's temporary path.
        displayName: fileName,
      });
      const report = await importPlacement(
        await depsFor(services, p),
        actorOf(p),
        {
          clientId: f.clientId,
          batchNo,
          periodStart,
          periodEnd: f.periodEnd ?? day(periodStart, 90),
          asOf,
          skipInvalid: f.skipInvalid ?? false,
        },
        source,
        DEFAULT_MAPPING,
        // Every problem is in the report (the first 1,000 listed); nothing else to keep here.
        { reject: () => undefined },
      );
      const body: z.infer<typeof importReportBody> = {
        imported: report.imported,
        batchNo,
        rows: report.rows,
        valid: report.valid,
        rejected: report.rejected,
        problemCount: report.problemCount,
        problems: report.problems.map((x) => ({
          row: x.row,
          column: x.column,
          code: x.code,
          zh: x.zh,
          en: x.en,
        })),
        ignoredColumns: report.ignoredColumns,
        counts: report.write?.counts ?? null,
        placementId: report.write?.placementId ?? null,
      };
      return c.json(body, 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
