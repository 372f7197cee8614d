import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, login, openSession } from './browser';
import { DIST, REPO } from './web-build';

const baseUrl = inject('baseUrl');
let browser: Browser;

/** The first screen's budget: sign-in, then the collector's queue. */
const BUDGET_BYTES = 300_000;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the first screen loads little JavaScript', () => {
  it('sign-in and the queue load under 300 KB of gzipped JavaScript', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      const scripts = new Set<string>();
      page.on('response', (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js')) scripts.add(url.pathname);
      });
      await login(page, 'collector1');
      await page.getByTestId('queue-row').first().waitFor();
      await page.waitForLoadState('networkidle');
      const files = [...scripts].map((p) => {
        const raw = readFileSync(join(DIST, p));
        return { file: p, raw: raw.length, gzip: gzipSync(raw).length };
      });
      const gzip = files.reduce((n, f) => n + f.gzip, 0);
      const raw = files.reduce((n, f) => n + f.raw, 0);
      mkdirSync(join(REPO, 'test-results'), { recursive: true });
      writeFileSync(
        join(REPO, 'test-results', 'bundle-budget.json'),
        `${JSON.stringify({ budget: BUDGET_BYTES, gzip, raw, files }, null, 2)}\n`,
      );
      console.log(
        `first screen: ${files.length} scripts, ${(gzip / 1000).toFixed(1)} kB gzipped (${(raw / 1000).toFixed(1)} kB raw)`,
      );
      expect(files.length).toBeGreaterThan(0);
      // the charts and the other screens are not part of it
      expect(files.some((f) => /dashboard|case-screen|playbook/.test(f.file))).toBe(false);
      expect(gzip).toBeLessThan(BUDGET_BYTES);
      // a production build: antd's development class names would mean React and antd in dev mode
      expect(files.filter((f) => readFileSync(join(DIST, f.file), 'utf8').includes('css-dev-only'))).toEqual(
        [],
      );
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
