import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvBool, csvBoolArray, csvNumber, csvText, csvTextArray } from './copy-csv';
import { openScratchDb, type ScratchDb } from './open-db';

// Round trips through COPY on PGlite, or on the server in a scratch schema when DATABASE_URL is set.
let scratch: ScratchDb;
beforeAll(async () => {
  scratch = await openScratchDb({ prefix: 'copycsv', migrated: false });
  await scratch.db.exec(
    'create table t (n bigint, s text, b boolean, tags text[], flags boolean[], at timestamptz[])',
  );
});
afterAll(async () => {
  await scratch?.dispose();
});

const COLUMNS = ['n', 's', 'b', 'tags', 'flags', 'at'];

interface Row {
  n: number | null;
  s: string | null;
  b: boolean | null;
  tags: (string | null)[];
  flags: boolean[];
  at: string[];
}

const line = (r: Row) =>
  `${csvNumber(r.n)},${csvText(r.s)},${csvBool(r.b)},${csvTextArray(r.tags)},${csvBoolArray(r.flags)},${csvTextArray(r.at)}\n`;

async function* chunks(...texts: string[]): AsyncGenerator<string> {
  for (const t of texts) yield t;
}

const TRICKY: Row[] = [
  { n: 1, s: '', b: true, tags: [], flags: [], at: [] },
  { n: null, s: null, b: null, tags: [null, ''], flags: [true, false], at: ['2026-11-01T02:03:04.000Z'] },
  {
    n: -42,
    s: 'a,b "c"\nd\r\ne',
    b: false,
    tags: ['a,b', '"q"', 'back\\slash', '{x}', 'NULL'],
    flags: [false],
    at: [],
  },
  { n: 2 ** 53 - 1, s: '何静欣 · 朋友', b: true, tags: ['同事', ' spaced '], flags: [], at: [] },
];

describe('COPY from CSV text', () => {
  it('round-trips empty strings, NULLs, quotes, separators, line breaks and array elements', async () => {
    await scratch.db.exec('truncate t');
    const copied = await scratch.db.copyIn(
      't',
      COLUMNS,
      chunks(TRICKY.slice(0, 2).map(line).join(''), line(TRICKY[2]!), line(TRICKY[3]!)),
    );
    expect(copied).toBe(TRICKY.length);
    const back = await scratch.db.query<Row & { at: Date[] }>(`select * from t order by n nulls first`);
    const sorted = [...TRICKY].sort((a, b) => (a.n ?? -Infinity) - (b.n ?? -Infinity));
    expect(back.rows.map((r) => ({ ...r, at: r.at.map((d) => new Date(d).toISOString()) }))).toEqual(sorted);
  });

  it('loads inside a transaction, in several slices when the text is large', async () => {
    await scratch.db.exec('truncate t');
    const rows = 60_000;
    const filler = 'x'.repeat(70);
    const copied = await scratch.db.transaction(async (tx) => {
      async function* many(): AsyncGenerator<string> {
        for (let i = 0; i < rows; i += 1000) {
          let text = '';
          for (let j = i; j < i + 1000; j++)
            text += line({ n: j, s: filler, b: true, tags: [], flags: [], at: [] });
          yield text;
        }
      }
      return tx.copyIn('t', COLUMNS, many());
    });
    expect(copied).toBe(rows);
    const r = await scratch.db.query<{ c: number; s: number }>(
      'select count(*)::int as c, sum(n)::bigint as s from t',
    );
    expect(r.rows[0]).toEqual({ c: rows, s: (rows * (rows - 1)) / 2 });
  });

  it('rejects and leaves nothing when the source fails half-way', async () => {
    await scratch.db.exec('truncate t');
    async function* failing(): AsyncGenerator<string> {
      yield line(TRICKY[0]!);
      throw new Error('source broke');
    }
    await expect(scratch.db.transaction((tx) => tx.copyIn('t', COLUMNS, failing()))).rejects.toThrow(
      'source broke',
    );
    const r = await scratch.db.query<{ c: number }>('select count(*)::int as c from t');
    expect(r.rows[0]?.c).toBe(0);
    // the connection is usable afterwards
    expect(await scratch.db.transaction((tx) => tx.copyIn('t', COLUMNS, chunks(line(TRICKY[1]!))))).toBe(1);
  });

  it('refuses names that are not plain identifiers', async () => {
    await expect(scratch.db.copyIn('t; drop table t', COLUMNS, chunks())).rejects.toThrow(
      'invalid SQL identifier',
    );
  });
});
