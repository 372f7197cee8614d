import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { toLocal } from '../../src/domain/calendar';
import { JOB_QUEUES } from '../../src/jobs/jobs';
import { PgBossQueue } from '../../src/jobs/pg-boss-queue';
import { REMIND_SEND, remindKey } from '../../src/jobs/promise-reminders.job';
import { dropSchema, openScratchDb, type ScratchDb } from '../../src/store/open-db';
import { type Child, call, login, schemaUrl, seedDemoInto, startApi, startWorkerProcess } from './processes';

/**
 * Scale-out on one PostgreSQL server: two `huikuan serve` processes and two `huikuan worker`
 * processes on a scratch schema. A session made on one API process works on the other; every job
 * enqueued runs exactly once (counted from the workers' logs and the side effects in the database);
 * live assist works through either process and resumes on the other after a disconnect.
 */

const url = process.env.DATABASE_URL;

/** A zone where it is now between 10:00 and 17:00, so the contact guard allows texts during the test. */
function daytimeZone(now: Date): string {
  const zones = [
    'Asia/Shanghai',
    'Europe/London',
    'America/New_York',
    'America/Los_Angeles',
    'Pacific/Auckland',
    'Asia/Kolkata',
    'Europe/Moscow',
    'America/Sao_Paulo',
    'Asia/Dubai',
    'Pacific/Honolulu',
  ];
  const z = zones.find((zone) => {
    const h = toLocal(now, zone).hour;
    return h >= 10 && h < 17;
  });
  if (!z) throw new Error('no daytime zone in the list');
  return z;
}

interface Ws {
  ws: WebSocket;
  next(): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

function socket(address: string, headers: Record<string, string>): Promise<Ws> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(address, { headers });
    const inbox: Record<string, unknown>[] = [];
    const waiting: ((m: Record<string, unknown>) => void)[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      const w = waiting.shift();
      if (w) w(m);
      else inbox.push(m);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        next: () => {
          const m = inbox.shift();
          return m ? Promise.resolve(m) : new Promise((r) => waiting.push(r));
        },
      }),
    );
    ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

