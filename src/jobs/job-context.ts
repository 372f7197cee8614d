import type { CallAnalyzer, CaseTx, Clock, IdGenerator, UnitOfWork } from '../cases/ports';
import type { Playbook } from '../playbook';
import type { Db } from '../store/db';
import type { JobQueue } from './job-queue';
import type { MessageChannel } from './message-channel';

/** The structured logger jobs write to (the server's Logger satisfies it). */
export interface JobLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The agency's own details that automatic messages carry (not held in the database). */
export interface SenderProfile {
  /** the published call-back number; a reminder needing it is not sent without one */
  callbackPhone: string | null;
  /** the client's official repayment channel; default: "<client>官方App或官方还款账户" */
  paymentChannel: string | null;
}

/** What every job handler is given. */
export interface JobContext {
  db: Db;
  store: UnitOfWork<CaseTx>;
  playbook: Playbook;
  analyzer: CallAnalyzer;
  clock: Clock;
  ids: IdGenerator;
  channel: MessageChannel;
  queue: Pick<JobQueue, 'enqueue'>;
  log: JobLog;
  sender: SenderProfile;
}

export const silentLog: JobLog = { info() {}, warn() {}, error() {} };

/** Every agency in the installation: scheduled jobs run for each. */
export async function agencyIds(db: Db): Promise<string[]> {
  return (await db.query<{ id: string }>('select id from agencies order by id')).rows.map((r) => r.id);
}
