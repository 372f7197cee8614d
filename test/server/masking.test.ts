import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, get, startTestServer, type TestServer, type UserKey } from './harness';

/** Personal data: masked by default, unmasked only through the audited reveal, and only for the roles that need it. */

let s: TestServer;
let caseId = '';
let debtor: { name: string; id_number: string; phones: string[] };
let callId = '';

beforeAll(async () => {
  s = await startTestServer();
  caseId = s.fx.cases.col1[0]!;
  const r = await s.services.db.query<{ name: string; id_number: string; phones: string[] }>(
    `select d.name, d.id_number, array_agg(k.phone) as phones from cases c join debtors d on d.id = c.debtor_id
       join contacts k on k.debtor_id = d.id where c.id = $1 group by d.id`,
    [caseId],
  );
  const row = r.rows[0];
  if (!row) throw new Error('fixture case has no debtor');
  debtor = row;
  const col = await s.as('col1');
  const call = await col.post(`/api/cases/${caseId}/calls`, {
    at: '2026-11-30T09:30:00+08:00',
    transcript: `坐席：请问是${debtor.name}吗？我是汇信的专员，工号1011，受测试银行甲委托联系您。\n客户：是我，我的手机是${debtor.phones[0]}，身份证${debtor.id_number}，你们核对吧。`,
  });
  callId = field(call.body, 'callId');
});
afterAll(async () => {
  await s?.close();
});

describe('the case page', () => {
  it.each([
    ['col1', true],
    ['lead1', true],
    ['manager', true],
    ['qa', false],
    ['admin', false],
    ['viewerA', false],
  ] as [UserKey, boolean][])(
    'as %s: ID and phone numbers masked; the name in full: %s',
    async (user, fullName) => {
      const c = await s.as(user);
      const r = await c.get(`/api/cases/${caseId}`);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(debtor.id_number);
      for (const phone of debtor.phones) expect(r.text).not.toContain(phone);
      expect(field(r.body, 'debtor', 'idNumber')).toBe(
        `${debtor.id_number.slice(0, 6)}********${debtor.id_number.slice(-4)}`,
      );
      expect(get(r.body, 'debtor', 'nameMasked')).toBe(!fullName);
      if (fullName) expect(field(r.body, 'debtor', 'name')).toBe(debtor.name);
      else expect(r.text).not.toContain(debtor.name);
    },
  );
});

describe('reveal', () => {
  it('shows the collector the full data and writes who, when and why to the audit log first', async () => {
    const col = await s.as('col1');
    const r = await col.post(`/api/cases/${caseId}/reveal`, { purpose: '债务人要求核对身份证号' });
    expect(r.status).toBe(200);
    expect(field(r.body, 'idNumber')).toBe(debtor.id_number);
    expect((get(r.body, 'contacts') as { phone: string }[]).map((k) => k.phone).sort()).toEqual(
      [...debtor.phones].sort(),
    );
    const admin = await s.as('admin');
    const audit = await admin.get(`/api/audit?action=debtor.unmasked_viewed&caseId=${caseId}`);
    const items = get(audit.body, 'items') as {
      actorId: string;
      detail: { purpose: string; caseId: string };
    }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorId: s.fx.users.col1.id,
      detail: { purpose: '债务人要求核对身份证号', caseId },
    });
  });

  it('is allowed to the lead of the team, and refused to everyone else', async () => {
    expect(
      (await (await s.as('lead1')).post(`/api/cases/${caseId}/reveal`, { purpose: '主管复核' })).status,
    ).toBe(200);
    for (const user of [
      'manager',
      'qa',
      'admin',
      'viewerA',
      'trainer',
      'col2',
      'lead2',
      'colB',
    ] as UserKey[]) {
      const r = await (await s.as(user)).post(`/api/cases/${caseId}/reveal`, { purpose: '想看看' });
      expect([403, 404], user).toContain(r.status);
      expect(r.text).not.toContain(debtor.id_number);
    }
    const n = await s.services.db.query("select 1 from audit_log where action = 'debtor.unmasked_viewed'");
    expect(n.rows).toHaveLength(2);
  });

  it('needs a stated purpose', async () => {
    const r = await (await s.as('col1')).post(`/api/cases/${caseId}/reveal`, { purpose: '' });
    expect(r.status).toBe(400);
  });
});

describe('QA reads calls masked', () => {
  it('masks the debtor’s name, numbers and ID in the transcript, keeping the evidence offsets', async () => {
    const qa = await s.as('qa');
    const r = await qa.get(`/api/calls/${callId}`);
    expect(r.status).toBe(200);
    expect(get(r.body, 'masked')).toBe(true);
    expect(r.text).not.toContain(debtor.name);
    expect(r.text).not.toContain(debtor.id_number);
    for (const phone of debtor.phones) expect(r.text).not.toContain(phone);
    const turns = get(r.body, 'analysis', 'turns') as { text: string }[];
    const raw = await s.services.db.query<{ transcript: { text: string }[] }>(
      'select transcript from calls where id = $1',
      [callId],
    );
    turns.forEach((t, i) => {
      expect(t.text.length).toBe(raw.rows[0]?.transcript[i]?.text.length);
    });
  });

  it('shows the collector’s own call with the name, but the numbers masked (only reveal shows them)', async () => {
    const r = await (await s.as('col1')).get(`/api/calls/${callId}`);
    expect(get(r.body, 'masked')).toBe(false);
    expect(r.text).toContain(debtor.name);
    expect(r.text).not.toContain(debtor.id_number);
    for (const phone of debtor.phones) expect(r.text).not.toContain(phone);
    const page = await (await s.as('col1')).get(`/api/cases/${caseId}`);
    expect(page.text).not.toContain(debtor.id_number);
    for (const phone of debtor.phones) expect(page.text).not.toContain(phone);
  });
});

describe('lists', () => {
  it('mask the debtor’s name for QA and bank viewers, and never show ID or phone numbers', async () => {
    for (const user of ['qa', 'viewerA', 'admin'] as UserKey[]) {
      const r = await (await s.as(user)).get('/api/cases?pageSize=100');
      expect(r.text).not.toContain(debtor.name);
      expect(r.text).not.toContain(debtor.id_number);
    }
    const q = await (await s.as('col1')).get('/api/queue?pageSize=100');
    expect(q.text).not.toContain(debtor.id_number);
    for (const phone of debtor.phones) expect(q.text).not.toContain(phone);
  });
});
