import { z } from 'zod';
import { inputTurnSchema } from '../analysis/contract';
import { yuanToFen } from '../domain/money';
import type { Playbook } from '../playbook';
import { assertCaseAccess, requireCase, requireUser } from './access';
import { auditEntry } from './audit-entry';
import { caseFacts } from './case-facts';
import { unloggedCallFindings } from './contact-decision';
import { invalidState, notFound, parseInput } from './errors';
import { assertNotBeforePlacement, assertNotInFuture } from './event-time';
import type { Actor, CallAnalyzer, Deps, ProposedPromiseRecord } from './ports';
import { markPastDaysStale } from './stale-days';

export const recordCallInput = z.object({
  caseId: z.string().min(1),
  /** the contact attempt this call was (outbound calls are recorded as attempts first) */
  attemptId: z.string().min(1).nullable().default(null),
  at: z.iso.datetime({ offset: true }),
  turns: z.array(inputTurnSchema).min(1).max(2000),
});

export const recordCallOutput = z.object({
  callId: z.string(),
  persona: z.string().nullable(),
  ability: z.number().nullable(),
  willingness: z.number().nullable(),
  violations: z.array(z.object({ rule: z.string(), severity: z.string(), evidence: z.string() })),
  proposals: z.array(
    z.object({
      proposalId: z.string(),
      amountFen: z.int().nullable(),
      amountMaxFen: z.int().nullable(),
      dueAt: z.string().nullable(),
      vague: z.boolean(),
      text: z.string(),
    }),
  ),
  note: z.string(),
});

const CALL = { code: 'call', en: 'A call', zh: '通话' };

/** `call.attempt_recorded` (HTTP 409): the contact attempt already has its call. */
export function attemptRecorded(attemptId: string, callId: string) {
  return invalidState(
    'call.attempt_recorded',
    {
      en: `Contact attempt ${attemptId} already has its call recorded (${callId})`,
      zh: `联系记录 ${attemptId} 的通话已登记（通话编号 ${callId}），不能重复登记`,
    },
    { attemptId, callId },
  );
}

/**
 * Records a call with its transcript: the analyser runs against the case's facts, the analysis is
 * stored, the debtor's ability, willingness and persona on the case are updated, and every promise
 * heard becomes a proposal the collector confirms (confirmPromise) or dismisses.
 *
 * A call given with its contact attempt was checked by the contact guard when the attempt was
 * logged. A call without one is judged by the guard as of its time (a call to the debtor's number,
 * with the holds open then and the history up to then): a call already made is never lost, but each
 * rule that would have refused it is added to the analysis as a compliance finding (guardFindings).
 *
 * A contact attempt has one call: recording a second call for it is refused (`call.attempt_recorded`,
 * naming the call already recorded). The call's time is when it was made: not in the future (beyond a
 * little clock skew, `call.in_future`) and not before the case was placed (`call.before_placement`).
 */
