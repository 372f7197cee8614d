import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { type DemoResult, seedDemo } from '../../src/server/demo/seed-demo';
import { memoryLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/server';
import { createServices, type Services } from '../../src/server/services';
import { mutableClock } from '../../src/store/case-fixture';
import { dropSchema, openScratchDb } from '../../src/store/open-db';
import { ApiClient, get } from './harness';

/** The first-start demo data: consistent with the rules it will be judged by, and usable by every role. */

let services: Services;
let demo: DemoResult | null;
let running: RunningServer;
let schema: string | null = null;
const dir = mkdtempSync(join(tmpdir(), 'huikuan-demo-'));

beforeAll(async () => {
  const scratch = await openScratchDb({ prefix: 'demo' });
  schema = scratch.schema;
  const config = loadConfig(
    {},
    { dataDir: dir, sessionSecret: 'd'.repeat(40), port: 0, databaseUrl: null, logLevel: 'silent' },
  );
  services = await createServices(config, {
    db: scratch.db,
    logger: memoryLogger('warn'),
    clock: mutableClock('2026-11-30T10:00:00+08:00'),
  });
  demo = await seedDemo(services, { cases: 120, password: 'demo-password' });
  running = await startServer(services, { signals: false, web: false });
}, 300_000);

afterAll(async () => {
  await running?.stop('test');
  if (schema && process.env.DATABASE_URL) await dropSchema(process.env.DATABASE_URL, schema);
  rmSync(dir, { recursive: true, force: true });
});

const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
  const r = await services.db.query<T>(sql, params);
  const row = r.rows[0];
  if (!row) throw new Error(`no row: ${sql}`);
  return row;
};

