import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startTestServer, type TestServer } from './harness';

/** 冲正 over HTTP: who may reverse a payment, what the case page and the dashboard show afterwards. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const DASHBOARD = '/api/dashboard?from=2026-11-29T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00';

describe('POST /api/payments/{paymentId}/reverse', () => {
  it('reverses a payment for a lead, with a reason; the case page marks it and the dashboard stops counting it', async () => {
    const col = await s.as('col1');
    const lead = await s.as('lead1');
    const caseId = s.fx.cases.col1[0]!;
    const before = get((await lead.get(DASHBOARD)).body, 'totals', 'recoveredFen') as number;
    const paid = await col.post(`/api/cases/${caseId}/payments`, {
      amountFen: 120_000,
      paidAt: '2026-11-30T09:50:00+08:00',
      channel: 'wechat_pay',
      reference: 'TXN-REV-1',
    });
    expect(paid.status).toBe(201);
    const paymentId = get(paid.body, 'paymentId') as string;
    expect(get((await lead.get(DASHBOARD)).body, 'totals', 'recoveredFen')).toBe(before + 120_000);
    const paidBefore = get((await col.get(`/api/cases/${caseId}`)).body, 'case', 'paidFen') as number;

    // collectors, bank viewers and another team's lead may not
    const byCollector = await col.post(`/api/payments/${paymentId}/reverse`, { reason: '录错' });
    expect(byCollector.status).toBe(403);
    const byViewer = await (await s.as('viewerA')).post(`/api/payments/${paymentId}/reverse`, {
      reason: '录错',
    });
    expect(byViewer.status).toBe(403);
    const byOtherLead = await (await s.as('lead2')).post(`/api/payments/${paymentId}/reverse`, {
      reason: '录错',
    });
    expect(byOtherLead.status).toBe(404);
    const noReason = await lead.post(`/api/payments/${paymentId}/reverse`, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(get(noReason.body, 'error', 'code')).toBe('input.invalid');

    const r = await lead.post(`/api/payments/${paymentId}/reverse`, { reason: '金额录错，实为另一笔' });
    expect(r.status).toBe(200);
    expect(get(r.body, 'amountFen')).toBe(120_000);
    const again = await lead.post(`/api/payments/${paymentId}/reverse`, { reason: '再次冲正' });
    expect(again.status).toBe(409);
    expect(get(again.body, 'error', 'code')).toBe('payment.already_reversed');

    const page = await col.get(`/api/cases/${caseId}`);
    expect(get(page.body, 'case', 'paidFen')).toBe(paidBefore - 120_000);
    const payments = get(page.body, 'payments') as {
      id: string;
      reversedAt: string | null;
      reversalReason: string;
    }[];
    const p = payments.find((x) => x.id === paymentId);
    expect(p?.reversedAt).not.toBeNull();
    expect(p?.reversalReason).toBe('金额录错，实为另一笔');
    expect(get((await lead.get(DASHBOARD)).body, 'totals', 'recoveredFen')).toBe(before);
  });
});
