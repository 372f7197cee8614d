import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main';

/**
 * `huikuan start` reads DATA_DIR; the database commands read the same variable through the same
 * function (config/config.ts), so `DATA_DIR=/srv/x huikuan db migrate` (or import, queue) never writes
 * to ./data/pglite behind the server's back.
 */
describe('the data directory of the CLI', () => {
  const saved = { ...process.env };
  const dirs: string[] = [];
  afterEach(() => {
    for (const k of ['DATA_DIR', 'HUIKUAN_DATA_DIR', 'DATABASE_URL'] as const)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    vi.restoreAllMocks();
  });
  function tmp(): string {
    const d = mkdtempSync(join(tmpdir(), 'huikuan-datadir-'));
    dirs.push(d);
    return d;
  }

  it('db migrate writes PGlite to DATA_DIR/pglite, as the server does', async () => {
    const dir = tmp();
    process.env.DATA_DIR = dir;
    delete process.env.HUIKUAN_DATA_DIR;
    process.env.DATABASE_URL = '';
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    expect(await main(['db', 'migrate'])).toBe(0);
    expect(existsSync(join(dir, 'pglite', 'PG_VERSION'))).toBe(true);
  }, 60_000);

  it('still honours HUIKUAN_DATA_DIR (the PGlite directory itself)', async () => {
    const dir = join(tmp(), 'db');
    delete process.env.DATA_DIR;
    process.env.HUIKUAN_DATA_DIR = dir;
    process.env.DATABASE_URL = '';
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    expect(await main(['db', 'migrate'])).toBe(0);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  }, 60_000);

  it('refuses the two naming different databases: one line, exit 2, no stack trace', async () => {
    const dir = tmp();
    process.env.DATA_DIR = dir;
    process.env.HUIKUAN_DATA_DIR = join(dir, 'other');
    process.env.DATABASE_URL = '';
    const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    expect(await main(['db', 'migrate'])).toBe(2);
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain('HUIKUAN_DATA_DIR');
    expect(text).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });
});