export async function recordCall(
  deps: Deps<'org' | 'cases' | 'debtors' | 'attempts' | 'holds' | 'calls' | 'audit' | 'stats'> & {
    analyzer: CallAnalyzer;
    playbook: Playbook;
  },
  actor: Actor,
  input: z.input<typeof recordCallInput>,
): Promise<z.infer<typeof recordCallOutput>> {
  const i = parseInput(recordCallInput, input);
  const at = new Date(i.at);
  // A call is recorded once it was made: a little clock skew is fine, a future time is not.
  assertNotInFuture(CALL, at, deps.clock.now());
  return deps.store.transaction(async (tx) => {
    const me = await requireUser(tx.org, actor);
    const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { forUpdate: true });
    assertCaseAccess(me, c);
    const debtor = await tx.debtors.get(actor.agencyId, c.debtorId);
    if (!debtor) throw notFound('debtor', c.debtorId);
    await assertNotBeforePlacement(tx.org, CALL, c, at, debtor.timeZone);
    const client = await tx.org.getClient(c.clientId);
    if (!client) throw notFound('client', c.clientId);
    if (i.attemptId && !(await tx.attempts.belongsTo(actor.agencyId, i.attemptId, c.id)))
      throw invalidState(
        'call.attempt_unknown',
        {
          en: `Case ${c.id} has no contact attempt ${i.attemptId}`,
          zh: `案件 ${c.id} 没有编号为 ${i.attemptId} 的联系记录`,
        },
        { attemptId: i.attemptId },
      );
    // An attempt is one call: under the case lock taken above, a second recording of it is refused.
    const existing = i.attemptId ? await tx.calls.forAttempt(actor.agencyId, i.attemptId) : null;
    if (i.attemptId && existing) throw attemptRecorded(i.attemptId, existing);
    const caseHolds = await tx.holds.forCase(actor.agencyId, c.id);
    const facts = caseFacts({
      client,
      debtor,
      c,
      accounts: await tx.cases.accounts(actor.agencyId, c.id),
      conversations: await tx.attempts.conversations(actor.agencyId, c.id),
      holds: caseHolds,
    });
    let analysis = deps.analyzer.analyze(i.turns, { at, facts, timeZone: debtor.timeZone });
    if (!i.attemptId) {
      const findings = await unloggedCallFindings(tx.attempts, deps.playbook, {
        agencyId: actor.agencyId,
        at,
        client,
        debtor,
        caseHolds,
      });
      if (findings.length) analysis = { ...analysis, violations: [...analysis.violations, ...findings] };
    }
    const callId = deps.ids.next('cal');
    await tx.calls.insert({
      id: callId,
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      attemptId: i.attemptId,
      collectorId: me.id,
      at,
      transcript: i.turns,
      analysis,
    });
    const proposals: ProposedPromiseRecord[] = analysis.promises.map((p) => ({
      id: deps.ids.next('ppp'),
      agencyId: actor.agencyId,
      clientId: c.clientId,
      caseId: c.id,
      callId,
      amountFen: p.amount === null ? null : yuanToFen(p.amount),
      amountMaxFen: p.amount_max === null ? null : yuanToFen(p.amount_max),
      dueAt: p.due ? new Date(p.due) : null,
      dueFrom: p.due_from ? new Date(p.due_from) : null,
      kind: p.kind,
      vague: p.vague,
      text: p.text,
      status: 'proposed',
      promiseId: null,
    }));
    await tx.calls.insertProposals(proposals);
    const ability = analysis.ability.level === 'unknown' ? null : analysis.ability.score;
    const willingness = analysis.willingness.level === 'unknown' ? null : analysis.willingness.score;
    await tx.cases.update(actor.agencyId, c.id, {
      ...(ability !== null ? { ability } : {}),
      ...(willingness !== null ? { willingness } : {}),
      ...(analysis.persona.id ? { persona: analysis.persona.id } : {}),
    });
    await tx.audit.append(
      auditEntry(actor, deps.clock.now(), c.clientId, 'call.recorded', 'case', c.id, {
        callId,
        attemptId: i.attemptId,
        persona: analysis.persona.id,
        violations: analysis.violations.map((v) => v.rule),
        proposals: proposals.length,
      }),
    );
    await markPastDaysStale(tx.stats, actor.agencyId, [at], deps.clock.now());
    return recordCallOutput.parse({
      callId,
      persona: analysis.persona.id,
      ability,
      willingness,
      violations: analysis.violations.map((v) => ({
        rule: v.rule,
        severity: v.severity,
        evidence: v.evidence,
      })),
      proposals: proposals.map((p) => ({
        proposalId: p.id,
        amountFen: p.amountFen,
        amountMaxFen: p.amountMaxFen,
        dueAt: p.dueAt?.toISOString() ?? null,
        vague: p.vague,
        text: p.text,
      })),
      note: analysis.note,
    });
  });
}
