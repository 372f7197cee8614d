import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './web-build';

export const DEMO_PASSWORD = 'e2e-demo-password';

/** 10:00 today in Shanghai, where the demo debtors live: the servers' clocks start there. */
export const E2E_CLOCK_START = `${new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date())}T10:00:00+08:00`;

export interface E2eServer {
  url: string;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * `huikuan start` as a user runs it, on a scratch data directory (embedded PGlite) with demo data,
 * on a free port. Resolves once it prints its address.
 */
export async function startServer(
  opts: { cases?: number; timeoutMs?: number; clockStart?: string } = {},
): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'huikuan-e2e-'));
  let output = '';
  // The embedded PGlite, whatever the caller's environment points at.
  const { DATABASE_URL: _server, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/huikuan'), 'start', '--port', '0'], {
    cwd: dataDir,
    env: {
      ...env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      DEMO_CASES: String(opts.cases ?? 300),
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      // Inside calling hours whenever the suite runs: at night the contact rules rightly empty the
      // queue. Today's date where the demo debtors live, so the browser's day and the server's agree.
      CLOCK_START: opts.clockStart ?? E2E_CLOCK_START,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${output.slice(-4000)}`)),
      opts.timeoutMs ?? 180_000,
    );
    const check = () => {
      const m = /is running: (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  return {
    url,
    dataDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
