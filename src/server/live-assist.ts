import type { IncomingMessage } from 'node:http';
import type { ScriptContext } from '../advisor';
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
 * Live call assist for one API process: the hub (its calls in memory), the socket endpoint, the
 * HTTP routes, and a drain hook so SIGTERM lets turns in progress be answered before the sockets
 * are closed (1012) and the dialers reconnect elsewhere.
 */
export function liveAssist(services: Services, opts: { profile?: Partial<ScriptContext> } = {}): LiveAssist {
  const hub = new LiveHub({
    db: services.db,
    store: services.store,
    clock: services.clock,
    ids: services.ids,
    playbookFor: (agencyId) => services.playbooks.get(agencyId),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  const sockets = new LiveSockets({
    hub,
    log: services.logger.child({ component: 'live' }),
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
