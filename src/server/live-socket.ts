import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Actor } from '../cases/ports';
import { DomainError, isDomainError } from '../domain/errors';
import { type LiveHub, type LiveSession, liveTurnInput } from './live-calls';
import type { LiveCallRow } from './live-store';
import { NUL_MESSAGE, nulInValue } from './validation';

/**
 * The live-assist WebSocket: `GET /api/live-calls/:id/socket` (upgrade). The collector's browser is
 * let in by its session cookie (and only from this site: the Origin must match the Host, so another
 * page cannot ride the cookie); a dialer or ASR integration by the call's token, sent as
 * `Authorization: Bearer <token>` (or `?token=` where headers cannot be set). Each turn message is
 * answered on the same socket; a socket that drops can reconnect to any API process and carry on.
 *
 * Client → server: `{"type":"turn","seq":0,"speaker":"agent","text":"…","at":"…"}`, `{"type":"end"}`,
 * `{"type":"ping"}`. Server → client: `ready`, `assist` (one per turn, with `serverMs`), `ended`,
 * `pong`, `error` ({code, message, seq?}; `input.invalid` for a message that is not JSON, not a
 * known shape, or has NUL (\u0000) in a string or key — `field` names it — and is then ignored).
 */

const PATH = /^\/api\/live-calls\/([A-Za-z0-9_]{1,64})\/socket$/;

export const liveClientMessage = z.discriminatedUnion('type', [
  liveTurnInput.extend({ type: z.literal('turn') }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('ping') }),
]);

export interface LiveLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LiveSocketOptions {
  hub: LiveHub;
  /** the signed-in user behind the request's session cookie, or null */
  userOf(req: IncomingMessage): Promise<Actor | null>;
  log: LiveLog;
  /** a socket that has not answered a ping for this long is dropped (default 30 s) */
  heartbeatMs?: number;
  /** a call no socket of this process uses is forgotten after this long (default 10 min) */
  idleForgetMs?: number;
  /** each turn's time from receipt to its answer being sent, for figures */
  onTurnTiming?(ms: number): void;
}

type Lang = 'zh' | 'en';

interface Attached {
  ws: WebSocket;
  /** null until this process has loaded (or replayed) the call */
  session: LiveSession | null;
  lang: Lang;
  alive: boolean;
  busy: Promise<unknown>;
}

