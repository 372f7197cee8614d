import type { z } from 'zod';
import { EffectivenessTable, suggestNext } from '../../advisor';
import { analysisSchema } from '../../analysis/contract';
import { parseTranscript } from '../../analysis/transcript';
import { analyzeBody, caseIdParam, suggestionsBody, suggestionsQuery } from '../api-schemas';
import { adviceInput } from '../read/advice-input';
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

export function registerAdvisorRoutes(app: ApiApp, services: Services): void {
  const outcomes = new OutcomeCache(services.db);

  app.openapi(suggestions, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const q = c.req.valid('query');
    await scopedCase(services.db, p, caseId);
    const { playbook } = await depsFor(services, p);
    const { input, callId } = await adviceInput(
      services,
      { agencyId: p.agencyId, name: p.name, staffNo: p.staffNo },
      caseId,
      { callId: q.callId, now: services.clock.now() },
    );
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
