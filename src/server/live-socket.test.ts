import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Actor } from '../cases/ports';
import { createAnalyzer } from '../io/analyzer-files';
import { type CaseFixture, openCaseFixture } from '../store/case-fixture';
import { type LiveDeps, LiveHub } from './live-calls';
import { LiveSockets } from './live-socket';
import { liveTurns } from './live-store';

const silent = { info() {}, warn() {}, error() {} };

let fx: CaseFixture;
let deps: LiveDeps;

/** One "API process": an HTTP server whose upgrades go to its own hub and sockets. */
async function process_(): Promise<{ url: string; sockets: LiveSockets; server: Server }> {
  const hub = new LiveHub(deps);
  // The test's stand-in for the session cookie: a header naming the user.
  const userOf = async (req: IncomingMessage): Promise<Actor | null> => {
    const u = req.headers['x-test-user'];
    return typeof u === 'string' ? { agencyId: fx.agencyId, userId: u } : null;
  };
  const sockets = new LiveSockets({ hub, userOf, log: silent });
  const server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => {
    if (!sockets.upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, server };
}

interface Client {
  ws: WebSocket;
  next(): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

function connect(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
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
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

beforeAll(async () => {
  fx = await openCaseFixture({ at: '2026-12-01T02:00:00Z' });
  const analyzer = createAnalyzer({ playbook: fx.playbook });
  deps = {
    db: fx.db,
    store: fx.store,
    clock: fx.clock,
    ids: fx.ids,
    playbookFor: async () => ({ playbook: fx.playbook, analyzer }),
  };
});
afterAll(async () => {
  await fx?.dispose();
});

describe('the live-assist socket', () => {
  let a: Awaited<ReturnType<typeof process_>>;
  let b: Awaited<ReturnType<typeof process_>>;
  let liveCallId: string;
  let token: string;

  beforeAll(async () => {
    a = await process_();
    b = await process_();
    const d = await fx.addDebtor();
    ({ liveCallId, token } = await new LiveHub(deps).start(fx.as('collector'), { caseId: d.caseId }));
  });
  afterAll(async () => {
    for (const p of [a, b]) {
      await p?.sockets.drain(1000);
      await new Promise((r) => p?.server.close(r));
    }
  });

  it.each([
    ['no session and no token', {}, 'HTTP 401'],
    ['a wrong token', { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'HTTP 401'],
    ['a collector of another team (as a call that does not exist)', { 'x-test-user': 'OTHER' }, 'HTTP 404'],
    ['a page on another site', { 'x-test-user': 'COLLECTOR', origin: 'https://evil.example' }, 'HTTP 403'],
  ])('refuses %s', async (_what, headers, error) => {
    const h = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [
        k,
        v === 'OTHER' ? fx.users.otherCollector : v === 'COLLECTOR' ? fx.users.collector : v,
      ]),
    );
    await expect(connect(`${a.url}/api/live-calls/${liveCallId}/socket`, h)).rejects.toThrow(error);
  });

  it('refuses a call that does not exist', async () => {
    await expect(
      connect(`${a.url}/api/live-calls/lvc_nope/socket`, { 'x-test-user': fx.users.collector }),
    ).rejects.toThrow('HTTP 404');
  });

  it('takes a turn sent the moment the socket opens, before the call is loaded', async () => {
    const d = await fx.addDebtor();
    const started = await new LiveHub(deps).start(fx.as('collector'), { caseId: d.caseId });
    const c = await connect(`${b.url}/api/live-calls/${started.liveCallId}/socket`, {
      authorization: `Bearer ${started.token}`,
    });
    c.ws.send(JSON.stringify({ type: 'turn', seq: 0, speaker: 'agent', text: '您好，我是某某公司的小李。' }));
    expect(await c.next()).toMatchObject({ type: 'ready', turns: 0 });
    expect(await c.next()).toMatchObject({ type: 'assist', seq: 0 });
    c.ws.close();
  });

  it('refuses NUL in a message naming the field, stores and analyses nothing, and keeps the call open', async () => {
    const d = await fx.addDebtor();
    const started = await new LiveHub(deps).start(fx.as('collector'), { caseId: d.caseId });
    const c = await connect(`${b.url}/api/live-calls/${started.liveCallId}/socket`, {
      authorization: `Bearer ${started.token}`,
      'accept-language': 'en',
    });
    expect(await c.next()).toMatchObject({ type: 'ready', turns: 0 });
    c.ws.send(JSON.stringify({ type: 'turn', seq: 0, speaker: 'agent', text: '您好\u0000，我是小李。' }));
    expect(await c.next()).toEqual({
      type: 'error',
      code: 'input.invalid',
      field: 'text',
      message: 'text: must not contain the NUL character (\\u0000)',
      seq: 0,
    });
    // another string field, and a key, are named too
    c.ws.send(JSON.stringify({ type: 'turn', seq: 0, speaker: 'agent', text: '您好', at: '2026\u0000' }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'input.invalid', field: 'at' });
    c.ws.send(JSON.stringify({ type: 'ping', 'x\u0000': 1 }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'input.invalid', field: 'x\u0000' });
    // nothing was analysed or stored: the same seq is taken afresh, and is turn 0 of the call
    c.ws.send(JSON.stringify({ type: 'turn', seq: 0, speaker: 'agent', text: '您好，我是小李。' }));
    expect(await c.next()).toMatchObject({
      type: 'assist',
      seq: 0,
      duplicate: false,
      turn: { text: '您好，我是小李。' },
    });
    c.ws.send(JSON.stringify({ type: 'end' }));
    expect(await c.next()).toMatchObject({ type: 'ended', turns: 1 });
    expect((await liveTurns(fx.db, started.liveCallId)).map((t) => t.text)).toEqual(['您好，我是小李。']);
  });

  it('answers turns on the socket, resumes on another process after a restart, and ends', async () => {
    const c = await connect(`${a.url}/api/live-calls/${liveCallId}/socket`, {
      'x-test-user': fx.users.collector,
      origin: 'http://127.0.0.1',
      host: '127.0.0.1',
    });
    expect(await c.next()).toMatchObject({ type: 'ready', turns: 0, resumed: false });
    c.ws.send(
      JSON.stringify({
        type: 'turn',
        seq: 0,
        speaker: 'agent',
        text: '您好，我是某某公司的小李，工号3021。',
      }),
    );
    const first = await c.next();
    expect(first).toMatchObject({ type: 'assist', seq: 0, duplicate: false });
    expect(typeof first.serverMs).toBe('number');
    c.ws.send('not json');
    expect(await c.next()).toMatchObject({ type: 'error', code: 'input.invalid' });
    c.ws.send(JSON.stringify({ type: 'turn', speaker: 'nobody', text: 'x' }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'input.invalid' });

    // process A restarts: its sockets close with 1012 and the dialer reconnects to process B
    await a.sockets.drain(1000);
    expect(await c.closed).toBe(1012);
    const d = await connect(`${b.url}/api/live-calls/${liveCallId}/socket`, {
      authorization: `Bearer ${token}`,
    });
    expect(await d.next()).toMatchObject({ type: 'ready', turns: 1, resumed: true });
    d.ws.send(
      JSON.stringify({ type: 'turn', seq: 1, speaker: 'debtor', text: '我下周五发工资，先还两千。' }),
    );
    const second = await d.next();
    expect(second).toMatchObject({ type: 'assist', seq: 1, promise: { amount: 2000 } });
    d.ws.send(JSON.stringify({ type: 'end' }));
    expect(await d.next()).toMatchObject({ type: 'ended', turns: 2, callId: expect.stringMatching(/^cal_/) });
    expect(await d.closed).toBe(1000);
  });
});
