import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planColumns } from '../cases/import-mapping';
import { validateRow } from '../cases/import-row';
import { DomainError } from '../domain/errors';
import { encodeGb18030 } from '../generator';
import {
  cellText,
  detectDelimiter,
  detectEncoding,
  looksBinary,
  openPlacementFile,
  RejectsFile,
  readMappingFile,
  writeGeneratedFiles,
} from './placement-files';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/placements');
const tmp = mkdtempSync(join(tmpdir(), 'huikuan-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string, opts = {}) {
  const f = await openPlacementFile(file, opts);
  const rows: { row: number; cells: string[] }[] = [];
  for await (const r of f.rows) rows.push(r);
  return { ...f, rows };
}

describe('detectEncoding', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0xd0, 0xd5], 'utf-8'],
    [[...new TextEncoder().encode('姓名,身份证号')], 'utf-8'],
    [[...new TextEncoder().encode('姓名').subarray(0, 4)], 'utf-8'],
    [[...encodeGb18030('姓名,身份证号')], 'gb18030'],
    [[0x61, 0x62, 0x2c], 'utf-8'],
  ])('reads %j as %s', (bytes, encoding) => {
    expect(detectEncoding(Uint8Array.from(bytes))).toBe(encoding);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['姓名,身份证号,手机号', ','],
    ['姓名\t身份证号\t手机号', '\t'],
    ['姓名;身份证号;手机号', ';'],
    ['姓名|身份证号|手机号', '|'],
    ['姓名', ','],
  ])('finds the separator of %j', (line, d) => {
    expect(detectDelimiter(line)).toBe(d);
  });
});

describe('openPlacementFile', () => {
  it('reads UTF-8 with a BOM, GBK with CRLF, and XLSX into the same header row', async () => {
    const utf8 = await readAll(join(FIXTURES, 'standard.csv'));
    const gbk = await readAll(join(FIXTURES, 'standard-gbk.csv'));
    const xlsx = await readAll(join(FIXTURES, 'standard.xlsx'));
    expect(utf8.encoding).toBe('utf-8');
    expect(gbk.encoding).toBe('gb18030');
    expect(xlsx.kind).toBe('xlsx');
    expect(utf8.headers[0]).toBe('案件编号');
    expect(gbk.headers).toEqual(utf8.headers);
    expect(gbk.rows).toEqual(utf8.rows);
    expect(xlsx.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(utf8.rows[0]?.cells[6]).toBe('53,036.30');
  });

  it('numbers rows as the sheet shows them, a quoted line break staying in its row', async () => {
    const file = join(tmp, 'multiline.csv');
    writeFileSync(file, '姓名,备注\n张伟,"第一行\n第二行"\n\n李娜,无\n');
    const f = await readAll(file);
    expect(f.rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [2, '张伟'],
      [3, ''],
      [4, '李娜'],
    ]);
  });

  it('reads a tab-separated export and a header below a title row', async () => {
    const file = join(tmp, 'tabs.csv');
    writeFileSync(file, '委外明细\n姓名\t身份证号\n张伟\t110105194912310021\n');
    const f = await readAll(file, { headerRow: 2 });
    expect(f.delimiter).toBe('\t');
    expect(f.headers).toEqual(['姓名', '身份证号']);
    expect(f.rows).toEqual([{ row: 3, cells: ['张伟', '110105194912310021'] }]);
  });

  it('turns an undecodable byte into U+FFFD for the row check to report', async () => {
    const file = join(tmp, 'broken.csv');
    const head = new TextEncoder().encode('姓名,手机号\n');
    writeFileSync(file, Buffer.concat([head, Buffer.from([0xe5, 0xbc, 0x2c, 0x31, 0x0a])]));
    const f = await readAll(file, { encoding: 'utf-8' });
    expect(f.rows[0]?.cells[0]).toContain('\uFFFD');
  });

  it.each([
    ['missing.csv', 'file.unreadable'],
    ['missing.xlsx', 'file.unreadable'],
    ['old.xls', 'import.xls'],
  ])('refuses %s with %s', async (name, code) => {
    await expect(openPlacementFile(join(tmp, name))).rejects.toMatchObject({ code });
  });

  it('names a missing header row or worksheet', async () => {
    await expect(openPlacementFile(join(FIXTURES, 'standard.csv'), { headerRow: 99 })).rejects.toMatchObject({
      code: 'import.no_header',
    });
    await expect(
      openPlacementFile(join(FIXTURES, 'two-sheets.xlsx'), { sheet: '汇总' }),
    ).rejects.toMatchObject({
      code: 'import.no_sheet',
    });
    const second = await openPlacementFile(join(FIXTURES, 'two-sheets.xlsx'), { sheet: '2', headerRow: 2 });
    expect(second.headers[0]).toBe('案件编号');
  });
});

describe('cellText', () => {
  it.each([
    [null, ''],
    [12235.26, '12235.26'],
    [0.1 + 0.2, '0.3'],
    [13702150207, '13702150207'],
    [Number('370102199410115058'), '3.701021994101151E+17'],
    [new Date('2026-10-21T00:00:00Z'), '2026-10-21'],
    [new Date('2026-10-21T08:30:00Z'), '2026-10-21 08:30:00'],
    [{ richText: [{ text: '2301' }, { text: '03' }] }, '230103'],
    [{ formula: 'A1+1', result: 5 }, '5'],
    [{ text: '主页', hyperlink: 'https://example.com' }, '主页'],
    [true, 'true'],
  ])('shows %j as %j', (v, s) => {
    expect(cellText(v)).toBe(s);
  });
});

