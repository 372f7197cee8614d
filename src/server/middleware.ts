import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { timeout } from 'hono/timeout';
import { CSRF_HEADER, SESSION_COOKIE, sameToken } from './auth/sessions';
import { httpError } from './errors';
import { pickLang } from './i18n';
import type { ApiEnv } from './route-kit';
import type { Services } from './services';
import { invalidInput, nulInValue, nulIssue } from './validation';

/** Paths with their own limits: uploads are large and slow by nature. */
export const UPLOAD_PATHS = new Set(['/api/imports']);

/** A request id from the caller (a proxy, a dialer) when it is sane, else a new one. */
function requestIdOf(header: string | undefined): string {
  return header && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();
}

/** Request id, language, a logger bound to the request, and one access-log line per request. */
export function requestContext(services: Services): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const requestId = requestIdOf(c.req.header('x-request-id'));
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('lang', pickLang(c.req.header('accept-language')));
    c.set('principal', null);
    c.set('log', services.logger.child({ requestId }));
    c.set('services', services);
    c.header('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const p = c.get('principal');
      // Ids, route pattern, status, timing: no query strings, bodies or personal data.
      services.logger.info('request', {
        requestId,
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(p ? { userId: p.userId, agencyId: p.agencyId, role: p.role } : {}),
      });
    }
  };
}

/** While shutting down, new requests are turned away so in-flight ones can finish. */
export function refuseWhileDraining(services: Services): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (services.lifecycle.draining && c.req.path !== '/healthz') {
      c.header('Connection', 'close');
      c.header('Retry-After', '5');
      throw httpError('server.shutting_down', {
        zh: '服务器正在重启，请稍后重试',
        en: 'The server is shutting down; retry shortly',
      });
    }
    await next();
  };
}

const SECURITY_HEADERS: readonly [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), geolocation=(), microphone=()'],
  // Ant Design writes its styles at run time, hence 'unsafe-inline' for styles only; scripts are
  // our own files. connect-src allows the live-assist WebSocket on this origin.
  [
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  ],
];

/**
 * Security headers for the API and the web UI alike. Set before the handler runs, so they go out
 * with the response it makes (setting a header on a finished response makes Hono copy it, body
 * and all, as a stream); a response that arrives without them (one made as a Response object) gets
 * them afterwards. API answers are never cached.
 */
export function securityHeaders(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const api = c.req.path.startsWith('/api/');
    for (const [k, v] of SECURITY_HEADERS) c.header(k, v);
    if (api) c.header('Cache-Control', 'no-store');
    await next();
    const h = c.res.headers;
    for (const [k, v] of SECURITY_HEADERS) if (h.get(k) !== v) c.header(k, v);
    if (api && h.get('Cache-Control') !== 'no-store') c.header('Cache-Control', 'no-store');
  };
}

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Body size: JSON bodies are small; uploads have their own, larger limit. */
export function limits(services: Services): MiddlewareHandler<ApiEnv> {
  const tooLarge = (max: number) => () => {
    throw httpError(
      'request.too_large',
      { zh: `请求体过大（上限 ${max} 字节）`, en: `Request body too large (limit ${max} bytes)` },
      { limitBytes: max },
    );
  };
  const normal = bodyLimit({
    maxSize: services.config.bodyLimitBytes,
    onError: tooLarge(services.config.bodyLimitBytes),
  });
  const upload = bodyLimit({
    maxSize: services.config.importLimitBytes,
    onError: tooLarge(services.config.importLimitBytes),
  });
  const timeoutError = () => new HTTPException(503, { message: 'request timed out' });
  const normalTimeout = timeout(services.config.requestTimeoutMs, timeoutError);
  const uploadTimeout = timeout(services.config.importTimeoutMs, timeoutError);
  return async (c, next) => {
    const upload_ = UPLOAD_PATHS.has(c.req.path);
    const timed = async () => {
      await (upload_ ? uploadTimeout : normalTimeout)(c, next);
    };
    // No body to limit on a read; asking for one would make the Node adapter build a full Request.
    if (BODILESS.has(c.req.method)) await timed();
    else await (upload_ ? upload : normal)(c, timed);
  };
}

/** The client's address: the socket's, or with TRUST_PROXY the first X-Forwarded-For entry. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** Who is calling: the session behind the cookie, if any (routes decide whether one is needed). */
export function authenticate(services: Services): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const p = await services.sessions.resolve(token, services.clock.now());
      c.set('principal', p);
      if (p) c.set('log', c.get('log').child({ userId: p.userId }));
    }
    await next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request with a session must carry the session's token in X-CSRF-Token (a
 * page on another site can send the cookie but cannot read the token). A request whose Origin names
 * another site is refused outright. Sign-in has no session yet: it needs a JSON body, which a
 * cross-site form cannot send, and the same Origin check.
 */
export function csrfProtection(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== 'null') {
      const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
      let originHost: string | null = null;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = null;
      }
      if (!host || originHost !== host)
        throw httpError('auth.origin', {
          zh: '拒绝跨站请求',
          en: 'Cross-site request refused',
        });
    }
    const p = c.get('principal');
    if (p && c.req.path !== '/api/auth/login') {
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !sameToken(sent, p.csrfToken))
        throw httpError('auth.csrf', {
          zh: '缺少或错误的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试',
          en: 'Missing or wrong CSRF token (X-CSRF-Token); reload and try again',
        });
    }
    await next();
  };
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

/** Where a NUL character was found: the field's path and the part of the request. */
interface NulAt {
  path: (string | number)[];
  target: 'param' | 'query' | 'json' | 'form';
}

async function nulIn(c: Context<ApiEnv>): Promise<NulAt | null> {
  // The path as decoded: %00 in a segment names the route's parameter there (`caseId`), if any.
  const segments = new URL(c.req.url).pathname.split('/');
  const pattern = routePath(c, -1).split('/');
  for (const [i, raw] of segments.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      continue;
    }
    if (!decoded.includes('\0')) continue;
    const p = pattern[i] ?? '';
    return { path: [p.startsWith(':') ? p.slice(1).replace(/\{.*$/, '') : 'path'], target: 'param' };
  }
  for (const [k, values] of Object.entries(c.req.queries()))
    if (k.includes('\0') || values.some((v) => v.includes('\0'))) return { path: [k], target: 'query' };
  if (BODILESS.has(c.req.method)) return null;
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPE.test(type)) {
    // An upload's body is a file, streamed by its route (which refuses JSON); never read it here.
    if (UPLOAD_PATHS.has(c.req.path)) return null;
    let body: unknown;
    try {
      body = await c.req.json(); // cached: the route's validator reads the same parse
    } catch {
      return null; // malformed JSON is the validator's to report
    }
    const path = nulInValue(body);
    return path ? { path, target: 'json' } : null;
  }
  if (FORM_TYPES.has(type)) {
    let form: unknown;
    try {
      form = await c.req.parseBody({ all: true }); // cached for the route's own parseBody()
    } catch {
      return null;
    }
    const path = nulInValue(form);
    return path ? { path, target: 'form' } : null;
  }
  return null;
}

/**
 * NUL (U+0000) anywhere in the decoded path, the query, or the strings and keys of a JSON or form
 * body is refused with `input.invalid` (400) naming the field: PostgreSQL text cannot hold it, and
 * no field of this API means it. One check here instead of one per route. Uploaded files are not
 * looked into (an XLSX workbook is binary); the import reads them itself.
 */
export function rejectNul(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const at = await nulIn(c);
    if (at) {
      throw invalidInput([nulIssue(at.path)], c.get('lang'), at.target);
    }
    await next();
  };
}
