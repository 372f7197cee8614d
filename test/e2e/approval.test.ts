import type { Browser } from 'playwright-core';
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

describe('a repayment plan from the calculator to the lead’s approval', () => {
  let debtor = '';

  it('the collector calculates a plan within the bank’s policy and proposes it', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'collector1');
      await page.getByTestId('queue-row').nth(5).click();
      await page.getByTestId('case-screen').waitFor();
      debtor = (await page.locator('#case-title').textContent())?.split(' ')[0]?.trim() ?? '';
      const calc = page.getByTestId('plan-calculator');
      await calc.getByLabel('期数').selectOption('6');
      await calc.getByRole('button', { name: /计\s*算/ }).click();
      await calc.getByTestId('plan-result').waitFor();
      expect(await calc.getByTestId('plan-result').textContent()).toContain('在委托方政策之内');
      await calc.getByRole('button', { name: '提交方案' }).click();
      await page.getByText(/方案已提交/).waitFor();
      await s.screenshot('plan-proposed');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the lead finds it in the approvals queue and approves it', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'lead1');
      await page.goto('/approvals');
      const row = page.getByTestId('approval-row').filter({ hasText: debtor });
      await row.first().waitFor();
      await row.first().getByRole('textbox').fill('收入稳定，同意分 6 期');
      await row
        .first()
        .getByRole('button', { name: /批\s*准/ })
        .click();
      await expect.poll(async () => row.count(), { timeout: 10_000 }).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
