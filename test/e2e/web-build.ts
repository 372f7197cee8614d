import { join } from 'node:path';
import { buildWeb as build, REPO_DIR, WEB_DIST, webBuildState } from '../../web/src/build/web-build';

export const REPO = REPO_DIR;
export const DIST = WEB_DIST;
export const WEB = join(REPO_DIR, 'web');

export function webBuildIsStale(): boolean {
  return webBuildState() !== 'fresh';
}

/** Builds web/dist with Vite (the same as `npm run build:web`); throws with the output on failure. */
export function buildWeb(): void {
  const r = build();
  if (!r.ok) throw new Error(`vite build failed:\n${r.output}`);
}
