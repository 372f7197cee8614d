import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, dataDirsFromEnv, loadConfig } from './config';

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'huikuan-config-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), SESSION_SECRET: 'x'.repeat(32), ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), SESSION_SECRET: 's'.repeat(40) });
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      logLevel: 'info',
      demoCases: 2000,
    });
    expect(c.pgliteDir.endsWith('pglite')).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL (got "…")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY must be true or false (got "maybe")'],
    [{ DEMO_DATA: 'yes' }, 'DEMO_DATA must be auto or off (got "yes")'],
    [{ CLOCK_START: '2026-12-01 10:00' }, 'CLOCK_START must be a date and time with its offset'],
    [{ CLOCK_START: '2026-12-01T10:00:00' }, 'CLOCK_START must be a date and time with its offset'],
  ])('explains a bad value: %j', (env, message) => {
    expect(problems(env).join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    expect(problems({ PORT: 'x', LOG_LEVEL: 'y', COOKIE_SECURE: 'z' })).toHaveLength(3);
  });

  it('treats an empty variable as unset', () => {
    expect(problems({ PORT: '' })).toEqual([]);
  });

  it('generates the session secret once, keeps it in DATA_DIR with owner-only access, and reuses it', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.sessionSecretSource).toBe('generated');
    const file = join(dir, 'session-secret');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.sessionSecretSource).toBe('file');
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
  });

  it('runs on the system clock unless CLOCK_START says where the clock starts', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), SESSION_SECRET: 's'.repeat(40) }).clockStart).toBeNull();
    const c = loadConfig({
      DATA_DIR: dataDir(),
      SESSION_SECRET: 's'.repeat(40),
      CLOCK_START: '2026-12-01T10:00:00+08:00',
    });
    expect(c.clockStart?.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('prefers SESSION_SECRET from the environment', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), SESSION_SECRET: 'e'.repeat(32) });
    expect(c.sessionSecretSource).toBe('env');
    expect(c.sessionSecret).toBe('e'.repeat(32));
  });
});

describe('dataDirsFromEnv: one data directory for every command', () => {
  it('puts PGlite in DATA_DIR/pglite, as `huikuan start` always did', () => {
    const dir = dataDir();
    expect(dataDirsFromEnv({ DATA_DIR: dir })).toEqual({ dataDir: dir, pgliteDir: join(dir, 'pglite') });
    expect(loadConfig({ DATA_DIR: dir, SESSION_SECRET: 's'.repeat(40) }).pgliteDir).toBe(join(dir, 'pglite'));
  });

  it('takes HUIKUAN_DATA_DIR as the PGlite directory itself, for the server too', () => {
    const dir = dataDir();
    expect(dataDirsFromEnv({ HUIKUAN_DATA_DIR: dir }).pgliteDir).toBe(dir);
    expect(
      loadConfig({ DATA_DIR: '', HUIKUAN_DATA_DIR: dir, SESSION_SECRET: 's'.repeat(40) }).pgliteDir,
    ).toBe(dir);
    expect(dataDirsFromEnv({ HUIKUAN_DATA_DIR: 'memory://' }).pgliteDir).toBe('memory://');
  });

  it('defaults to ./data/pglite and treats empty values as unset', () => {
    expect(dataDirsFromEnv({ DATA_DIR: '', HUIKUAN_DATA_DIR: '' }).pgliteDir).toBe(
      join(process.cwd(), 'data', 'pglite'),
    );
  });

  it('refuses both variables naming different databases, and accepts them agreeing', () => {
    const dir = dataDir();
    expect(() => dataDirsFromEnv({ DATA_DIR: dir, HUIKUAN_DATA_DIR: join(dir, 'elsewhere') })).toThrow(
      ConfigError,
    );
    expect(dataDirsFromEnv({ DATA_DIR: dir, HUIKUAN_DATA_DIR: join(dir, 'pglite') }).pgliteDir).toBe(
      join(dir, 'pglite'),
    );
  });
});
