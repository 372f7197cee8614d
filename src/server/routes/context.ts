import type { Analyzer } from '../../analysis/analyze';
import type { Actor, CaseTx, Clock, IdGenerator, UnitOfWork } from '../../cases/ports';
import type { Playbook } from '../../playbook';
import type { Principal } from '../access';
import type { Services } from '../services';

/** Everything a use case may ask for, with the caller's agency's own playbook and analyser. */
export interface CaseDeps {
  store: UnitOfWork<CaseTx>;
  clock: Clock;
  ids: IdGenerator;
  playbook: Playbook;
  analyzer: Analyzer;
}

export async function depsFor(services: Services, p: Principal): Promise<CaseDeps> {
  const own = await services.playbooks.get(p.agencyId);
  return {
    store: services.store,
    clock: services.clock,
    ids: services.ids,
    playbook: own.playbook,
    analyzer: own.analyzer,
  };
}

export function actorOf(p: Principal): Actor {
  return { agencyId: p.agencyId, userId: p.userId };
}