describe('the demo data', () => {
  it('has every role, two banks, the cases split between four collectors, and a month of activity', async () => {
    expect(demo).not.toBeNull();
    expect(new Set(demo?.logins.map((l) => l.role))).toEqual(
      new Set(['admin', 'manager', 'lead', 'collector', 'qa', 'trainer', 'client_viewer']),
    );
    expect(demo?.counts.cases).toBe(120);
    const c = await one<{ clients: number; unassigned: number; collectors: number }>(
      `select count(distinct client_id)::int as clients, count(*) filter (where assignee_id is null)::int as unassigned,
              count(distinct assignee_id)::int as collectors from cases`,
    );
    expect(c).toEqual({ clients: 2, unassigned: 0, collectors: 4 });
    expect(demo?.counts.calls).toBeGreaterThan(80);
    expect(demo?.counts.promises).toBeGreaterThan(20);
    expect(demo?.counts.payments).toBeGreaterThan(20);
  });

  it('records its calls with findings within the contact rules: no contact.* finding', async () => {
    const r = await services.db.query<{ rule: string }>(
      `select v->>'rule' as rule from calls k, jsonb_array_elements(k.analysis->'violations') v`,
    );
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.rows.filter((x) => x.rule.startsWith('contact.'))).toEqual([]);
  });

  it('is seeded once: a second start finds the agency and adds nothing', async () => {
    expect(await seedDemo(services, { cases: 120, password: 'x'.repeat(12) })).toBeNull();
  });

  it('keeps the books straight: paid amounts equal payments, no promise is left pending past its due time', async () => {
    const off = await one<{ n: number }>(
      `select count(*)::int as n from cases c
        where c.paid_fen <> coalesce((select sum(amount_fen) from payments y where y.case_id = c.id), 0)`,
    );
    expect(off.n).toBe(0);
    const stale = await one<{ n: number }>(
      // (but while a complaint suspends contact the job judges nothing: those wait for the answer)
      `select count(*)::int as n from promises pr join cases c on c.id = pr.case_id
        where pr.status = 'pending' and pr.due_at <= '2026-11-30T02:00:00Z' and not c.contact_hold`,
    );
    expect(stale.n).toBe(0);
    const alloc = await one<{ n: number }>(
      `select count(*)::int as n from payments y
        where y.amount_fen <> (select sum(amount_fen) from payment_allocations a where a.payment_id = y.id)`,
    );
    expect(alloc.n).toBe(0);
  });

  it('records every contact with the guard’s decision that allowed it, within lawful hours', async () => {
    const r = await one<{ n: number; disallowed: number; night: number }>(
      `select count(*)::int as n, count(*) filter (where not (guard->>'allowed')::boolean)::int as disallowed,
              count(*) filter (where extract(hour from at at time zone 'Asia/Shanghai') not between 8 and 21)::int as night
         from contact_attempts`,
    );
    expect(r.n).toBeGreaterThan(100);
    expect(r.disallowed).toBe(0);
    expect(r.night).toBe(0);
  });

  it('applies the broken-promise policy: escalated cases have broken enough promises', async () => {
    const r = await services.db.query<{ broken_count: number }>(
      `select c.broken_count from escalations e join cases c on c.id = e.case_id where e.reason = 'broken_promises'`,
    );
    const after = services.playbook.policies.broken_promise.escalate_after;
    for (const row of r.rows) expect(row.broken_count).toBeGreaterThanOrEqual(after);
    const broken = await one<{ n: number }>(
      "select count(*)::int as n from promises where status = 'broken'",
    );
    expect(broken.n).toBeGreaterThan(0);
  });

  it('gives QA calls with findings, leads plans to approve and holds to watch', async () => {
    const findings = await one<{ n: number }>(
      "select count(*)::int as n from calls where jsonb_array_length(analysis->'violations') > 0",
    );
    expect(findings.n).toBeGreaterThanOrEqual(3);
    const plans = await one<{ n: number }>(
      "select count(*)::int as n from repayment_plans where state = 'proposed'",
    );
    expect(plans.n).toBe(2);
    // Besides the complaints raised in the month's calls (below): a 停催, a complaint and a dispute.
    const holds = await services.db.query<{ kind: string }>(
      "select kind from holds where detail->>'attemptId' is null order by kind",
    );
    expect(holds.rows.map((h) => h.kind)).toEqual(['complaint', 'dispute', 'stop']);
  });

  it('logs every complaint raised in a call as a complaint hold, as recording the contact does', async () => {
    const raised = await one<{ n: number }>(
      "select count(*)::int as n from contact_attempts where outcome_code = 'complaint_raised'",
    );
    expect(raised.n).toBeGreaterThan(0);
    const days = services.playbook.policies.complaints.answer_days;
    const blocks = services.playbook.policies.complaints.hold_contact_until_answered;
    // Exactly one complaint hold per complaint raised, on its case, from its time, with its note as the reason.
    const off = await services.db.query<{ id: string; holds: number }>(
      `select a.id, count(h.id)::int as holds from contact_attempts a
         left join holds h on h.kind = 'complaint' and h.detail->>'attemptId' = a.id
              and h.case_id = a.case_id and h.debtor_id = a.debtor_id and h.opened_at = a.at
              and h.reason = a.note and h.detail->>'channel' = 'call'
              and h.answer_due_at = a.at + make_interval(days => $1) and h.blocks_contact = $2
              and h.opened_by = a.collector_id
        where a.outcome_code = 'complaint_raised' group by a.id having count(h.id) <> 1`,
      [days, blocks],
    );
    expect(off.rows).toEqual([]);
    const orphans = await one<{ n: number }>(
      `select count(*)::int as n from holds h where h.detail->>'attemptId' is not null
          and not exists (select 1 from contact_attempts a where a.id = h.detail->>'attemptId'
                             and a.outcome_code = 'complaint_raised')`,
    );
    expect(orphans.n).toBe(0);
    // Answered ones are answered with a resolution by the collector's lead; the rest are still open.
    const halfClosed = await one<{ n: number }>(
      `select count(*)::int as n from holds h join users u on u.id = h.closed_by
        where h.detail->>'attemptId' is not null and h.closed_at is not null
          and (h.resolution is null or u.role <> 'lead' or h.closed_at <= h.opened_at)`,
    );
    expect(halfClosed.n).toBe(0);
    const unanswered = await one<{ n: number }>(
      `select count(*)::int as n from holds where detail->>'attemptId' is not null
          and (closed_at is null) <> (closed_by is null or resolution is null)`,
    );
    expect(unanswered.n).toBe(0);
    // Each with the audit entries the use cases write: opened, and closed when answered.
    const unaudited = await services.db.query<{ id: string }>(
      `select h.id from holds h where h.detail->>'attemptId' is not null
          and ((select count(*) from audit_log l where l.action = 'hold.complaint_opened' and l.entity = 'case'
                   and l.entity_id = h.case_id and l.detail->>'holdId' = h.id
                   and l.detail->>'attemptId' = h.detail->>'attemptId' and l.detail->>'reason' = h.reason) <> 1
            or (select count(*) from audit_log l where l.action = 'hold.complaint_closed' and l.entity = 'case'
                   and l.entity_id = h.case_id and l.detail->>'holdId' = h.id
                   and l.detail->>'resolution' = h.resolution) <> (case when h.closed_at is null then 0 else 1 end))`,
    );
    expect(unaudited.rows).toEqual([]);
  });

  it('makes no contact with a person while a complaint of theirs waits for its answer', async () => {
    expect(services.playbook.policies.complaints.hold_contact_until_answered).toBe(true);
    const raised = await one<{ n: number }>(
      "select count(*)::int as n from holds where detail->>'attemptId' is not null and blocks_contact",
    );
    expect(raised.n).toBeGreaterThan(0);
    const inside = await services.db.query<{ id: string; hold: string }>(
      `select a.id, h.id as hold from contact_attempts a join debtors d on d.id = a.debtor_id
         join debtors p on p.client_id = d.client_id and p.id_number = d.id_number
         join holds h on h.debtor_id = p.id and h.kind = 'complaint' and h.blocks_contact
        where h.opened_at < a.at and a.at < coalesce(h.closed_at, 'infinity'::timestamptz)
          and a.id is distinct from h.detail->>'attemptId'`,
    );
    expect(inside.rows).toEqual([]);
    // nor does the broken-promise job judge a promise then: it waits for the answer
    const judged = await services.db.query<{ id: string }>(
      `select pr.id from promises pr join holds h on h.case_id = pr.case_id and h.kind = 'complaint' and h.blocks_contact
        where pr.status in ('broken', 'partially_kept')
          and h.opened_at <= pr.settled_at and pr.settled_at < coalesce(h.closed_at, 'infinity'::timestamptz)`,
    );
    expect(judged.rows).toEqual([]);
    // contact_hold is set on exactly the cases of a person with an open hold that blocks contact.
    const flags = await services.db.query<{ id: string; contact_hold: boolean; held: boolean }>(
      `select c.id, c.contact_hold, h.held from cases c join debtors d on d.id = c.debtor_id
         cross join lateral (select exists (select 1 from holds h join debtors p on p.id = h.debtor_id
                  where p.client_id = d.client_id and p.id_number = d.id_number
                    and h.closed_at is null and h.blocks_contact) as held) h
        where c.contact_hold <> h.held`,
    );
    expect(flags.rows).toEqual([]);
    const open = await one<{ n: number }>(
      "select count(*)::int as n from holds where detail->>'attemptId' is not null and closed_at is null",
    );
    const held = await one<{ n: number }>('select count(*)::int as n from cases where contact_hold');
    expect(held.n).toBeGreaterThanOrEqual(open.n);
  });

  it('lets every demo login sign in and see their start screen', async () => {
    const start: Record<string, string> = {
      collector: '/api/queue',
      lead: '/api/dashboard',
      manager: '/api/dashboard',
      qa: '/api/qa/calls',
      trainer: '/api/practice',
      admin: '/api/users',
      client_viewer: '/api/placements',
    };
    for (const l of demo?.logins ?? []) {
      const c = new ApiClient(running.url);
      expect((await c.login(l.login, l.password)).status, l.login).toBe(200);
      const r = await c.get(start[l.role] ?? '/api/me');
      expect(r.status, `${l.login} ${start[l.role]}`).toBe(200);
    }
    const col = new ApiClient(running.url);
    await col.login('collector1', 'demo-password');
    expect((get((await col.get('/api/queue')).body, 'items') as unknown[]).length).toBeGreaterThan(0);
  });
});
