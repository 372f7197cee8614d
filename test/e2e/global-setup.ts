import type { TestProject } from 'vitest/node';
import { startServer } from './server';
import { buildWeb, webBuildIsStale } from './web-build';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the UI when it is stale and starts one real server with demo data for the whole run. */
export default async function setup(project: TestProject) {
  if (webBuildIsStale()) buildWeb();
  // E2E_BASE_URL: run against a server that is already up (its web/dist must be this build)
  const given = process.env.E2E_BASE_URL;
  if (given) {
    project.provide('baseUrl', given);
    return;
  }
  const server = await startServer();
  project.provide('baseUrl', server.url);
  return async () => {
    await server.stop();
  };
}
