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

describe('reviewing a call in QA', () => {
  it('QA opens a call with findings, sees the evidence marked in the transcript, and scores it', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'qa1');
      await page.waitForURL('**/qa');
      const rows = page.getByTestId('qa-call-row');
      await rows.first().waitFor();
      await s.screenshot('qa-list');
      await rows.first().click();
      await page.getByTestId('call-review').waitFor();
      const findings = page.getByTestId('finding');
      expect(await findings.count()).toBeGreaterThan(0);
      // the evidence of at least one finding is highlighted in place
      expect(
        await page.locator('[data-testid="transcript"] mark[data-kind="violation"]').count(),
      ).toBeGreaterThan(0);
      await page.getByLabel('分数（0–100）').fill('40');
      await page.getByLabel('复核意见').fill('开场后多次施压，需复训合规话术。');
      await page.getByRole('button', { name: '保存评分' }).click();
      await expect
        .poll(async () => page.getByTestId('review-score').textContent(), { timeout: 10_000 })
        .toContain('40');
      await s.screenshot('qa-call-review');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('QA sees for each promise whether the collector said it back, asked the source, and promised a reminder', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'qa1');
      await page.waitForURL('**/qa');
      // a demo call in which the debtor promised to pay (the API, as the screen reads it)
      const found = await page.evaluate(async () => {
        const list = (await (await fetch('/api/qa/calls?pageSize=100')).json()) as {
          items: { callId: string }[];
        };
        for (const item of list.items) {
          const detail = (await (await fetch(`/api/calls/${encodeURIComponent(item.callId)}`)).json()) as {
            analysis: { promise_checks: { read_back: boolean }[] };
          };
          if (detail.analysis.promise_checks.length > 0)
            return { callId: item.callId, checks: detail.analysis.promise_checks };
        }
        return null;
      });
      expect(found).not.toBeNull();
      await page.goto(`/qa/calls/${encodeURIComponent(found!.callId)}`);
      await page.getByTestId('call-review').waitFor();
      const items = page.getByTestId('promise-check');
      await expect.poll(async () => items.count()).toBe(found!.checks.length);
      const first = await items.first().textContent();
      expect(first).toContain(found!.checks[0]!.read_back ? '已复述金额和日期' : '未复述金额和日期');
      expect(first).toMatch(/资金来源/);
      expect(first).toMatch(/到期前提醒/);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the collector acknowledges one finding and disputes another', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'collector1');
      await page.goto('/qa');
      const rows = page.getByTestId('qa-call-row');
      await rows.first().waitFor();
      await rows.first().click();
      await page.getByTestId('call-review').waitFor();
      const findings = page.getByTestId('finding');
      expect(await findings.count()).toBeGreaterThan(1);
      const first = findings.nth(0);
      await first.getByRole('button', { name: /确\s*认/ }).click();
      await first.getByTestId('finding-response').waitFor();
      expect(await first.getByTestId('finding-response').textContent()).toContain('已确认');
      const second = findings.nth(1);
      await second.getByLabel('说明（申诉时请写明理由）').fill('客户先提出要找律师，我只是复述，没有威胁。');
      await second.getByRole('button', { name: /申\s*诉/ }).click();
      await second.getByTestId('finding-response').waitFor();
      expect(await second.getByTestId('finding-response').textContent()).toContain('已申诉');
      await s.screenshot('qa-collector-response');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
