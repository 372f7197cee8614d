import { CONFIG_HELP } from '../config/config';
import { launch } from './start.command';

export const SERVE_HELP = `huikuan serve [--port N] [--host H]

  Migrates the database and serves the API and the web UI, without ever seeding demo data: the
  command for production processes (several may run against one PostgreSQL server).

${CONFIG_HELP}`;

export async function serveCommand(argv: string[]): Promise<number> {
  const r = await launch(argv, { demo: false });
  return r ? 0 : 2;
}
