import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { Db } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { dropSchema, openScratchDb, type ScratchDb } from '../src/store/open-db';
import { openPglite } from '../src/store/pglite-db';
import {
  type Child,
  call,
  login,
  schemaUrl,
  seedDemoInto,
  startApi,
  startWorkerProcess,
} from '../test/scale/processes';

/**
 * The API under load while a worker dies: autocannon on loopback holds a fixed rate of queue and
 * case reads (collectors' `GET /api/queue` and `GET /api/cases/{id}`, signed in) against a
 * `huikuan serve` process, while two `huikuan worker` processes analyse uploaded transcripts (batch
 * QA). A third of the way in, one worker is killed (SIGKILL: no drain) and half-way it is started
 * again; uploads are made before the load and at the kill. Afterwards every transcript of every
 * upload must be analysed exactly once. Target: 500 requests/s with p99 ≤ 100 ms.
 *
 *   DATABASE_URL=postgres://… node bin/huikuan bench api [--quick]    (writes docs/performance.md)
 *   DATABASE_URL=postgres://… npx tsx bench/api.bench.ts [--quick]
 *
 * Without DATABASE_URL it runs the reads against PGlite (jobs in the API process, no worker to
 * kill) and says so.
 */

const RATE = 500;

/** CPU milliseconds (user + system) used by the processes with these pids, from /proc (Linux). */
function cpuMs(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(pid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the process ended (a PostgreSQL backend closing): it is left out of both readings
    }
  }
  return out;
}

/** CPU ms the processes used between two readings (only those present in both). */
function usedBetween(a: Map<number, number>, b: Map<number, number>): number | null {
  let total = 0;
  let seen = 0;
  for (const [pid, t] of b) {
    const t0 = a.get(pid);
    if (t0 === undefined) continue;
    total += t - t0;
    seen++;
  }
  return seen ? total : null;
}

/** The local PostgreSQL server's processes (when it runs on this machine). */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

function turnsFor(n: number) {
  return [
    {
      speaker: 'agent',
      text: `您好，我是汇信示范催收服务公司的工作人员，工号${1000 + (n % 50)}，受银行委托联系您。`,
    },
    {
      speaker: 'debtor',
      text: n % 3 === 0 ? '我这个月手头紧，下个月10号发工资先还一千。' : '我知道了，过两天再说吧。',
    },
    {
      speaker: 'agent',
      text:
        n % 7 === 0
          ? '你再不还钱我就去你单位找你领导。'
          : '好的，那您10号通过银行官方渠道还款，有变化请联系我们。',
    },
  ];
}

