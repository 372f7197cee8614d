import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ApiApp } from './route-kit';

/**
 * The web UI on the same port as the API: the files of web/dist when it is built (unknown paths
 * get index.html, so the UI's own routes work on reload), a page explaining how to build it when it
 * is not.
 */

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>回款 Huikuan</title>
<style>body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:720px;margin:48px auto;padding:0 16px;color:#1f2328}code{background:#f6f8fa;padding:2px 6px;border-radius:4px}</style>
</head><body>
<h1>回款 Huikuan 服务已启动</h1>
<p>网页界面尚未构建（没有找到 <code>web/dist/index.html</code>）。API 已可使用：</p>
<ul>
<li><a href="/api/docs">API 文档 /api/docs</a>（<a href="/api/openapi.json">openapi.json</a>）</li>
<li>健康检查：<a href="/healthz">/healthz</a>、<a href="/readyz">/readyz</a></li>
</ul>
<p>构建网页界面后重新打开本页即可。</p>
<hr>
<p lang="en">The server is running, but the web UI has not been built (no <code>web/dist/index.html</code>).
The API is available: see <a href="/api/docs">/api/docs</a>. Build the web UI and reload this page.</p>
</body></html>`;

export function mountWeb(app: ApiApp, webDist: string): void {
  const index = join(webDist, 'index.html');
  // Built assets, when there is a build (a build made later is served after a restart; index.html
  // below is read per request).
  if (existsSync(webDist))
    app.use(
      '*',
      serveStatic({
        root: webDist,
        onFound: (path, c) => {
          c.header(
            'Cache-Control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return c.notFound();
    if (existsSync(index)) return c.html(readFileSync(index, 'utf8'));
    return c.html(PLACEHOLDER_HTML);
  });
}
