import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs-viewer';
import {
  type DomainError,
  errorBodyOf,
  fromDatabase,
  httpError,
  internalErrorBody,
  isDomainError,
  statusOf,
} from './errors';
import type { Lang } from './i18n';
import { errorFields } from './logger';
import {
  authenticate,
  csrfProtection,
  limits,
  refuseWhileDraining,
  rejectNul,
  requestContext,
  securityHeaders,
} from './middleware';
import type { ApiApp, ApiEnv } from './route-kit';
import { registerRoutes } from './routes';
import type { Services } from './services';
import { invalidInput } from './validation';
import { mountWeb } from './web-static';

/** Part B and future transports add routes through this seam, with the same route kit and guard. */
export type RouteRegistrar = (app: ApiApp, services: Services) => void;

export interface AppOptions {
  /** extra routes (e.g. live assist, QA batches), registered after the core API, before the web UI */
  routes?: readonly RouteRegistrar[];
  /** serve web/dist (default true) */
  web?: boolean;
}

export const API_VERSION = '1.0.0';

/** Bad input: every problem with its field path, in the request's language. */
const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (!result.success) throw invalidInput(result.error.issues, c.get('lang'), result.target);
};

function fromHttpException(e: HTTPException): DomainError {
  switch (e.status) {
    case 400:
      return httpError('request.malformed', {
        zh: '请求格式错误（无法解析 JSON）',
        en: 'Malformed request (the body is not valid JSON)',
      });
    case 413:
      return httpError('request.too_large', { zh: '请求体过大', en: 'Request body too large' });
    case 415:
      return httpError('request.unsupported_media_type', {
        zh: '不支持的内容类型：请使用 application/json',
        en: 'Unsupported media type: send application/json',
      });
    case 503:
    case 504:
      return httpError('request.timeout', {
        zh: '请求处理超时，请稍后重试',
        en: 'The request took too long; try again later',
      });
    default:
      return httpError('request.error', { zh: '请求无法处理', en: 'The request cannot be handled' });
  }
}

/** The issues of an input.invalid, in the request's language (a use case's carry both: messageZh). */
function issuesOf(e: DomainError, lang: Lang): { path: string; message: string }[] | undefined {
  if (e.code !== 'input.invalid') return undefined;
  const raw = e.details?.issues;
  if (!Array.isArray(raw)) return undefined;
  const out: { path: string; message: string }[] = [];
  for (const i of raw)
    if (typeof i === 'object' && i !== null && 'path' in i && 'message' in i)
      out.push({
        path: String(i.path),
        message: String(lang === 'zh' && 'messageZh' in i ? i.messageZh : i.message),
      });
  return out;
}

export function createApp(services: Services, opts: AppOptions = {}): ApiApp {
  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });

  app.use('*', requestContext(services));
  app.use('*', securityHeaders());
  app.use('*', refuseWhileDraining(services));
  app.use('/api/*', limits(services));
  app.use('/api/*', authenticate(services));
  app.use('/api/*', csrfProtection());
  app.use('/api/*', rejectNul());

  registerRoutes(app, services);
  for (const register of opts.routes ?? []) register(app, services);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '回款 Huikuan API',
      version: API_VERSION,
      description:
        'Sign in with POST /api/auth/login (cookie session); send the X-CSRF-Token from /api/me on every state-changing request. Errors: {error:{code,message,requestId,issues?,details?}}; messages follow Accept-Language (zh-CN default). Money in fen, times ISO-8601 with offset. x-roles lists who may call each operation.',
    },
  });
  app.get('/api/docs', (c) => c.html(DOCS_HTML));
  app.get('/api/docs/viewer.js', (c) =>
    c.body(DOCS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/api/docs/viewer.css', (c) =>
    c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );

  app.notFound((c) => {
    const e = httpError('route.not_found', { zh: '没有这个接口', en: 'No such endpoint' });
    return c.json(errorBodyOf(e, c.get('lang') ?? 'zh', c.get('requestId') ?? '-'), 404);
  });
  if (opts.web !== false) mountWeb(app, services.config.webDist);

  app.onError((err, c) => {
    const lang = c.get('lang') ?? 'zh';
    const requestId = c.get('requestId') ?? '-';
    const log = c.get('log') ?? services.logger;
    const known = isDomainError(err)
      ? err
      : err instanceof HTTPException
        ? fromHttpException(err)
        : fromDatabase(err);
    if (known) {
      const status: ContentfulStatusCode = statusOf(known.code);
      log.info('request.refused', { code: known.code, status, route: c.req.routePath });
      if (status === 429 && typeof known.details?.retryAfterSeconds === 'number')
        c.header('Retry-After', String(known.details.retryAfterSeconds));
      return c.json(errorBodyOf(known, lang, requestId, issuesOf(known, lang)), status);
    }
    // Unknown: details go to the log (scrubbed), the caller gets the request id only.
    log.error('request.failed', { route: c.req.routePath, method: c.req.method, ...errorFields(err) });
    return c.json(internalErrorBody(lang, requestId), 500);
  });
  return app;
}
