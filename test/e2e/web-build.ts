import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WEB = join(REPO, 'web');
export const DIST = join(WEB, 'dist');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

/** web/dist is missing, or older than a source it is built from. */
export function webBuildIsStale(): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [
    join(WEB, 'src'),
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    join(REPO, 'src/domain/ids.ts'),
  ];
  return sources.some((s) => existsSync(s) && newest(s) > built);
}

/** Builds web/dist with Vite in a child process (the same as `npm run build:web`). */
export function buildWeb(): void {
  const vite = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', WEB, '--logLevel', 'warn'], {
    cwd: REPO,
    encoding: 'utf8',
    // vitest runs with NODE_ENV=test, which would make Vite bundle React and antd in development mode
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}
