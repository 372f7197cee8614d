import { z } from 'zod';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import { notFound, parseInput } from './errors';
import { type Actor, type Deps, RELATIONS } from './ports';

export const revealDebtorInput = z.object({
  caseId: z.string().min(1),
  /** why the full data is needed (个人信息保护法: a stated purpose, minimum necessary) */
  purpose: z.string().trim().min(2).max(200),
});
export const revealDebtorOutput = z.object({
  debtorId: z.string(),
  name: z.string(),
  idNumber: z.string(),
  contacts: z.array(
    z.object({
      contactId: z.string(),
      name: z.string().nullable(),
      relation: z.enum(RELATIONS),
      phone: z.string(),
      invalid: z.boolean(),
    }),
  ),
});

/** Shows a case's debtor unmasked — and writes who looked, when and why to the audit log first. */
export async function revealDebtor(
  deps: Deps<'org' | 'cases' | 'debtors' | 'contacts' | 'audit'>,
  actor: Actor,
  input: z.input<typeof revealDebtorInput>,
): Promise<z.infer<typeof revealDebtorOutput>> {
  const i = parseInput(revealDebtorInput, input);
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId);
    if (me.role !== 'qa') assertCaseAccess(me, c);
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    const contacts = await tx.contacts.forDebtor(actor.agencyId, debtor.id);
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), c.clientId, 'debtor.unmasked_viewed', 'debtor', debtor.id, {
        caseId: c.id,
        purpose: i.purpose,
        fields: ['name', 'id_number', 'phones'],
      }),
    );
    return revealDebtorOutput.parse({
      debtorId: debtor.id,
      name: debtor.name,
      idNumber: debtor.idNumber,
      contacts: contacts.map((k) => ({
        contactId: k.id,
        name: k.name,
        relation: k.relation,
        phone: k.phone,
        invalid: k.invalid,
      })),
    });
  });
}