export async function run(opts: { quick: boolean }) {
  const url = process.env.DATABASE_URL || undefined;
  const seconds = opts.quick ? 15 : 40;
  const demoCases = opts.quick ? 400 : 2000;
  // Enough transcripts that the workers are busy when one is killed.
  const batchSize = 100;
  const batchesBefore = opts.quick ? 4 : 16;
  const batchesDuring = opts.quick ? 2 : 8;
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-api-bench-'));
  let scratch: ScratchDb | null = null;
  const children: Child[] = [];
  try {
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      DEMO_DATA: 'off',
      REMINDER_CALLBACK_PHONE: '400-800-1234',
    };
    let db: Db | null = null;
    if (url) {
      scratch = await openScratchDb({ url, prefix: 'bench_api' });
      db = scratch.db;
      await seedDemoInto(db, demoCases, dataDir);
      env.DATABASE_URL = schemaUrl(url, scratch.schema ?? 'public');
      env.PGBOSS_SCHEMA = `${scratch.schema}_boss`;
    } else {
      const local = await openPglite(join(dataDir, 'pglite'));
      await migrate(local);
      await seedDemoInto(local, demoCases, dataDir);
      await local.close();
    }
    log(`seeded ${demoCases} demo cases`);
    const api = await startApi('api', env);
    children.push(api.child);
    const base = api.url;
    const workers: Child[] = [];
    if (url) {
      for (const name of ['worker-1', 'worker-2']) workers.push(await startWorkerProcess(name, env));
      children.push(...workers);
    }

    // Who reads: the four demo collectors, each their own queue and cases.
    const readers: { cookie: string; cases: string[] }[] = [];
    for (const login_ of ['collector1', 'collector2', 'collector3', 'collector4']) {
      const who = await login(base, login_);
      const list = await call(base, 'GET', '/api/cases?pageSize=100', who);
      const items = (list.body.items as { id: string }[] | undefined) ?? [];
      if (!items.length)
        throw new Error(`${login_} has no cases to read: ${JSON.stringify(list.body).slice(0, 200)}`);
      readers.push({ cookie: who.cookie, cases: items.map((i) => i.id) });
    }
    const qa = await login(base, 'qa1');
    const caseIds = readers.flatMap((r) => r.cases);
    const upload = async (tag: string, count: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let b = 0; b < count; b++) {
        const items = Array.from({ length: batchSize }, (_, i) => ({
          caseId: caseIds[(b * batchSize + i) % caseIds.length]!,
          at: new Date(Date.now() - 3_600_000).toISOString(),
          turns: turnsFor(b * batchSize + i),
        }));
        const r = await call(base, 'POST', '/api/qa-batches', qa, { name: `${tag}-${b}`, items });
        if (r.status !== 202) throw new Error(`upload ${tag}-${b}: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(String(r.body.batchId));
      }
      return ids;
    };
    const before = await upload('before', batchesBefore);
    log(`uploaded ${before.length} QA batches; ${seconds} s of reads at ${RATE}/s`);

    let n = 0;
    const load0 = loadavg()[0] ?? 0;
    const apiPid = api.child.proc.pid ?? 0;
    const pgPids = url ? postgresPids() : [];
    const apiCpu0 = cpuMs([apiPid]);
    const pgCpu0 = cpuMs(pgPids);
    const running = autocannon({
      url: base,
      connections: 40,
      overallRate: RATE,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            const r = readers[n % readers.length]!;
            const c = r.cases[Math.floor(n / readers.length) % r.cases.length]!;
            const path = n % 2 === 0 ? '/api/queue' : `/api/cases/${c}`;
            n++;
            return { ...req, path, headers: { ...req.headers, cookie: r.cookie } };
          },
        },
      ],
    });
    const events: string[] = [];
    const t0 = Date.now();
    let during: string[] = [];
    if (url) {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 3));
      // New uploads first, so that both workers are in the middle of a chunk when one dies.
      during = await upload('during', batchesDuring);
      await new Promise((r) => setTimeout(r, 1500));
      workers[0]!.proc.kill('SIGKILL');
      events.push(`worker-1 killed (SIGKILL) at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, Math.max(0, (seconds * 1000) / 2 - (Date.now() - t0))));
      const again = await startWorkerProcess('worker-1b', env);
      children.push(again);
      events.push(`worker-1 started again at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const result = await running;
    const load1 = loadavg()[0] ?? 0;
    const apiCpu1 = cpuMs([apiPid]);
    // Backends the pools opened during the load count from zero.
    const pgCpu1 = cpuMs(url ? postgresPids() : []);
    for (const pid of pgCpu1.keys()) if (!pgCpu0.has(pid)) pgCpu0.set(pid, 0);
    const perRequest = (a: Map<number, number>, b: Map<number, number>) => {
      const used = usedBetween(a, b);
      return used !== null && result.requests.total ? (used / result.requests.total).toFixed(1) : 'n/a';
    };

    // Nothing lost: every upload's every transcript analysed, each once.
    const batches = [...before, ...during];
    const drainStart = Date.now();
    let state: { done: number; total: number; calls: number; audit: number; failed: number } = {
      done: 0,
      total: 0,
      calls: 0,
      audit: 0,
      failed: 0,
    };
    const check = async () => {
      if (db) {
        const r = await db.query<typeof state>(
          `select coalesce(sum(done), 0)::int as done, coalesce(sum(total), 0)::int as total,
                  coalesce(sum(failed), 0)::int as failed,
                  (select count(distinct call_id)::int from qa_batch_items where batch_id = any($1)) as calls,
                  (select count(*)::int from audit_log where action = 'call.recorded' and detail ->> 'batchId' = any($1)) as audit
             from qa_batches where id = any($1)`,
          [batches],
        );
        state = r.rows[0] ?? state;
      } else {
        let done = 0;
        let total = 0;
        let calls = 0;
        let failed = 0;
        for (const id of batches) {
          const b = await call(base, 'GET', `/api/qa-batches/${id}`, qa);
          done += Number(b.body.done);
          total += Number(b.body.total);
          failed += Number(b.body.failed);
          calls += (b.body.calls as unknown[]).length;
        }
        state = { done, total, calls, audit: calls, failed };
      }
      return state.done + state.failed === state.total;
    };
    while (!(await check()) && Date.now() - drainStart < 240_000)
      await new Promise((r) => setTimeout(r, 1000));
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const complete = state.done + state.failed === state.total;
    // A job the killed worker was running shows up again, completed by another worker on attempt 2+.
    const reruns = children
      .filter((c) => c.name !== 'api')
      .flatMap((c) => c.logs('job.completed'))
      .filter((l) => l.job === 'qa-batch' && Number(l.attempt) > 1).length;
    const exactlyOnce = state.calls === state.done && state.audit === state.done;

    const L = result.latency;
    const rate = result.requests.average;
    const ok = result['2xx'];
    const p99ok = L.p99 <= 100 && rate >= RATE * 0.97 && result.non2xx === 0 && result.errors === 0;
    const markdown = [
      `One \`huikuan serve\` process (${url ? 'PostgreSQL' : '**PGlite: no worker to kill; set DATABASE_URL for the full run**'}), ${demoCases.toLocaleString('en')} demo cases, four collectors signed in; autocannon on loopback at ${RATE} requests/s for ${seconds} s (40 connections, latency corrected for coordinated omission), half \`GET /api/queue\`, half \`GET /api/cases/{id}\` of the collector's own cases.${url ? ` Two \`huikuan worker\` processes analyse ${batches.length} uploaded QA batches of ${batchSize} transcripts (${before.length} uploaded before the load, ${during.length} just before the kill); ${events.join(', ')}.` : ''}`,
      '',
      '| requests | achieved rate | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |',
      '|---|---|---|---|---|---|---|---|',
      `| ${result.requests.total.toLocaleString('en')} (${ok.toLocaleString('en')} 2xx) | ${rate.toFixed(0)}/s | ${L.p50} | ${L.p90} | ${L.p99} | ${L.max} | ${result.non2xx} | ${result.errors} |`,
      '',
      `Jobs: ${state.done + state.failed} of ${state.total} transcripts analysed ${complete ? `(all, ${drainSeconds.toFixed(0)} s after the load ended)` : '(**not all within 240 s**)'}; ${state.failed} failed; ${reruns} chunk(s) the killed worker was running were rerun by another worker; ${state.calls} calls stored for ${state.done} transcripts${url ? ` and ${state.audit} audit entries` : ''} — ${exactlyOnce ? 'each exactly once' : '**duplicates**'}. A chunk the killed worker was running expires after 60 s (qa-batch's expireInSeconds) and is rerun by a live worker; transcripts it had finished are not analysed again (each is marked done in the transaction that stores its call).`,
      '',
      `CPU per request during the load: API process ${perRequest(apiCpu0, apiCpu1)} ms${url ? `, PostgreSQL ${perRequest(pgCpu0, pgCpu1)} ms (all its processes: the workers' queries, and anything else using the server, included)` : ''}.${
        url && perRequest(apiCpu0, apiCpu1) !== 'n/a' && perRequest(pgCpu0, pgCpu1) !== 'n/a'
          ? ` At that cost ${RATE} requests/s needs about ${(((Number(perRequest(apiCpu0, apiCpu1)) + Number(perRequest(pgCpu0, pgCpu1))) * RATE) / 1000).toFixed(1)} CPUs to itself.`
          : ''
      }`,
      '',
      `Target: ${RATE} requests/s with p99 ≤ 100 ms while a worker is killed and restarted, nothing lost — ${p99ok && complete && exactlyOnce && url ? '**met**' : url ? '**missed**' : '(needs DATABASE_URL)'}. Load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${cpus().length} CPUs (the API, the database, two workers and autocannon share them).`,
    ].join('\n');
    return { title: 'API under load while a worker is killed and restarted', markdown, p99: L.p99 };
  } finally {
    for (const c of children) await c.stop('SIGTERM').catch(() => {});
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
