import { attachJobs } from '../jobs/server-jobs';
import { liveAssist } from './live-assist';
import type { StartOptions } from './server';
import type { Services } from './services';

/**
 * Everything an API process serves beyond the core routes: background jobs (worked in process on
 * PGlite, only enqueued on a PostgreSQL server) and live call assist (its routes and its socket).
 * `huikuan start`/`serve` and the tests that walk every endpoint assemble the server the same way.
 */
export async function assemble(
  services: Services,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Pick<StartOptions, 'routes' | 'upgrades'>> {
  const jobs = await attachJobs(services, env);
  const live = liveAssist(services);
  return { routes: [jobs.routes, live.routes], upgrades: [live.upgrade] };
}
