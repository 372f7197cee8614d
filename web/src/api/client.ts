/**
 * The one fetch client. It sends the session cookie (same origin), the CSRF token on every
 * state-changing request, and the UI's language as Accept-Language so the server's messages come
 * back in it. Failures become an ApiError carrying the server's code, its localized message and,
 * for bad input, the field paths.
 *
 * Responses are typed from the server's zod schemas (./types) but not re-validated here: the
 * server validates its own output, and zod in the browser would cost the first screen ~50 KB.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly issues: FieldIssue[],
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }

  /** the message for one field, matched on its path ("amountFen", "turns.0.text") */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  }
}

type Lang = 'zh' | 'en';

interface ClientState {
  csrfToken: string | null;
  lang: Lang;
  onUnauthenticated: () => void;
}

const state: ClientState = { csrfToken: null, lang: 'zh', onUnauthenticated: () => {} };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setApiLanguage(lang: Lang): void {
  state.lang = lang;
}

/** called when the server says the session is gone (401), so the app can show the sign-in screen */
export function onUnauthenticated(fn: () => void): void {
  state.onUnauthenticated = fn;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issuesOf(v: unknown): FieldIssue[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((i) =>
    isRecord(i) && typeof i.path === 'string' && typeof i.message === 'string'
      ? [{ path: i.path, message: i.message }]
      : [],
  );
}

const FALLBACK: Record<Lang, Record<number | 'network', string>> = {
  zh: {
    network: '无法连接服务器，请检查网络后重试',
    401: '登录已过期，请重新登录',
    403: '您的角色无权执行此操作',
    404: '没有找到',
    409: '与当前状态冲突，请刷新后重试',
    500: '服务器出错，请稍后重试',
  },
  en: {
    network: 'Cannot reach the server. Check the network and try again.',
    401: 'Your session has ended. Sign in again.',
    403: 'Your role may not do this',
    404: 'Not found',
    409: 'This conflicts with the current state. Refresh and try again.',
    500: 'The server failed. Try again later.',
  },
};

export function fallbackMessage(status: number | 'network', lang: Lang = state.lang): string {
  const table = FALLBACK[lang];
  return table[status] ?? (typeof status === 'number' && status >= 500 ? table[500]! : table[409]!);
}

export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // a proxy's HTML error page: fall back to a message of our own
  }
  const e = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = e && typeof e.code === 'string' ? e.code : `http.${res.status}`;
  const message = e && typeof e.message === 'string' ? e.message : fallbackMessage(res.status);
  const requestId = e && typeof e.requestId === 'string' ? e.requestId : null;
  const details = e && isRecord(e.details) ? e.details : {};
  return new ApiError(res.status, code, message, requestId, issuesOf(e?.issues), details);
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** a FormData or a File: sent as is (multipart or raw upload) */
  raw?: BodyInit;
  signal?: AbortSignal;
  /** a 401 on this request is an answer (the sign-in form), not an expired session */
  expectUnauthenticated?: boolean;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.lang === 'zh' ? 'zh-CN,zh;q=0.9' : 'en',
  };
  if (STATE_CHANGING.has(method) && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', fallbackMessage('network'), null, [], {});
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (res.status === 401 && !opts.expectUnauthenticated) state.onUnauthenticated();
    throw err;
  }
  // 204 and empty bodies read as null
  const text = await res.text();
  return JSON.parse(text || 'null');
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};
