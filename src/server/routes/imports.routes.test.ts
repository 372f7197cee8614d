import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from '../live-test-kit';

const CSV = '姓名,身份证号\n张三,110101199003074514\n';
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

describe('POST /api/imports: bad dates, bad files, no server paths', () => {
  let s: ServerFixture;
  let who: { cookie: string; csrf: string };
  beforeAll(async () => {
    s = await openServerFixture(() => []);
    who = await s.as('admin');
  });
  afterAll(async () => {
    await s?.dispose();
  });

  type Answer = { status: number; error: { code: string; message: string; issues?: { path: string }[] } };

  async function raw(query: string, body: BodyInit, type = 'text/csv'): Promise<Answer> {
    const res = await s.app.request(`/api/imports?clientId=${s.fx.clientId}&${query}`, {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type },
      body,
    });
    return { status: res.status, ...((await res.json()) as { error: Answer['error'] }) };
  }

  async function upload(name: string, bytes: BlobPart): Promise<Answer> {
    const form = new FormData();
    form.set('clientId', s.fx.clientId);
    form.set('asOf', '2026-11-30');
    form.set('file', new Blob([bytes]), name);
    const res = await s.app.request('/api/imports', {
      method: 'POST',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      body: form,
    });
    return { status: res.status, ...((await res.json()) as { error: Answer['error'] }) };
  }

  it.each(['2026-02-30', '2026-13-01', '2026-04-31'])(
    'refuses asOf=%s as no calendar day (400, asOf)',
    async (d) => {
      const r = await raw(`asOf=${d}&fileName=a.csv`, CSV);
      expect(r.status).toBe(400);
      expect(r.error.code).toBe('input.invalid');
      expect(r.error.issues?.map((i) => i.path)).toEqual(['asOf']);
    },
  );

  it('refuses a period that ends before it starts (400, periodEnd)', async () => {
    const r = await raw('periodStart=2026-12-01&periodEnd=2026-01-01&fileName=a.csv', CSV);
    expect(r.status).toBe(400);
    expect(r.error.code).toBe('input.invalid');
    expect(r.error.issues?.map((i) => i.path)).toEqual(['periodEnd']);
  });

  it('names the uploaded file in its messages, never the temporary path', async () => {
    const r = await upload('银行委案.csv', '');
    expect(r.status).toBe(422);
    expect(r.error.code).toBe('import.no_header');
    expect(r.error.message).toContain('银行委案.csv');
    expect(r.error.message).not.toContain('huikuan-import-');
    expect(r.error.message).not.toContain(tmpdir());
  });

  it('says a PNG named .csv is not a CSV or XLSX file', async () => {
    const r = await upload('photo.csv', PNG);
    expect(r.status).toBe(422);
    expect(r.error.code).toBe('import.not_tabular');
    expect(r.error.message).toContain('photo.csv');
    expect(r.error.message).toContain('不是 CSV 或 XLSX 文件');
  });

  it('refuses a JSON body (415) instead of reading it as CSV', async () => {
    const r = await raw('asOf=2026-11-30', JSON.stringify({ rows: [] }), 'application/json');
    expect(r.status).toBe(415);
    expect(r.error.code).toBe('request.unsupported_media_type');
    expect(r.error.message).toContain('JSON');
  });
});
