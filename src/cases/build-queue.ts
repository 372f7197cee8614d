import { z } from 'zod';
import type { PackPolicy } from '../compliance/contact-guard';
import { formatInZone } from '../domain/calendar';
import { minutesOfDay, type Playbook } from '../playbook';
import { requireUser, roleAtLeast } from './access';
import { clientPolicies, decide, guardInput, historySince, primaryNumber } from './contact-decision';
import { forbidden, notFound, parseInput } from './errors';
import { maskName, maskPhone } from './masking';
import type { Actor, ClientRecord, Deps, QueueClientWindow, QueueRow } from './ports';
import { explainPoints } from './queue-score';

export const buildQueueInput = z.object({
  collectorId: z.string().min(1),
  at: z.iso.datetime({ offset: true }).optional(),
  page: z.int().min(1).default(1),
  pageSize: z.int().min(1).max(100).default(20),
});

const reason = z.object({ component: z.string(), points: z.int(), zh: z.string(), en: z.string() });

export const buildQueueOutput = z.object({
  collectorId: z.string(),
  at: z.string(),
  page: z.int(),
  pageSize: z.int(),
  /** workable cases in the whole queue (before the guard's final check of this page) */
  total: z.int(),
  items: z.array(
    z.object({
      rank: z.int(),
      caseId: z.string(),
      debtorName: z.string(),
      number: z.string().nullable(),
      balanceFen: z.int(),
      score: z.int(),
      reasons: z.array(reason),
      nextDueAt: z.string().nullable(),
      strategy: z.string().nullable(),
      persona: z.string().nullable(),
      localTime: z.string(),
    }),
  ),
  /** on this page but blocked by a rule the store's filter does not see (e.g. a US 7-in-7 limit) */
  excluded: z.array(
    z.object({
      caseId: z.string(),
      reasons: z.array(z.object({ rule: z.string(), zh: z.string(), en: z.string() })),
      nextAllowedAt: z.string().nullable(),
    }),
  ),
});

/**
 * The window in which a call is lawful now for one client's debtors, intersected over its packs
 * (the strictest wins), and the daily cap on conversations. The store's SQL filter uses it; the
 * guard still has the last word on every row of the page.
 */
export function queueWindow(client: ClientRecord, policies: readonly PackPolicy[]): QueueClientWindow {
  let open = 0;
  let close = 24 * 60;
  let maxTalks = Number.POSITIVE_INFINITY;
  let consentApplies = true;
  for (const p of policies) {
    if (p.jurisdiction === 'cn') {
      const h = p.params['contact.hours'];
      open = Math.max(open, minutesOfDay(h.quiet_end));
      close = Math.min(close, minutesOfDay(p.strictHours ? h.strict_profile_quiet_start : h.quiet_start));
      maxTalks = Math.min(maxTalks, p.params['contact.frequency'].max_connected_per_debtor_per_day);
    } else {
      const h = p.params['contact.hours'];
      open = Math.max(open, minutesOfDay(h.start));
      close = Math.min(close, minutesOfDay(h.end));
      // Regulation F: no call within 7 days after a conversation, so one conversation ends the day.
      maxTalks = Math.min(maxTalks, 1);
      consentApplies = false;
    }
  }
  return {
    clientId: client.id,
    openMinute: open,
    closeMinute: close,
    maxTalksPerDay: Number.isFinite(maxTalks) ? maxTalks : 3,
    consentApplies,
  };
}

/**
 * A collector's queue for today: workable cases ranked by a transparent score, each with the
 * reasons for its place, excluding what the contact guard blocks now. Paged.
 */
export async function buildQueue(
  deps: Deps<'org' | 'queue' | 'attempts'> & { playbook: Playbook },
  actor: Actor,
  input: z.input<typeof buildQueueInput>,
): Promise<z.infer<typeof buildQueueOutput>> {
  const i = parseInput(buildQueueInput, input);
  const at = i.at ? new Date(i.at) : deps.clock.now();
  return deps.store.read(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const collector = me.id === i.collectorId ? me : await tx.org.getUser(actor.agencyId, i.collectorId);
    if (!collector) throw notFound('user', i.collectorId);
    const lead = me.role === 'lead' && me.teamId !== null && me.teamId === collector.teamId;
    if (collector.id !== me.id && !lead && !roleAtLeast(me.role, 'manager'))
      throw forbidden('see this queue', {
        en: 'only your own queue or your team’s',
        zh: '只能查看本人或本组的队列',
      });
    const clients = await tx.queue.clientsOf(actor.agencyId, collector.id);
    const policies = new Map(clients.map((c) => [c.id, clientPolicies(deps.playbook, c)]));
    const { rows, total } = await tx.queue.page({
      agencyId: actor.agencyId,
      collectorId: collector.id,
      at,
      windows: clients.map((c) => queueWindow(c, policies.get(c.id) ?? [])),
      limit: i.pageSize,
      offset: (i.page - 1) * i.pageSize,
    });
    const contexts = await tx.attempts.guardContext(
      actor.agencyId,
      rows.map((r) => r.debtorId),
      historySince(at),
    );
    const items: z.input<typeof buildQueueOutput>['items'] = [];
    const excluded: z.input<typeof buildQueueOutput>['excluded'] = [];
    rows.forEach((r, n) => {
      const context = contexts.get(r.debtorId) ?? { contacts: [], holds: [], history: [] };
      const contact = primaryNumber(context.contacts);
      const d = decide(
        guardInput({ channel: 'call', at, debtor: debtorOf(r), context, contact }),
        policies.get(r.clientId) ?? [],
      );
      if (!d.allowed) {
        excluded.push({
          caseId: r.caseId,
          reasons: d.blocking.map((b) => ({ rule: b.rule, zh: b.reason.zh, en: b.reason.en })),
          nextAllowedAt: d.nextAllowedAt ? formatInZone(d.nextAllowedAt, r.timeZone) : null,
        });
        return;
      }
      items.push({
        rank: (i.page - 1) * i.pageSize + n + 1,
        caseId: r.caseId,
        debtorName: maskName(r.debtorName),
        number: contact ? maskPhone(contact.phone) : null,
        balanceFen: r.balanceFen,
        score: r.score,
        reasons: explainPoints(featuresOf(r, at), r.points),
        nextDueAt: r.nextDueAt ? formatInZone(r.nextDueAt, r.timeZone) : null,
        strategy: r.strategy,
        persona: r.persona,
        localTime: formatInZone(at, r.timeZone),
      });
    });
    return buildQueueOutput.parse({
      collectorId: collector.id,
      at: at.toISOString(),
      page: i.page,
      pageSize: i.pageSize,
      total,
      items,
      excluded,
    });
  });
}

function debtorOf(r: QueueRow) {
  return {
    timeZone: r.timeZone,
    quietHoursConsent: r.quietHoursConsent,
    inconvenientTimes: r.inconvenientTimes,
  };
}

export function featuresOf(r: QueueRow, at: Date) {
  return {
    at,
    timeZone: r.timeZone,
    nextDueAt: r.nextDueAt,
    followUpBroken: r.followUpBroken,
    brokenCount: r.brokenCount,
    priority: r.priority,
    balanceFen: r.balanceFen,
    ability: r.ability,
    willingness: r.willingness,
    placementEnd: r.placementEnd,
    lastContactAt: r.lastContactAt,
  };
}
