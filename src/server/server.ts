import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app';
import { errorFields } from './logger';
import type { ApiApp } from './route-kit';
import type { Services } from './services';

/**
 * The HTTP server: the API and the web UI on one port, with graceful shutdown. On SIGTERM (or
 * `stop()`): stop accepting connections, turn away new requests on kept-alive ones, wait for the
 * requests in flight (up to SHUTDOWN_TIMEOUT_MS), run the drain hooks (jobs, live calls), then close
 * the database. Nothing half-done is cut off while there is time to finish it.
 */

/** Handles an HTTP upgrade (WebSocket); returns true when it took the socket. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface StartOptions extends AppOptions {
  port?: number;
  host?: string;
  /** WebSocket and other upgrades (live call assist); unclaimed upgrades are refused */
  upgrades?: readonly UpgradeHandler[];
  /** install SIGTERM/SIGINT handlers that stop the server (default true; tests pass false) */
  signals?: boolean;
}

export interface RunningServer {
  app: ApiApp;
  server: Server;
  url: string;
  port: number;
  /** requests being handled right now */
  inFlight(): number;
  /** graceful stop; resolves when everything is closed */
  stop(reason?: string): Promise<void>;
}

/** serve() is typed as any of the HTTP, HTTPS and HTTP/2 servers; this one is plain HTTP. */
function isHttpServer(x: unknown): x is Server {
  return typeof x === 'object' && x !== null && 'closeIdleConnections' in x;
}

export async function startServer(services: Services, opts: StartOptions = {}): Promise<RunningServer> {
  const app = createApp(services, opts);
  const log = services.logger;
  const port = opts.port ?? services.config.port;
  const host = opts.host ?? services.config.host;

  let active = 0;
  const idle: (() => void)[] = [];
  let listening: (info: AddressInfo) => void = () => {};
  const bound = new Promise<AddressInfo>((resolve) => {
    listening = resolve;
  });
  const raw = serve({ fetch: app.fetch, port, hostname: host }, (info) => listening(info));
  if (!isHttpServer(raw)) throw new Error('expected an HTTP/1.1 server');
  const server = raw;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    bound.then(resolve);
  });

  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    active++;
    res.once('close', () => {
      active--;
      if (active === 0) for (const f of idle.splice(0)) f();
    });
  });
  // Slow clients cannot hold a request open forever (the handler has its own timeout).
  server.requestTimeout = Math.max(services.config.requestTimeoutMs, services.config.importTimeoutMs) + 5_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (services.lifecycle.draining) {
      socket.destroy();
      return;
    }
    for (const h of opts.upgrades ?? []) if (h(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${address.port}`;

  let stopping: Promise<void> | null = null;
  const stop = (reason = 'stop'): Promise<void> => {
    stopping ??= (async () => {
      const started = Date.now();
      log.info('server.stopping', { reason, inFlight: active });
      services.lifecycle.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = new Promise<void>((resolve) => (active === 0 ? resolve() : idle.push(resolve)));
      const limit = services.config.shutdownTimeoutMs;
      const timedOut = await Promise.race([
        drained.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), limit).unref()),
      ]);
      if (timedOut) log.warn('server.drain_timeout', { inFlight: active, limitMs: limit });
      server.closeAllConnections();
      await closed;
      await services.lifecycle.shutdown();
      log.info('server.stopped', { reason, ms: Date.now() - started });
    })();
    return stopping;
  };

  if (opts.signals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      stop(signal).then(
        () => process.exit(0),
        (e) => {
          log.error('server.stop_failed', errorFields(e));
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  log.info('server.listening', { url, port: address.port, db: services.db.kind });
  return { app, server, url, port: address.port, inFlight: () => active, stop };
}
