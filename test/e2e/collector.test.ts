import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, login, openSession, type Session } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launchBrowser();
  s = await openSession(browser, baseUrl);
  await login(s.page, 'collector1');
});
afterAll(async () => {
  await s?.close();
  await browser?.close();
});

const TRANSCRIPT = [
  '坐席：您好，请问是机主本人吗？我是汇信示范催收服务有限公司的催收员王磊，工号C1011，受安信银行信用卡中心委托联系您。',
  '客户：是我，什么事？',
  '坐席：您的信用卡账单已经逾期了，想跟您确认一下还款安排。',
  '客户：最近手头紧，这样吧，我下周五之前先还3000元。',
  '坐席：好的，下周五之前还3000元，我帮您登记，谢谢您配合。',
].join('\n');

describe('a collector works a case from the queue to a recorded promise', () => {
  it('moves through the queue with the keyboard and opens a case with Enter', async () => {
    const { page } = s;
    await page.waitForURL('**/queue');
    const rows = page.getByTestId('queue-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(2);
    // each case says why it is where it is
    expect(await rows.first().locator('.reasons li').count()).toBeGreaterThan(0);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect(rows.nth(1).getAttribute('aria-current')).resolves.toBe('true');
    const caseId = await rows.nth(1).getAttribute('data-case-id');
    await s.screenshot('queue');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/cases/${caseId}`);
    await page.getByTestId('case-screen').waitFor();
    await page.getByTestId('advice').waitFor();
    await page.getByTestId('persona-panel').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await s.screenshot('case');
  });

  it('shows which rule blocks a contact person and when it is next allowed', async () => {
    const { page } = s;
    const blocked = page.locator('[data-testid="contact-row"][data-allowed="false"]').first();
    await blocked.waitFor();
    const reason = blocked.getByTestId('blocked-reason');
    await expect(reason.textContent()).resolves.toMatch(/cn\/contact\.\w+/);
    await expect(reason.textContent()).resolves.toMatch(/最早可联系|仅靠等待不能解除/);
    // trying to log it: the guard is asked first and the dialog explains instead of recording
    await blocked.getByRole('button', { name: /登记/ }).click();
    const dialog = page.getByRole('dialog', { name: '登记联系' });
    await dialog.getByTestId('contact-blocked').waitFor();
    await expect(dialog.getByTestId('contact-blocked').textContent()).resolves.toMatch(/contact\.\w+/);
    await expect(dialog.getByRole('button', { name: /保\s*存/ }).isDisabled()).resolves.toBe(true);
    await s.screenshot('contact-blocked');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('records a call, confirms the promise the analyser heard, and sees it on the case', async () => {
    const { page } = s;
    const before = await page.getByTestId('promise-row').count();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: '记录通话' });
    await dialog.getByLabel('通话文本').fill(TRANSCRIPT);
    await dialog.getByRole('button', { name: '分析并保存' }).click();
    await dialog.getByTestId('call-result').waitFor();
    // the transcript comes back labelled
    expect(await dialog.getByTestId('turn').count()).toBe(5);
    const proposal = dialog.getByTestId('call-proposal').first();
    await proposal.waitFor();
    await expect(proposal.getByLabel('承诺金额（元）').inputValue()).resolves.toBe('3000.00');
    await s.screenshot('call-recorded');
    await proposal.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.getByTestId('call-proposal-decided').waitFor();
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="promise-row"]').length > n,
      before,
    );
    const text = await page.getByTestId('promises').textContent();
    expect(text).toContain('3,000.00');
    expect(text).toContain('待履行');
    expect(text).toContain('通话识别');
  });

  it('records a promise with the P shortcut', async () => {
    const { page } = s;
    const before = await page.getByTestId('promise-row').count();
    await page.keyboard.press('p');
    const dialog = page.getByRole('dialog', { name: '记录承诺' });
    await dialog.getByLabel('承诺金额（元）').fill('1,234.50');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="promise-row"]').length > n,
      before,
    );
    expect(await page.getByTestId('promises').textContent()).toContain('1,234.50');
    await s.screenshot('case-with-promises');
  });

  it('calculates a repayment plan within the policy', async () => {
    const { page } = s;
    const calc = page.getByTestId('plan-calculator');
    await calc.getByRole('button', { name: /计\s*算/ }).click();
    await calc.getByTestId('plan-result').waitFor();
    expect(await calc.getByTestId('plan-result').locator('tbody tr').count()).toBeGreaterThan(1);
  });

  it('on a held case, live assist is disabled with the reason, and recording a call warns first', async () => {
    const { page } = s;
    const held = await page.evaluate(async () => {
      const r = (await (await fetch('/api/cases?status=open&pageSize=100')).json()) as {
        items: { id: string; onHold: boolean }[];
      };
      return r.items.find((x) => x.onHold)?.id ?? null;
    });
    expect(held).not.toBeNull();
    await page.goto(`/cases/${held}`);
    await page.getByTestId('case-screen').waitFor();
    await page.getByTestId('live-blocked').waitFor();
    await expect(page.getByTestId('live-blocked').textContent()).resolves.toMatch(/contact\.stop_list/);
    await expect(page.getByTestId('live-assist').isDisabled()).resolves.toBe(true);
    await page.keyboard.press('l');
    expect(page.url()).not.toContain('/live');
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: '记录通话' });
    await dialog.getByTestId('call-guard-warning').waitFor();
    await expect(dialog.getByTestId('call-guard-warning').textContent()).resolves.toMatch(/仍可记录/);
    await expect(dialog.getByRole('button', { name: '分析并保存' }).isDisabled()).resolves.toBe(false);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
