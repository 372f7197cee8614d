import {
  type AdviceInput,
  certainPersona,
  heardFromAnalysis,
  type PastContact,
  type PersonaView,
  personaFromAnalysis,
} from '../../advisor';
import { type Analysis, analysisSchema } from '../../analysis/contract';
import { caseFacts } from '../../cases/case-facts';
import { notFound } from '../../cases/errors';
import type { CaseTx, UnitOfWork } from '../../cases/ports';
import { isOneOf, PERSONAS } from '../../domain/ids';
import type { Sql } from '../../store/db';

/**
 * The advisor's input for a stored case: the call so far (the latest call, or one named), the
 * persona, the case's earlier contacts with what followed, its facts, the client bank's offer policy
 * and the speaker's details for the scripts. Shared by `GET /api/cases/{caseId}/suggestions` and
 * `huikuan suggest --case ID`; the caller has already decided the case may be read.
 */

/** Whose agency works the case and, when known, who will say the scripts (name and staff number). */
export interface AdviceSpeaker {
  agencyId: string;
  /** the collector's name; without it the script's name slot stays for the caller to fill */
  name?: string | null | undefined;
  staffNo?: string | null | undefined;
}

export interface AdviceSources {
  db: Pick<Sql, 'query'>;
  store: UnitOfWork<Pick<CaseTx, 'cases' | 'debtors' | 'org' | 'holds' | 'attempts' | 'payments'>>;
}

interface CallRow {
  id: string;
  at: Date;
  attempt_id: string | null;
  analysis: unknown;
}

export async function adviceInput(
  src: AdviceSources,
  who: AdviceSpeaker,
  caseId: string,
  opts: { callId?: string | undefined; now: Date },
): Promise<{ input: AdviceInput; callId: string | null }> {
  const { now, callId } = opts;
  const { db } = src;
  const agencyId = who.agencyId;
  return src.store.read(async (tx) => {
    const c = await tx.cases.get(agencyId, caseId);
    if (!c) throw notFound('case', caseId);
    const [debtor, client, placement, accounts, holds, conversations, payments] = await Promise.all([
      tx.debtors.get(agencyId, c.debtorId),
      tx.org.getClient(c.clientId),
      tx.org.getPlacement(agencyId, c.placementId),
      tx.cases.accounts(agencyId, c.id),
      tx.holds.forCase(agencyId, c.id),
      tx.attempts.conversations(agencyId, c.id),
      tx.payments.forCase(agencyId, c.id),
    ]);
    if (!debtor) throw notFound('debtor', c.debtorId);
    if (!client) throw notFound('client', c.clientId);
    const calls = (
      await db.query<CallRow>(
        'select id, at, attempt_id, analysis from calls where agency_id = $1 and case_id = $2 order by at, id',
        [agencyId, c.id],
      )
    ).rows;
    const chosen = callId ? calls.find((k) => k.id === callId) : calls.at(-1);
    if (callId && !chosen) throw notFound('call', callId);
    const chosenAt = chosen ? new Date(chosen.at) : now;
    const analyses = new Map<string, Analysis>();
    for (const k of calls) {
      const parsed = analysisSchema.safeParse(
        typeof k.analysis === 'string' ? JSON.parse(k.analysis) : k.analysis,
      );
      if (parsed.success) analyses.set(k.id, parsed.data);
    }
    const attempts = (
      await db.query<{ id: string; at: Date; connected: boolean; answered_by: string | null }>(
        `select id, at, connected, answered_by from contact_attempts
          where agency_id = $1 and case_id = $2 and at < $3 order by at, id`,
        [agencyId, c.id, chosenAt],
      )
    ).rows;
    const promises = (
      await db.query<{ call_id: string | null; status: string; created_at: Date }>(
        'select call_id, status, created_at from promises where agency_id = $1 and case_id = $2',
        [agencyId, c.id],
      )
    ).rows;
    // A payment within 30 days of a contact counts for it (the learning loop's window).
    const paidAfter = (at: Date) =>
      payments.some(
        (y) => y.reversedAt === null && y.paidAt > at && y.paidAt.getTime() - at.getTime() < 30 * 86_400_000,
      );
    // Earlier contacts, each with the strategies of its call and what followed.
    const history: PastContact[] = attempts
      .filter((a) => !chosen || a.id !== chosen.attempt_id)
      .map((a) => {
        const call = calls.find((k) => k.attempt_id === a.id);
        const analysis = call ? analyses.get(call.id) : undefined;
        const promise = call ? promises.find((x) => x.call_id === call.id) : undefined;
        return {
          at: new Date(a.at).toISOString(),
          connected: a.connected && a.answered_by === 'debtor',
          strategies: analysis ? [...new Set(analysis.turns.flatMap((t) => t.strategies))] : [],
          outcome: {
            promise_made: promise !== undefined,
            promise_kept: promise?.status === 'kept' ? true : promise?.status === 'broken' ? false : null,
            paid: paidAfter(new Date(a.at)),
            complaint: holds.some((h) => h.kind === 'complaint' && h.openedAt >= new Date(a.at)),
          },
        };
      });
    const analysis = chosen ? analyses.get(chosen.id) : undefined;
    const persona: PersonaView = analysis
      ? personaFromAnalysis(analysis)
      : c.persona && isOneOf(PERSONAS, c.persona)
        ? certainPersona(c.persona)
        : { scores: {}, id: null, confidence: 0, evidence: [] };
    const agency = await tx.org.getAgency(agencyId);
    const offer = placement?.offer;
    const input: AdviceInput = {
      turns: analysis ? heardFromAnalysis(analysis) : [],
      persona,
      history,
      facts: caseFacts({ client, debtor, c, accounts, conversations, holds }),
      ...(offer
        ? {
            policy: {
              instalments_max: Math.max(...offer.instalmentCounts),
              waiver: offer.maxInterestWaiverBp > 0 || offer.maxFeeWaiverBp > 0,
              interest_stop: false,
              approval_required: true,
            },
          }
        : {}),
      context: {
        ...(who.name != null ? { agent_name: who.name.slice(0, 30) } : {}),
        ...(who.staffNo ? { staff_id: who.staffNo.slice(0, 20) } : {}),
        ...(agency ? { company: agency.name.slice(0, 60) } : {}),
      },
      at: (chosen ? chosenAt : now).toISOString(),
    };
    return { input, callId: chosen?.id ?? null };
  });
}
