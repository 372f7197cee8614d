import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, webBuildState } from './web-build';

const dir = mkdtempSync(join(tmpdir(), 'huikuan-web-dist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deciding whether web/dist must be built', () => {
  it('is missing without an index.html', () => {
    expect(webBuildState(join(dir, 'none'))).toBe('missing');
  });

  it('is stale when a source is newer than the build, fresh when the build is newer', () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    const index = join(dist, 'index.html');
    writeFileSync(index, '<!doctype html>');
    utimesSync(index, new Date('2000-01-01'), new Date('2000-01-01'));
    expect(webBuildState(dist)).toBe('stale');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(index, future, future);
    expect(webBuildState(dist)).toBe('fresh');
  });

  it('never builds into a directory other than the repository’s web/dist', () => {
    expect(ensureWebBuilt(join(dir, 'elsewhere'))).toEqual({ state: 'missing', build: null });
  });
});
