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

const LINES = [
  '您好，我是汇信示范催收服务有限公司的催收专员杨帆，工号T0001，受安信银行信用卡中心委托联系您，请问是您本人吗？',
  '我理解您现在的难处，家里有事确实不容易，我们一起想想办法。',
  '您看这个月能不能先还一部分，比如下周五之前先还500元？',
  '好的，那就下周五之前还500元，我帮您登记，到时候我再提醒您。',
];

describe('a practice session in the browser', () => {
  it('a trainer talks to the persona bot and gets the score and feedback at the end', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'trainer1');
      await page.waitForURL('**/practice');
      await page.getByLabel(/随机种子/).fill('e2e-guilty-1');
      await page.getByRole('button', { name: /开\s*始/ }).click();
      await page.getByTestId('practice-session').waitFor();
      const input = page.getByLabel('你说');
      for (const line of LINES) {
        if (await input.isDisabled()) break;
        const before = await page.getByTestId('practice-turn').count();
        await input.fill(line);
        await input.press('Enter');
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="practice-turn"]').length > n + 1,
          before,
        );
      }
      // each trainee turn comes back labelled by the analyser
      expect(await page.locator('[data-testid="practice-turn"].turn-agent .ant-tag').count()).toBeGreaterThan(
        0,
      );
      await s.screenshot('practice-call');
      await page.getByRole('button', { name: '结束并评分' }).click();
      await page.getByTestId('practice-score').waitFor();
      const score = await page.getByTestId('practice-score').textContent();
      expect(score).toMatch(/得分 \d+/);
      expect(await page.getByTestId('practice-feedback').locator('li').count()).toBeGreaterThan(0);
      await s.screenshot('practice-score');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
