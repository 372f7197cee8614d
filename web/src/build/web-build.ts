import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Node-side helper, never imported by the browser app: builds web/dist when it is missing or older
 * than its sources, so `npm start` on a fresh clone serves the UI (and the end-to-end tests test
 * the current code). The same build as `npm run build:web`.
 */

export const WEB_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const REPO_DIR = join(WEB_DIR, '..');
export const WEB_DIST = join(WEB_DIR, 'dist');

/** What the bundle is made from: the app, its page and config, and the domain ids it imports at run time. */
const SOURCES = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB_DIR, p));
const SHARED = [join(REPO_DIR, 'src', 'domain', 'ids.ts')];

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export type WebBuildState = 'fresh' | 'missing' | 'stale';

export function webBuildState(dist = WEB_DIST): WebBuildState {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  return [...SOURCES, ...SHARED].some((s) => existsSync(s) && newest(s) > built) ? 'stale' : 'fresh';
}

/** The Vite CLI, or null when dev dependencies were not installed (npm ci --omit=dev). */
function viteCli(): string | null {
  try {
    const require = createRequire(join(REPO_DIR, 'package.json'));
    return join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

export interface WebBuildResult {
  ok: boolean;
  /** the build's output, or why there was none */
  output: string;
  ms: number;
}

export function buildWeb(): WebBuildResult {
  const started = performance.now();
  const cli = viteCli();
  if (!cli) return { ok: false, output: 'vite is not installed (dev dependencies omitted)', ms: 0 };
  const r = spawnSync(process.execPath, [cli, 'build', WEB_DIR, '--logLevel', 'warn'], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    // a caller under a test runner has NODE_ENV=test, which would bundle React and antd in dev mode
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return {
    ok: r.status === 0,
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim(),
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Builds web/dist when it is missing or stale and the sources are here (a repository checkout, not
 * an installation that ships a prebuilt dist without them). Never throws: a failed build leaves the
 * server's "UI not built" page, and the result says why.
 */
export function ensureWebBuilt(dist = WEB_DIST): { state: WebBuildState; build: WebBuildResult | null } {
  const state = webBuildState(dist);
  if (state === 'fresh' || dist !== WEB_DIST || !existsSync(join(WEB_DIR, 'src')))
    return { state, build: null };
  return { state, build: buildWeb() };
}
