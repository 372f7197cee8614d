import type { IncomingMessage } from 'node:http';
import type { Principal } from '../access';
import type { Services } from '../services';
import { sessionTokenFromCookieHeader } from './sessions';

/**
 * The signed-in user behind a raw Node request (a WebSocket upgrade), by its session cookie. The
 * caller must also check the Origin header against the Host: a cookie alone does not show that the
 * request came from this site.
 */
export async function principalOfRequest(
  services: Services,
  req: IncomingMessage,
): Promise<Principal | null> {
  const token = sessionTokenFromCookieHeader(req.headers.cookie);
  if (!token) return null;
  return services.sessions.resolve(token, services.clock.now());
}
