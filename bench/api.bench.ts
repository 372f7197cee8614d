import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  spawnHuikuan,
  startApi,
  startWorkerProcess,
} from '../test/scale/processes';
import { openLoop } from './open-loop';

/**
 * The API under load while a worker dies: an open-loop load on loopback (bench/open-loop.ts: a
 * request due every 1/rate s whatever the server is doing, latency from when it was due; autocannon's
 * rate limit sends bursts, see there) holds a fixed rate of queue and
 * case reads (collectors' `GET /api/queue` and `GET /api/cases/{id}`, signed in) against a
 * `huikuan serve` process, while two `huikuan worker` processes analyse uploaded transcripts (batch
 * QA). A third of the way in, one worker is killed (SIGKILL: no drain) and half-way it is started
 * again; uploads are made before the load and at the kill. Afterwards every transcript of every
 * upload must be analysed exactly once. Target: 500 requests/s with p99 ≤ 100 ms.
 *
 * Set up as docs/deployment.md has a small deployment run: the API at its default log level (info:
 * a line per request), the workers at nice 19 and one
 * job at a time each (background work yields the CPU to requests; PostgreSQL serves both at normal
 * priority); planner statistics gathered after the seed, and a short warm-up before the measured run. CPU is counted per process from /proc: the API process, the PostgreSQL backends
 * of the API's connections (by application_name) and of the workers', the workers, this process
 * (the load generator, on the same cores) and the rest of the machine, so the API's own cost per request is
 * known whatever else the cores were doing.
 *
 *   DATABASE_URL=postgres://… node bin/huikuan bench api [--quick]    (writes docs/performance.md)
 *   DATABASE_URL=postgres://… npx tsx bench/api.bench.ts [--quick]
 *
 * Without DATABASE_URL it runs the reads against PGlite (jobs in the API process, no worker to
 * kill) and says so.
 */

const RATE = 500;
/** jobs at a time per worker process (two processes) */
const WORKER_CONCURRENCY = 1;

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

/**
 * CPU milliseconds of the whole machine so far (/proc/stat; Linux): busy, and of that the kernel's
 * interrupt work (softirq: loopback networking, counted against no process) and steal (the
 * hypervisor running something else on this VM's CPUs).
 */
