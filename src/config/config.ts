import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The server's configuration, read from environment variables once at start and validated, so a
 * typo stops the process with a message naming the variable instead of surfacing as a strange
 * failure an hour later.
 */

/** The repository's web build, found from this file so `npm start` works from any directory. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), {
      error: `${name} must be true or false`,
    })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${name} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be a whole number from ${min} to ${max}` });

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  PORT: int('PORT', 0, 65_535).default(3000),
  // Loopback by default: the demo data has published passwords. HOST=0.0.0.0 serves the network.
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/.+/, {
      error: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
    })
    .optional(),
  DATA_DIR: z.string().trim().min(1).default('data'),
  SESSION_SECRET: z
    .string()
    .min(32, { error: 'SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  /** JSON bodies; uploads have their own limit */
  BODY_LIMIT_BYTES: int('BODY_LIMIT_BYTES', 1024, 64 * 1024 * 1024).default(1024 * 1024),
  IMPORT_LIMIT_BYTES: int('IMPORT_LIMIT_BYTES', 1024, 2 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  REQUEST_TIMEOUT_MS: int('REQUEST_TIMEOUT_MS', 100, 3_600_000).default(30_000),
  IMPORT_TIMEOUT_MS: int('IMPORT_TIMEOUT_MS', 1000, 24 * 3_600_000).default(15 * 60_000),
  SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 0, 600_000).default(20_000),
  SESSION_IDLE_MINUTES: int('SESSION_IDLE_MINUTES', 1, 7 * 24 * 60).default(12 * 60),
  SESSION_MAX_HOURS: int('SESSION_MAX_HOURS', 1, 90 * 24).default(7 * 24),
  /** auto: Secure cookies when the request came over HTTPS (directly or, with TRUST_PROXY, via a proxy) */
  COOKIE_SECURE: z
    .enum(['auto', 'true', 'false'], { error: 'COOKIE_SECURE must be auto, true or false' })
    .default('auto'),
  TRUST_PROXY: bool('TRUST_PROXY').default(false),
  LOGIN_MAX_FAILURES: int('LOGIN_MAX_FAILURES', 1, 100).default(5),
  LOGIN_LOCK_MINUTES: int('LOGIN_LOCK_MINUTES', 1, 24 * 60).default(15),
  LOGIN_IP_MAX_FAILURES: int('LOGIN_IP_MAX_FAILURES', 1, 10_000).default(50),
  /** auto: seed demo data when the database has no agency yet (npm start); off: never */
  DEMO_DATA: z.enum(['auto', 'off'], { error: 'DEMO_DATA must be auto or off' }).default('auto'),
  DEMO_CASES: int('DEMO_CASES', 2, 200_000).default(2000),
  DEMO_PASSWORD: z.string().min(8, { error: 'DEMO_PASSWORD must be at least 8 characters' }).optional(),
  WEB_DIST: z.string().trim().min(1).optional(),
  /** demos, training and browser tests: the product's clock reads this at start and runs on from it */
  CLOCK_START: z.iso
    .datetime({
      offset: true,
      error: 'CLOCK_START must be a date and time with its offset, e.g. 2026-12-01T10:00:00+08:00',
    })
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  /** where PGlite keeps its files (DATA_DIR/pglite) when DATABASE_URL is not set */
  pgliteDir: string;
  sessionSecret: string;
  /** where the secret came from, for the start-up log */
  sessionSecretSource: 'env' | 'file' | 'generated' | 'given';
  logLevel: LogLevel;
  bodyLimitBytes: number;
  importLimitBytes: number;
  requestTimeoutMs: number;
  importTimeoutMs: number;
  shutdownTimeoutMs: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginIpMaxFailures: number;
  demoData: 'auto' | 'off';
  demoCases: number;
  demoPassword: string | null;
  webDist: string;
  /**
   * Where the product's clock starts (CLOCK_START), or null for the system clock. For demonstrations,
   * training and the browser tests, whose calls must fall inside calling hours whenever they run.
   */
  clockStart: Date | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SECRET_FILE = 'session-secret';

/**
 * Where local state lives, for every command alike (`huikuan start`, `serve`, `import`, `queue`,
 * `suggest`, `db`): the one place DATA_DIR and HUIKUAN_DATA_DIR are read.
 *
 * - DATA_DIR: the state directory (default ./data); PGlite in DATA_DIR/pglite, the generated session
 *   secret in DATA_DIR/session-secret.
 * - HUIKUAN_DATA_DIR: the PGlite directory itself (older name, kept); it does not move the secret.
 *
 * Both set and naming different databases is refused rather than one silently winning. Empty
 * values count as unset. DATABASE_URL, when set, is used instead of PGlite (not decided here).
 */
export function dataDirsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  dataDir: string;
  pgliteDir: string;
} {
  const dataDirVar = env.DATA_DIR?.trim() || undefined;
  const pgliteVar = env.HUIKUAN_DATA_DIR?.trim() || undefined;
  const dataDir = resolve(dataDirVar ?? 'data');
  const fromDataDir = join(dataDir, 'pglite');
  if (pgliteVar === undefined) return { dataDir, pgliteDir: fromDataDir };
  const pgliteDir = pgliteVar.startsWith('memory://') ? pgliteVar : resolve(pgliteVar);
  if (dataDirVar !== undefined && pgliteDir !== fromDataDir)
    throw new ConfigError([
      `DATA_DIR (PGlite in ${fromDataDir}) and HUIKUAN_DATA_DIR (${pgliteDir}) name different databases; set only one`,
    ]);
  return { dataDir, pgliteDir };
}

