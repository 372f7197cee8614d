import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, openSession, type Session } from './browser';
import { E2E_CLOCK_START, type E2eServer, startServer } from './server';

// A second server whose clock starts at 23:00 in Shanghai, where the demo debtors live: quiet hours,
// so the contact rules leave the queue empty until 08:00.
const NIGHT = E2E_CLOCK_START.replace('T10:00:00', 'T23:00:00');
let server: E2eServer;
let browser: Browser;
let s: Session;

beforeAll(async () => {
  server = await startServer({ cases: 60, clockStart: NIGHT });
  browser = await launchBrowser();
  s = await openSession(browser, server.url);
  await login(s.page, 'collector1');
});
afterAll(async () => {
  await s?.close();
  await browser?.close();
  await server?.stop();
});

describe('a collector before the shift, in quiet hours', () => {
  it('sees why the queue is empty, when it opens and how many cases it will hold', async () => {
    const { page } = s;
    await page.waitForURL('**/queue');
    const opens = page.getByTestId('queue-opens');
    await opens.waitFor();
    expect(await page.getByTestId('queue-row').count()).toBe(0);
    await expect(page.locator('.ant-empty-description').textContent()).resolves.toMatch(/免打扰时段/);
    // 08:00 the next morning, and a count of cases
    await expect(opens.textContent()).resolves.toMatch(/08:00.*起可联系 [1-9]\d* 件/);
  });

  it('previews the queue at opening, read-only, and goes back to the queue now', async () => {
    const { page } = s;
    await page.getByRole('button', { name: '预览开工时的队列' }).click();
    const rows = page.getByTestId('queue-row');
    await rows.first().waitFor();
    const banner = page.getByTestId('queue-preview');
    await expect(banner.textContent()).resolves.toMatch(/08:00.*现在不可拨打/);
    const opens = await page.getByTestId('queue-opens').count();
    expect(opens).toBe(0);
    await s.screenshot('queue-preview');
    // a case opened from the preview: its contacts are blocked by the calling hours, with the rule
    await rows.first().click();
    await page.getByTestId('case-screen').waitFor();
    const blocked = page.locator('[data-testid="contact-row"][data-allowed="false"]').first();
    await blocked.waitFor();
    await expect(blocked.getByTestId('blocked-reason').textContent()).resolves.toMatch(/cn\/contact\.hours/);
    await page.goBack();
    await page.getByTestId('queue-opens').waitFor();
    await page.getByRole('button', { name: '预览开工时的队列' }).click();
    await banner.waitFor();
    await banner.getByRole('button', { name: '回到当前队列' }).click();
    await page.getByTestId('queue-opens').waitFor();
    expect(await banner.count()).toBe(0);
  });
});
