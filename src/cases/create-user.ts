import { z } from 'zod';
import { requireUser, roleAtLeast } from './access';
import { auditEntry } from './audit-entry';
import { forbidden, notFound, parseInput } from './errors';
import { type Actor, type Deps, ROLES } from './ports';

export const createUserInput = z.object({
  name: z.string().trim().min(1).max(50),
  role: z.enum(ROLES),
  teamId: z.string().min(1).nullable().default(null),
});
export const createUserOutput = z.object({ userId: z.string() });

/** Adds a user to the actor's agency (minimal: the server issue adds sign-in later). */
export async function createUser(
  deps: Deps<'org' | 'audit'>,
  actor: Actor,
  input: z.input<typeof createUserInput>,
): Promise<z.infer<typeof createUserOutput>> {
  const i = parseInput(createUserInput, input);
  const userId = deps.ids.next('usr');
  await deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor, 'manager');
    if (!roleAtLeast(me.role, i.role))
      throw forbidden('create a user', {
        en: `a ${me.role} cannot create a ${i.role}`,
        zh: '不能创建权限高于自己的用户',
      });
    if (i.teamId && !(await tx.org.getTeam(actor.agencyId, i.teamId))) throw notFound('team', i.teamId);
    await tx.org.insertUser({
      id: userId,
      agencyId: actor.agencyId,
      teamId: i.teamId,
      name: i.name,
      role: i.role,
      active: true,
    });
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), null, 'user.created', 'user', userId, {
        role: i.role,
        teamId: i.teamId,
      }),
    );
  });
  return createUserOutput.parse({ userId });
}