function machineCpu(): { busy: number; total: number; irq: number; steal: number } | null {
  try {
    const f =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = f.reduce((a, b) => a + b, 0) * 10;
    const idle = ((f[3] ?? 0) + (f[4] ?? 0)) * 10;
    return { busy: total - idle, total, irq: ((f[5] ?? 0) + (f[6] ?? 0)) * 10, steal: (f[7] ?? 0) * 10 };
  } catch {
    return null;
  }
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

function withAppName(url: string, app: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', app);
  return u.toString();
}

export async function run(opts: { quick: boolean }) {
  const url = process.env.DATABASE_URL || undefined;
  const seconds = opts.quick ? 15 : 40;
  const demoCases = opts.quick ? 400 : 2000;
  // Enough transcripts that the workers are busy when one is killed.
  const batchSize = 100;
  const batchesBefore = opts.quick ? 4 : 16;
  const batchesDuring = opts.quick ? 2 : 8;
  const warmup = opts.quick ? 500 : 2000;
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hk-api-bench-'));
  let scratch: ScratchDb | null = null;
  const children: Child[] = [];
  // Names the PostgreSQL backends carry, to tell the API's from the workers' (unique per run).
  const tag = `hk_bench_${process.pid}`;
  const apiApp = `${tag}_api`;
  const workerApp = `${tag}_worker`;
  const nice = 19;
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
      // As in a running deployment: the planner has statistics for the tables the reads use.
      await db.exec('analyze');
      env.DATABASE_URL = schemaUrl(url, scratch.schema ?? 'public');
      env.PGBOSS_SCHEMA = `${scratch.schema}_boss`;
    } else {
      const local = await openPglite(join(dataDir, 'pglite'));
      await migrate(local);
      await seedDemoInto(local, demoCases, dataDir);
      await local.close();
    }
    log(`seeded ${demoCases} demo cases`);
    // The API at the deployment's default log level: an access-log line per request.
    const apiEnv: Record<string, string> = { ...env, LOG_LEVEL: 'info' };
    if (url) apiEnv.DATABASE_URL = withAppName(env.DATABASE_URL ?? url, apiApp);
    // The worker capacity of a 2-core deployment (docs/deployment.md: one worker, JOB_CONCURRENCY 2),
    // split over two processes so that one can be killed: each runs one job at a time.
    const workerEnv = url
      ? {
          ...env,
          DATABASE_URL: withAppName(env.DATABASE_URL ?? url, workerApp),
          JOB_CONCURRENCY: String(WORKER_CONCURRENCY),
        }
      : env;
    const api = await startApi('api', apiEnv);
    children.push(api.child);
    const base = api.url;
    const workers: Child[] = [];
    if (url) {
      for (const name of ['worker-1', 'worker-2'])
        workers.push(await startWorkerProcess(name, workerEnv, { nice }));
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
    const upload = async (tag_: string, count: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let b = 0; b < count; b++) {
        const items = Array.from({ length: batchSize }, (_, i) => ({
          caseId: caseIds[(b * batchSize + i) % caseIds.length]!,
          at: new Date(Date.now() - 3_600_000).toISOString(),
          turns: turnsFor(b * batchSize + i),
        }));
        const r = await call(base, 'POST', '/api/qa-batches', qa, { name: `${tag_}-${b}`, items });
        if (r.status !== 202) throw new Error(`upload ${tag_}-${b}: ${r.status} ${JSON.stringify(r.body)}`);
        ids.push(String(r.body.batchId));
      }
      return ids;
    };
    let n = 0;
    const next = () => {
      const r = readers[n % readers.length]!;
      const c = r.cases[Math.floor(n / readers.length) % r.cases.length]!;
      const path = n % 2 === 0 ? '/api/queue' : `/api/cases/${c}`;
      n++;
      return { path, headers: { cookie: r.cookie } };
    };
    // Warm-up (not measured): connections open, statements prepared, code optimised.
    await openLoop({ url: base, rate: RATE, seconds: warmup / RATE, connections: 40, next });
    const before = await upload('before', batchesBefore);
    log(`uploaded ${before.length} QA batches; ${seconds} s of reads at ${RATE}/s`);

    const load0 = loadavg()[0] ?? 0;
    const apiPid = api.child.proc.pid ?? 0;
    const workerPids = () => children.filter((c) => c.name !== 'api').map((c) => c.proc.pid ?? 0);
    // PostgreSQL backends and workers come and go (a killed worker's connections die with it): their
    // CPU is read every second, each backend with the application it serves, so none is lost from the
    // accounts (at most the last second of one that exits).
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const appOf = new Map<number, string>();
    const sample = async (initial = false) => {
      if (db)
        for (const r of (
          await db.query<{ pid: number; app: string }>(
            'select pid, application_name as app from pg_stat_activity',
          )
        ).rows)
          appOf.set(Number(r.pid), r.app);
      for (const [pid, ms] of cpuMs([...(url ? postgresPids() : []), ...workerPids()])) {
        if (!first.has(pid)) first.set(pid, initial ? ms : 0);
        last.set(pid, ms);
      }
    };
    await sample(true);
    const sampler = setInterval(() => void sample().catch(() => {}), 1000);
    const apiCpu0 = cpuMs([apiPid]);
    const machine0 = machineCpu();
    const self0 = process.cpuUsage();
    const t0 = Date.now();
    // The readings are taken the moment the load ends, whatever the kill and restart are doing then.
    const running = openLoop({ url: base, rate: RATE, seconds, connections: 40, next }).then(
      async (result) => {
        const self = process.cpuUsage(self0);
        const machine1 = machineCpu();
        const wall = Date.now() - t0;
        const apiCpu1 = cpuMs([apiPid]);
        clearInterval(sampler);
        await sample();
        return { result, self, machine1, wall, apiCpu1, load1: loadavg()[0] ?? 0 };
      },
    );
    const events: string[] = [];
    let during: string[] = [];
    const workerSet = new Set<number>(workerPids());
    if (url) {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 3));
      // New uploads first, so that both workers are in the middle of a chunk when one dies.
      during = await upload('during', batchesDuring);
      await new Promise((r) => setTimeout(r, 1500));
      // Its CPU up to the kill (a dead process's cannot be read afterwards).
      await sample();
      workers[0]!.proc.kill('SIGKILL');
      events.push(`worker-1 killed (SIGKILL) at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, Math.max(0, (seconds * 1000) / 2 - (Date.now() - t0))));
      // Counted from its first moment: starting up is part of what the restart costs the machine.
      const again = spawnHuikuan('worker-1b', ['worker'], { LOG_LEVEL: 'info', ...workerEnv }, { nice });
      children.push(again);
      workerSet.add(again.proc.pid ?? 0);
      await again.waitFor((l) => l.includes('"worker.started"'), 120_000, 'worker.started');
      events.push(`worker-1 started again at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const { result, self, machine1, wall, apiCpu1, load1 } = await running;
    const usedBy = (keep: (pid: number) => boolean) => {
      let ms = 0;
      for (const [pid, t] of last) if (keep(pid)) ms += t - (first.get(pid) ?? t);
      return ms;
    };
    const total = result.completed || 1;
    const perReq = (ms: number) => (ms / total).toFixed(2);
    const apiMs = usedBetween(apiCpu0, apiCpu1) ?? 0;
    const pgApiMs = usedBy((pid) => appOf.get(pid) === apiApp);
    const pgWorkerMs = usedBy((pid) => appOf.get(pid) === workerApp);
    const pgAllMs = usedBy((pid) => !workerSet.has(pid));
    const workerMs = usedBy((pid) => workerSet.has(pid));
    const selfMs = (self.user + self.system) / 1000;
    const wallMs = wall;
    const busyMs = machine0 && machine1 ? machine1.busy - machine0.busy : null;
    const cpuCount = cpus().length;
    const irqMs = machine0 && machine1 ? machine1.irq - machine0.irq : 0;
    const stealMs = machine0 && machine1 ? machine1.steal - machine0.steal : 0;
    const othersMs =
      busyMs !== null ? Math.max(0, busyMs - apiMs - pgAllMs - workerMs - selfMs - irqMs - stealMs) : null;
    const cores = (ms: number) => (ms / wallMs).toFixed(2);

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
        let total_ = 0;
        let calls = 0;
        let failed = 0;
        for (const id of batches) {
          const b = await call(base, 'GET', `/api/qa-batches/${id}`, qa);
          done += Number(b.body.done);
          total_ += Number(b.body.total);
          failed += Number(b.body.failed);
          calls += (b.body.calls as unknown[]).length;
        }
        state = { done, total: total_, calls, audit: calls, failed };
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

    // The API's own view of the same requests (its access log: from the first middleware to the
    // response), to tell time spent in the server from time spent waiting for a CPU or in the generator.
    const from = new Date(t0).toISOString();
    const to = new Date(t0 + wall).toISOString();
    const served = api.child
      .logs('request')
      .filter(
        (l) =>
          String(l.time) >= from &&
          String(l.time) <= to &&
          (l.route === '/api/queue' || l.route === '/api/cases/:caseId'),
      )
      .map((l) => Number(l.ms))
      .sort((a, b) => a - b);
    const pct = (f: number) =>
      served.length ? served[Math.min(served.length - 1, Math.floor(f * served.length))] : null;
    const L = result.latency;
    const rate = result.rate;
    const ok = result.ok;
    const rateOk = rate >= RATE * 0.97;
    const p99ok = L.p99 <= 100 && rateOk && result.non2xx === 0 && result.errors === 0;
    const met = p99ok && complete && exactlyOnce && Boolean(url);
    const ownMs = apiMs + pgApiMs;
    const saturated = busyMs !== null && busyMs >= 0.9 * wallMs * cpuCount;
    const limits: string[] = [];
    if (!met && url) {
      if (saturated)
        limits.push(
          `the ${cpuCount} CPUs were ${((100 * (busyMs ?? 0)) / (wallMs * cpuCount)).toFixed(0)}% busy: the API's own work (${cores(ownMs)} CPUs) shared them with the workers and their queries (${cores(workerMs + pgWorkerMs)}), the load generator (${cores(selfMs)}), the kernel's interrupt work (${cores(irqMs)}), the hypervisor (${cores(stealMs)}) and other programs on the machine (${cores(othersMs ?? 0)})`,
        );
      if (!rateOk) limits.push(`the achieved rate fell short of the ${RATE}/s offered`);
      if (L.p99 > 100) limits.push(`p99 ${L.p99} ms is above 100 ms`);
      if (!complete || !exactlyOnce) limits.push('transcripts were lost or analysed twice');
    }
    const markdown = [
      `One \`huikuan serve\` process (${url ? 'PostgreSQL' : '**PGlite: no worker to kill; set DATABASE_URL for the full run**'}, log level info), ${demoCases.toLocaleString('en')} demo cases, four collectors signed in; after ${warmup.toLocaleString('en')} warm-up requests, an open-loop load on loopback (bench/open-loop.ts) at ${RATE} requests/s for ${seconds} s — a request due every ${(1000 / RATE).toFixed(0)} ms, over up to 40 keep-alive connections, latency counted from when each was due — half \`GET /api/queue\`, half \`GET /api/cases/{id}\` of the collector's own cases.${url ? ` Two \`huikuan worker\` processes at nice ${nice}, one job at a time each (\`JOB_CONCURRENCY=${WORKER_CONCURRENCY}\`: together a 2-core deployment's one worker), analyse ${batches.length} uploaded QA batches of ${batchSize} transcripts (${before.length} uploaded before the load, ${during.length} just before the kill); ${events.join(', ')}.` : ''}`,
      '',
      '| requests | achieved rate | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |',
      '|---|---|---|---|---|---|---|---|',
      `| ${result.completed.toLocaleString('en')} (${ok.toLocaleString('en')} 2xx) | ${rate.toFixed(0)}/s | ${L.p50} | ${L.p90} | ${L.p99} | ${L.max} | ${result.non2xx} | ${result.errors} |`,
      ...(served.length
        ? [
            `| the same, in the API's access log (${served.length.toLocaleString('en')} lines) | | ${pct(0.5)} | ${pct(0.9)} | ${pct(0.99)} | ${served[served.length - 1]} | | |`,
          ]
        : []),
      '',
      `Jobs: ${state.done + state.failed} of ${state.total} transcripts analysed ${complete ? `(all, ${drainSeconds.toFixed(0)} s after the load ended)` : '(**not all within 240 s**)'}; ${state.failed} failed; ${reruns} chunk(s) the killed worker was running were rerun by another worker; ${state.calls} calls stored for ${state.done} transcripts${url ? ` and ${state.audit} audit entries` : ''} — ${exactlyOnce ? 'each exactly once' : '**duplicates**'}. A chunk the killed worker was running expires after 60 s (qa-batch's expireInSeconds) and is rerun by a live worker; transcripts it had finished are not analysed again (each is marked done in the transaction that stores its call).`,
      '',
      url
        ? [
            '| CPU during the load | ms per request | CPUs (of ' + cpuCount + ') |',
            '|---|---|---|',
            `| API process | ${perReq(apiMs)} | ${cores(apiMs)} |`,
            `| PostgreSQL, the API's connections | ${perReq(pgApiMs)} | ${cores(pgApiMs)} |`,
            `| **the API's own work** | **${perReq(ownMs)}** | **${cores(ownMs)}** |`,
            `| workers (nice ${nice}) | — | ${cores(workerMs)} |`,
            `| PostgreSQL, the workers' connections | — | ${cores(pgWorkerMs)} |`,
            `| PostgreSQL, everything else (pg-boss, background work, other clients of the server) | — | ${cores(Math.max(0, pgAllMs - pgApiMs - pgWorkerMs))} |`,
            `| this process (the load generator, log collection) | ${perReq(selfMs)} | ${cores(selfMs)} |`,
            busyMs !== null && machine0 && machine1
              ? [
                  `| the kernel's interrupt work (loopback networking; no process's) | — | ${cores(irqMs)} |`,
                  `| stolen by the hypervisor | — | ${cores(stealMs)} |`,
                  `| everything else on the machine | — | ${cores(othersMs ?? 0)} |`,
                  `| **machine busy** | — | **${cores(busyMs)}** |`,
                ].join('\n')
              : '',
          ]
            .filter(Boolean)
            .join('\n')
        : `CPU per request during the load: API process ${perReq(apiMs)} ms.`,
      '',
      url
        ? `At ${perReq(ownMs)} ms of API and PostgreSQL CPU per request, ${RATE} requests/s need ${((Number(perReq(ownMs)) * RATE) / 1000).toFixed(2)} CPUs of the ${cpuCount}; one CPU serves about ${Math.floor(1000 / Math.max(0.01, Number(perReq(ownMs))))} of these reads a second.`
        : '',
      '',
      `Target: ${RATE} requests/s with p99 ≤ 100 ms while a worker is killed and restarted, nothing lost — ${met ? '**met**' : url ? '**missed**' : '(needs DATABASE_URL)'}${limits.length ? `: ${limits.join('; ')}` : ''}. Load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${cpuCount} CPUs (the API, the database, two workers and the load generator share them). The generator sent its requests ${result.sendLag.p50} ms after they were due at the median, ${result.sendLag.p99} ms at p99 (max ${result.sendLag.max} ms): its own share of the wait.`,
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
