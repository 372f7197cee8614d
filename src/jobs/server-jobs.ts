import type { RouteRegistrar } from '../server/app';
import type { Services } from '../server/services';
import { jobRoutes } from './jobs.routes';
import { type JobRuntime, jobSettingsFromEnv, startJobRuntime } from './runtime';

/**
 * Background jobs for an API process: on PGlite it works them itself; on a PostgreSQL server it
 * only enqueues (the `huikuan worker` processes work them). SIGTERM drains the jobs after the HTTP
 * requests, before the database closes.
 */
export async function attachJobs(
  services: Services,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ runtime: JobRuntime; routes: RouteRegistrar }> {
  const runtime = await startJobRuntime({
    db: services.db,
    store: services.store,
    databaseUrl: services.config.databaseUrl,
    role: 'server',
    playbook: services.playbook,
    analyzer: services.analyzer,
    clock: services.clock,
    ids: services.ids,
    log: services.logger.child({ component: 'jobs' }),
    settings: jobSettingsFromEnv(env),
  });
  services.lifecycle.onDrain('jobs', () => runtime.stop(services.config.shutdownTimeoutMs));
  return { runtime, routes: jobRoutes(runtime.queue) };
}
