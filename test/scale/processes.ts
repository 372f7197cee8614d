import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config';
import { seedDemo } from '../../src/server/demo/seed-demo';
import { createServices } from '../../src/server/services';
import type { Db } from '../../src/store/db';

/**
 * Real `huikuan serve` and `huikuan worker` processes for the scale test and the load benchmarks,
 * against one PostgreSQL scratch schema (its name passed in the URL's search_path) or, for a single
 * API process, a PGlite directory. Each child's stdout is kept line by line (the JSON logs).
 */

const BIN = fileURLToPath(new URL('../../bin/huikuan', import.meta.url));
export const DEMO_PASSWORD = 'scale-demo-password';
export const SESSION_SECRET = 'scale-test-session-secret-0123456789abcdef';

export class Child {
  readonly lines: string[] = [];
  private readonly waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    let buf = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      buf += chunk;
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.lines.push(line);
        for (const w of [...this.waiters])
          if (w.pred(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        i = buf.indexOf('\n');
      }
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  }

  /** The first line (already seen or to come) for which `pred` holds. */
  waitFor(pred: (line: string) => boolean, ms = 60_000, what = 'a line'): Promise<string> {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.name}: no ${what} within ${ms} ms; stderr: ${this.stderr}`));
      }, ms);
      this.waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before ${what}; stderr: ${this.stderr}`));
      });
    });
  }

  /** JSON log lines with the given msg. */
  logs(msg: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const l of this.lines) {
      if (!l.startsWith('{')) continue;
      try {
        const j = JSON.parse(l) as Record<string, unknown>;
        if (j.msg === msg) out.push(j);
      } catch {
        // a banner line
      }
    }
    return out;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', ms = 30_000): Promise<number | null> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return this.proc.exitCode;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), ms);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** DATABASE_URL for the children: the server's URL with the scratch schema as search_path. */
export function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export interface SpawnOptions {
  /** run at this nice value (Linux `nice -n`), as a deployment may run background workers */
  nice?: number;
}

export function spawnHuikuan(
  name: string,
  args: string[],
  env: Record<string, string>,
  opts: SpawnOptions = {},
): Child {
  const argv = [process.execPath, BIN, ...args];
  const [cmd, ...rest] = opts.nice ? ['nice', '-n', String(opts.nice), ...argv] : argv;
  const proc = spawn(cmd!, rest, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, proc);
}

/** A `huikuan serve` process on a free port; resolves with its base URL once it listens. */
export async function startApi(
  name: string,
  env: Record<string, string>,
): Promise<{ child: Child; url: string }> {
  const child = spawnHuikuan(name, ['serve', '--port', '0'], {
    SESSION_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const line = await child.waitFor((l) => l.includes('is running: '), 90_000, 'listening line');
  const url = /(http:\/\/[^\s]+)/.exec(line)?.[1];
  if (!url) throw new Error(`${name}: cannot read the address from "${line}"`);
  return { child, url };
}

export async function startWorkerProcess(
  name: string,
  env: Record<string, string>,
  opts: SpawnOptions = {},
): Promise<Child> {
  const child = spawnHuikuan(name, ['worker'], { LOG_LEVEL: 'info', ...env }, opts);
  await child.waitFor((l) => l.includes('"worker.started"'), 90_000, 'worker.started');
  return child;
}

/** Seeds the demo agency (users of every role with DEMO_PASSWORD) into a migrated database. */
export async function seedDemoInto(db: Db, cases: number, dataDir: string): Promise<void> {
  const config = loadConfig({}, { dataDir, sessionSecret: SESSION_SECRET, logLevel: 'silent' });
  const services = await createServices(config, { db });
  await seedDemo(services, { cases, password: DEMO_PASSWORD });
}

/** Signs in over HTTP: the cookie and CSRF token. */
export async function login(
  base: string,
  user: string,
): Promise<{ cookie: string; csrf: string; userId: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${user} on ${base}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string; user: { id: string } };
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrf: me.csrfToken,
    userId: me.user.id,
  };
}

export async function call(
  base: string,
  method: string,
  path: string,
  who: { cookie: string; csrf: string } | null,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf, origin: base } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
