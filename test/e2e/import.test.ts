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

/** GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const good = idNumber('11010119900307425');
const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
const CSV = [
  '案件编号,姓名,身份证号,手机号,欠款本金,逾期天数',
  `E2E-0001,周晓梅,${good},13800138000,12000.50,95`,
  `E2E-0002,钱多多,${badCheck},13900139000,8000,40`,
  `E2E-0003,孙一鸣,${idNumber('31010419851111203')},1380013,5000,30`,
].join('\n');

describe('importing a placement file with errors', () => {
  it('a lead uploads the file and sees every bad row with its column and reason; nothing is imported', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'lead1');
      await page.goto('/import');
      await page.getByLabel('委托方').click();
      await page.locator('.ant-select-item-option').first().click();
      await page.getByLabel(/委案文件/).setInputFiles({
        name: 'e2e-bad-rows.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`\uFEFF${CSV}`, 'utf8'),
      });
      await page.getByRole('button', { name: '上传并导入' }).click();
      await page.getByTestId('import-report').waitFor();
      const report = await page.getByTestId('import-report').textContent();
      expect(report).toContain('未导入任何数据');
      const problems = page.getByTestId('import-problem');
      const rows = await problems.locator('td:first-child').allTextContents();
      expect(rows).toContain('3');
      expect(rows).toContain('4');
      expect(rows).not.toContain('2');
      const table = await page.getByTestId('import-problems').textContent();
      expect(table).toContain('身份证号');
      expect(table).toContain('手机号');
      await s.screenshot('import-errors');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
