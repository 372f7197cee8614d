import { defineConfig } from 'vitest/config';

/**
 * The web UI's tests, run by `npm run test:e2e`:
 * - `web`: the browser app's pure parts (web/src/**\/*.test.ts), fast;
 * - `e2e`: the end-to-end suite (test/e2e/**), which builds web/dist when it is stale, starts one
 *   real server with demo data on a scratch data directory, and drives Debian's chromium through
 *   playwright-core at 1366×768. E2E_BASE_URL runs it against a server that is already up.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: { name: 'web', include: ['web/src/**/*.test.ts'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // one server, one browser at a time: the 2-core CI machine stays responsive and runs repeat
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