describe('RejectsFile', () => {
  it('writes row number and reasons before the original cells, readable by Excel and by the importer', async () => {
    const path = join(tmp, 'rejects.csv');
    const out = new RejectsFile(path, ['姓名', '备注']);
    await out.reject({ row: 7, cells: ['张伟', '有,逗号'] }, [
      { row: 7, column: '身份证号', code: 'x', zh: '校验位错误', en: 'bad check' },
      { row: 7, column: null, code: 'y', zh: '重复', en: 'duplicate' },
    ]);
    await out.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      '\uFEFF行号,错误原因,error,姓名,备注\r\n7,[身份证号] 校验位错误；重复,[身份证号] bad check; duplicate,张伟,"有,逗号"\r\n',
    );
    const again = await readAll(path);
    expect(again.headers).toEqual(['行号', '错误原因', 'error', '姓名', '备注']);
  });
});

describe('readMappingFile', () => {
  it('reports a syntax error and a schema error as DomainErrors naming the file', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'columns: [unclosed');
    expect(() => readMappingFile(bad)).toThrow(DomainError);
    const wrong = join(tmp, 'wrong.json');
    writeFileSync(wrong, '{"formats":{"amounts":"cents"}}');
    expect(() => readMappingFile(wrong)).toThrow(/wrong\.json.*formats\.amounts/);
  });
});

describe('writeGeneratedFiles', () => {
  const opts = {
    seed: 'files-test',
    cases: 60,
    asOf: '2026-11-01',
    client: '云港银行信用卡中心',
    callRate: 1,
  };

  async function validRows(file: string) {
    const f = await openPlacementFile(file);
    const plan = planColumns(f.headers);
    const out: unknown[] = [];
    for await (const r of f.rows) {
      const v = validateRow(r.row, r.cells, plan, { asOf: opts.asOf });
      expect(v.ok, JSON.stringify(v)).toBe(true);
      if (v.ok) out.push(v.value);
    }
    return out;
  }

  it('writes CSV (UTF-8 or GB18030) and XLSX that import to the same rows, and the same bytes every time', async () => {
    const utf8 = await writeGeneratedFiles({
      ...opts,
      dir: join(tmp, 'gen-utf8'),
      format: 'csv',
      encoding: 'utf-8',
    });
    const again = await writeGeneratedFiles({
      ...opts,
      dir: join(tmp, 'gen-again'),
      format: 'csv',
      encoding: 'utf-8',
    });
    const gbk = await writeGeneratedFiles({
      ...opts,
      dir: join(tmp, 'gen-gbk'),
      format: 'csv',
      encoding: 'gb18030',
    });
    const xlsx = await writeGeneratedFiles({
      ...opts,
      dir: join(tmp, 'gen-xlsx'),
      format: 'xlsx',
      encoding: 'utf-8',
    });
    expect(readFileSync(again.placements)).toEqual(readFileSync(utf8.placements));
    expect(readFileSync(again.transcripts ?? '')).toEqual(readFileSync(utf8.transcripts ?? ''));
    expect((await openPlacementFile(gbk.placements)).encoding).toBe('gb18030');
    const rows = await validRows(utf8.placements);
    expect(rows).toHaveLength(60);
    expect(await validRows(gbk.placements)).toEqual(rows);
    expect(await validRows(xlsx.placements)).toEqual(rows);
    expect(utf8.counts.calls).toBeGreaterThan(30);
    const lines = readFileSync(utf8.transcripts ?? '', 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(utf8.counts.calls);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))).toEqual(['id', 'at', 'facts', 'turns']);
    const payments = readFileSync(utf8.payments, 'utf8').trim().split('\r\n');
    expect(payments).toHaveLength(utf8.counts.payments + 1);
  });

  it('refuses more rows than an XLSX sheet holds', async () => {
    await expect(
      writeGeneratedFiles({
        ...opts,
        cases: 2_000_000,
        dir: join(tmp, 'big'),
        format: 'xlsx',
        encoding: 'utf-8',
      }),
    ).rejects.toMatchObject({ code: 'generate.xlsx_too_large' });
  });
});

describe('files that are not a spreadsheet', () => {
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];

  it('looksBinary: image, PDF, ZIP and NUL bytes are binary; UTF-8 and GBK text is not', () => {
    expect(looksBinary(Uint8Array.from(PNG))).toBe(true);
    expect(looksBinary(Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(looksBinary(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(true);
    expect(looksBinary(Buffer.from('a,b\u0000,c\n'))).toBe(true);
    expect(looksBinary(readFileSync(join(FIXTURES, 'standard.csv')))).toBe(false);
    expect(looksBinary(readFileSync(join(FIXTURES, 'standard-gbk.csv')))).toBe(false);
  });

  it('says a PNG renamed .csv is not a CSV or XLSX file, instead of reading it as one', async () => {
    const file = join(tmp, 'photo.csv');
    writeFileSync(file, Uint8Array.from(PNG));
    const e = await openPlacementFile(file).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('import.not_tabular');
    expect((e as DomainError).localized('zh')).toContain('不是 CSV 或 XLSX 文件');
  });

  it('names the file by displayName in its messages, not by the path it was read from', async () => {
    const file = join(tmp, 'upload.csv');
    writeFileSync(file, '');
    const e = await openPlacementFile(file, { displayName: '银行委案.csv' }).then(
      () => null,
      (x: unknown) => x,
    );
    expect((e as DomainError).code).toBe('import.no_header');
    expect((e as DomainError).localized('zh')).toBe('银行委案.csv：没有第 1 行表头');
    expect((e as DomainError).localized('en')).not.toContain(tmp);
  });
});
