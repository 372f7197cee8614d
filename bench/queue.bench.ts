import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { buildQueue, queueWindow } from '../src/cases/build-queue';
import { clientPolicies } from '../src/cases/contact-decision';
import { loadPlaybookDir } from '../src/io/playbook-files';
import { createCaseStore } from '../src/store/case-store';
import type { Db, Sql } from '../src/store/db';
import { createIdGenerator } from '../src/store/ids';
import { openScratchDb } from '../src/store/open-db';

/**
 * The daily queue at scale: 1M cases (1,000 collectors, ~900 open cases each) seeded with set-based
 * SQL (generate_series) into a scratch schema on the server named by DATABASE_URL, then the full
 * buildQueue use case — user check, the ranked page in SQL, the guard's context and final check of
 * every row — timed over many collectors' pages. Target: p99 ≤ 50 ms.
 *
 *   DATABASE_URL=postgres://… node bin/huikuan bench queue [--quick]
 *   DATABASE_URL=postgres://… npx tsx bench/queue.bench.ts [--quick] [--keep]
 *
 * Without DATABASE_URL it runs on PGlite at 1/20 of the size, and says so.
 */

const AT = new Date('2026-12-01T01:30:00Z'); // 09:30 in Shanghai, 20:30 the evening before in New York

interface Size {
  cases: number;
  collectors: number;
  attemptsPerDebtor: number;
  requests: number;
}

function sizeFor(quick: boolean, server: boolean): Size {
  const cases = server ? (quick ? 200_000 : 1_000_000) : quick ? 20_000 : 50_000;
  return {
    cases,
    collectors: Math.max(10, Math.round(cases / 1000)),
    attemptsPerDebtor: 2,
    requests: quick ? 300 : 2000,
  };
}