/** 401/403/404 before the upgrade: a plain HTTP answer on the raw socket. */
function refuse(socket: Duplex, status: 401 | 403 | 404 | 503, code: string, message: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[
    status
  ];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

/** A cookie-authenticated socket must come from this site (cross-site WebSocket hijacking). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const host = req.headers['x-forwarded-host'] ?? req.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export class LiveSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly attached = new Set<Attached>();
  private readonly idle = new Map<string, NodeJS.Timeout>();
  private readonly heartbeat: NodeJS.Timeout;
  private draining = false;
  private drained: Promise<void> | undefined;

  constructor(private readonly o: LiveSocketOptions) {
    this.heartbeat = setInterval(() => this.beat(), o.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.attached.size;
  }

  /** The server's upgrade hook: true when the request was for a live call (handled here). */
  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(req.url ?? '/', 'http://local');
    const m = PATH.exec(url.pathname);
    if (!m) return false;
    if (this.draining) {
      refuse(socket, 503, 'server.shutting_down', 'The server is restarting; reconnect');
      return true;
    }
    const id = m[1]!;
    this.admit(req, url, id).then(
      (row) => {
        if (!row) return;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, row, req));
      },
      (e) => {
        if (isDomainError(e)) {
          const status =
            e.code === 'auth.forbidden' || e.code === 'auth.origin'
              ? 403
              : e.code.endsWith('not_found')
                ? 404
                : e.code === 'auth.unauthenticated'
                  ? 401
                  : 403;
          refuse(socket, status, e.code, e.message);
        } else {
          this.o.log.error('live.upgrade_failed', { error: e instanceof Error ? e.name : typeof e });
          socket.destroy();
        }
      },
    );
    return true;
  };

  /** Who may open this call: its token, or a signed-in user who may work its case. */
  private async admit(req: IncomingMessage, url: URL, id: string): Promise<LiveCallRow | null> {
    const token = tokenOf(req, url);
    if (token) {
      const row = await this.o.hub.forToken(token);
      if (row?.id === id) return row;
      throw new DomainError('auth.unauthenticated', {
        en: 'Unknown, expired or ended live-call token',
        zh: '实时通话令牌无效、已过期或通话已结束',
      });
    }
    if (!sameOrigin(req))
      throw new DomainError('auth.origin', { en: 'Cross-site request refused', zh: '拒绝跨站请求' });
    const actor = await this.o.userOf(req);
    if (!actor) throw new DomainError('auth.unauthenticated', { en: 'Sign in first', zh: '请先登录' });
    return this.o.hub.forUser(actor, id);
  }

  /**
   * Listens at once — a dialer may send its first turn the moment the socket opens, before this
   * process has loaded the call — and handles messages in order once the session is ready.
   */
  private attach(ws: WebSocket, row: LiveCallRow, req: IncomingMessage): void {
    const lang: Lang = /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
    const timer = this.idle.get(row.id);
    if (timer) clearTimeout(timer);
    this.idle.delete(row.id);
    const a: Attached = { ws, session: null, lang, alive: true, busy: Promise.resolve() };
    this.attached.add(a);
    a.busy = this.o.hub.session(row).then(
      (session) => {
        a.session = session;
        session.attached++;
        session.onFault ??= (fault) => this.faulted(session, fault);
        this.send(a, {
          type: 'ready',
          liveCallId: row.id,
          caseId: row.caseId,
          turns: session.length,
          resumed: session.length > 0,
        });
      },
      (e) => {
        this.failed(ws, e, lang);
        ws.close(1011, 'cannot open the call');
      },
    );
    ws.on('pong', () => {
      a.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      const received = performance.now();
      // Answers go out in the order the messages came in.
      a.busy = a.busy.then(() => this.onMessage(a, isBinary ? null : data.toString(), received));
    });
    ws.on('close', () => {
      this.attached.delete(a);
      const session = a.session;
      if (!session) return;
      session.attached--;
      if (session.attached <= 0) this.forgetLater(session.id);
    });
    ws.on('error', () => ws.terminate());
  }

  private async onMessage(a: Attached, text: string | null, received: number): Promise<void> {
    const session = a.session;
    if (!session) return;
    let msg: z.infer<typeof liveClientMessage>;
    try {
      const raw: unknown = text === null ? null : JSON.parse(text);
      // NUL in any string or key is refused, as the HTTP API does (rejectNul): PostgreSQL text cannot
      // hold it, so such a turn could never be stored. Nothing of the message is analysed or stored.
      const nulAt = nulInValue(raw);
      if (nulAt) {
        const field = nulAt.join('.') || '(message)';
        const seq = (raw as { seq?: unknown }).seq;
        this.send(a, {
          type: 'error',
          code: 'input.invalid',
          message: `${field}: ${NUL_MESSAGE[a.lang]}`,
          field,
          ...(Number.isInteger(seq) ? { seq } : {}),
        });
        return;
      }
      const parsed = liveClientMessage.safeParse(raw);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        this.send(a, {
          type: 'error',
          code: 'input.invalid',
          message: `${i ? `${i.path.join('.') || '(message)'}: ${i.message}` : 'invalid message'}`,
        });
        return;
      }
      msg = parsed.data;
    } catch {
      this.send(a, {
        type: 'error',
        code: 'input.invalid',
        message: a.lang === 'en' ? 'not JSON' : '消息不是 JSON',
      });
      return;
    }
    try {
      if (msg.type === 'ping') {
        this.send(a, { type: 'pong' });
        return;
      }
      if (msg.type === 'end') {
        const r = await session.end();
        this.send(a, { type: 'ended', liveCallId: session.id, callId: r.callId, turns: r.turns });
        // Every socket on this call learns it ended.
        for (const other of this.attached) if (other.session === session) other.ws.close(1000, 'call ended');
        this.o.hub.forget(session.id);
        return;
      }
      const { type: _type, ...turn } = msg;
      const answer = await session.turn(turn, new Date());
      const serverMs = Math.round((performance.now() - received) * 100) / 100;
      this.send(a, { ...answer, serverMs });
      this.o.onTurnTiming?.(performance.now() - received);
    } catch (e) {
      this.failed(a.ws, e, a.lang, msg.type === 'turn' ? msg.seq : undefined);
    }
  }

  private send(a: Attached, body: object): void {
    if (a.ws.readyState === a.ws.OPEN) a.ws.send(JSON.stringify(body));
  }

  private failed(ws: WebSocket, e: unknown, lang: Lang, seq?: number): void {
    if (isDomainError(e)) {
      if (ws.readyState === ws.OPEN)
        ws.send(
          JSON.stringify({
            type: 'error',
            code: e.code,
            message: e.localized(lang),
            ...(seq !== undefined ? { seq } : {}),
          }),
        );
      return;
    }
    this.o.log.error('live.failed', {
      error: e instanceof Error ? e.name : typeof e,
      code: typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined,
    });
    if (ws.readyState === ws.OPEN)
      ws.send(
        JSON.stringify({
          type: 'error',
          code: 'internal',
          message:
            lang === 'en' ? 'Internal error; the turn was not processed' : '服务器内部错误，该句未处理',
          ...(seq !== undefined ? { seq } : {}),
        }),
      );
  }

  /**
   * Storing stopped: another process carried on with the call (this copy lost the race), or it
   * ended. The clients here are told and disconnected; a reconnect resynchronises from the store.
   */
  private faulted(session: LiveSession, fault: 'taken' | 'ended'): void {
    for (const a of this.attached) {
      if (a.session !== session) continue;
      this.send(a, {
        type: 'error',
        code: fault === 'taken' ? 'live.moved' : 'live.ended',
        message:
          fault === 'taken'
            ? a.lang === 'en'
              ? 'The call continued on another connection: reconnect and resend from the turns count'
              : '通话已在其他连接上继续：请重新连接，并从已保存的句数开始补发'
            : a.lang === 'en'
              ? 'This call has ended'
              : '本通话已结束',
      });
      a.ws.close(fault === 'taken' ? 4001 : 1000, fault === 'taken' ? 'call moved' : 'call ended');
    }
    this.o.hub.forget(session.id);
  }

  private forgetLater(id: string): void {
    const t = setTimeout(() => {
      this.idle.delete(id);
      if (![...this.attached].some((a) => a.session?.id === id)) this.o.hub.forget(id);
    }, this.o.idleForgetMs ?? 600_000);
    t.unref();
    this.idle.set(id, t);
  }

  private beat(): void {
    for (const a of this.attached) {
      if (!a.alive) {
        a.ws.terminate();
        continue;
      }
      a.alive = false;
      a.ws.ping();
    }
  }

  /**
   * Shutdown: refuse new sockets, let each socket's turns in progress be answered, then close every
   * socket with 1012 (service restart) so the dialer reconnects — to another process — and resumes.
   */
  drain(timeoutMs = 10_000): Promise<void> {
    this.drained ??= this.close(timeoutMs);
    return this.drained;
  }

  private async close(timeoutMs: number): Promise<void> {
    this.draining = true;
    clearInterval(this.heartbeat);
    const all = [...this.attached];
    // Answer the turns in progress and store every answered turn, then let the clients go.
    await Promise.race([
      Promise.all(all.map((a) => a.busy.then(() => a.session?.flushed()))),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ]);
    for (const a of all) a.ws.close(1012, 'server restarting');
    for (const t of this.idle.values()) clearTimeout(t);
    this.idle.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
