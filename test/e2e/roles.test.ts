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

describe('signing in as each role', () => {
  it.each([
    {
      user: 'collector1',
      home: '/queue',
      nav: ['今日队列', '实时辅助', '剧本', '陪练'],
      hidden: ['团队看板', '导入'],
    },
    { user: 'lead1', home: '/dashboard', nav: ['团队看板', '审批', '今日队列', '导入'], hidden: [] },
    { user: 'manager', home: '/dashboard', nav: ['团队看板', '审批', '质检'], hidden: [] },
    { user: 'qa1', home: '/qa', nav: ['质检', '案件'], hidden: ['今日队列', '团队看板', '导入'] },
    { user: 'trainer1', home: '/practice', nav: ['陪练', '剧本'], hidden: ['今日队列', '案件', '质检'] },
    { user: 'admin', home: '/playbook', nav: ['剧本', '导入'], hidden: ['今日队列'] },
    { user: 'bank1', home: '/cases', nav: ['案件'], hidden: ['今日队列', '陪练', '剧本', '质检'] },
  ])('$user lands on $home with the screens of the role', async ({ user, home, nav, hidden }) => {
    const s = await openSession(browser, baseUrl);
    try {
      await login(s.page, user);
      await s.page.waitForURL(`**${home}`);
      await s.page.locator('h1').first().waitFor();
      await s.page.waitForLoadState('networkidle');
      const menu = s.page.getByRole('navigation', { name: '主导航' });
      for (const name of nav) await expect(menu.getByRole('link', { name })).toBeDefined();
      const links = await menu.getByRole('link').allInnerTexts();
      for (const name of nav) expect(links).toContain(name);
      for (const name of hidden) expect(links).not.toContain(name);
      expect(await horizontalOverflow(s.page)).toBeLessThanOrEqual(0);
      await s.screenshot(`home-${user}`);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