/** Seeds the scratch schema: every statement set-based, so 1M cases take tens of seconds, not hours. */
async function seed(db: Db, s: Size, log: (m: string) => void): Promise<void> {
  await db.transaction(async (tx) => {
    // A bulk load of data consistent by construction: skip foreign-key and trigger checks when the
    // role may (as pg_restore does); the case columns the triggers would fill are set explicitly.
    const su = await tx.query<{ su: boolean }>(
      'select rolsuper as su from pg_roles where rolname = current_user',
    );
    if (su.rows[0]?.su) await tx.exec('set local session_replication_role = replica');
    await seedRows(tx, s, log);
  });
  const t = performance.now();
  await db.exec('vacuum analyze');
  log(`  vacuum analyze: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function seedRows(db: Sql, s: Size, log: (m: string) => void): Promise<void> {
  const step = async (name: string, sql: string) => {
    const t = performance.now();
    await db.exec(sql);
    log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const N = s.cases;
  const C = s.collectors;
  await step(
    'agency, clients, placements, teams, users',
    `insert into agencies (id, name) values ('agy_b', 'bench agency');
     insert into clients (id, name, rule_packs, strict_hours) values
       ('cli_b1', 'bench bank 1', '{cn}', false), ('cli_b2', 'bench bank 2', '{cn}', true), ('cli_b3', 'bench bank 3', '{us}', false);
     insert into placements (id, agency_id, client_id, batch_no, period_start, period_end)
       select 'plc_' || g, 'agy_b', 'cli_b' || (1 + (g - 1) % 3), 'B' || g, date '2026-10-01', date '2026-12-05' + g * 9
         from generate_series(1, 6) g;
     insert into teams (id, agency_id, name) select 'tea_' || g, 'agy_b', 'T' || g from generate_series(1, 50) g;
     insert into users (id, agency_id, team_id, name, role)
       select 'usr_' || g, 'agy_b', 'tea_' || (1 + g % 50), 'C' || g, 'collector' from generate_series(1, ${C}) g;`,
  );
  // Client 3 applies the US pack; its debtors live in New York. 2% are on hold, 2.5% talked out today
  // (set on the cases below).
  await step(
    `${N.toLocaleString('en')} debtors`,
    `insert into debtors (id, agency_id, client_id, name, id_number, time_zone, quiet_hours_consent)
       select 'dbt_' || g, 'agy_b', 'cli_b' || (1 + g % 3), '债务人' || g, lpad(g::text, 18, '0'),
              case when g % 3 = 2 then 'America/New_York' else 'Asia/Shanghai' end, g % 50 = 0
         from generate_series(1, ${N}) g;`,
  );
  // Cases go to collectors by a hash of their number: each collector's cases are spread through the
  // table, as real assignment leaves them, and every feature below is spread across collectors.
  await step(
    `${N.toLocaleString('en')} cases`,
    `insert into cases (id, agency_id, client_id, placement_id, debtor_id, status, assignee_id, team_id, priority,
                        total_due_fen, paid_fen, broken_count, follow_up_broken, next_due_at, last_contact_at,
                        ability, willingness, contact_hold, talks_day, talks_today, time_zone, quiet_hours_consent)
       select 'cas_' || g, 'agy_b', 'cli_b' || (1 + g % 3), 'plc_' || (1 + g % 3 + 3 * (g % 2)), 'dbt_' || g,
              case when g % 10 = 0 then 'settled' else 'open' end,
              'usr_' || (1 + abs(hashint4(g)) % ${C}), 'tea_' || (1 + (1 + abs(hashint4(g)) % ${C}) % 50),
              case when g % 20 = 0 then 2 else 0 end,
              100000 + (g::bigint * 37) % 5000000, case when g % 7 = 0 then 20000 else 0 end,
              case when g % 20 = 0 then 1 else 0 end, g % 20 = 0,
              case when g % 5 = 0 then timestamptz '2026-11-30 16:00+00' + (g % 96) * interval '1 hour' end,
              case when g % 4 <> 0 then timestamptz '2026-12-01 01:00+00' - (g % 720) * interval '1 hour' end,
              case when g % 10 < 6 then (g % 101) / 100.0 end, case when g % 10 < 6 then (g * 7 % 101) / 100.0 end,
              g % 50 = 1, case when g % 40 = 0 then date '2026-12-01' end, case when g % 40 = 0 then 3 else 0 end,
              case when g % 3 = 2 then 'America/New_York' else 'Asia/Shanghai' end, g % 50 = 0
         from generate_series(1, ${N}) g;`,
  );
  await step(
    'promises (one per case with a due item)',
    `insert into promises (id, agency_id, client_id, case_id, amount_fen, due_at, source)
       select 'ptp_' || g, 'agy_b', 'cli_b' || (1 + g % 3), 'cas_' || g, 50000,
              timestamptz '2026-11-30 16:00+00' + (g % 96) * interval '1 hour', 'manual'
         from generate_series(5, ${N}, 5) g;`,
  );
  await step(
    'contacts (own number for all, a relative for half)',
    `insert into contacts (id, agency_id, client_id, debtor_id, relation, phone)
       select 'con_' || g, 'agy_b', 'cli_b' || (1 + g % 3), 'dbt_' || g, 'self', '138' || lpad(g::text, 8, '0')
         from generate_series(1, ${N}) g;
     insert into contacts (id, agency_id, client_id, debtor_id, name, relation, phone)
       select 'con2_' || g, 'agy_b', 'cli_b' || (1 + g % 3), 'dbt_' || g, '家属', 'parent', '139' || lpad(g::text, 8, '0')
         from generate_series(2, ${N}, 2) g;`,
  );
  await step(
    `contact attempts (${s.attemptsPerDebtor} a debtor over 30 days)`,
    `insert into contact_attempts (id, agency_id, client_id, case_id, debtor_id, contact_id, channel, number,
                                   target_kind, at, connected, answered_by, outcome_code, guard)
       select 'att_' || g || '_' || k, 'agy_b', 'cli_b' || (1 + g % 3), 'cas_' || g, 'dbt_' || g, 'con_' || g, 'call',
              '138' || lpad(g::text, 8, '0'), 'debtor',
              timestamptz '2026-12-01 01:00+00' - ((g * 13 + k * 7) % 720) * interval '1 hour',
              (g + k) % 3 = 0, case when (g + k) % 3 = 0 then 'debtor' end,
              case when (g + k) % 3 = 0 then 'talked' else 'no_answer' end, '{}'
         from generate_series(1, ${N}) g, generate_series(1, ${s.attemptsPerDebtor}) k;`,
  );
  await step(
    'holds for the debtors on hold',
    `insert into holds (id, agency_id, client_id, case_id, debtor_id, kind, reason, opened_at)
       select 'hld_' || g, 'agy_b', 'cli_b' || (1 + g % 3), 'cas_' || g, 'dbt_' || g, 'stop', 'bench', timestamptz '2026-11-20 00:00+00'
         from generate_series(1, ${N}) g where g % 50 = 1;`,
  );
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function run(opts: { quick: boolean; keep?: boolean }) {
  const url = process.env.DATABASE_URL || undefined;
  const size = sizeFor(opts.quick, url !== undefined);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const scratch = await openScratchDb({ url, prefix: 'bench_queue' });
  try {
    log(`seeding ${size.cases.toLocaleString('en')} cases into ${scratch.schema ?? 'PGlite (memory)'}…`);
    const t0 = performance.now();
    await seed(scratch.db, size, log);
    const seedSeconds = (performance.now() - t0) / 1000;

    const deps = {
      store: createCaseStore(scratch.db),
      clock: { now: () => AT },
      ids: createIdGenerator(),
      playbook: loadPlaybookDir(),
    };
    // Deterministic spread of collectors and pages (1–3) so runs compare.
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state;
    };
    const request = async () => {
      const collector = `usr_${1 + (next() % size.collectors)}`;
      const page = 1 + (next() % 3);
      const t = performance.now();
      const q = await buildQueue(
        deps,
        { agencyId: 'agy_b', userId: collector },
        { collectorId: collector, at: AT.toISOString(), page, pageSize: 20 },
      );
      return { ms: performance.now() - t, q };
    };
    for (let i = 0; i < 50; i++) await request(); // warm the caches and the pool
    const times: number[] = [];
    let items = 0;
    let excluded = 0;
    let total = 0;
    for (let i = 0; i < size.requests; i++) {
      const r = await request();
      times.push(r.ms);
      items += r.q.items.length;
      excluded += r.q.excluded.length;
      total += r.q.total;
    }
    times.sort((a, b) => a - b);
    const load = loadavg()
      .map((x) => x.toFixed(1))
      .join(', ');

    // The ranked page alone (one statement), to tell the database's share from the rest.
    const windows = await deps.store.read(async (r) => {
      const clients = await r.queue.clientsOf('agy_b', 'usr_2');
      return clients.map((c) => queueWindow(c, clientPolicies(deps.playbook, c)));
    });
    const sqlTimes: number[] = [];
    for (let i = 0; i < Math.min(500, size.requests); i++) {
      const collector = `usr_${1 + (next() % size.collectors)}`;
      const t = performance.now();
      await deps.store.read((r) =>
        r.queue.page({
          agencyId: 'agy_b',
          collectorId: collector,
          at: AT,
          windows,
          limit: 20,
          offset: 20 * (next() % 3),
        }),
      );
      sqlTimes.push(performance.now() - t);
    }
    sqlTimes.sort((a, b) => a - b);

    // Eight collectors at once, as a busy floor would (the pool has ten connections).
    const concurrent: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < Math.ceil(size.requests / 8); i++) concurrent.push((await request()).ms);
      }),
    );
    concurrent.sort((a, b) => a - b);

    const plan = await scratch.db.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off, timing off, summary off)
       select id from cases where assignee_id = 'usr_2' and status = 'open' and agency_id = 'agy_b'`,
    );
    const engine = url
      ? (await scratch.db.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v
      : 'PGlite';
    const f = (x: number) => x.toFixed(1);
    const markdown = [
      `${size.cases.toLocaleString('en')} cases, ${size.collectors.toLocaleString('en')} collectors (~${Math.round(total / size.requests)} workable cases a queue at 09:30 Shanghai), ${(size.cases * size.attemptsPerDebtor).toLocaleString('en')} contact attempts; ${url ? `PostgreSQL ${engine}` : '**PGlite, reduced size: set DATABASE_URL for the 1M-case server run**'}. Seeded in ${f(seedSeconds)} s.`,
      '',
      '| buildQueue, page of 20 | requests | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|',
      `| one at a time | ${times.length} | ${f(pct(times, 50))} | ${f(pct(times, 95))} | ${f(pct(times, 99))} | ${f(times.at(-1) ?? 0)} |`,
      `| the ranked page's SQL alone | ${sqlTimes.length} | ${f(pct(sqlTimes, 50))} | ${f(pct(sqlTimes, 95))} | ${f(pct(sqlTimes, 99))} | ${f(sqlTimes.at(-1) ?? 0)} |`,
      `| 8 collectors at once | ${concurrent.length} | ${f(pct(concurrent, 50))} | ${f(pct(concurrent, 95))} | ${f(pct(concurrent, 99))} | ${f(concurrent.at(-1) ?? 0)} |`,
      '',
      `${url && !opts.quick ? `Target: p99 ≤ 50 ms one at a time — ${pct(times, 99) <= 50 ? '**met**' : '**missed**'}` : 'The 50 ms target is for the full 1M-case server run'} (load average during the run: ${load} on ${cpus().length} CPUs, shared with other processes). Each request checks the user, ranks the collector's open cases in one SQL statement (index \`cases_queue_idx\`), reads the guard context of the page's debtors in one statement, and runs the contact guard on each row; ${f(items / size.requests)} items and ${f(excluded / size.requests)} guard exclusions a page on average.`,
      '',
      `Plan for one collector's open cases: \`${plan.rows
        .map((r) => r['QUERY PLAN'].trim())
        .filter((l) => /Scan|Filter|Index Cond/.test(l))
        .join(' · ')}\``,
    ].join('\n');
    return { title: 'Daily queue (buildQueue)', markdown, p99: pct(times, 99) };
  } finally {
    if (opts.keep) {
      log(`kept schema ${scratch.schema}`);
      await scratch.db.close();
    } else await scratch.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run({ quick: process.argv.includes('--quick'), keep: process.argv.includes('--keep') });
  process.stdout.write(`## ${r.title}\n\n${r.markdown}\n`);
}
