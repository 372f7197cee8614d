import type { CaseTx, UnitOfWork } from '../cases/ports';
import { auditRepository } from './audit.repository';
import { callRepository } from './call.repository';
import { caseRepository } from './case.repository';
import { attemptRepository, contactRepository } from './contact.repository';
import type { Db, Sql } from './db';
import { debtorRepository } from './debtor.repository';
import { escalationRepository, fieldVisitRepository, holdRepository } from './hold.repository';
import { importRepository } from './import.repository';
import { orgRepository } from './org.repository';
import { paymentRepository } from './payment.repository';
import { planRepository } from './plan.repository';
import { promiseRepository } from './promise.repository';
import { queueRepository } from './queue.repository';
import { statsRepository } from './stats.repository';

/** Every repository bound to one connection or transaction. */
export function repositories(sql: Sql): CaseTx {
  return {
    org: orgRepository(sql),
    cases: caseRepository(sql),
    debtors: debtorRepository(sql),
    contacts: contactRepository(sql),
    attempts: attemptRepository(sql),
    calls: callRepository(sql),
    promises: promiseRepository(sql),
    plans: planRepository(sql),
    payments: paymentRepository(sql),
    holds: holdRepository(sql),
    escalations: escalationRepository(sql),
    visits: fieldVisitRepository(sql),
    audit: auditRepository(sql),
    queue: queueRepository(sql),
    imports: importRepository(sql),
    stats: statsRepository(sql),
  };
}

/**
 * The case store: the use cases' unit of work over PostgreSQL. Each transaction runs at READ
 * COMMITTED; use cases lock the rows they change (the case, the person's debtor rows), and a
 * deadlock or serialization failure reruns the whole callback.
 */
export function createCaseStore(db: Db): UnitOfWork<CaseTx> {
  const direct = repositories(db);
  return {
    transaction: (fn) => db.transaction((tx) => fn(repositories(tx))),
    read: (fn) => fn(direct),
  };
}
