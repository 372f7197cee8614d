import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import type { Db } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { dropSchema, openScratchDb, type ScratchDb } from '../src/store/open-db';
import { openPglite } from '../src/store/pglite-db';
import { type Child, call, login, schemaUrl, seedDemoInto, startApi } from '../test/scale/processes';

/**
 * Live call assist under load, on loopback: one `huikuan serve` process (PostgreSQL when
 * DATABASE_URL is set, else PGlite), N concurrent live calls started over HTTP, each a WebSocket
 * (the dialer's token) that sends the turns of a corpus dialogue one by one — the next after the
 * answer and a pause, as speech comes — for a bounded time. The server measures each turn from the
 * message's arrival to its answer (`serverMs`, in the answer); the client measures the round trip.
 * Target: server-side p99 ≤ 20 ms with 200 concurrent calls.
 *
 *   node bin/huikuan bench live [--quick]        (writes docs/performance.md)
 *   npx tsx bench/live.bench.ts [--quick]
 */

const CORPUS = fileURLToPath(new URL('../corpus/dev/dialogues/', import.meta.url));

interface Turn {
  speaker: 'agent' | 'debtor' | 'third_party';
  text: string;
}

function dialogues(): Turn[][] {
  const out: Turn[][] = [];
  for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.jsonl')))
    for (const line of readFileSync(join(CORPUS, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as { turns: Turn[] };
      out.push(d.turns.map((t) => ({ speaker: t.speaker, text: t.text })));
    }
  return out;
}

function pct(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

interface Stats {
  server: number[];
  rtt: number[];
  errors: Map<string, number>;
  measuring: boolean;
}

/** One live call: a socket that sends a turn, waits for its answer, pauses, and goes on. */
async function runCall(
  base: string,
  started: { socket: string; token: string },
  turns: Turn[],
  o: { until: number; thinkMs: [number, number]; stats: Stats },
): Promise<number> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}${started.socket}`, {
    headers: { authorization: `Bearer ${started.token}` },
  });
  let sentAt = 0;
  let seq = 0;
  let answered = 0;
  let next: (() => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('close', () => next?.());
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string; serverMs?: number; code?: string };
    if (m.type === 'ready') return;
    if (m.type === 'assist') {
      answered++;
      if (o.stats.measuring) {
        o.stats.server.push(m.serverMs ?? Number.NaN);
        o.stats.rtt.push(performance.now() - sentAt);
      }
    } else if (m.type === 'error')
      o.stats.errors.set(m.code ?? '?', (o.stats.errors.get(m.code ?? '?') ?? 0) + 1);
    next?.();
  });
  const [lo, hi] = o.thinkMs;
  // Calls start spread over the first pause, not all in the same millisecond.
  await new Promise((r) => setTimeout(r, Math.random() * hi));
  while (Date.now() < o.until && ws.readyState === ws.OPEN) {
    const t = turns[seq % turns.length]!;
    const answeredNow = new Promise<void>((r) => {
      const timer = setTimeout(() => {
        o.stats.errors.set('no answer in 10 s', (o.stats.errors.get('no answer in 10 s') ?? 0) + 1);
        r();
      }, 10_000);
      next = () => {
        clearTimeout(timer);
        r();
      };
    });
    sentAt = performance.now();
    ws.send(JSON.stringify({ type: 'turn', seq, speaker: t.speaker, text: t.text }));
    seq++;
    await answeredNow;
    await new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
  }
  ws.close();
  return answered;
}

export async function run(opts: { quick: boolean }) {
  const url = process.env.DATABASE_URL || undefined;
  const calls = opts.quick ? 50 : 200;
  const warmupMs = opts.quick ? 4_000 : 8_000;
  const measureMs = opts.quick ? 10_000 : 30_000;
  const thinkMs: [number, number] = [500, 1500];
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-live-bench-'));
  let scratch: ScratchDb | null = null;
  let server: { child: Child; url: string } | null = null;
  try {
    // Seed the demo agency first (its manager may work every case), then serve it from another process.
    const env: Record<string, string> = { DATA_DIR: dataDir, DEMO_DATA: 'off' };
    // Open cases to call (the manager may work any of the agency's).
    const openCases = async (db: Db) =>
      (
        await db.query<{ id: string }>(`select id from cases where status = 'open' order by id limit $1`, [
          calls,
        ])
      ).rows.map((r) => r.id);
    let cases: string[];
    if (url) {
      scratch = await openScratchDb({ url, prefix: 'bench_live' });
      await seedDemoInto(scratch.db, calls + 50, dataDir);
      cases = await openCases(scratch.db);
      env.DATABASE_URL = schemaUrl(url, scratch.schema ?? 'public');
      env.PGBOSS_SCHEMA = `${scratch.schema}_boss`;
    } else {
      const db = await openPglite(join(dataDir, 'pglite'));
      await migrate(db);
      await seedDemoInto(db, calls + 50, dataDir);
      cases = await openCases(db);
      await db.close();
    }
    if (cases.length < calls) throw new Error(`only ${cases.length} open cases for ${calls} calls`);
    log(`seeded ${calls + 50} demo cases`);
    server = await startApi('live-bench-server', env);
    const base = server.url;
    const me = await login(base, 'manager');
    const started: { socket: string; token: string }[] = [];
    for (const caseId of cases) {
      const r = await call(base, 'POST', `/api/cases/${caseId}/live-calls`, me, {});
      if (r.status !== 201) throw new Error(`start on ${caseId}: ${r.status} ${JSON.stringify(r.body)}`);
      started.push({ socket: String(r.body.socket), token: String(r.body.token) });
    }
    log(`started ${calls} live calls; ${warmupMs / 1000} s warm-up, then ${measureMs / 1000} s measured`);

    const stats: Stats = { server: [], rtt: [], errors: new Map(), measuring: false };
    const talks = dialogues();
    const until = Date.now() + warmupMs + measureMs;
    const running = started.map((s, i) =>
      runCall(base, s, talks[i % talks.length]!, { until, thinkMs, stats }),
    );
    await new Promise((r) => setTimeout(r, warmupMs));
    const pid = server.child.proc.pid ?? 0;
    const cpu0 = cpuSeconds(pid);
    const load0 = loadavg()[0] ?? 0;
    stats.measuring = true;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, measureMs));
    stats.measuring = false;
    const elapsed = (Date.now() - t0) / 1000;
    const cpu1 = cpuSeconds(pid);
    const load1 = loadavg()[0] ?? 0;
    const answered = (await Promise.all(running)).reduce((a, b) => a + b, 0);

    const server_ = [...stats.server].sort((a, b) => a - b);
    const rtt = [...stats.rtt].sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1);
    const p99 = pct(server_, 99);
    const cpuShare =
      cpu0 !== null && cpu1 !== null ? `${Math.round(((cpu1 - cpu0) / elapsed) * 100)}% of one core` : 'n/a';
    const errors = [...stats.errors.entries()].map(([k, v]) => `${k} × ${v}`).join(', ') || 'none';
    const markdown = [
      `${calls} concurrent live calls on one \`huikuan serve\` process (${url ? 'PostgreSQL' : 'PGlite'}), each a WebSocket sending the turns of a corpus dialogue (48 dev dialogues, cycled) with a pause of ${thinkMs[0] / 1000}–${thinkMs[1] / 1000} s after each answer — about ${Math.round(calls / ((thinkMs[0] + thinkMs[1]) / 2000))} turns/s offered, several times the pace of real speech. ${warmupMs / 1000} s of warm-up, then ${measureMs / 1000} s measured; the load generator runs in a second process on the same machine.`,
      '',
      '| per turn | turns | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|',
      `| server: message received → answer built (labelled, analysis refreshed, advised) | ${server_.length} | ${f(pct(server_, 50))} | ${f(pct(server_, 95))} | ${f(p99)} | ${f(server_.at(-1) ?? 0)} |`,
      `| client round trip (loopback) | ${rtt.length} | ${f(pct(rtt, 50))} | ${f(pct(rtt, 95))} | ${f(pct(rtt, 99))} | ${f(rtt.at(-1) ?? 0)} |`,
      '',
      `${f(server_.length / elapsed)} turns/s answered while measuring (${answered} in all); server CPU ${cpuShare}; errors: ${errors}; load average ${f(load0)} → ${f(load1)} on ${cpus().length} CPUs.`,
      '',
      `Target: server-side p99 ≤ 20 ms with 200 concurrent calls — ${calls < 200 ? '(quick run: fewer calls; run without --quick)' : p99 <= 20 ? '**met**' : '**missed**'}. Per turn the server labels it in the call's analysis session, refreshes the call-level analysis (persona, promises, violations so far) and asks the advisor for the next strategies with scripts; the turn is stored in \`live_call_turns\` right behind the answer (batched, in order; on PostgreSQL without waiting for the WAL flush), so another process can resume the call. \`serverMs\` runs from the WebSocket message event to the answer built; JSON encoding, the socket write and any wait for the event loop are in the round trip, as is the load generator's own wait for a CPU — the round-trip tail mostly measures how busy the machine is.`,
    ].join('\n');
    return { title: 'Live call assist (WebSocket, 200 concurrent calls)', markdown, p99 };
  } finally {
    await server?.child.stop('SIGTERM').catch(() => {});
    if (scratch && url) {
      await dropSchema(url, `${scratch.schema}_boss`).catch(() => {});
      await scratch.dispose();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ quick: process.argv.includes('--quick') });
  process.stdout.write(`## ${r.title}\n\n${r.markdown}\n`);
}
