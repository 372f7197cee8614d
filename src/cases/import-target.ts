import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Playbook } from '../playbook';
import { createAgency } from './create-agency';
import { createClient } from './create-client';
import { parseInput } from './errors';
import type { Actor, Deps } from './ports';

/**
 * Who imports, into which agency and for which client bank, when a file arrives from the command
 * line: the bank is named, not identified. A single-agency installation needs no more: its only
 * agency and that agency's first admin are used, and an empty database gets an agency with an admin
 * (so `huikuan import` works on a fresh install). A client seen for the first time is created with
 * the default rule pack.
 */

export const importTargetInput = z.object({
  agencyId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  clientName: z.string().trim().min(1).max(100),
});

export interface ImportTarget {
  actor: Actor;
  clientId: string;
  /** what had to be created on the way, for the caller to say so */
  created: {
    agency: { agencyId: string; adminUserId: string } | null;
    client: { clientId: string; name: string } | null;
  };
}

/** name of the agency a first import into an empty database creates */
export const DEFAULT_AGENCY_NAME = '本机构';
const DEFAULT_ADMIN_NAME = '管理员';

async function agencyOf(
  deps: Deps<'org' | 'imports' | 'audit'>,
  created: ImportTarget['created'],
): Promise<string> {
  const agencies = await deps.store.read((r) => r.imports.agencies());
  if (agencies.length > 1)
    throw new DomainError(
      'import.agency_ambiguous',
      {
        en: `There are ${agencies.length} agencies: name the one to import into (${agencies.map((a) => `${a.id} ${a.name}`).join(', ')})`,
        zh: `系统中有 ${agencies.length} 家机构：请指明导入到哪一家（${agencies.map((a) => `${a.id} ${a.name}`).join('，')}）`,
      },
      { agencies: agencies.map((a) => a.id) },
    );
  if (agencies[0]) return agencies[0].id;
  const made = await createAgency(deps, { name: DEFAULT_AGENCY_NAME, admin: { name: DEFAULT_ADMIN_NAME } });
  created.agency = made;
  return made.agencyId;
}

export async function resolveImportTarget(
  deps: Deps<'org' | 'imports' | 'audit'> & { playbook: Playbook },
  input: z.input<typeof importTargetInput>,
): Promise<ImportTarget> {
  const i = parseInput(importTargetInput, input);
  const created: ImportTarget['created'] = { agency: null, client: null };
  const agencyId = i.agencyId ?? (await agencyOf(deps, created));
  const userId = i.userId ?? (await deps.store.read((r) => r.imports.firstAdmin(agencyId)));
  if (!userId)
    throw new DomainError(
      'import.no_admin',
      {
        en: `Agency ${agencyId} has no active admin: name the importing user`,
        zh: `机构 ${agencyId} 没有在职的管理员：请指明由哪位用户导入`,
      },
      { agencyId },
    );
  const actor = { agencyId, userId };
  const known = await deps.store.read((r) => r.imports.clientByName(i.clientName));
  if (known) return { actor, clientId: known.id, created };
  const { clientId } = await createClient(deps, actor, { name: i.clientName });
  created.client = { clientId, name: i.clientName };
  return { actor, clientId, created };
}
