import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, get, startTestServer, type TestServer } from './harness';

/** GET /api/holds: the open holds someone has to act on, in the reader's scope, the earliest deadline first. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

interface Item {
  holdId: string;
  kind: string;
  caseId: string;
  debtorName: string;
  reason: string;
  dueAt: string | null;
  overdue: boolean;
  openedByName: string | null;
}

const DAY = 86_400_000;

async function listAs(user: Parameters<TestServer['as']>[0]): Promise<Item[]> {
  const r = await (await s.as(user)).get('/api/holds');
  expect(r.status).toBe(200);
  return get(r.body, 'items') as Item[];
}

describe('GET /api/holds', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const now = s.clock.now();
    const lead1 = await s.as('lead1');
    const stop = await lead1.post(`/api/cases/${s.fx.cases.col1[0]}/stop`, {
      reason: '家属称债务人住院',
      reviewAt: new Date(now.getTime() + 5 * DAY).toISOString(),
    });
    expect(stop.status).toBe(201);
    ids.stop = field(stop.body, 'holdId');
    const col1 = await s.as('col1');
    const dispute = await col1.post(`/api/cases/${s.fx.cases.col1[1]}/disputes`, {
      kind: 'amount',
      detail: '称利息计算有误',
    });
    expect(dispute.status).toBe(201);
    ids.dispute = field(dispute.body, 'holdId');
    const qa = await s.as('qa');
    const complaint = await qa.post(`/api/cases/${s.fx.cases.col1[2]}/complaints`, {
      channel: 'bank',
      summary: '银行转来：嫌来电频繁',
    });
    expect(complaint.status).toBe(201);
    ids.complaint = field(complaint.body, 'holdId');
    const lead2 = await s.as('lead2');
    const other = await lead2.post(`/api/cases/${s.fx.cases.col3[0]}/complaints`, {
      channel: 'hotline_12378',
      summary: '12378 转来的投诉',
    });
    expect(other.status).toBe(201);
    ids.otherTeam = field(other.body, 'holdId');
  });

  it('lists a lead’s team only, the earliest deadline first (equal deadlines: the older first)', async () => {
    const items = await listAs('lead1');
    expect(items.map((x) => x.holdId)).toEqual([ids.stop, ids.dispute, ids.complaint]);
    expect(items.map((x) => x.kind)).toEqual(['stop', 'dispute', 'complaint']);
    const [stop, dispute, complaint] = items;
    expect(stop).toMatchObject({ caseId: s.fx.cases.col1[0], reason: '家属称债务人住院', overdue: false });
    expect(new Date(stop!.dueAt!).getTime()).toBe(s.clock.now().getTime() + 5 * DAY);
    expect(new Date(complaint!.dueAt!).getTime()).toBe(s.clock.now().getTime() + 15 * DAY);
    // a dispute is verified within the playbook's disputes.verify_days (15)
    expect(dispute).toMatchObject({ overdue: false });
    expect(new Date(dispute!.dueAt!).getTime()).toBe(s.clock.now().getTime() + 15 * DAY);
    expect(dispute!.openedByName).toBeTruthy();
    expect((await listAs('lead2')).map((x) => x.holdId)).toEqual([ids.otherTeam]);
  });

  it('shows QA and managers the whole agency, with the debtor’s name masked for QA; nothing of it to another agency', async () => {
    const qa = await listAs('qa');
    expect(new Set(qa.map((x) => x.holdId))).toEqual(new Set(Object.values(ids)));
    const lead = await listAs('lead1');
    const name = lead.find((x) => x.holdId === ids.stop)!.debtorName;
    expect(qa.find((x) => x.holdId === ids.stop)!.debtorName).not.toBe(name);
    expect(qa.find((x) => x.holdId === ids.stop)!.debtorName).toContain('*');
    expect((await listAs('manager')).length).toBe(4);
    expect(await listAs('leadB')).toEqual([]);
    expect(await listAs('qaB')).toEqual([]);
  });

  it('is not for collectors', async () => {
    const r = await (await s.as('col1')).get('/api/holds');
    expect(r.status).toBe(403);
  });

  it('flags a deadline that has passed, and drops a hold once it is lifted', async () => {
    s.clock.advance(6 * DAY);
    try {
      const items = await listAs('lead1');
      expect(items.find((x) => x.holdId === ids.stop)?.overdue).toBe(true);
      expect(items.find((x) => x.holdId === ids.complaint)?.overdue).toBe(false);
      const r = await (await s.as('lead1')).post(`/api/holds/${ids.stop}/resume`, { note: '已出院' });
      expect(r.status).toBe(200);
      expect((await listAs('lead1')).map((x) => x.holdId)).toEqual([ids.dispute, ids.complaint]);
    } finally {
      s.clock.advance(-6 * DAY);
    }
  });
});
