import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, get, startTestServer, type TestServer } from './harness';

/** The playbook editor, placement uploads, practice sessions and the API document over HTTP. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('the playbook', () => {
  const policies = () => readFileSync('playbook/policies.yaml', 'utf8');

  it('saves a valid edit for the agency only, with a new revision and an audit entry', async () => {
    const lead = await s.as('lead1');
    const text = policies().replace('escalate_after: 2', 'escalate_after: 3');
    const r = await lead.request('PUT', '/api/playbook/file', { path: 'policies.yaml', text });
    expect(r.status).toBe(200);
    expect(get(r.body, 'ok')).toBe(true);
    const revision = get(r.body, 'revision');
    const mine = await lead.get('/api/playbook');
    expect(get(mine.body, 'revision')).toBe(revision);
    expect(get(mine.body, 'playbook', 'policies', 'broken_promise', 'escalate_after')).toBe(3);
    const other = await (await s.as('leadB')).get('/api/playbook');
    expect(get(other.body, 'playbook', 'policies', 'broken_promise', 'escalate_after')).toBe(2);
    const file = await lead.get('/api/playbook/file?path=policies.yaml');
    expect(get(file.body, 'edited')).toBe(true);
    expect(String(get(file.body, 'shippedText'))).toContain('escalate_after: 2');
    const audit = await (await s.as('admin')).get('/api/audit?action=playbook.edited');
    expect((get(audit.body, 'items') as { entityId: string }[]).map((x) => x.entityId)).toContain(
      'policies.yaml',
    );
  });

  it('refuses a broken edit with every problem by file, path and line, and keeps the playbook as it was', async () => {
    const lead = await s.as('lead1');
    const before = get((await lead.get('/api/playbook')).body, 'revision');
    const text = policies()
      .replace('escalate_after: 2', 'escalate_after: 0')
      .replace('review_days: 30', 'review_days: -1');
    const r = await lead.request('PUT', '/api/playbook/file', { path: 'policies.yaml', text });
    expect(r.status).toBe(422);
    expect(get(r.body, 'error', 'code')).toBe('playbook.invalid');
    const issues = get(r.body, 'error', 'details', 'issues') as {
      file: string;
      path: string;
      line: number | null;
    }[];
    expect(issues.map((i) => i.path).sort()).toEqual([
      'broken_promise.escalate_after',
      'stop_collection.review_days',
    ]);
    for (const i of issues) {
      expect(i.file).toBe('policies.yaml');
      expect(i.line).toBeGreaterThan(0);
    }
    expect(get((await lead.get('/api/playbook')).body, 'revision')).toBe(before);
    const dry = await lead.post('/api/playbook/validate', { path: 'policies.yaml', text });
    expect(dry.status).toBe(200);
    expect(get(dry.body, 'ok')).toBe(false);
  });

  it('keeps the compliance rule packs for admins', async () => {
    const rules = readFileSync('playbook/rules/cn.yaml', 'utf8');
    const lead = await s.as('lead1');
    const r = await lead.request('PUT', '/api/playbook/file', { path: 'rules/cn.yaml', text: rules });
    expect(r.status).toBe(403);
    const admin = await s.as('admin');
    expect(
      (await admin.request('PUT', '/api/playbook/file', { path: 'rules/cn.yaml', text: rules })).status,
    ).toBe(200);
    const files = await lead.get('/api/playbook/files');
    const cn = (get(files.body, 'files') as { path: string; editableBy: string[] }[]).find(
      (f) => f.path === 'rules/cn.yaml',
    );
    expect(cn?.editableBy).toEqual(['admin']);
  });

  it('refuses a looser legal limit in a rule pack, with the reason', async () => {
    const admin = await s.as('admin');
    const text = readFileSync('playbook/rules/cn.yaml', 'utf8').replace(
      'max_connected_per_debtor_per_day: 3',
      'max_connected_per_debtor_per_day: 5',
    );
    expect(text).toContain('max_connected_per_debtor_per_day: 5');
    const r = await admin.request('PUT', '/api/playbook/file', { path: 'rules/cn.yaml', text });
    expect(r.status).toBe(422);
  });

  it('reverts an edit to the shipped file', async () => {
    const lead = await s.as('lead1');
    const r = await lead.request('DELETE', '/api/playbook/file?path=policies.yaml');
    expect(r.status).toBe(200);
    expect(
      get((await lead.get('/api/playbook')).body, 'playbook', 'policies', 'broken_promise', 'escalate_after'),
    ).toBe(2);
  });
});

describe('placement upload', () => {
  it('imports a CSV sent as multipart/form-data', async () => {
    const admin = await s.as('admin');
    const form = new FormData();
    form.set('file', new Blob([readFileSync('test/fixtures/placements/standard.csv')]), 'standard.csv');
    form.set('clientId', s.fx.bankB);
    form.set('asOf', '2026-11-30');
    const r = await admin.request('POST', '/api/imports', undefined, { raw: form });
    expect(r.status).toBe(200);
    expect(get(r.body, 'imported')).toBe(true);
    expect(get(r.body, 'batchNo')).toBe('standard');
    expect(get(r.body, 'counts', 'cases', 'inserted')).toBeGreaterThan(0);
    const again = await admin.request('POST', '/api/imports', undefined, {
      raw: (() => {
        const f = new FormData();
        f.set('file', new Blob([readFileSync('test/fixtures/placements/standard.csv')]), 'standard.csv');
        f.set('clientId', s.fx.bankB);
        f.set('asOf', '2026-11-30');
        return f;
      })(),
    });
    expect(get(again.body, 'counts', 'cases', 'inserted')).toBe(0);
  });

  it('reports every bad row of a raw upload with its row, column and reason, and imports nothing', async () => {
    const lead = await s.as('lead1');
    const r = await lead.request(
      'POST',
      `/api/imports?clientId=${s.fx.bankA}&asOf=2026-11-30&fileName=bad-rows.csv`,
      undefined,
      { raw: readFileSync('test/fixtures/placements/bad-rows.csv'), headers: { 'content-type': 'text/csv' } },
    );
    expect(r.status).toBe(200);
    expect(get(r.body, 'imported')).toBe(false);
    const problems = get(r.body, 'problems') as {
      row: number;
      column: string | null;
      zh: string;
      en: string;
    }[];
    expect(problems.length).toBeGreaterThan(3);
    expect(problems[0]?.row).toBeGreaterThan(1);
    expect(problems.some((p) => p.column === '身份证号')).toBe(true);
    expect(problems.every((p) => p.zh.length > 0 && p.en.length > 0)).toBe(true);
    const n = await s.services.db.query("select 1 from placements where batch_no = 'bad-rows'");
    expect(n.rows).toHaveLength(0);
  });

  it('needs a client and a file', async () => {
    const admin = await s.as('admin');
    const form = new FormData();
    form.set('clientId', s.fx.bankA);
    const r = await admin.request('POST', '/api/imports', undefined, { raw: form });
    expect(r.status).toBe(422);
    expect(get(r.body, 'error', 'code')).toBe('import.no_file');
  });
});

describe('practice', () => {
  it('hints for the situation practised: after a broken promise the advisor knows the promise was broken', async () => {
    const col = await s.as('col2');
    const hintFor = async (situation: string) => {
      const start = await col.post('/api/practice', { persona: 'lucky', situation, seed: 'hint-1' });
      expect(start.status).toBe(201);
      const hint = await col.get(`/api/practice/${field(start.body, 'id')}/hint`);
      expect(hint.status).toBe(200);
      return hint.body;
    };
    const broken = await hintFor('broken_promise');
    expect(get(broken, 'stage')).toBe('broken_promise');
    expect(String(get(broken, 'stage_reason_zh'))).toContain('还款承诺未兑现');
    expect(get(await hintFor('first_call'), 'stage')).toBe('first_call');
  });

  it('runs a call with the simulated debtor, replays it the same on any process, and scores it', async () => {
    const col = await s.as('col2');
    const start = await col.post('/api/practice', {
      persona: 'guilty',
      situation: 'first_call',
      seed: 'api-1',
    });
    expect(start.status).toBe(201);
    const id = field(start.body, 'id');
    expect((get(start.body, 'transcript') as unknown[]).length).toBeGreaterThan(0);
    const lines = [
      '您好，我是汇信的专员李敏，工号1012，受光大银行委托联系您，核对信用卡还款的事。',
      '我理解您现在的难处，家里的事肯定让您很着急，我们一起想办法。',
      '您看这个月15号之前能不能先还一千元，剩下的我们再商量分期。',
    ];
    for (const text of lines) {
      const r = await col.post(`/api/practice/${id}/turns`, { text });
      expect(r.status).toBe(200);
      expect(get(r.body, 'trainee', 'speaker')).toBe('agent');
    }
    const hint = await col.get(`/api/practice/${id}/hint`);
    expect(hint.status).toBe(200);
    expect((get(hint.body, 'strategies') as unknown[]).length).toBeGreaterThan(0);
    const done = await col.post(`/api/practice/${id}/finish`);
    expect(done.status).toBe(200);
    expect(get(done.body, 'finished')).toBe(true);
    const total = Number(get(done.body, 'score', 'total'));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100);
    expect((get(done.body, 'score', 'feedback_zh') as string[]).length).toBeGreaterThan(0);
    expect((await col.post(`/api/practice/${id}/turns`, { text: '再见' })).status).toBe(409);
    const trainer = await s.as('trainer');
    const seen = await trainer.get(`/api/practice/${id}`);
    expect(get(seen.body, 'score', 'total')).toBe(total);
    expect(JSON.stringify(get(seen.body, 'transcript'))).toBe(JSON.stringify(get(done.body, 'transcript')));
    const list = await trainer.get('/api/practice');
    expect((get(list.body, 'items') as { id: string }[]).map((x) => x.id)).toContain(id);
    expect((await (await s.as('col1')).get(`/api/practice/${id}`)).status).toBe(404);
  });
});

describe('the API document', () => {
  it('is served as OpenAPI 3.1 JSON and as a page that loads nothing from outside', async () => {
    const anon = s.client();
    const doc = await anon.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(get(doc.body, 'openapi')).toBe('3.1.0');
    const page = await anon.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/docs/viewer.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const js = await anon.get('/api/docs/viewer.js');
    expect(js.text).not.toMatch(/https?:\/\//);
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('documents every operation’s success response and error format', async () => {
    const doc = (await s.client().get('/api/openapi.json')).body;
    const paths = get(doc, 'paths') as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    for (const [path, item] of Object.entries(paths))
      for (const [method, op] of Object.entries(item)) {
        const codes = Object.keys(op.responses);
        expect(
          codes.some((c) => c.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
      }
    expect(get(doc, 'components', 'schemas', 'Error')).toBeDefined();
  });
});

describe('docs/api.md', () => {
  it('lists every operation of the API document', async () => {
    const text = readFileSync('docs/api.md', 'utf8');
    const doc = (await s.client().get('/api/openapi.json')).body;
    const missing: string[] = [];
    for (const [path, item] of Object.entries(get(doc, 'paths') as Record<string, Record<string, unknown>>))
      for (const method of Object.keys(item))
        if (!text.includes(`\`${method.toUpperCase()} ${path}\``))
          missing.push(`${method.toUpperCase()} ${path}`);
    expect(missing).toEqual([]);
  });
});

describe('the web UI', () => {
  it('serves the built files, and index.html for the UI’s own routes', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'huikuan-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>回款</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    const w = await startTestServer({ web: true, env: { WEB_DIST: dist } });
    try {
      const page = await w.client().get('/cases/cas_1');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<div id="root">');
      const js = await w.client().get('/assets/app-1234.js');
      expect(js.text).toBe('console.log(1)');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect((await w.client().get('/api/nothing-here')).status).toBe(404);
    } finally {
      await w.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('shows a placeholder page explaining how to build it when web/dist is missing', async () => {
    const w = await startTestServer({ web: true, env: { WEB_DIST: '/nonexistent/web/dist' } });
    try {
      const r = await w.client().get('/queue/anything');
      expect(r.status).toBe(200);
      expect(r.text).toContain('/api/docs');
      expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect((await w.client().get('/api/nothing-here')).status).toBe(404);
    } finally {
      await w.close();
    }
  });
});
