import type { z } from 'zod';
import { analysisSchema } from '../../analysis/contract';
import { parseTranscript } from '../../analysis/transcript';
import { confirmPromise } from '../../cases/confirm-promise';
import { dismissPromise } from '../../cases/dismiss-promise';
import { recordCall } from '../../cases/record-call';
import { recordContactAttempt } from '../../cases/record-contact-attempt';
import { recordPayment } from '../../cases/record-payment';
import { recordPromise } from '../../cases/record-promise';
import { reversePayment } from '../../cases/reverse-payment';
import {
  caseIdParam,
  confirmProposalBody,
  dismissProposalBody,
  dismissProposalResponse,
  paymentIdParam,
  paymentResponse,
  promiseResponse,
  proposalIdParam,
  recordCallBody,
  recordCallResponse,
  recordContactBody,
  recordContactResponse,
  recordPaymentBody,
  recordPromiseBody,
  reversePaymentBody,
  reversePaymentResponse,
} from '../api-schemas';
import { scopedCase, scopedCaseOf } from '../read/case-view';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

const contact = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/contacts',
  tags: ['work'],
  summary: 'Record a call, SMS or visit — the contact guard decides first',
  description:
    'A contact the rules forbid now is not recorded: 409 contact.blocked, with details.blocking listing every rule that blocks it (pack, rule, reason in Chinese and English, its next allowed time) and details.nextAllowedAt (null when waiting alone will not help, e.g. a hold); times are in the debtor’s zone. `at` cannot be in the future (422 contact.in_future; 5 minutes of clock skew allowed) nor before the case was placed (422 contact.before_placement). The outcomes complaint_raised and dispute_raised need a note saying what it is about (422 input.invalid otherwise): the same transaction opens a complaint hold (answer due complaints.answer_days after `at`; contact held as the policy says) or a dispute hold (`disputeKind`, default other; contact stops until it is verified), returned as `hold`.',
  request: { params: caseIdParam, body: jsonBody(recordContactBody) },
  responses: {
    201: jsonContent(recordContactResponse, 'Recorded, with the checks that allowed it'),
    ...errors(404, 409, 422),
  },
});

const call = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/calls',
  tags: ['work'],
  summary: 'Record a call: transcript in, analysis out (labels, persona, violations), promises proposed',
  description:
    'A call that already happened is always stored. Given with its contact attempt, the guard checked it when the attempt was logged; without one, the contact guard judges it as of its `at` (the holds open then, the history up to then), and each rule that would have refused it is added to analysis.violations as a finding (rule e.g. contact.stop_list, contact.hours, contact.frequency; the rule pack’s severity; the guard’s reason) — QA sees it and it lowers the auto score.',
  request: { params: caseIdParam, body: jsonBody(recordCallBody) },
  responses: { 201: jsonContent(recordCallResponse, 'The call and its analysis'), ...errors(404, 409, 422) },
});

const confirm = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/proposals/{proposalId}/confirm',
  tags: ['work'],
  summary: 'Confirm a promise the analyser heard (with corrections) — it becomes a promise',
  request: { params: proposalIdParam, body: jsonBody(confirmProposalBody) },
  responses: { 201: jsonContent(promiseResponse, 'The promise'), ...errors(404, 409, 422) },
});

const dismiss = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/proposals/{proposalId}/dismiss',
  tags: ['work'],
  summary: 'Dismiss a promise the analyser heard but the debtor did not make',
  request: { params: proposalIdParam, body: jsonBody(dismissProposalBody) },
  responses: { 200: jsonContent(dismissProposalResponse, 'Dismissed'), ...errors(404, 409) },
});

const promise = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/promises',
  tags: ['work'],
  summary: 'Record a promise to pay (承诺还款)',
  request: { params: caseIdParam, body: jsonBody(recordPromiseBody) },
  responses: { 201: jsonContent(promiseResponse, 'The promise'), ...errors(404, 409, 422) },
});

const payment = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/payments',
  tags: ['work'],
  summary:
    'Record a payment; allocated to the oldest open promises and instalments; idempotent on the reference',
  request: { params: caseIdParam, body: jsonBody(recordPaymentBody) },
  responses: {
    201: jsonContent(paymentResponse, 'Recorded'),
    200: jsonContent(paymentResponse, 'This reference was already recorded: nothing changed'),
    ...errors(404, 409, 422),
  },
});

const reverse = defineRoute('approvers', {
  method: 'post',
  path: '/api/payments/{paymentId}/reverse',
  tags: ['work'],
  summary: 'Reverse (冲正) a wrongly recorded payment: team leads, managers and admins, with a reason',
  description:
    'The payment stays, marked reversed, and no longer counts (case paid total, dashboard, team statistics). Its allocations are undone: a promise it kept is pending again, or broken / partially kept when its due time has passed (while a hold suspends contact: pending, judged by the broken-promise job once the hold closes); an instalment it paid is pending again; a plan it completed is active again (its waiver withdrawn); a case it settled is open again. Audited as payment.reversed with the reason. A second reversal: 409 payment.already_reversed. Its reference stays claimed: recording it again is 409 payment.reversed.',
  request: { params: paymentIdParam, body: jsonBody(reversePaymentBody) },
  responses: { 200: jsonContent(reversePaymentResponse, 'Reversed'), ...errors(404, 409, 422) },
});

export function registerWorkRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(contact, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const b = c.req.valid('json');
    await scopedCase(db, p, caseId);
    const out = await recordContactAttempt(await depsFor(services, p), actorOf(p), {
      ...b,
      caseId,
      at: b.at ?? services.clock.now().toISOString(),
    });
    return c.json(out, 201);
  });

  app.openapi(call, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const b = c.req.valid('json');
    await scopedCase(db, p, caseId);
    const turns = b.turns ?? parseTranscript(b.transcript ?? '');
    const out = await recordCall(await depsFor(services, p), actorOf(p), {
      caseId,
      attemptId: b.attemptId,
      at: b.at ?? services.clock.now().toISOString(),
      turns,
    });
    const stored = await db.query<{ analysis: unknown }>(
      'select analysis from calls where agency_id = $1 and id = $2',
      [p.agencyId, out.callId],
    );
    const analysis = analysisSchema.parse(stored.rows[0]?.analysis);
    const body: z.infer<typeof recordCallResponse> = { ...out, analysis };
    return c.json(body, 201);
  });

  app.openapi(confirm, async (c) => {
    const p = principal(c);
    const { proposalId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'proposed_promises', 'proposal', proposalId);
    const out = await confirmPromise(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      proposalId,
    });
    return c.json(out, 201);
  });

  app.openapi(dismiss, async (c) => {
    const p = principal(c);
    const { proposalId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'proposed_promises', 'proposal', proposalId);
    const out = await dismissPromise(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      proposalId,
    });
    return c.json(out, 200);
  });

  app.openapi(promise, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    const out = await recordPromise(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      caseId,
    });
    return c.json(out, 201);
  });

  app.openapi(payment, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    const out = await recordPayment(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      caseId,
    });
    return out.duplicate ? c.json(out, 200) : c.json(out, 201);
  });

  app.openapi(reverse, async (c) => {
    const p = principal(c);
    const { paymentId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'payments', 'payment', paymentId);
    const out = await reversePayment(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      paymentId,
    });
    return c.json(out, 200);
  });
}
