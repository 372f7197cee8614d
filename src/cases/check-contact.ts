import { z } from 'zod';
import { formatInZone } from '../domain/calendar';
import type { Playbook } from '../playbook';
import { requireUser } from './access';
import {
  clientPolicies,
  decide,
  guardContextOf,
  guardInput,
  primaryNumber,
  targetKindOf,
} from './contact-decision';
import { notFound, parseInput } from './errors';
import type { Actor, Deps } from './ports';

export const checkContactInput = z.object({
  debtorId: z.string().min(1),
  channel: z.enum(['call', 'sms', 'visit']),
  at: z.iso.datetime({ offset: true }),
  /** the contact (number or person) to reach; default: the debtor's own first valid number */
  contactId: z.string().min(1).optional(),
  /** visits: how many staff go */
  staff: z.int().min(0).max(20).optional(),
});

const check = z.object({
  rule: z.string(),
  pack: z.string(),
  allowed: z.boolean(),
  reason: z.object({ zh: z.string(), en: z.string() }),
  nextAllowedAt: z.string().nullable(),
});
export const checkContactOutput = z.object({
  allowed: z.boolean(),
  /** ISO with the debtor's offset; null when waiting will not help */
  nextAllowedAt: z.string().nullable(),
  timeZone: z.string(),
  target: z.object({
    kind: z.enum(['debtor', 'guarantor', 'third_party']),
    contactId: z.string().nullable(),
  }),
  checks: z.array(check),
  blocking: z.array(check),
});

/**
 * Asks the contact guard whether a contact would be allowed, without making it (the `huikuan guard`
 * command, a dialer's pre-check). History is read across the whole client.
 */
export async function checkContactFor(
  deps: Deps<'org' | 'debtors' | 'contacts' | 'attempts'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof checkContactInput>,
): Promise<z.infer<typeof checkContactOutput>> {
  const i = parseInput(checkContactInput, input);
  const at = new Date(i.at);
  return deps.store.read(async (tx) => {
    // A console or job may ask as the agency's system; a person must be a user of the agency.
    if (actor.userId !== null) await requireUser(tx.org, actor);
    const debtor = await tx.debtors.get(actor.agencyId, i.debtorId);
    if (!debtor) throw notFound('debtor', i.debtorId);
    const client = await tx.org.getClient(debtor.clientId);
    if (!client) throw notFound('client', debtor.clientId);
    const context = await guardContextOf(tx.attempts, actor.agencyId, debtor.id, at);
    let contact = null;
    if (i.contactId) {
      contact = context.contacts.find((c) => c.id === i.contactId) ?? null;
      if (!contact) throw notFound('contact', i.contactId);
    } else if (i.channel !== 'visit') contact = primaryNumber(context.contacts);
    const d = decide(
      guardInput({ channel: i.channel, at, debtor, context, contact, staff: i.staff }),
      clientPolicies(deps.playbook, client),
    );
    const fmt = (c: (typeof d.checks)[number]) => ({
      rule: c.rule,
      pack: c.pack,
      allowed: c.allowed,
      reason: c.reason,
      nextAllowedAt: c.nextAllowedAt ? formatInZone(c.nextAllowedAt, debtor.timeZone) : null,
    });
    return checkContactOutput.parse({
      allowed: d.allowed,
      nextAllowedAt: d.nextAllowedAt ? formatInZone(d.nextAllowedAt, debtor.timeZone) : null,
      timeZone: debtor.timeZone,
      target: {
        kind: contact ? targetKindOf(contact.relation) : 'debtor',
        contactId: contact?.id ?? null,
      },
      checks: d.checks.map(fmt),
      blocking: d.blocking.map(fmt),
    });
  });
}
