import type { z } from 'zod';
import { activatePlan } from '../../cases/activate-plan';
import { approvePlan } from '../../cases/approve-plan';
import { notFound } from '../../cases/errors';
import { maskName } from '../../cases/masking';
import { calculatePlan } from '../../cases/plan-calculator';
import { proposePlan } from '../../cases/propose-plan';
import { localDateKey } from '../../domain/calendar';
import { caseScopeSql, inGroup, type Principal, seesDebtorName } from '../access';
import { RANK } from '../accounts';
import {
  approvalsBody,
  caseIdParam,
  planActivatedResponse,
  planCalculationBody,
  planDecisionBody,
  planDecisionResponse,
  planIdParam,
  planRequestBody,
  planResponse,
  proposePlanBody,
} from '../api-schemas';
import { scopedCase, scopedCaseOf } from '../read/case-view';
import { type ApiApp, defineRoute, errors, jsonBody, jsonContent, principal } from '../route-kit';
import type { Services } from '../services';
import { actorOf, depsFor } from './context';

const calculate = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/plans/calculate',
  tags: ['plans'],
  summary: "Calculate a repayment plan against the placement's offer policy (nothing is stored)",
  request: { params: caseIdParam, body: jsonBody(planRequestBody) },
  responses: { 200: jsonContent(planCalculationBody, 'The plan as it would be'), ...errors(404, 422) },
});

const propose = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/cases/{caseId}/plans',
  tags: ['plans'],
  summary: 'Propose a repayment plan; it waits for the approver the policy names',
  request: { params: caseIdParam, body: jsonBody(proposePlanBody) },
  responses: { 201: jsonContent(planResponse, 'Proposed'), ...errors(404, 409, 422) },
});

const decide = defineRoute('approvers', {
  method: 'post',
  path: '/api/plans/{planId}/decision',
  tags: ['plans'],
  summary: 'Approve or reject a proposed plan (the role the plan requires; never your own proposal)',
  request: { params: planIdParam, body: jsonBody(planDecisionBody) },
  responses: { 200: jsonContent(planDecisionResponse, 'Decided'), ...errors(404, 409) },
});

const activate = defineRoute('caseWorkers', {
  method: 'post',
  path: '/api/plans/{planId}/activate',
  tags: ['plans'],
  summary: 'Put an approved plan into effect once the debtor accepted it',
  request: { params: planIdParam },
  responses: { 200: jsonContent(planActivatedResponse, 'Active'), ...errors(404, 409) },
});

const approvals = defineRoute('approvers', {
  method: 'get',
  path: '/api/approvals',
  tags: ['plans'],
  summary: 'Plans waiting for approval in your scope',
  responses: { 200: jsonContent(approvalsBody, 'The approvals queue') },
});

async function approvalQueue(services: Services, p: Principal): Promise<z.infer<typeof approvalsBody>> {
  const params: unknown[] = [];
  const scope = caseScopeSql(p, 'c', params);
  const r = await services.db.query<{
    plan_id: string;
    case_id: string;
    client_name: string;
    debtor_name: string;
    assignee_id: string | null;
    proposed_by: string;
    proposed_by_name: string;
    proposed_at: Date;
    proposal_note: string | null;
    balance_fen: number;
    settlement_fen: number;
    waiver_fen: number;
    instalment_count: number;
    within_policy: boolean;
    policy_breaches: unknown;
    required_role: 'lead' | 'manager' | 'admin';
  }>(
    `select pl.id as plan_id, c.id as case_id, cl.name as client_name, d.name as debtor_name, c.assignee_id,
            pl.proposed_by, u.name as proposed_by_name, pl.proposed_at, pl.proposal_note, pl.balance_fen, pl.settlement_fen,
            pl.interest_waiver_fen + pl.fee_waiver_fen as waiver_fen, pl.instalment_count, pl.within_policy,
            pl.policy_breaches, pl.required_role
       from repayment_plans pl join cases c on c.id = pl.case_id join clients cl on cl.id = c.client_id
       join debtors d on d.id = c.debtor_id join users u on u.id = pl.proposed_by
      where pl.state = 'proposed' and ${scope}
      order by pl.proposed_at, pl.id`,
    params,
  );
  const names = seesDebtorName(p);
  return {
    items: r.rows.map((x) => {
      const raw = typeof x.policy_breaches === 'string' ? JSON.parse(x.policy_breaches) : x.policy_breaches;
      const breaches = Array.isArray(raw)
        ? raw.map((b) => ({ code: String(b.code), limit: Number(b.limit), requested: Number(b.requested) }))
        : [];
      return {
        planId: x.plan_id,
        caseId: x.case_id,
        clientName: x.client_name,
        debtorName: names ? x.debtor_name : maskName(x.debtor_name),
        assigneeId: x.assignee_id,
        proposedBy: x.proposed_by,
        proposedByName: x.proposed_by_name,
        proposedAt: new Date(x.proposed_at).toISOString(),
        proposalNote: x.proposal_note,
        balanceFen: x.balance_fen,
        settlementFen: x.settlement_fen,
        waiverFen: x.waiver_fen,
        instalmentCount: x.instalment_count,
        withinPolicy: x.within_policy,
        breaches,
        requiredRole: x.required_role,
        canDecide: RANK[p.role] >= RANK[x.required_role] && x.proposed_by !== p.userId,
      };
    }),
  };
}

