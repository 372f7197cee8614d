import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ensureWebBuilt } from '../../web/src/build/web-build';
import { CONFIG_HELP, type Config, ConfigError, loadConfig } from '../config/config';
import { assemble } from '../server/assemble';
import { DEMO_AGENCY, type DemoLogin, seedDemo } from '../server/demo/seed-demo';
import { type RunningServer, startServer } from '../server/server';
import { createServices } from '../server/services';
import { migrate } from '../store/migrate';
import { UsageError } from './cli-error';

export const START_HELP = `huikuan start [--port N] [--host H] [--no-demo]

  Migrates the database, seeds demo data into an empty one (one agency, two client banks,
  DEMO_CASES cases with a month of calls, promises and payments, users of every role), and serves
  the API and the web UI on one port. Prints the address and the demo logins.

  --port N     overrides PORT
  --host H     overrides HOST
  --no-demo    never seed demo data (same as DEMO_DATA=off)

${CONFIG_HELP}`;

/** The demo password when none is configured: fixed on loopback, random when the server is reachable. */
export const DEFAULT_DEMO_PASSWORD = 'huikuan-demo';

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

function loginTable(logins: readonly DemoLogin[], password: string | null): string {
  const rows = logins.map(
    (l) =>
      `  ${l.login.padEnd(12)} ${password ?? '(见首次启动时的输出)'}  ${l.role.padEnd(14)} ${l.name}（${l.note}）`,
  );
  return rows.join('\n');
}

interface StartFlags {
  demo: boolean;
  port?: number | undefined;
  host?: string | undefined;
}

function parseFlags(argv: string[]): StartFlags {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError('--port must be a whole number from 0 to 65535');
  }
  return { demo: !values['no-demo'], port, host: values.host };
}

/**
 * Shared by `start` (demo data on an empty database) and `serve` (never): configuration, migration,
 * optional seeding, then the server. Returns the running server; the process lives until SIGTERM.
 */
export async function launch(
  argv: string[],
  opts: { demo: boolean },
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<{ running: RunningServer; config: Config } | null> {
  const started = performance.now();
  const flags = parseFlags(argv);
  let config: Config;
  try {
    config = loadConfig(process.env, {
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.host !== undefined ? { host: flags.host } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`huikuan: ${e.message}\n\nRun "huikuan start --help" for the variables.\n`);
      return null;
    }
    throw e;
  }
  const services = await createServices(config);
  const log = services.logger;
  const migrated = await migrate(services.db);
  if (migrated.applied.length) log.info('db.migrated', { applied: migrated.applied });
  if (config.clockStart)
    log.warn('config.clock_start', {
      now: services.clock.now().toISOString(),
      note: 'CLOCK_START is set: this process runs on a clock that is not the system clock',
    });
  if (config.sessionSecretSource === 'generated')
    log.warn('config.session_secret_generated', {
      file: `${config.dataDir}/session-secret`,
      note: 'set SESSION_SECRET to the same value on every process when running several',
    });

  let seeded: { logins: DemoLogin[]; password: string } | null = null;
  if (opts.demo && flags.demo && config.demoData === 'auto') {
    const password =
      config.demoPassword ??
      (isLoopback(config.host) ? DEFAULT_DEMO_PASSWORD : randomBytes(9).toString('base64url'));
    const r = await seedDemo(services, { cases: config.demoCases, password });
    if (r) {
      log.info('demo.seeded', { ...r.counts, ms: r.ms });
      seeded = { logins: r.logins, password };
    }
  }
  // A fresh clone has no web/dist: build the UI once (about 5 s), and again whenever its sources change.
  const web = ensureWebBuilt();
  if (web.build) {
    if (web.build.ok) log.info('web.built', { reason: web.state, ms: web.build.ms });
    else log.warn('web.build_failed', { reason: web.state, output: web.build.output.slice(0, 2000) });
  }
  // Background jobs (in-process on PGlite, enqueue-only on PostgreSQL) and live call assist.
  const running = await startServer(services, await assemble(services));
  const ms = Math.round(performance.now() - started);

  const lines = [
    '',
    `回款 Huikuan 已启动 / is running: ${running.url}`,
    `  API 文档 / docs: ${running.url}/api/docs`,
    `  数据库 / database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite ${config.pgliteDir}`}`,
    `  启动耗时 / start-up: ${(ms / 1000).toFixed(1)} s`,
  ];
  if (seeded) {
    lines.push(
      '',
      '演示账号 / demo logins (login, password, role):',
      loginTable(seeded.logins, seeded.password),
    );
  } else {
    const demo = await services.db.query<{ login: string; role: DemoLogin['role']; name: string }>(
      `select u.login, u.role, u.name from users u join agencies a on a.id = u.agency_id
        where a.name = $1 and u.login is not null order by u.created_at, u.login`,
      [DEMO_AGENCY],
    );
    if (demo.rows.length)
      lines.push(
        '',
        `演示账号 / demo logins (密码为首次启动时设置的密码，默认 ${DEFAULT_DEMO_PASSWORD}):`,
        ...demo.rows.map((u) => `  ${u.login.padEnd(12)} ${u.role.padEnd(14)} ${u.name}`),
      );
  }
  if (!isLoopback(config.host) && seeded && !config.demoPassword)
    lines.push('', '注意：服务对网络开放，演示密码为随机生成，请妥善保管。');
  out(`${lines.join('\n')}\n\n`);
  return { running, config };
}

export async function startCommand(argv: string[]): Promise<number> {
  const r = await launch(argv, { demo: true });
  return r ? 0 : 2;
}