async function until(what: string, cond: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

if (!url) {
  describe('scale-out (two API processes, two workers)', () => {
    it.skip('needs a PostgreSQL server: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it', () => {});
  });
} else {
  describe('scale-out: two API processes and two workers on one PostgreSQL', () => {
    let scratch: ScratchDb;
    let bossSchema: string;
    let api: { child: Child; url: string }[] = [];
    let workers: Child[] = [];

    beforeAll(async () => {
      scratch = await openScratchDb({ url, prefix: 'scale' });
      const schema = scratch.schema ?? 'public';
      bossSchema = `${schema}_boss`;
      await seedDemoInto(scratch.db, 60, mkdtempSync(join(tmpdir(), 'hk-scale-')));
      const env = {
        DATABASE_URL: schemaUrl(url, schema),
        PGBOSS_SCHEMA: bossSchema,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'hk-scale-')),
        REMINDER_CALLBACK_PHONE: '400-800-1234',
      };
      api = await Promise.all([startApi('api-1', env), startApi('api-2', env)]);
      workers = await Promise.all([startWorkerProcess('worker-1', env), startWorkerProcess('worker-2', env)]);
    }, 240_000);

    afterAll(async () => {
      for (const c of [...api.map((a) => a.child), ...workers]) await c.stop('SIGTERM').catch(() => {});
      if (url && bossSchema) await dropSchema(url, bossSchema).catch(() => {});
      await scratch?.dispose();
    }, 120_000);

    it('a session made on one API process works on the other, and logging out there ends it here', async () => {
      const [a, b] = api;
      const me = await login(a!.url, 'manager');
      const there = await call(b!.url, 'GET', '/api/me', me);
      expect(there.status).toBe(200);
      expect((there.body.user as { id: string }).id).toBe(me.userId);
      expect((await call(b!.url, 'POST', '/api/auth/logout', me, {})).status).toBe(200);
      expect((await call(a!.url, 'GET', '/api/me', me)).status).toBe(401);
    });

    it('runs every job exactly once across the two workers', async () => {
      const db = scratch.db;
      const now = new Date();
      const zone = daytimeZone(now);
      // 24 promises due in 90 minutes on cases with no hold: the 2 h reminder is due now, the 24 h
      // one is superseded by it. Both are enqueued for each promise.
      const cases = await db.query<{ id: string; agency_id: string; client_id: string; debtor_id: string }>(
        `select c.id, c.agency_id, c.client_id, c.debtor_id from cases c
          where c.status = 'open' and not c.contact_hold
            and exists (select 1 from contacts k where k.debtor_id = c.debtor_id and k.relation = 'self' and not k.invalid)
          order by c.id limit 24`,
      );
      expect(cases.rows.length).toBe(24);
      const due = new Date(now.getTime() + 90 * 60_000);
      const promiseIds: string[] = [];
      for (const [i, c] of cases.rows.entries()) {
        const id = `pro_scale_${i}`;
        promiseIds.push(id);
        await db.query('update debtors set time_zone = $2 where id = $1', [c.debtor_id, zone]);
        await db.query(
          `insert into promises (id, agency_id, client_id, case_id, amount_fen, due_at, status, source, created_at)
           values ($1, $2, $3, $4, 100000, $5, 'pending', 'manual', $6)`,
          [id, c.agency_id, c.client_id, c.id, due, new Date(now.getTime() - 86_400_000)],
        );
      }
      const producer = new PgBossQueue({ url, schema: bossSchema, queues: JOB_QUEUES, role: 'producer' });
      await producer.start();
      const jobIds: string[] = [];
      try {
        for (const [i, c] of cases.rows.entries())
          for (const leadHours of [24, 2]) {
            const data = { agencyId: c.agency_id, promiseId: promiseIds[i]!, leadHours };
            const id = await producer.enqueue(REMIND_SEND, data, { key: remindKey(data) });
            expect(id).not.toBeNull();
            jobIds.push(id!);
            // the same job enqueued again is the same job
            expect(await producer.enqueue(REMIND_SEND, data, { key: remindKey(data) })).toBeNull();
          }
      } finally {
        await producer.stop({ timeoutMs: 1000 });
      }

      // A QA upload through the second API process: the analysis runs on the workers.
      const qa = await login(api[1]!.url, 'qa1');
      const items = cases.rows.slice(0, 20).flatMap((c) => [
        {
          caseId: c.id,
          at: new Date(now.getTime() - 3_600_000).toISOString(),
          turns: [
            { speaker: 'agent', text: '您好，我是汇信示范催收服务公司的工作人员，工号1001。' },
            { speaker: 'debtor', text: '我知道，这个月底我先还五百。' },
          ],
        },
        {
          caseId: c.id,
          at: new Date(now.getTime() - 1_800_000).toISOString(),
          turns: [{ speaker: 'agent', text: '你再不还钱我就去你单位找你领导。' }],
        },
      ]);
      const up = await call(api[1]!.url, 'POST', '/api/qa-batches', qa, { name: 'scale', items });
      expect(up.status).toBe(202);
      const batchId = String(up.body.batchId);

      await until('all reminder jobs and the QA batch', async () => {
        const done = new Set(workers.flatMap((w) => w.logs('job.completed').map((l) => String(l.jobId))));
        const batch = await db.query<{ status: string }>('select status from qa_batches where id = $1', [
          batchId,
        ]);
        return jobIds.every((id) => done.has(id)) && batch.rows[0]?.status === 'done';
      });
      await new Promise((r) => setTimeout(r, 2000)); // a duplicate run, if any, would show up now

      // Each job ran once, on one worker; both workers took part.
      const completed = workers.flatMap((w) => w.logs('job.completed').map((l) => String(l.jobId)));
      const counts = new Map<string, number>();
      for (const id of completed) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
      expect(workers.every((w) => w.logs('job.completed').length > 0)).toBe(true);

      // Side effects: one reminder decision per (promise, lead), each text sent once.
      const decisions = await db.query<{ lead_hours: number; status: string; reason: string | null }>(
        'select lead_hours, status, reason from promise_reminders where promise_id = any($1)',
        [promiseIds],
      );
      expect(decisions.rows.length).toBe(48);
      const sentRows = decisions.rows.filter((r) => r.status === 'sent');
      expect(sentRows.every((r) => r.lead_hours === 2)).toBe(true);
      expect(decisions.rows.filter((r) => r.lead_hours === 24).every((r) => r.reason === 'superseded')).toBe(
        true,
      );
      expect(sentRows.length).toBeGreaterThanOrEqual(12);
      const messages = workers.flatMap((w) => w.logs('message.sent').map((l) => String(l.ref)));
      expect(new Set(messages).size).toBe(messages.length);
      expect(messages.length).toBe(sentRows.length);
      const attempts = await db.query<{ n: number }>(
        `select count(*)::int as n from contact_attempts where channel = 'sms' and note like 'promise_reminder pro_scale_%'`,
      );
      expect(attempts.rows[0]?.n).toBe(sentRows.length);

      // Every uploaded transcript analysed and stored once.
      const stored = await db.query<{ items: number; calls: number; audit: number }>(
        `select (select count(*)::int from qa_batch_items where batch_id = $1 and status = 'done') as items,
                (select count(distinct call_id)::int from qa_batch_items where batch_id = $1) as calls,
                (select count(*)::int from audit_log where action = 'call.recorded' and detail ->> 'batchId' = $1) as audit`,
        [batchId],
      );
      expect(stored.rows[0]).toEqual({ items: 40, calls: 40, audit: 40 });
    }, 180_000);

    it('live assist works through either process and resumes on the other after a disconnect', async () => {
      const [a, b] = api;
      const me = await login(a!.url, 'collector1');
      const mine = await scratch.db.query<{ id: string }>(
        `select c.id from cases c where c.assignee_id = $1 and c.status = 'open' order by c.id limit 1`,
        [me.userId],
      );
      const caseId = mine.rows[0]!.id;
      const started = await call(a!.url, 'POST', `/api/cases/${caseId}/live-calls`, me, {});
      expect(started.status).toBe(201);
      const path = String(started.body.socket);

      // The collector's browser on process B (cookie from process A).
      const said = [
        { type: 'turn', seq: 0, speaker: 'agent', text: '您好，我是汇信示范催收服务公司的王磊，工号1001。' },
        { type: 'turn', seq: 1, speaker: 'debtor', text: '下周五我先还两千块。' },
      ];
      const onB = await socket(`${b!.url.replace('http', 'ws')}${path}`, {
        cookie: me.cookie,
        origin: b!.url,
      });
      expect(await onB.next()).toMatchObject({ type: 'ready', turns: 0 });
      onB.ws.send(JSON.stringify(said[0]));
      expect(await onB.next()).toMatchObject({ type: 'assist', seq: 0 });
      onB.ws.send(JSON.stringify(said[1]));
      expect(await onB.next()).toMatchObject({ type: 'assist', seq: 1, promise: { amount: 2000 } });
      onB.ws.terminate(); // the connection drops

      // The dialer reconnects, to process A this time, with the call's token, and — as the protocol
      // asks — resends whatever the store does not have yet (turns are stored right behind answers).
      const onA = await socket(`${a!.url.replace('http', 'ws')}${path}`, {
        authorization: `Bearer ${String(started.body.token)}`,
      });
      const ready = await onA.next();
      expect(ready).toMatchObject({ type: 'ready', resumed: true });
      const kept = Number(ready.turns);
      expect(kept).toBeGreaterThanOrEqual(1);
      for (const t of said.slice(kept)) {
        onA.ws.send(JSON.stringify(t));
        expect(await onA.next()).toMatchObject({ type: 'assist', seq: t.seq, duplicate: false });
      }
      // a resend of a stored turn is recognised as such; the next one continues the call
      onA.ws.send(JSON.stringify(said[1]));
      expect(await onA.next()).toMatchObject({ type: 'assist', seq: 1, duplicate: true });
      onA.ws.send(
        JSON.stringify({ type: 'turn', seq: 2, speaker: 'agent', text: '好的，下周五两千元，我记下了。' }),
      );
      const third = await onA.next();
      expect(third).toMatchObject({ type: 'assist', seq: 2, promise: { amount: 2000 } });
      expect((third.advice as { strategies: unknown[] }).strategies.length).toBeGreaterThan(0);
      onA.ws.send(JSON.stringify({ type: 'end' }));
      const ended = await onA.next();
      expect(ended).toMatchObject({ type: 'ended', turns: 3 });
      const stored = await scratch.db.query<{ n: number }>(
        'select jsonb_array_length(transcript) as n from calls where id = $1',
        [String(ended.callId)],
      );
      expect(stored.rows[0]?.n).toBe(3);
      const view = await call(b!.url, 'GET', `/api/live-calls/${String(started.body.liveCallId)}`, me);
      expect(view.body).toMatchObject({ status: 'ended', callId: ended.callId });
    }, 120_000);

    it('SIGTERM drains a worker: its running chunk finishes and is recorded, the rest waits for another', async () => {
      const db = scratch.db;
      const qa = await login(api[0]!.url, 'qa2');
      const caseIds = (
        await db.query<{ id: string }>(`select id from cases where status = 'open' order by id limit 50`)
      ).rows.map((r) => r.id);
      const items = Array.from({ length: 600 }, (_, i) => ({
        caseId: caseIds[i % caseIds.length]!,
        at: new Date(Date.now() - 3_600_000).toISOString(),
        turns: [
          { speaker: 'agent', text: `您好，我是汇信示范催收服务公司的工作人员，工号${1000 + i}。` },
          { speaker: 'debtor', text: '我知道了，下个月再说。' },
        ],
      }));
      const up = await call(api[0]!.url, 'POST', '/api/qa-batches', qa, { name: 'drain', items });
      expect(up.status).toBe(202);
      const batchId = String(up.body.batchId);
      const done = async () =>
        (await db.query<{ done: number }>('select done from qa_batches where id = $1', [batchId])).rows[0]
          ?.done ?? 0;
      await until('the batch to start', async () => (await done()) > 0);
      const codes = await Promise.all(workers.map((w) => w.stop('SIGTERM')));
      expect(codes).toEqual([0, 0]);
      for (const w of workers) expect(w.logs('worker.stopped')).toHaveLength(1);
      // Nothing was left running: each chunk either completed or is still queued for a worker.
      const active = await db.query<{ n: number }>(
        `select count(*)::int as n from ${bossSchema}.job where name = 'qa-batch' and state = 'active'`,
      );
      expect(active.rows[0]?.n).toBe(0);
      const items_ = await db.query<{ done: number; pending: number }>(
        `select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'pending')::int as pending
           from qa_batch_items where batch_id = $1`,
        [batchId],
      );
      const stopped = items_.rows[0]!;
      // chunks are 100 transcripts, done whole: a drain never leaves one half-analysed
      expect(stopped.done % 100).toBe(0);
      expect(stopped.done + stopped.pending).toBe(600);
      // a new worker finishes the rest
      const env = {
        DATABASE_URL: schemaUrl(url, scratch.schema ?? 'public'),
        PGBOSS_SCHEMA: bossSchema,
        REMINDER_CALLBACK_PHONE: '400-800-1234',
      };
      workers = [await startWorkerProcess('worker-3', env)];
      await until('the batch to finish', async () => (await done()) === 600);
    }, 180_000);
  });
}
