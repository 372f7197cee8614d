import type { Analyzer } from '../analysis/analyze';
import type { CaseTx, Clock, IdGenerator, UnitOfWork } from '../cases/ports';
import type { Config } from '../config/config';
import { loadModelFile } from '../io/analyzer-files';
import { DEFAULT_PLAYBOOK_DIR, loadPlaybookDir, readPlaybookFiles } from '../io/playbook-files';
import type { Playbook } from '../playbook';
import { createCaseStore } from '../store/case-store';
import type { Db } from '../store/db';
import { clockStartingAt, createIdGenerator, systemClock } from '../store/ids';
import { openDb } from '../store/open-db';
import { watchWrites } from '../store/write-watch';
import { SessionCache } from './auth/session-cache';
import { createLogger, errorFields, type Logger } from './logger';
import { PlaybookRegistry } from './playbooks';
import { QUEUE_TABLES, QueueCache } from './read/queue-cache';

/**
 * Everything a transport needs, built once per process and handed to the HTTP routes, the live-assist
 * socket and the job workers alike. Nothing here holds request state, so any number of processes
 * can run against one database.
 */
export interface Services {
  config: Config;
  db: Db;
  store: UnitOfWork<CaseTx>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** the shipped playbook (an agency's own edits: `playbooks.get(agencyId)`) */
  playbook: Playbook;
  /** the analyser built from the shipped playbook */
  analyzer: Analyzer;
  playbooks: PlaybookRegistry;
  /** sessions checked recently, so a signed-in read costs no query (auth/session-cache.ts) */
  sessions: SessionCache;
  /** collectors' queues ranked from memory (read/queue-cache.ts) */
  queues: QueueCache;
  lifecycle: Lifecycle;
}

type Hook = { name: string; run: () => Promise<void> };

/**
 * Shutdown in order: the HTTP server stops accepting and finishes its requests, then the drain hooks
 * run (part B: stop taking jobs, let running ones finish, close live calls), then the close hooks,
 * then the database closes. Each hook's failure is logged and does not stop the others.
 */
export class Lifecycle {
  private readonly drains: Hook[] = [];
  private readonly closes: Hook[] = [];
  private stopping: Promise<void> | null = null;
  draining = false;

  constructor(
    private readonly logger: Logger,
    private readonly db: Db,
  ) {}

  /** Runs after the HTTP server has drained its requests: stop background work and wait for it. */
  onDrain(name: string, run: () => Promise<void>): void {
    this.drains.push({ name, run });
  }

  /** Runs after the drain hooks, before the database closes. */
  onClose(name: string, run: () => Promise<void>): void {
    this.closes.push({ name, run });
  }

  get stopped(): boolean {
    return this.stopping !== null;
  }

  /** Idempotent: a second SIGTERM waits for the first shutdown. */
  shutdown(): Promise<void> {
    this.draining = true;
    this.stopping ??= this.run();
    return this.stopping;
  }

  private async run(): Promise<void> {
    for (const list of [this.drains, this.closes])
      for (const h of list)
        try {
          await h.run();
        } catch (e) {
          this.logger.error('shutdown.hook_failed', { hook: h.name, ...errorFields(e) });
        }
    await this.db.close();
  }
}

export interface ServiceOptions {
  db?: Db;
  clock?: Clock;
  logger?: Logger;
  playbookDir?: string;
  modelPath?: string;
}

/** Opens the database the configuration names (not migrated: the start command migrates). */
export async function createServices(config: Config, opts: ServiceOptions = {}): Promise<Services> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  // Writes through this process to what the queue reads drop its kept queues at once.
  const watched = watchWrites(
    opts.db ??
      (await openDb({
        url: config.databaseUrl ?? undefined,
        dataDir: config.databaseUrl ? undefined : config.pgliteDir,
        // The pool's connections, with their prepared statements, outlive a lull in traffic.
        idleTimeoutMs: 300_000,
      })),
    QUEUE_TABLES,
  );
  const db = watched.db;
  const store = createCaseStore(db);
  const dir = opts.playbookDir ?? DEFAULT_PLAYBOOK_DIR;
  const playbook = loadPlaybookDir(dir);
  const model = loadModelFile(opts.modelPath);
  const playbooks = new PlaybookRegistry(db, readPlaybookFiles(dir), playbook, model, logger);
  return {
    config,
    db,
    store,
    clock: opts.clock ?? (config.clockStart ? clockStartingAt(config.clockStart) : systemClock),
    ids: createIdGenerator(),
    logger,
    playbook,
    analyzer: playbooks.defaultAnalyzer,
    playbooks,
    sessions: new SessionCache(db, {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
    }),
    queues: new QueueCache(store, watched.version),
    lifecycle: new Lifecycle(logger, db),
  };
}
