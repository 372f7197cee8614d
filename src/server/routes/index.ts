import type { ApiApp } from '../route-kit';
import type { Services } from '../services';
import { registerAuthRoutes } from './auth.routes';
import { registerHealthRoutes } from './health.routes';

/** Every route of the core API, in the order the OpenAPI document lists them. */
export function registerRoutes(app: ApiApp, services: Services): void {
  registerHealthRoutes(app, services);
  registerAuthRoutes(app, services);
}
