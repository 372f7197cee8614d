import { defineConfig } from 'vitest/config';

/**
 * The web UI's tests: the browser-side units (web/src/**) and the end-to-end suite (test/e2e/**),
 * which builds web/dist when it is stale, starts a real server with demo data on a scratch data
 * directory once, and drives Debian's chromium through playwright-core. Run: npm run test:e2e.
 */
export default defineConfig({
  test: {
    include: ['web/src/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    // one server, one browser at a time: the 2-core CI machine stays responsive and runs are repeatable
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
