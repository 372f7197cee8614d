import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { inGroup, type Principal, ROLES, type RoleGroup } from './access';
import { errorBody, type ServerRole } from './api-schemas';
import { FORBIDDEN, UNAUTHENTICATED } from './errors';
import type { Lang } from './i18n';
import type { Logger } from './logger';
import { assertScopable, scopeResources } from './resource-scope';
import type { Services } from './services';

/**
 * How routes are declared: every route names who may call it. The guard runs before the route's
 * input is validated, so a wrong user learns nothing about the input either, and the roles are
 * written into the OpenAPI document (`x-roles`), which the authorization test walks.
 */

export interface ApiVariables {
  requestId: string;
  lang: Lang;
  principal: Principal | null;
  log: Logger;
  services: Services;
}
export type ApiEnv = { Variables: ApiVariables };
export type ApiApp = OpenAPIHono<ApiEnv>;

/** `public`: no sign-in; `signed_in`: any role; otherwise a named group of roles (access.ts). */
export type Access = 'public' | 'signed_in' | RoleGroup;

export function rolesOf(access: Access): readonly ServerRole[] | ['public'] {
  if (access === 'public') return ['public'];
  if (access === 'signed_in') return ROLES.everyone;
  return ROLES[access];
}

export function guard(access: Access): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const p = c.get('principal');
      if (!p) throw UNAUTHENTICATED();
      if (access !== 'signed_in' && !inGroup(p.role, access)) throw FORBIDDEN();
    }
    await next();
  };
}

/** The principal of a route that requires sign-in (the guard has run). */
export function principal(c: { get(key: 'principal'): Principal | null }): Principal {
  const p = c.get('principal');
  if (!p) throw UNAUTHENTICATED();
  return p;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: each problem with the path of its field',
  401: 'Not signed in, or the session ended',
  403: 'Your role may not do this, or the CSRF token is missing',
  404: 'No such resource within your scope',
  409: 'Conflicts with the current state (e.g. a contact the rules block now)',
  413: 'Body too large',
  422: 'Understood, but the business rules refuse it',
  429: 'Too many failed sign-ins: locked or rate limited',
};

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

export function errors(...statuses: ErrorStatus[]) {
  const out: Record<
    string,
    { description: string; content: { 'application/json': { schema: typeof errorBody } } }
  > = {};
  for (const s of statuses)
    out[String(s)] = {
      description: ERROR_TEXT[s] ?? 'Error',
      content: { 'application/json': { schema: errorBody } },
    };
  return out;
}

export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

export interface RouteOptions {
  /**
   * The handler reads the resource its path names in one statement that also checks the caller's
   * scope, answering "not found" exactly as the early check would — so the early check's extra round
   * trip is left out. For hot reads only (the case page, read/case-view.ts).
   */
  scopedInHandler?: boolean;
}

/**
 * A route with its access rule: the role check, then the scope check of every resource its path
 * names (resource-scope.ts), both before the input is validated. The standard error responses of a
 * signed-in route (401, 403, and 404 with path parameters) and of one with input (400) are added to
 * the document.
 */
export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware'> & { path: P },
>(access: Access, config: R, opts: RouteOptions = {}) {
  assertScopable(config.path);
  const hasInput = Boolean(config.request?.body || config.request?.query || config.request?.params);
  const standard = {
    ...(hasInput ? errors(400) : {}),
    ...(access === 'public' ? {} : errors(401, 403)),
    ...(config.request?.params ? errors(404) : {}),
  };
  return createRoute({
    ...config,
    responses: { ...standard, ...config.responses },
    middleware: opts.scopedInHandler ? [guard(access)] : [guard(access), scopeResources()],
    'x-roles': [...rolesOf(access)],
  });
}
