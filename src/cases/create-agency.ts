import { z } from 'zod';
import { auditEntry } from './audit-entry';
import { parseInput } from './errors';
import type { Deps } from './ports';

export const createAgencyInput = z.object({
  name: z.string().trim().min(1).max(100),
  admin: z.object({ name: z.string().trim().min(1).max(50) }),
});
export const createAgencyOutput = z.object({ agencyId: z.string(), adminUserId: z.string() });

/** Sets up an agency with its first administrator (an installation step: there is no actor yet). */
export async function createAgency(
  deps: Deps<'org' | 'audit'>,
  input: z.input<typeof createAgencyInput>,
): Promise<z.infer<typeof createAgencyOutput>> {
  const i = parseInput(createAgencyInput, input);
  const now = deps.clock.now();
  const agencyId = deps.ids.next('agy');
  const adminUserId = deps.ids.next('usr');
  await deps.store.transaction(async (tx) => {
    await tx.org.insertAgency({ id: agencyId, name: i.name });
    await tx.org.insertUser({
      id: adminUserId,
      agencyId,
      teamId: null,
      name: i.admin.name,
      role: 'admin',
      active: true,
    });
    const actor = { agencyId, userId: null };
    await tx.audit.append(
      auditEntry(actor, now, null, 'agency.created', 'agency', agencyId, { name: i.name }),
    );
    await tx.audit.append(
      auditEntry(actor, now, null, 'user.created', 'user', adminUserId, { role: 'admin' }),
    );
  });
  return createAgencyOutput.parse({ agencyId, adminUserId });
}