/**
 * The secret kept in DATA_DIR when SESSION_SECRET is not set: generated once (mode 0600) and
 * reused, so sessions and login throttling survive a restart.
 */
function secretFromDataDir(dataDir: string): { secret: string; source: 'file' | 'generated' } {
  const path = join(dataDir, SECRET_FILE);
  if (existsSync(path)) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length < 32) throw new ConfigError([`${path} holds a secret shorter than 32 characters`]);
    return { secret, source: 'file' };
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { secret, source: 'generated' };
}

/** Empty strings count as unset: `PORT= npm start` means the default, not an error. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

/**
 * Reads and validates the configuration. Every problem is listed at once. `overrides` lets tests and
 * embedding code set values without touching the process environment (and skip the secret file).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const r = envSchema.safeParse(present(env));
  if (!r.success) {
    throw new ConfigError(
      r.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        const got = key ? present(env)[key] : undefined;
        const shown =
          key === 'SESSION_SECRET' || key === 'DEMO_PASSWORD' || key === 'DATABASE_URL' ? '…' : got;
        return `${i.message}${shown !== undefined ? ` (got "${shown}")` : ''}`;
      }),
    );
  }
  const e = r.data;
  const dirs = dataDirsFromEnv(env);
  const dataDir = overrides.dataDir !== undefined ? resolve(overrides.dataDir) : dirs.dataDir;
  let sessionSecret = overrides.sessionSecret ?? e.SESSION_SECRET;
  let sessionSecretSource: Config['sessionSecretSource'] = overrides.sessionSecret
    ? 'given'
    : e.SESSION_SECRET
      ? 'env'
      : 'file';
  if (!sessionSecret) {
    const s = secretFromDataDir(dataDir);
    sessionSecret = s.secret;
    sessionSecretSource = s.source;
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    pgliteDir: overrides.dataDir !== undefined ? join(dataDir, 'pglite') : dirs.pgliteDir,
    sessionSecret,
    sessionSecretSource,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importLimitBytes: e.IMPORT_LIMIT_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    importTimeoutMs: e.IMPORT_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'true' ? 'always' : e.COOKIE_SECURE === 'false' ? 'never' : 'auto',
    trustProxy: e.TRUST_PROXY,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginIpMaxFailures: e.LOGIN_IP_MAX_FAILURES,
    demoData: e.DEMO_DATA,
    demoCases: e.DEMO_CASES,
    demoPassword: e.DEMO_PASSWORD ?? null,
    webDist: resolve(e.WEB_DIST ?? DEFAULT_WEB_DIST),
    clockStart: e.CLOCK_START ? new Date(e.CLOCK_START) : null,
    ...overrides,
  };
}

/** The variables, their defaults and meaning: printed by `huikuan start --help` and in docs/api.md. */
export const CONFIG_HELP = `Environment variables (all optional):
  PORT                 port to listen on (default 3000; 0 picks a free one)
  HOST                 address to bind (default 127.0.0.1; 0.0.0.0 to serve the network)
  DATABASE_URL         postgres://… to use a PostgreSQL server; default: embedded PGlite in DATA_DIR/pglite
  DATA_DIR             where local state lives (default ./data), for every huikuan command
  HUIKUAN_DATA_DIR     older name: the PGlite directory itself (default DATA_DIR/pglite)
  SESSION_SECRET       ≥ 32 characters; default: generated once and kept in DATA_DIR/session-secret.
                       Set the same value on every process when running several.
  LOG_LEVEL            debug | info | warn | error | silent (default info)
  BODY_LIMIT_BYTES     largest JSON body (default 1 MiB); IMPORT_LIMIT_BYTES for uploads (200 MiB)
  REQUEST_TIMEOUT_MS   per-request time limit (default 30000); IMPORT_TIMEOUT_MS for imports (15 min)
  SHUTDOWN_TIMEOUT_MS  how long SIGTERM waits for in-flight requests (default 20000)
  SESSION_IDLE_MINUTES sign-out after inactivity (default 720); SESSION_MAX_HOURS absolute (default 168)
  COOKIE_SECURE        auto | true | false (default auto: Secure over HTTPS)
  TRUST_PROXY          true behind a reverse proxy: client IP and scheme from X-Forwarded-* (default false)
  LOGIN_MAX_FAILURES   failed sign-ins before an account is locked (default 5) for LOGIN_LOCK_MINUTES (15)
  LOGIN_IP_MAX_FAILURES failed sign-ins from one address per lock window before it is refused (default 50)
  DEMO_DATA            auto (seed demo data into an empty database; default) | off
  DEMO_CASES           demo cases to generate (default 2000); DEMO_PASSWORD the demo users' password
  WEB_DIST             the built web UI (default web/dist)
  CLOCK_START          demos, training, browser tests: the product's clock reads this instant at start
                       (e.g. 2026-12-01T10:00:00+08:00) and runs on from it; default the system clock.
                       Read by this process only (not by \`huikuan worker\`); never set it in production.
`;