export function registerPlanRoutes(app: ApiApp, services: Services): void {
  const { db } = services;

  app.openapi(calculate, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    const b = c.req.valid('json');
    await scopedCase(db, p, caseId);
    const out = await services.store.read(async (tx) => {
      const k = await tx.cases.get(p.agencyId, caseId);
      if (!k) throw notFound('case', caseId);
      const [placement, accounts, debtor] = await Promise.all([
        tx.org.getPlacement(p.agencyId, k.placementId),
        tx.cases.accounts(p.agencyId, k.id),
        tx.debtors.get(p.agencyId, k.debtorId),
      ]);
      if (!placement) throw notFound('placement', k.placementId);
      if (!debtor) throw notFound('debtor', k.debtorId);
      const calc = calculatePlan(
        {
          principalFen: accounts.reduce((s, a) => s + a.principalFen, 0),
          interestFen: accounts.reduce((s, a) => s + a.interestFen, 0),
          feesFen: accounts.reduce((s, a) => s + a.feesFen, 0),
          settledFen: k.paidFen + k.waivedFen,
        },
        placement.offer,
        { ...b, timeZone: debtor.timeZone, today: localDateKey(services.clock.now(), debtor.timeZone) },
      );
      const body: z.infer<typeof planCalculationBody> = {
        outstanding: calc.outstanding,
        interestWaiverFen: calc.interestWaiverFen,
        feeWaiverFen: calc.feeWaiverFen,
        settlementFen: calc.settlementFen,
        downPaymentFen: calc.downPaymentFen,
        instalmentFeeFen: calc.instalmentFeeFen,
        totalCostFen: calc.totalCostFen,
        withinPolicy: calc.withinPolicy,
        breaches: calc.breaches,
        requiredRole: calc.requiredRole,
        schedule: calc.schedule.map((s) => ({ ...s, dueAt: s.dueAt.toISOString() })),
        policy: placement.offer,
      };
      return body;
    });
    return c.json(out, 200);
  });

  app.openapi(propose, async (c) => {
    const p = principal(c);
    const { caseId } = c.req.valid('param');
    await scopedCase(db, p, caseId);
    const out = await proposePlan(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      caseId,
    });
    return c.json(out, 201);
  });

  app.openapi(decide, async (c) => {
    const p = principal(c);
    const { planId } = c.req.valid('param');
    // A lead decides for their own team's cases only (the scope); managers and admins for the agency.
    await scopedCaseOf(db, p, 'repayment_plans', 'plan', planId);
    const out = await approvePlan(await depsFor(services, p), actorOf(p), {
      ...c.req.valid('json'),
      planId,
    });
    return c.json(out, 200);
  });

  app.openapi(activate, async (c) => {
    const p = principal(c);
    const { planId } = c.req.valid('param');
    await scopedCaseOf(db, p, 'repayment_plans', 'plan', planId);
    return c.json(await activatePlan(await depsFor(services, p), actorOf(p), { planId }), 200);
  });

  app.openapi(approvals, async (c) => {
    const p = principal(c);
    if (!inGroup(p.role, 'approvers')) return c.json({ items: [] }, 200);
    return c.json(await approvalQueue(services, p), 200);
  });
}
