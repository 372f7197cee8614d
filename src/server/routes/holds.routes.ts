import type { z } from 'zod';
import { closeComplaint } from '../../cases/close-complaint';
import { maskName } from '../../cases/masking';
import { openComplaint } from '../../cases/open-complaint';
import { openDispute } from '../../cases/open-dispute';
import { resolveDispute } from '../../cases/resolve-dispute';
import { resumeCollection } from '../../cases/resume-collection';
import { stopCollection } from '../../cases/stop-collection';
import { caseScopeSql, seesDebtorName } from '../access';
import {
  caseIdParam,
  complaintAnswerBody,
  complaintBody,
  disputeBody,
  disputeResolutionBody,
  holdClosedResponse,
  holdIdParam,
  holdListBody,
  holdResponse,
  resumeBody,
  stopBody,
} from '../api-schemas';
import { scopedCase, scopedCaseOf } from '../read/case-view';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

const stop = defineRoute('leads', {
  method: 'post',
  path: '/api/cases/{caseId}/stop',
  tags: ['holds'],
  summary: '停催: stop all collection contact with the debtor until resumed (review date by policy)',
  description: 'A review date before today (in the debtor’s zone) is refused: 422 hold.review_in_past.',
  request: { params: caseIdParam, body: jsonBody(stopBody) },
  responses: { 201: jsonContent(holdResponse, 'Stopped'), ...errors(404, 422) },
});

const resume = defineRoute('leads', {
  method: 'post',
  path: '/api/holds/{holdId}/resume',
  tags: ['holds'],
  summary: 'Lift a 停催 after review',
  request: { params: holdIdParam, body: jsonBody(resumeBody) },
  responses: { 200: jsonContent(holdClosedResponse, 'Resumed'), ...errors(404, 409) },
});

const complaint = defineRoute('complaints', {
  method: 'post',
  path: '/api/cases/{caseId}/complaints',
  tags: ['holds'],
  summary: 'Log a complaint: answer due in 15 days; contact stops meanwhile under the default policy',
  description:
    'receivedAt (default now) cannot be in the future (5 minutes of clock skew allowed: 422 complaint.in_future) nor before the case was placed (422 complaint.before_placement): the answer is due from it.',
  request: { params: caseIdParam, body: jsonBody(complaintBody) },
  responses: { 201: jsonContent(holdResponse, 'Logged'), ...errors(404, 422) },
});

const answer = defineRoute('complaintAnswerers', {
  method: 'post',
  path: '/api/holds/{holdId}/complaint-answer',
  tags: ['holds'],
  summary: 'Record the answer to a complaint and lift its hold (a late answer is flagged)',
  request: { params: holdIdParam, body: jsonBody(complaintAnswerBody) },
  responses: { 200: jsonContent(holdClosedResponse, 'Answered'), ...errors(404, 409) },
});

const dispute = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/disputes',
  tags: ['holds'],
  summary: 'Log a dispute of the debt or identity: contact stops while it is verified',
  request: { params: caseIdParam, body: jsonBody(disputeBody) },
  responses: { 201: jsonContent(holdResponse, 'Logged'), ...errors(404) },
});

const resolve = defineRoute('leads', {
  method: 'post',
  path: '/api/holds/{holdId}/dispute-resolution',
  tags: ['holds'],
  summary: 'Close a dispute after verification; an upheld dispute closes the case',
  request: { params: holdIdParam, body: jsonBody(disputeResolutionBody) },
  responses: { 200: jsonContent(holdClosedResponse, 'Resolved'), ...errors(404, 409) },
});

const list = defineRoute('complaintAnswerers', {
  method: 'get',
  path: '/api/holds',
  tags: ['holds'],
  summary: 'Open holds waiting for someone: stops to review, complaints to answer, disputes to verify',
  description:
    'In your scope: a lead’s team, the whole agency for managers and QA; up to 500, the earliest deadline first (a stop’s review date, a complaint’s answer deadline, a dispute’s verification deadline; overdue ones first), then any without one, oldest first. A written cease request (nothing to act on) is not listed.',
  responses: { 200: jsonContent(holdListBody, 'Open holds') },
});

export function registerHoldRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(list, async (c) => {
    const p = principal(c);
    const params: unknown[] = [];
    const scope = caseScopeSql(p, 'c', params);
    const r = await db.query<{
      id: string;
      kind: 'stop' | 'complaint' | 'dispute';
      case_id: string;
      case_status: string;
      client_name: string;
      debtor_name: string;
      assignee_name: string | null;
      team_id: string | null;
      reason: string;
      blocks_contact: boolean;
      opened_at: Date | string;
      opened_by_name: string | null;
      due_at: Date | string | null;
    }>(
      `select h.id, h.kind, h.case_id, c.status as case_status, cl.name as client_name, d.name as debtor_name,
              u.name as assignee_name, c.team_id, h.reason, h.blocks_contact, h.opened_at, o.name as opened_by_name,
              case h.kind when 'stop' then h.review_at else h.answer_due_at end as due_at
         from holds h join cases c on c.id = h.case_id join clients cl on cl.id = c.client_id
         join debtors d on d.id = c.debtor_id left join users u on u.id = c.assignee_id
         left join users o on o.id = h.opened_by
        where ${scope} and h.agency_id = c.agency_id and h.closed_at is null and h.kind in ('stop', 'complaint', 'dispute')
        order by due_at asc nulls last, h.opened_at, h.id limit 500`,
      params,
    );
    const now = services.clock.now().getTime();
    const names = seesDebtorName(p);
    const body: z.infer<typeof holdListBody> = {
      items: r.rows.map((h) => {
        const due = h.due_at === null ? null : new Date(h.due_at);
        return {
          holdId: h.id,
          kind: h.kind,
          caseId: h.case_id,
          caseStatus: h.case_status,
          clientName: h.client_name,
          debtorName: names ? h.debtor_name : maskName(h.debtor_name),
          assigneeName: h.assignee_name,
          teamId: h.team_id,
          reason: h.reason,
          blocksContact: h.blocks_contact,
          openedAt: new Date(h.opened_at).toISOString(),
          openedByName: h.opened_by_name,
          dueAt: due?.toISOString() ?? null,
          overdue: due !== null && due.getTime() < now,
        };
      }),
    };
    return c.json(body, 200);
  });

  app.openapi(stop, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    return c.json(
      await stopCollection(await depsFor(services, p), actorOf(p), { ...c.req.valid('json'), caseId }),
      201,
    );
  });

  app.openapi(resume, async (c) => {
    const p = principal(c);
    const { holdId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'holds', 'hold', holdId);
    return c.json(
      await resumeCollection(await depsFor(services, p), actorOf(p), { ...c.req.valid('json'), holdId }),
      200,
    );
  });

  app.openapi(complaint, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    return c.json(
      await openComplaint(await depsFor(services, p), actorOf(p), { ...c.req.valid('json'), caseId }),
      201,
    );
  });

  app.openapi(answer, async (c) => {
    const p = principal(c);
    const { holdId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'holds', 'hold', holdId);
    const out = await closeComplaint(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      holdId,
    });
    const body: z.infer<typeof holdClosedResponse> = out;
    return c.json(body, 200);
  });

  app.openapi(dispute, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    return c.json(
      await openDispute(await depsFor(services, p), actorOf(p), { ...c.req.valid('json'), caseId }),
      201,
    );
  });

  app.openapi(resolve, async (c) => {
    const p = principal(c);
    const { holdId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'holds', 'hold', holdId);
    return c.json(
      await resolveDispute(await depsFor(services, p), actorOf(p), { ...c.req.valid('json'), holdId }),
      200,
    );
  });
}
