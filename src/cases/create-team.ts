import { z } from 'zod';
import { requireUser } from './access';
import { auditEntry } from './audit-entry';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const createTeamInput = z.object({ name: z.string().trim().min(1).max(50) });
export const createTeamOutput = z.object({ teamId: z.string() });

export async function createTeam(
  deps: Deps<'org' | 'audit'>,
  actor: Actor,
  input: z.input<typeof createTeamInput>,
): Promise<z.infer<typeof createTeamOutput>> {
  const i = parseInput(createTeamInput, input);
  const teamId = deps.ids.next('tea');
  await deps.store.transaction(async (tx) => {
    await requireUser(tx.org, actor, 'manager');
    await tx.org.insertTeam({ id: teamId, agencyId: actor.agencyId, name: i.name });
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), null, 'team.created', 'team', teamId, { name: i.name }),
    );
  });
  return createTeamOutput.parse({ teamId });
}
