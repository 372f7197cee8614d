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

async function say(page: import('playwright-core').Page, speaker: '坐席' | '客户', text: string) {
  const before = await page.getByTestId('turn').count();
  await page.getByRole('radio', { name: speaker }).check({ force: true });
  await page.getByLabel('这一句').fill(text);
  await page.getByLabel('这一句').press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="turn"]').length > n, before);
}

describe('live call assist over the WebSocket', () => {
  it('labels each line as it is typed into the simulated dialer, warns on a violation, captures the promise', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'collector1');
      await page.getByTestId('queue-row').first().waitFor();
      const caseId = await page.getByTestId('queue-row').nth(3).getAttribute('data-case-id');
      await page.goto(`/cases/${caseId}/live`);
      await page.getByRole('button', { name: '开始通话' }).click();
      await page.getByText('已连接').waitFor();
      await say(
        page,
        '坐席',
        '您好，我是汇信示范催收服务有限公司的催收员王磊，工号C1011，受安信银行信用卡中心委托联系您。',
      );
      await say(page, '客户', '哦，我知道欠款的事，最近实在没钱。');
      await say(page, '坐席', '你再不还钱，我们就去你单位找你领导，让你同事都知道你是老赖。');
      await page.getByTestId('live-alert').waitFor();
      expect(await page.getByTestId('live-alert').textContent()).toMatch(/合规风险/);
      await say(page, '客户', '好好好，我下周一之前还2000块行了吧。');
      await page.getByTestId('live-promise').waitFor();
      expect(await page.getByTestId('live-promise').textContent()).toContain('2,000.00');
      expect(await page.getByTestId('live-advice').locator('.strategies li').count()).toBeGreaterThan(0);
      await s.screenshot('live-assist');
      await page.getByRole('button', { name: '结束通话并保存' }).click();
      await page.getByTestId('live-ended').waitFor();
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
