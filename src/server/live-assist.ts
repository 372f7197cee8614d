import type { IncomingMessage } from 'node:http';
import type { ScriptContext } from '../advisor';
import type { Db } from '../store/db';
import { openPostgres } from '../store/pg-db';
import type { RouteRegistrar } from './app';
import { resolveSession, SESSION_COOKIE } from './auth/sessions';
import { LiveHub } from './live-calls';
import { registerLiveRoutes } from './live-routes';
import { LiveSockets } from './live-socket';
import type { UpgradeHandler } from './server';
import type { Services } from './services';

export interface LiveAssist {
  hub: LiveHub;
  sockets: LiveSockets;
  routes: RouteRegistrar;
  upgrade: UpgradeHandler;
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * A small pool for appending live turns with synchronous_commit off: the turn is committed on the
 * server (another API process sees it at once, and an API process dying loses nothing) but the
 * answer does not wait for the WAL to reach the disk — that flush was most of a turn's time
 * (~3 ms of ~4 ms at p50 on this machine). A crash of the PostgreSQL server itself can lose the last
 * fraction of a second of turns; the dialer resends from the `turns` count a new socket reports.
 */
export function liveTurnWriter(url: string): Db {
  const u = new URL(url);
  u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} -c synchronous_commit=off`.trim());
  return openPostgres({ url: u.toString(), max: 4 });
}

/**
 * Live call assist for one API process: the hub (its calls in memory), the socket endpoint, the
 * HTTP routes, and a drain hook so SIGTERM lets turns in progress be answered before the sockets
 * are closed (1012) and the dialers reconnect elsewhere.
 */
export function liveAssist(services: Services, opts: { profile?: Partial<ScriptContext> } = {}): LiveAssist {
  const turns = services.config.databaseUrl ? liveTurnWriter(services.config.databaseUrl) : null;
  if (turns) services.lifecycle.onClose('live-turns', () => turns.close());
  const log = services.logger.child({ component: 'live' });
  const hub = new LiveHub({
    onStoreError: (e, liveCallId) =>
      log.warn('live.store_retry', { liveCallId, error: e instanceof Error ? e.name : typeof e }),
    db: services.db,
    ...(turns ? { turns } : {}),
    store: services.store,
    clock: services.clock,
    ids: services.ids,
    playbookFor: (agencyId) => services.playbooks.get(agencyId),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  const sockets = new LiveSockets({
    hub,
    log,
    async userOf(req) {
      const token = cookie(req, SESSION_COOKIE);
      if (!token) return null;
      const p = await resolveSession(services.db, token, services.clock.now(), {
        idleMinutes: services.config.sessionIdleMinutes,
        maxHours: services.config.sessionMaxHours,
      });
      return p ? { agencyId: p.agencyId, userId: p.userId } : null;
    },
  });
  // Open sockets would keep the HTTP server from closing, so they are closed as soon as the process
  // starts draining (not after): turns in progress are answered, then each socket gets 1012.
  const drain = () => sockets.drain(Math.min(services.config.shutdownTimeoutMs, 10_000));
  const watch = setInterval(() => {
    if (!services.lifecycle.draining) return;
    clearInterval(watch);
    void drain();
  }, 200);
  watch.unref();
  services.lifecycle.onDrain('live-assist', async () => {
    clearInterval(watch);
    await drain();
  });
  return {
    hub,
    sockets,
    routes: (app) => registerLiveRoutes(app, hub),
    upgrade: sockets.upgrade,
  };
}
