import type { z } from 'zod';
import {
  type AdviceInput,
  certainPersona,
  EffectivenessTable,
  heardFromAnalysis,
  type PastContact,
  type PersonaView,
  personaFromAnalysis,
  suggestNext,
} from '../../advisor';
import { type Analysis, analysisSchema } from '../../analysis/contract';
import { parseTranscript } from '../../analysis/transcript';
import { caseFacts } from '../../cases/case-facts';
import { notFound } from '../../cases/errors';
import { isOneOf, PERSONAS } from '../../domain/ids';
import type { Principal } from '../access';
import { analyzeBody, caseIdParam, suggestionsBody, suggestionsQuery } from '../api-schemas';
import { scopedCase } from '../read/case-view';
import { OutcomeCache } from '../read/effectiveness';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { depsFor } from './context';

const suggestions = defineRoute('caseWorkers', {
  method: 'get',
  path: '/api/cases/{caseId}/suggestions',
  tags: ['advisor'],
  summary:
    "The advisor: next strategies for the case's latest call (or the first call), with lawful scripts filled from the case, warnings and workflow actions",
  request: { params: caseIdParam, query: suggestionsQuery },
  responses: { 200: jsonContent(suggestionsBody, 'Advice'), ...errors(404) },
});

const analyze = defineRoute('staff', {
  method: 'post',
  path: '/api/analyze',
  tags: ['advisor'],
  summary: 'Analyse a transcript: the analysis contract JSON; nothing is stored',
  request: { body: jsonBody(analyzeBody) },
  responses: { 200: jsonContent(analysisSchema, 'The analysis'), ...errors(422) },
});

interface CallRow {
  id: string;
  at: Date;
  attempt_id: string | null;
  analysis: unknown;
}

/** The advisor's input for a case: the call so far, the persona, history, facts, policy, the caller's profile. */
async function adviceInput(
  services: Services,
  p: Principal,
  caseId: string,
  callId: string | undefined,
): Promise<{ input: AdviceInput; callId: string | null }> {
  const now = services.clock.now();
  const db = services.db;
  return services.store.read(async (tx) => {
    const c = await tx.cases.get(p.agencyId, caseId);
    if (!c) throw notFound('case', caseId);
    const [debtor, client, placement, accounts, holds, conversations, payments] = await Promise.all([
      tx.debtors.get(p.agencyId, c.debtorId),
      tx.org.getClient(c.clientId),
      tx.org.getPlacement(p.agencyId, c.placementId),
      tx.cases.accounts(p.agencyId, c.id),
      tx.holds.forCase(p.agencyId, c.id),
      tx.attempts.conversations(p.agencyId, c.id),
      tx.payments.forCase(p.agencyId, c.id),
    ]);
    if (!debtor) throw notFound('debtor', c.debtorId);
    if (!client) throw notFound('client', c.clientId);
    const calls = (
      await db.query<CallRow>(
        'select id, at, attempt_id, analysis from calls where agency_id = $1 and case_id = $2 order by at, id',
        [p.agencyId, c.id],
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
        [p.agencyId, c.id, chosenAt],
      )
    ).rows;
    const promises = (
      await db.query<{ call_id: string | null; status: string; created_at: Date }>(
        'select call_id, status, created_at from promises where agency_id = $1 and case_id = $2',
        [p.agencyId, c.id],
      )
    ).rows;
    // A payment within 30 days of a contact counts for it (the learning loop's window).
    const paidAfter = (at: Date) =>
      payments.some((y) => y.paidAt > at && y.paidAt.getTime() - at.getTime() < 30 * 86_400_000);
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
    const agency = await tx.org.getAgency(p.agencyId);
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
        agent_name: p.name.slice(0, 30),
        ...(p.staffNo ? { staff_id: p.staffNo.slice(0, 20) } : {}),
        ...(agency ? { company: agency.name.slice(0, 60) } : {}),
      },
      at: (chosen ? chosenAt : now).toISOString(),
    };
    return { input, callId: chosen?.id ?? null };
  });
}

export function registerAdvisorRoutes(app: ApiApp, services: Services): void {
  const outcomes = new OutcomeCache(services.db);

  app.openapi(suggestions, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const q = c.req.valid('query');
    await scopedCase(services.db, p, caseId);
    const { playbook } = await depsFor(services, p);
    const { input, callId } = await adviceInput(services, p, caseId, q.callId);
    const advice = suggestNext(input, {
      playbook,
      effectiveness: new EffectivenessTable(playbook.strategies, await outcomes.get(p.agencyId)),
      limit: q.limit,
    });
    const body: z.infer<typeof suggestionsBody> = { caseId, callId, advice };
    return c.json(body, 200);
  });

  app.openapi(analyze, async (c) => {
    const p = principal(c);
    const b = c.req.valid('json');
    const { analyzer } = await depsFor(services, p);
    const turns = b.turns ?? parseTranscript(b.transcript ?? '');
    const analysis = analyzer.analyze(turns, {
      at: b.at ? new Date(b.at) : services.clock.now(),
      ...(b.facts ? { facts: b.facts } : {}),
      ...(b.timeZone ? { timeZone: b.timeZone } : {}),
    });
    return c.json(analysis, 200);
  });
}
