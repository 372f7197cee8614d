import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, login, openSession } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the team lead', () => {
  it('sees the numbers, the compliance-first ranking and the effectiveness heatmap, and drills into a collector', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'lead1');
      await page.waitForURL('**/dashboard');
      await page.getByTestId('kpis').waitFor();
      for (const id of [
        'recovered',
        'recovery-rate',
        'kept-rate',
        'broken',
        'contact-rate',
        'incidents',
        'complaint-rate',
      ])
        expect(await page.getByTestId(`kpi-${id}`).count()).toBe(1);
      expect(await page.getByTestId('ranking-how').textContent()).toContain('排名先看合规');
      // the heatmap is drawn (ECharts canvas) and its cells are also given as text
      await page.locator('[data-testid="dashboard"] canvas').first().waitFor();
      const ranks = await page.locator('[data-testid="ranking"] tbody tr td:first-child').allTextContents();
      // collectors ranked 1, 2, …; a lead with work of their own comes after, unranked (—)
      const ranked = ranks.filter((x) => x !== '—').map(Number);
      expect(ranked).toEqual(ranked.map((_, i) => i + 1));
      expect(ranks.slice(ranked.length).every((x) => x === '—')).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await s.screenshot('dashboard');
      await page.locator('[data-testid="ranking"] tbody tr a').first().click();
      await page.getByTestId('collector-drill').waitFor();
      await s.screenshot('dashboard-collector');
      await page.getByRole('link', { name: '审批' }).click();
      await page.waitForURL('**/approvals');
      await page.locator('h1').waitFor();
      await s.screenshot('approvals');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('the playbook', () => {
  it('an admin edits a rule pack: a bad value is shown at its line and not saved; a valid edit is saved, then reverted', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'admin');
      await page.waitForURL('**/playbook');
      await page.getByRole('tab', { name: '编辑文件' }).click();
      await page.getByRole('button', { name: 'rules/cn.yaml' }).click();
      const editor = page.getByTestId('pb-text');
      await expect
        .poll(async () => (await editor.inputValue()).length, { timeout: 10_000 })
        .toBeGreaterThan(100);
      const text = await editor.inputValue();
      expect(text).toMatch(/max_connected_per_debtor_per_day: 3/);
      await editor.fill(
        text.replace(/max_connected_per_debtor_per_day: 3/, 'max_connected_per_debtor_per_day: 5'),
      );
      await page.getByRole('button', { name: /^校\s*验$/ }).click();
      await page.getByTestId('pb-issues').waitFor();
      const issue = page.getByTestId('line-issue').first();
      await issue.waitFor();
      expect(await issue.textContent()).toMatch(/3/);
      // the problem sits under the line it is about
      const line = page.locator('.yaml-lines li.bad').first();
      expect(await line.textContent()).toContain('max_connected_per_debtor_per_day: 5');
      await s.screenshot('playbook-edit-error');
      // a harmless, valid edit is saved as a new revision, then reverted to the shipped file
      await editor.fill(`# e2e: a note for the team\n${text}`);
      await page.getByRole('button', { name: '校验并保存' }).click();
      await page.getByText(/已保存，版本 \d+/).waitFor();
      await page.getByRole('button', { name: '恢复为发布版本' }).click();
      await page.getByText('已恢复为发布版本').waitFor();
      await expect
        .poll(async () => (await editor.inputValue()).startsWith('# e2e'), { timeout: 10_000 })
        .toBe(false);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
