import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, login, openSession } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** "¥12,345.67" as shown on the page → 1234567 fen */
function fenOf(text: string | null): number {
  const m = /([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number(m[2]);
}

const balanceFen = async (page: Page) =>
  fenOf(await page.getByTestId('case-balance').locator('.kpi-value').textContent());

const AMOUNT_FEN = 12_345;
const REFERENCE = `E2E-REV-${Date.now()}`;
const REASON = '流水号录错，银行回单为另一案件';

describe('冲正: a lead reverses a wrongly recorded payment on the case page', () => {
  let caseId = '';
  let before = 0;

  it('the collector records a payment and is not offered 冲正', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'collector1');
      // an open case of the collector's, not on hold, that owes well over the amount
      caseId = await page.evaluate(async (min) => {
        const me = (await (await fetch('/api/me')).json()) as { user: { id: string } };
        const r = (await (await fetch('/api/cases?status=open&pageSize=100')).json()) as {
          items: { id: string; onHold: boolean; balanceFen: number; assigneeId: string | null }[];
        };
        const mine = r.items.filter((x) => x.assigneeId === me.user.id && !x.onHold && x.balanceFen > min);
        // from the end of the list: the other suites work the top of the queue
        return mine.at(-1)?.id ?? '';
      }, AMOUNT_FEN * 10);
      expect(caseId).not.toBe('');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-screen').waitFor();
      before = await balanceFen(page);

      await page.getByRole('button', { name: /记录还款/ }).click();
      const dialog = page.getByRole('dialog', { name: '记录还款' });
      await dialog.getByLabel('还款金额（元）').fill((AMOUNT_FEN / 100).toFixed(2));
      await dialog.getByLabel('流水号').fill(REFERENCE);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.getByTestId('payment-row').filter({ hasText: REFERENCE });
      await row.waitFor();
      await expect.poll(() => balanceFen(page), { timeout: 10_000 }).toBe(before - AMOUNT_FEN);

      // collectors record payments but do not reverse them
      expect(
        await page
          .getByTestId('payments')
          .getByRole('button', { name: /冲\s*正/ })
          .count(),
      ).toBe(0);
      expect(await page.getByTestId('payments').locator('th').allInnerTexts()).not.toContain('操作');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the lead cannot confirm without a reason, reverses it with one, and the balance goes back up', async () => {
    expect(caseId).not.toBe('');
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'lead1');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-screen').waitFor();
      const row = page.getByTestId('payment-row').filter({ hasText: REFERENCE });
      await row.waitFor();
      expect(await balanceFen(page)).toBe(before - AMOUNT_FEN);
      expect(await row.getByTestId('payment-reversed').count()).toBe(0);

      await row.getByRole('button', { name: /^冲\s*正$/ }).click();
      const dialog = page.getByRole('dialog', { name: /冲正还款/ });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(REFERENCE);
      const confirm = dialog.getByRole('button', { name: /^冲\s*正$/ });
      // no reason, or only blanks: refused — the confirm button stays disabled under the required field
      await expect(dialog.getByText('冲正原因（必填）').isVisible()).resolves.toBe(true);
      await expect(confirm.isDisabled()).resolves.toBe(true);
      const reason = dialog.getByLabel('冲正原因（必填）');
      await reason.fill('   ');
      await expect(confirm.isDisabled()).resolves.toBe(true);
      await s.screenshot('reverse-no-reason');

      await reason.fill(REASON);
      await expect(confirm.isEnabled()).resolves.toBe(true);
      await confirm.click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(/已冲正，余额/).waitFor();

      // the payment stays, marked reversed, with no 冲正 left to click, and the balance is back
      await row.getByTestId('payment-reversed').waitFor();
      expect(await row.getByTestId('payment-reversed').textContent()).toBe('已冲正');
      expect(await row.locator('s').textContent()).toContain((AMOUNT_FEN / 100).toFixed(2));
      expect(await row.getByRole('button', { name: /冲\s*正/ }).count()).toBe(0);
      await expect.poll(() => balanceFen(page), { timeout: 10_000 }).toBe(before);
      // the reason is given on the mark
      await row.getByTestId('payment-reversed').hover();
      await expect
        .poll(async () => page.getByRole('tooltip').textContent(), { timeout: 5_000 })
        .toContain(REASON);
      await s.screenshot('reverse-done');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
