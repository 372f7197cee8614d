import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  errorFromResponse,
  http,
  onUnauthenticated,
  setApiLanguage,
  setCsrfToken,
  withQuery,
} from './client';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setApiLanguage('zh');
});

describe('errors from the server', () => {
  it('keeps the code, the localized message, the request id and the field issues of a 400', async () => {
    const e = await errorFromResponse(
      json(400, {
        error: {
          code: 'input.invalid',
          message: '输入有误',
          requestId: 'req-1',
          issues: [{ path: 'amountFen', message: '必填项' }, { path: 3 }],
        },
      }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message, e.requestId]).toEqual([400, 'input.invalid', '输入有误', 'req-1']);
    expect(e.issues).toEqual([{ path: 'amountFen', message: '必填项' }]);
    expect(e.issueFor('amountFen')).toBe('必填项');
  });

  it('keeps the details of a 409 (the blocking rules of a blocked contact)', async () => {
    const e = await errorFromResponse(
      json(409, {
        error: {
          code: 'contact.blocked',
          message: '合规拦截',
          requestId: 'r',
          details: { nextAllowedAt: null },
        },
      }),
    );
    expect(e.code).toBe('contact.blocked');
    expect(e.details).toEqual({ nextAllowedAt: null });
  });

  it.each([
    [401, 'zh', '登录已过期，请重新登录'],
    [403, 'en', 'Your role may not do this'],
    [502, 'zh', '服务器出错，请稍后重试'],
  ] as const)(
    'falls back to its own %s message in %s when the body is not the API’s',
    async (status, lang, msg) => {
      setApiLanguage(lang);
      const e = await errorFromResponse(new Response('<html>bad gateway</html>', { status }));
      expect(e.code).toBe(`http.${status}`);
      expect(e.message).toBe(msg);
    },
  );
});

describe('requests', () => {
  it('sends the CSRF token and the language on a POST, and neither token nor body on a GET', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return json(200, { ok: true });
    });
    setCsrfToken('tok');
    setApiLanguage('en');
    await http.post('/api/x', { a: 1 });
    await http.get('/api/y', { query: { page: 2, q: '', collectorId: undefined } });
    const [post, get] = calls;
    const postHeaders = new Headers(post!.init.headers);
    expect(postHeaders.get('X-CSRF-Token')).toBe('tok');
    expect(postHeaders.get('Accept-Language')).toBe('en');
    expect(post!.init.body).toBe('{"a":1}');
    expect(new Headers(get!.init.headers).get('X-CSRF-Token')).toBeNull();
    expect(get!.url).toBe('/api/y?page=2');
  });

  it('tells the app the session is gone on a 401, except where a 401 is the answer', async () => {
    const gone = vi.fn();
    onUnauthenticated(gone);
    vi.stubGlobal('fetch', async () =>
      json(401, { error: { code: 'auth.unauthenticated', message: '请先登录', requestId: 'r' } }),
    );
    await expect(http.get('/api/queue')).rejects.toMatchObject({ status: 401, message: '请先登录' });
    expect(gone).toHaveBeenCalledTimes(1);
    await expect(http.post('/api/auth/login', {}, { expectUnauthenticated: true })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into a coded error with a message for the user', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(http.get('/api/queue')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('reads an empty 204 as null', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await expect(http.del('/api/playbook/file')).resolves.toBeNull();
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/a', { x: 1, y: null, z: '', w: false })).toBe('/a?x=1&w=false');
    expect(withQuery('/a', {})).toBe('/a');
  });
});
