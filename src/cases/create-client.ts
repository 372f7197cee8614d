import { z } from 'zod';
import type { Playbook } from '../playbook';
import { requireUser } from './access';
import { auditEntry } from './audit-entry';
import { clientPolicies } from './contact-decision';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const createClientInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** e.g. ['cn'] or ['us', 'us-ma']; where several apply the strictest wins */
  rulePacks: z
    .array(z.string().regex(/^[a-z]+(?:-[a-z]+)*$/))
    .min(1)
    .default(['cn']),
  /** the stricter 21:00 evening profile of the China hours rule */
  strictHours: z.boolean().default(false),
});
export const createClientOutput = z.object({ clientId: z.string() });

/** Registers a client bank (委托方) and the rule packs its contracts bind the agency to. */
export async function createClient(
  deps: Deps<'org' | 'audit'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof createClientInput>,
): Promise<z.infer<typeof createClientOutput>> {
  const i = parseInput(createClientInput, input);
  const clientId = deps.ids.next('cli');
  const client = { id: clientId, name: i.name, rulePacks: i.rulePacks, strictHours: i.strictHours };
  // Fails now, with the list of known packs, rather than at the first contact attempt.
  clientPolicies(deps.playbook, client);
  await deps.store.transaction(async (tx) => {
    await requireUser(tx.org, actor, 'manager');
    await tx.org.insertClient(client);
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), clientId, 'client.created', 'client', clientId, { ...i }),
    );
  });
  return createClientOutput.parse({ clientId });
}
