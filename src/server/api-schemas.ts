import { z } from 'zod';
import { analysisSchema, factsSchema, inputTurnSchema } from '../analysis/contract';
import { isCalendarDate } from '../domain/calendar';
import { INTENTS, PERSONAS, REASONS, SPEAKERS, STRATEGIES } from '../domain/ids';
import {
  intentSchema,
  personaSchema,
  policiesSchema,
  reasonSchema,
  ruleSchema,
  strategySchema,
  templateSchema,
} from '../playbook/schema';

/**
 * The HTTP API's request and response shapes, in one module: the server validates with them, the
 * OpenAPI document at /api/openapi.json is generated from them, and the web UI imports their types
 * (`z.infer<typeof caseDetail>`). Pure zod: no Node or server code, so a browser bundle can import it.
 *
 * Conventions: money is integer fen (`…Fen`), instants are ISO-8601 strings with an offset, ids are
 * opaque strings. Personal data arrives masked (`张*`, `138****5678`, `110101********1234`) unless
 * the response says otherwise (the reveal endpoint).
 */

const id = z.string().min(1).max(100);
const iso = z.iso.datetime({ offset: true });

/** A period's `to` is not before its `from` (either may be left out): a backwards period is 400, not an empty answer. */
export function fromNotAfterTo(q: { from?: string | undefined; to?: string | undefined }): boolean {
  return q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to);
}
const BACKWARDS = { path: ['to'], message: 'must not be before from / 结束时间不能早于开始时间' };
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'no such calendar date / 日历上没有这一天', abort: true });
const fen = z.int().min(0);
const bilingual = z.object({ zh: z.string(), en: z.string() });

export const SERVER_ROLES = [
  'collector',
  'lead',
  'manager',
  'qa',
  'trainer',
  'admin',
  'client_viewer',
] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];
export const serverRole = z.enum(SERVER_ROLES);

/** Names of the roles, for screens and messages. */
export const ROLE_NAMES_ZH: Record<ServerRole, string> = {
  collector: '催收员',
  lead: '主管',
  manager: '经理',
  qa: '质检',
  trainer: '培训',
  admin: '管理员',
  client_viewer: '委托方查看',
};

// ---- common ------------------------------------------------------------------------------------

export const errorBody = z
  .object({
    error: z.object({
      /** stable, e.g. `input.invalid`, `contact.blocked`, `case.not_found` (see docs/api.md) */
      code: z.string(),
      /** safe to show, in the language Accept-Language chose (zh-CN by default) */
      message: z.string(),
      requestId: z.string(),
      /** bad input: every problem with the path of the field */
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;

export const okBody = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const caseIdParam = z.object({ caseId: id });
export const userIdParam = z.object({ userId: id });
export const planIdParam = z.object({ planId: id });
export const holdIdParam = z.object({ holdId: id });
export const proposalIdParam = z.object({ proposalId: id });
export const paymentIdParam = z.object({ paymentId: id });
export const escalationIdParam = z.object({ escalationId: id });
export const callIdParam = z.object({ callId: id });
export const practiceIdParam = z.object({ sessionId: id });
export const findingParam = z.object({ callId: id, finding: z.coerce.number().int().min(0).max(10_000) });

// ---- health ------------------------------------------------------------------------------------

export const healthBody = z.object({ status: z.literal('ok') });
export const readyBody = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});

// ---- sign-in -----------------------------------------------------------------------------------

export const loginBody = z
  .object({
    login: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'LoginRequest' });

export const meBody = z
  .object({
    user: z.object({
      id: z.string(),
      login: z.string(),
      name: z.string(),
      role: serverRole,
      staffNo: z.string().nullable(),
      agencyId: z.string(),
      agencyName: z.string(),
      teamId: z.string().nullable(),
      teamName: z.string().nullable(),
      /** client-bank viewers: the bank whose placements they see */
      clientId: z.string().nullable(),
      clientName: z.string().nullable(),
    }),
    /** send as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE */
    csrfToken: z.string(),
    /** what this role may do, for showing and hiding screens (the server checks every request anyway) */
    permissions: z.array(z.string()),
    session: z.object({ createdAt: iso, expiresAt: iso, idleMinutes: z.int() }),
    /** the server's clock: dates the UI proposes (a payment's time, a promise's due day) follow it, not the PC's */
    serverTime: iso,
  })
  .meta({ id: 'Me' });
export type MeBody = z.infer<typeof meBody>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(10).max(200),
});

export const logoutAllBody = z.object({ revoked: z.int() });

// ---- queue -------------------------------------------------------------------------------------

export const queueQuery = pageQuery.extend({
  /** a lead may look at a member of their team; default: yourself */
  collectorId: id.optional(),
  at: iso.optional(),
});

const queueReason = z.object({ component: z.string(), points: z.int(), zh: z.string(), en: z.string() });

export const queueBody = z
  .object({
    collectorId: z.string(),
    at: z.string(),
    page: z.int(),
    pageSize: z.int(),
    total: z.int(),
    items: z.array(
      z.object({
        rank: z.int(),
        caseId: z.string(),
        debtorName: z.string(),
        number: z.string().nullable(),
        balanceFen: z.int(),
        score: z.int(),
        reasons: z.array(queueReason),
        nextDueAt: z.string().nullable(),
        strategy: z.string().nullable(),
        persona: z.string().nullable(),
        localTime: z.string(),
      }),
    ),
    excluded: z.array(
      z.object({
        caseId: z.string(),
        reasons: z.array(z.object({ rule: z.string(), zh: z.string(), en: z.string() })),
        nextAllowedAt: z.string().nullable(),
      }),
    ),
    /** when the queue is empty now (page 1): when it next holds cases, and how many */
    nextWindow: z.object({ at: z.string(), total: z.int() }).nullable().optional(),
  })
  .meta({ id: 'Queue' });
export type QueueBody = z.infer<typeof queueBody>;

// ---- cases -------------------------------------------------------------------------------------

export const CASE_STATUSES = ['open', 'settled', 'closed', 'recalled'] as const;
export const RELATIONS = [
  'self',
  'spouse',
  'parent',
  'sibling',
  'friend',
  'colleague',
  'emergency',
  'guarantor',
] as const;

export const caseListQuery = pageQuery.extend({
  status: z.enum(CASE_STATUSES).optional(),
  assigneeId: id.optional(),
  teamId: id.optional(),
  clientId: id.optional(),
  placementId: id.optional(),
  /** a case id or the bank's account number */
  q: z.string().trim().min(1).max(64).optional(),
});

export const caseSummary = z
  .object({
    id: z.string(),
    status: z.enum(CASE_STATUSES),
    clientId: z.string(),
    clientName: z.string(),
    placementId: z.string(),
    debtorName: z.string(),
    totalDueFen: z.int(),
    paidFen: z.int(),
    balanceFen: z.int(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    teamId: z.string().nullable(),
    persona: z.string().nullable(),
    priority: z.int(),
    brokenCount: z.int(),
    nextDueAt: z.string().nullable(),
    lastContactAt: z.string().nullable(),
    onHold: z.boolean(),
  })
  .meta({ id: 'CaseSummary' });

export const caseListBody = z.object({
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
  items: z.array(caseSummary),
});

const guardCheck = z.object({
  rule: z.string(),
  pack: z.string(),
  allowed: z.boolean(),
  reason: bilingual,
  nextAllowedAt: z.string().nullable(),
});

export const guardState = z
  .object({
    allowed: z.boolean(),
    /** ISO with the debtor's offset; null when waiting alone will not help (a hold, a refusal) */
    nextAllowedAt: z.string().nullable(),
    blocking: z.array(guardCheck),
  })
  .meta({ id: 'GuardState' });

const offerPolicy = z.object({
  instalmentCounts: z.array(z.int()),
  maxInterestWaiverBp: z.int(),
  maxFeeWaiverBp: z.int(),
  minDownPaymentBp: z.int(),
  instalmentFeeBp: z.int(),
  approverRole: z.string(),
  exceptionApproverRole: z.string(),
});

const promiseItem = z.object({
  id: z.string(),
  amountFen: z.int(),
  amountMaxFen: z.int().nullable(),
  dueAt: z.string(),
  status: z.enum(['pending', 'kept', 'partially_kept', 'broken', 'cancelled']),
  paidFen: z.int(),
  source: z.enum(['manual', 'call']),
  callId: z.string().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

const proposalItem = z.object({
  id: z.string(),
  callId: z.string(),
  amountFen: z.int().nullable(),
  amountMaxFen: z.int().nullable(),
  dueAt: z.string().nullable(),
  vague: z.boolean(),
  text: z.string(),
  status: z.enum(['proposed', 'confirmed', 'dismissed']),
});

const instalmentItem = z.object({
  id: z.string(),
  seq: z.int(),
  dueAt: z.string(),
  amountFen: z.int(),
  paidFen: z.int(),
  status: z.enum(['pending', 'paid', 'missed']),
});

const planItem = z.object({
  id: z.string(),
  state: z.enum(['proposed', 'approved', 'rejected', 'active', 'completed', 'defaulted', 'cancelled']),
  settlementFen: z.int(),
  interestWaiverFen: z.int(),
  feeWaiverFen: z.int(),
  downPaymentFen: z.int(),
  instalmentCount: z.int(),
  instalmentFeeFen: z.int(),
  totalCostFen: z.int(),
  withinPolicy: z.boolean(),
  breaches: z.array(z.object({ code: z.string(), limit: z.number(), requested: z.number() })),
  requiredRole: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  /** the proposer's note (why this plan) */
  proposalNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** the approver's note on approving or rejecting */
  decisionNote: z.string().nullable(),
  instalments: z.array(instalmentItem),
});

const paymentItem = z.object({
  id: z.string(),
  amountFen: z.int(),
  paidAt: z.string(),
  channel: z.string(),
  reference: z.string(),
  recordedBy: z.string().nullable(),
  /** 冲正: when the payment was reversed (then it no longer counts), by whom and why */
  reversedAt: z.string().nullable(),
  reversedBy: z.string().nullable(),
  reversalReason: z.string().nullable(),
});

const holdItem = z.object({
  id: z.string(),
  kind: z.enum(['stop', 'complaint', 'dispute', 'cease']),
  reason: z.string(),
  blocksContact: z.boolean(),
  openedBy: z.string().nullable(),
  openedAt: z.string(),
  reviewAt: z.string().nullable(),
  answerDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  /** another of the client's agencies holds this person (its details are not shown) */
  otherAgency: z.boolean(),
});

const callItem = z.object({
  id: z.string(),
  at: z.string(),
  collectorId: z.string().nullable(),
  attemptId: z.string().nullable(),
  persona: z.string().nullable(),
  turns: z.int(),
  violations: z.array(z.object({ rule: z.string(), severity: z.string() })),
  promises: z.int(),
  note: z.string(),
});

const attemptItem = z.object({
  id: z.string(),
  at: z.string(),
  channel: z.enum(['call', 'sms', 'visit']),
  contactId: z.string().nullable(),
  targetKind: z.enum(['debtor', 'guarantor', 'third_party']),
  connected: z.boolean(),
  answeredBy: z.enum(['debtor', 'third_party']).nullable(),
  outcomeCode: z.string(),
  collectorId: z.string().nullable(),
  note: z.string().nullable(),
});

export const TIMELINE_KINDS = [
  'contact',
  'call',
  'promise',
  'payment',
  'plan',
  'hold',
  'escalation',
  'assignment',
] as const;

const timelineItem = z.object({
  at: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  /** the record's id (attempt, call, promise, payment, plan, hold, escalation, assignment) */
  refId: z.string(),
  /** a short line for the timeline, in Chinese */
  summaryZh: z.string(),
  summaryEn: z.string(),
  actorId: z.string().nullable(),
});

export const caseDetail = z
  .object({
    case: z.object({
      id: z.string(),
      status: z.enum(CASE_STATUSES),
      clientId: z.string(),
      clientName: z.string(),
      rulePacks: z.array(z.string()),
      placement: z.object({
        id: z.string(),
        batchNo: z.string(),
        periodStart: z.string(),
        periodEnd: z.string(),
        offer: offerPolicy,
      }),
      assigneeId: z.string().nullable(),
      assigneeName: z.string().nullable(),
      teamId: z.string().nullable(),
      priority: z.int(),
      strategy: z.string().nullable(),
      totalDueFen: z.int(),
      paidFen: z.int(),
      waivedFen: z.int(),
      balanceFen: z.int(),
      brokenCount: z.int(),
      followUpBroken: z.boolean(),
      nextDueAt: z.string().nullable(),
      lastContactAt: z.string().nullable(),
      ability: z.number().nullable(),
      willingness: z.number().nullable(),
      persona: z.string().nullable(),
    }),
    debtor: z.object({
      id: z.string(),
      /** full for the roles that work the case, masked otherwise */
      name: z.string(),
      nameMasked: z.boolean(),
      /** always masked here: POST /api/cases/{caseId}/reveal shows it, and the audit log records it */
      idNumber: z.string(),
      timeZone: z.string(),
      localTime: z.string(),
      quietHoursConsent: z.boolean(),
    }),
    accounts: z.array(
      z.object({
        id: z.string(),
        accountRef: z.string(),
        product: z.enum(['credit_card', 'consumer_loan']),
        cardTail: z.string().nullable(),
        principalFen: z.int(),
        interestFen: z.int(),
        feesFen: z.int(),
        daysOverdue: z.int(),
        bucket: z.string(),
        lawsuitFiled: z.boolean(),
        judgment: z.boolean(),
        enforcementListed: z.boolean(),
        creditReported: z.boolean(),
        guarantor: z.boolean(),
      }),
    ),
    contacts: z.array(
      z.object({
        id: z.string(),
        relation: z.enum(RELATIONS),
        /** masked: a contact person's name and number are third parties' personal data */
        name: z.string().nullable(),
        phone: z.string(),
        consented: z.boolean(),
        refused: z.boolean(),
        invalid: z.boolean(),
        /** may this number be called now, and if not, why and when */
        guard: guardState,
      }),
    ),
    holds: z.array(holdItem),
    promises: z.array(promiseItem),
    proposals: z.array(proposalItem),
    plans: z.array(planItem),
    payments: z.array(paymentItem),
    calls: z.array(callItem),
    attempts: z.array(attemptItem),
    escalation: z
      .object({ id: z.string(), reason: z.string(), createdAt: z.string(), raisedBy: z.string().nullable() })
      .nullable(),
    timeline: z.array(timelineItem),
    /** what the caller may do on this case */
    can: z.object({ work: z.boolean(), reveal: z.boolean(), lead: z.boolean() }),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof caseDetail>;

export const revealBody = z.object({
  /** why the full data is needed; written to the audit log (个人信息保护法: a stated purpose) */
  purpose: z.string().trim().min(2).max(200),
});

export const revealResponse = z
  .object({
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
  })
  .meta({ id: 'Revealed' });

export const guardQuery = z.object({
  channel: z.enum(['call', 'sms', 'visit']).default('call'),
  contactId: id.optional(),
  at: iso.optional(),
  staff: z.coerce.number().int().min(0).max(20).optional(),
});

export const guardCheckBody = z
  .object({
    allowed: z.boolean(),
    nextAllowedAt: z.string().nullable(),
    timeZone: z.string(),
    target: z.object({
      kind: z.enum(['debtor', 'guarantor', 'third_party']),
      contactId: z.string().nullable(),
    }),
    checks: z.array(guardCheck),
    blocking: z.array(guardCheck),
  })
  .meta({ id: 'GuardCheck' });

export const OUTCOME_CODES = [
  'talked',
  'promise_to_pay',
  'refused',
  'callback_requested',
  'dispute_raised',
  'complaint_raised',
  'claims_paid',
  'third_party_relay',
  'wrong_person',
  'no_answer',
  'busy',
  'powered_off',
  'rejected_call',
  'invalid_number',
  'message_left',
  'sms_sent',
  'visit_met',
  'visit_not_home',
] as const;

export const recordContactBody = z
  .object({
    channel: z.enum(['call', 'sms', 'visit']),
    /** the number or person reached; default the debtor's own first valid number */
    contactId: id.optional(),
    /** when it happened; default now */
    at: iso.optional(),
    connected: z.boolean(),
    answeredBy: z.enum(['debtor', 'third_party']).nullable().default(null),
    outcomeCode: z.enum(OUTCOME_CODES),
    note: z.string().max(2000).nullable().default(null),
    /** visits: how many staff go (the rules need at least 2) */
    staff: z.int().min(0).max(20).optional(),
    /** dispute_raised: what is disputed (amount, identity, already_paid, fraud, other; default other) */
    disputeKind: z.enum(['amount', 'identity', 'already_paid', 'fraud', 'other']).optional(),
  })
  .meta({ id: 'RecordContact' });

export const recordContactResponse = z.object({
  attemptId: z.string(),
  /** dispute_raised / complaint_raised: the hold opened from the note, in the same transaction */
  hold: z
    .object({
      holdId: z.string(),
      kind: z.enum(['complaint', 'dispute']),
      blocksContact: z.boolean(),
      answerDueAt: z.string().nullable(),
    })
    .nullable(),
  checks: z.array(z.object({ rule: z.string(), pack: z.string(), reason: bilingual })),
});

export const recordCallBody = z
  .object({
    /** the contact attempt this call was */
    attemptId: id.nullable().default(null),
    at: iso.optional(),
    /** either turns … */
    turns: z.array(inputTurnSchema).min(1).max(2000).optional(),
    /** … or a plain transcript, one turn a line: `坐席：…` / `客户：…` */
    transcript: z.string().min(1).max(400_000).optional(),
  })
  .refine((b) => (b.turns === undefined) !== (b.transcript === undefined), {
    error: 'give either turns or transcript / 请提供 turns 或 transcript 之一',
    path: ['turns'],
  })
  .meta({ id: 'RecordCall' });

export const proposalBody = z.object({
  proposalId: z.string(),
  amountFen: z.int().nullable(),
  amountMaxFen: z.int().nullable(),
  dueAt: z.string().nullable(),
  vague: z.boolean(),
  text: z.string(),
});

export const recordCallResponse = z
  .object({
    callId: z.string(),
    persona: z.string().nullable(),
    ability: z.number().nullable(),
    willingness: z.number().nullable(),
    violations: z.array(z.object({ rule: z.string(), severity: z.string(), evidence: z.string() })),
    /** promises the analyser heard: confirm or dismiss each */
    proposals: z.array(proposalBody),
    note: z.string(),
    analysis: analysisSchema,
  })
  .meta({ id: 'RecordedCall' });

export const confirmProposalBody = z.object({
  amountFen: z.int().positive().optional(),
  amountMaxFen: z.int().positive().nullable().optional(),
  dueAt: iso.optional(),
});
export const dismissProposalBody = z.object({ reason: z.string().trim().max(500).optional() });
export const dismissProposalResponse = z.object({ proposalId: z.string(), status: z.literal('dismissed') });

export const recordPromiseBody = z
  .object({
    amountFen: z.int().positive(),
    amountMaxFen: z.int().positive().nullable().default(null),
    dueAt: iso,
  })
  .meta({ id: 'RecordPromise' });

export const promiseResponse = z
  .object({
    promiseId: z.string(),
    caseId: z.string(),
    amountFen: z.int(),
    amountMaxFen: z.int().nullable(),
    dueAt: z.string(),
    status: z.literal('pending'),
  })
  .meta({ id: 'Promise' });

export const PAYMENT_CHANNELS = [
  'bank_transfer',
  'card',
  'counter',
  'wechat_pay',
  'alipay',
  'other',
] as const;

export const recordPaymentBody = z
  .object({
    amountFen: z.int().positive(),
    paidAt: iso,
    channel: z.enum(PAYMENT_CHANNELS),
    /** the bank's or channel's reference: recording it again is the same payment */
    reference: z.string().trim().min(1).max(100),
  })
  .meta({ id: 'RecordPayment' });

export const paymentResponse = z
  .object({
    paymentId: z.string(),
    duplicate: z.boolean(),
    allocations: z.array(
      z.object({ promiseId: z.string().nullable(), instalmentId: z.string().nullable(), amountFen: z.int() }),
    ),
    kept: z.array(z.string()),
    instalmentsPaid: z.array(z.string()),
    planCompleted: z.string().nullable(),
    balanceFen: z.int(),
    caseStatus: z.string(),
  })
  .meta({ id: 'Payment' });

export const reversePaymentBody = z
  .object({
    /** why the payment is reversed (冲正原因), 1–500 characters once trimmed */
    reason: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'ReversePayment' });

export const reversePaymentResponse = z
  .object({
    paymentId: z.string(),
    caseId: z.string(),
    amountFen: z.int(),
    reversedAt: z.string(),
    promises: z.array(z.object({ id: z.string(), status: z.string(), paidFen: z.int() })),
    instalments: z.array(z.object({ id: z.string(), status: z.string(), paidFen: z.int() })),
    planReactivated: z.string().nullable(),
    balanceFen: z.int(),
    caseStatus: z.string(),
    caseReopened: z.boolean(),
  })
  .meta({ id: 'PaymentReversal' });

// ---- plans -------------------------------------------------------------------------------------

export const planRequestBody = z
  .object({
    instalmentCount: z.int().min(1).max(60),
    interestWaiverFen: fen.default(0),
    feeWaiverFen: fen.default(0),
    downPaymentFen: fen.default(0),
    /** the debtor's local date of the first payment */
    firstDueDate: day,
  })
  .meta({ id: 'PlanRequest' });

export const proposePlanBody = planRequestBody.extend({ note: z.string().max(1000).optional() });

const scheduleItem = z.object({ seq: z.int(), dueDate: z.string(), dueAt: z.string(), amountFen: z.int() });
const breach = z.object({ code: z.string(), limit: z.number(), requested: z.number() });

export const planCalculationBody = z
  .object({
    outstanding: z.object({
      principalFen: z.int(),
      interestFen: z.int(),
      feesFen: z.int(),
      totalFen: z.int(),
    }),
    interestWaiverFen: z.int(),
    feeWaiverFen: z.int(),
    settlementFen: z.int(),
    downPaymentFen: z.int(),
    instalmentFeeFen: z.int(),
    totalCostFen: z.int(),
    withinPolicy: z.boolean(),
    breaches: z.array(breach),
    requiredRole: z.string(),
    schedule: z.array(scheduleItem),
    policy: offerPolicy,
  })
  .meta({ id: 'PlanCalculation' });

export const planResponse = z
  .object({
    planId: z.string(),
    state: z.string(),
    settlementFen: z.int(),
    waiverFen: z.int(),
    instalmentFeeFen: z.int(),
    totalCostFen: z.int(),
    withinPolicy: z.boolean(),
    breaches: z.array(breach),
    requiredRole: z.string(),
    schedule: z.array(scheduleItem),
  })
  .meta({ id: 'Plan' });

export const planDecisionBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(1000).optional(),
});
export const planDecisionResponse = z.object({ planId: z.string(), state: z.enum(['approved', 'rejected']) });
export const planActivatedResponse = z.object({
  planId: z.string(),
  state: z.literal('active'),
  nextDueAt: z.string().nullable(),
});

export const approvalsBody = z.object({
  items: z.array(
    z.object({
      planId: z.string(),
      caseId: z.string(),
      clientName: z.string(),
      debtorName: z.string(),
      assigneeId: z.string().nullable(),
      proposedBy: z.string(),
      proposedByName: z.string(),
      proposedAt: z.string(),
      /** the proposer's note (why this plan) */
      proposalNote: z.string().nullable(),
      balanceFen: z.int(),
      settlementFen: z.int(),
      waiverFen: z.int(),
      instalmentCount: z.int(),
      withinPolicy: z.boolean(),
      breaches: z.array(breach),
      requiredRole: z.string(),
      /** your role is enough and you did not propose it yourself */
      canDecide: z.boolean(),
    }),
  ),
});

// ---- holds, escalations, assignment ------------------------------------------------------------

export const holdResponse = z
  .object({
    holdId: z.string(),
    kind: z.enum(['stop', 'complaint', 'dispute', 'cease']),
    blocksContact: z.boolean(),
    reviewAt: z.string().nullable(),
    answerDueAt: z.string().nullable(),
  })
  .meta({ id: 'Hold' });
export const holdClosedResponse = z.object({
  holdId: z.string(),
  /** another hold (a complaint, a dispute, another agency's stop) may still block contact */
  stillOnHold: z.boolean(),
  late: z.boolean().optional(),
});

export const holdListBody = z.object({
  items: z.array(
    z.object({
      holdId: z.string(),
      kind: z.enum(['stop', 'complaint', 'dispute']),
      caseId: z.string(),
      caseStatus: z.string(),
      clientName: z.string(),
      debtorName: z.string(),
      assigneeName: z.string().nullable(),
      teamId: z.string().nullable(),
      reason: z.string(),
      blocksContact: z.boolean(),
      openedAt: z.string(),
      openedByName: z.string().nullable(),
      /** the stop's review date, the complaint's answer deadline or the dispute's verification deadline (null: none set, e.g. a dispute logged before verify_days existed) */
      dueAt: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
});

export const stopBody = z.object({
  reason: z.string().trim().min(1).max(500),
  reviewAt: iso.optional(),
});
export const resumeBody = z.object({ note: z.string().trim().min(1).max(500) });
export const complaintBody = z.object({
  channel: z.enum(['call', 'bank', 'regulator', 'hotline_12378', 'letter', 'online', 'other']),
  summary: z.string().trim().min(1).max(2000),
  receivedAt: iso.optional(),
});
export const complaintAnswerBody = z.object({ answer: z.string().trim().min(1).max(4000) });
export const disputeBody = z.object({
  kind: z.enum(['amount', 'identity', 'already_paid', 'fraud', 'other']),
  detail: z.string().trim().min(1).max(2000),
});
export const disputeResolutionBody = z.object({
  outcome: z.enum(['confirmed', 'corrected', 'upheld']),
  note: z.string().trim().min(1).max(2000),
});

export const escalateBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const escalationResponse = z.object({ escalationId: z.string(), caseId: z.string() });
export const escalationListQuery = z.object({ status: z.enum(['open', 'closed']).default('open') });
export const escalationListBody = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      clientName: z.string(),
      debtorName: z.string(),
      assigneeId: z.string().nullable(),
      assigneeName: z.string().nullable(),
      teamId: z.string().nullable(),
      reason: z.string(),
      detail: z.record(z.string(), z.unknown()),
      raisedBy: z.string().nullable(),
      status: z.enum(['open', 'closed']),
      createdAt: z.string(),
      brokenCount: z.int(),
      balanceFen: z.int(),
    }),
  ),
});
export const closeEscalationBody = z.object({ note: z.string().trim().min(1).max(1000) });
export const takeoverResponse = z.object({
  escalationId: z.string(),
  caseId: z.string(),
  assigneeId: z.string(),
});

export const assignBody = z.object({
  caseIds: z.array(id).min(1).max(1000),
  collectorId: id,
});
export const reassignBody = assignBody.extend({ reason: z.string().trim().min(1).max(500) });
export const assignmentResponse = z.object({ caseIds: z.array(z.string()) });

// ---- advisor -----------------------------------------------------------------------------------

const STAGE_IDS = ['first_call', 'follow_up', 'broken_promise', 'third_party', 'angry', 'dispute'] as const;

export const adviceBody = z
  .object({
    stage: z.enum(STAGE_IDS),
    stage_inferred: z.boolean(),
    stage_reason_zh: z.string(),
    audience: z.enum(['debtor', 'third_party']),
    persona: z.object({
      id: z.enum(PERSONAS).nullable(),
      name_zh: z.string().nullable(),
      weights: z.record(z.enum(PERSONAS), z.number()),
    }),
    arm: z.enum(['champion', 'challenger']),
    strategies: z.array(
      z.object({
        id: z.enum(STRATEGIES),
        name_zh: z.string(),
        group_zh: z.string(),
        score: z.number(),
        reason_zh: z.string(),
        risk: z.enum(['low', 'medium', 'high']),
        boundary_zh: z.string(),
        effectiveness: z
          .object({ persona: z.enum(PERSONAS), mean: z.number(), observed: z.number() })
          .nullable(),
        scripts: z.array(
          z.object({
            id: z.string(),
            text: z.string(),
            stage: z.enum(STAGE_IDS).optional(),
            persona: z.enum(PERSONAS).optional(),
          }),
        ),
        withheld: z.array(z.object({ id: z.string(), why_zh: z.string() })),
      }),
    ),
    not_offered: z.array(z.object({ id: z.enum(STRATEGIES), why_zh: z.string() })),
    warnings: z.array(
      z.object({ code: z.string(), severity: z.enum(['info', 'caution', 'stop']), text_zh: z.string() }),
    ),
    actions: z.array(z.string()),
  })
  .meta({ id: 'Advice' });
export type AdviceBody = z.infer<typeof adviceBody>;

export const suggestionsQuery = z.object({
  /** a call of this case to advise on; default the latest */
  callId: id.optional(),
  limit: z.coerce.number().int().min(1).max(17).default(5),
});

export const suggestionsBody = z
  .object({
    caseId: z.string(),
    callId: z.string().nullable(),
    advice: adviceBody,
  })
  .meta({ id: 'Suggestions' });

export const analyzeBody = z
  .object({
    transcript: z.string().min(1).max(400_000).optional(),
    turns: z.array(inputTurnSchema).min(1).max(2000).optional(),
    /** the moment of the call: relative dates ("明天") resolve against it; default now */
    at: iso.optional(),
    facts: factsSchema.optional(),
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { error: 'an IANA time zone such as Asia/Shanghai / 应为 IANA 时区，如 Asia/Shanghai' },
      )
      .optional(),
  })
  .refine((b) => (b.turns === undefined) !== (b.transcript === undefined), {
    error: 'give either turns or transcript / 请提供 turns 或 transcript 之一',
    path: ['transcript'],
  })
  .meta({ id: 'AnalyzeRequest' });

export { analysisSchema };
export type Analysis = z.infer<typeof analysisSchema>;

// ---- imports -----------------------------------------------------------------------------------

/** Form fields beside the file (multipart), or query parameters with a raw upload. */
export const importFields = z.object({
  clientId: id,
  batchNo: z.string().trim().min(1).max(64).optional(),
  asOf: day.optional(),
  periodStart: day.optional(),
  periodEnd: day.optional(),
  skipInvalid: booleanQuery,
  /** the uploaded file's name (raw uploads): its extension tells CSV from XLSX */
  fileName: z.string().trim().min(1).max(200).optional(),
});

export const importReportBody = z
  .object({
    imported: z.boolean(),
    batchNo: z.string(),
    rows: z.int(),
    valid: z.int(),
    rejected: z.int(),
    problemCount: z.int(),
    /** the first 1,000 problems: row number as the sheet shows it, column header, reason */
    problems: z.array(
      z.object({
        row: z.int(),
        column: z.string().nullable(),
        code: z.string(),
        zh: z.string(),
        en: z.string(),
      }),
    ),
    ignoredColumns: z.array(z.string()),
    counts: z
      .object({
        debtors: z.object({ inserted: z.int(), existing: z.int() }),
        cases: z.object({ inserted: z.int(), existing: z.int() }),
        accounts: z.object({ inserted: z.int(), existing: z.int() }),
        contacts: z.object({ inserted: z.int(), existing: z.int() }),
      })
      .nullable(),
    placementId: z.string().nullable(),
  })
  .meta({ id: 'ImportReport' });

// ---- organisation ------------------------------------------------------------------------------

export const clientBody = z.object({
  id: z.string(),
  name: z.string(),
  rulePacks: z.array(z.string()),
  strictHours: z.boolean(),
});
export const clientListBody = z.object({ items: z.array(clientBody) });
export const createClientBody = z.object({
  name: z.string().trim().min(1).max(100),
  rulePacks: z
    .array(z.string().regex(/^[a-z]+(?:-[a-z]+)*$/))
    .min(1)
    .default(['cn']),
  strictHours: z.boolean().default(false),
});
export const createdBody = z.object({ id: z.string() });

export const placementListBody = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      clientId: z.string(),
      clientName: z.string(),
      batchNo: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      cases: z.int(),
      openCases: z.int(),
      totalDueFen: z.int(),
      paidFen: z.int(),
      balanceFen: z.int(),
    }),
  ),
});

export const userBody = z
  .object({
    id: z.string(),
    login: z.string().nullable(),
    name: z.string(),
    role: serverRole,
    staffNo: z.string().nullable(),
    teamId: z.string().nullable(),
    clientId: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export const userListBody = z.object({ items: z.array(userBody) });
export const userListQuery = z.object({
  role: serverRole.optional(),
  teamId: id.optional(),
  active: booleanQuery,
});

const login = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, { error: 'letters, digits and . _ @ - only / 只能使用字母、数字和 . _ @ -' });

export const createUserBody = z
  .object({
    name: z.string().trim().min(1).max(50),
    login,
    role: serverRole,
    teamId: id.nullable().default(null),
    /** required for a client-bank viewer, not allowed otherwise */
    clientId: id.nullable().default(null),
    staffNo: z.string().trim().min(1).max(20).nullable().default(null),
    password: z.string().min(10).max(200),
  })
  .meta({ id: 'CreateUser' });

export const patchUserBody = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  role: serverRole.optional(),
  teamId: id.nullable().optional(),
  clientId: id.nullable().optional(),
  staffNo: z.string().trim().min(1).max(20).nullable().optional(),
  /** false signs the user out everywhere at once */
  active: z.boolean().optional(),
});
export const resetPasswordBody = z.object({ password: z.string().min(10).max(200) });

export const teamBody = z.object({
  id: z.string(),
  name: z.string(),
  members: z.int(),
  leadIds: z.array(z.string()),
});
export const teamListBody = z.object({ items: z.array(teamBody) });
export const createTeamBody = z.object({ name: z.string().trim().min(1).max(50) });

// ---- playbook ----------------------------------------------------------------------------------

export const playbookBody = z
  .object({
    revision: z.int(),
    /** set when stored edits no longer validate: the shipped playbook is in use until they are fixed */
    problem: z.string().nullable(),
    playbook: z.object({
      personas: z.record(z.enum(PERSONAS), personaSchema),
      reasons: z.record(z.enum(REASONS), reasonSchema),
      intents: z.record(z.enum(INTENTS), intentSchema),
      strategies: z.record(z.enum(STRATEGIES), strategySchema),
      rulePacks: z.record(
        z.string(),
        z.object({
          id: z.string(),
          name_zh: z.string(),
          description_zh: z.string().optional(),
          jurisdiction: z.enum(['cn', 'us']),
          extends: z.string().nullable(),
          rules: z.array(ruleSchema),
          params: z.record(z.string(), z.record(z.string(), z.unknown())),
        }),
      ),
      policies: policiesSchema,
      templates: z.array(templateSchema),
    }),
  })
  .meta({ id: 'Playbook' });

export const playbookFilesBody = z.object({
  revision: z.int(),
  files: z.array(
    z.object({
      path: z.string(),
      /** this agency edited the shipped file */
      edited: z.boolean(),
      editedAt: z.string().nullable(),
      editedBy: z.string().nullable(),
      /** who may edit it: rule packs are for admins */
      editableBy: z.array(serverRole),
    }),
  ),
});

export const playbookPathQuery = z.object({
  path: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[a-z0-9_-]+(?:\/[a-z0-9_-]+)?\.ya?ml$/, {
      error: 'a playbook file path such as strategies/empathy.yaml',
    }),
});

export const playbookFileBody = z.object({
  path: z.string(),
  text: z.string(),
  edited: z.boolean(),
  /** the file as shipped, to compare or revert to; null for a file the agency added */
  shippedText: z.string().nullable(),
});

export const putPlaybookFileBody = z.object({
  path: playbookPathQuery.shape.path,
  /** the whole YAML file; the playbook is checked as a whole before it is saved */
  text: z.string().max(500_000),
});

export const playbookIssue = z.object({
  file: z.string(),
  path: z.string(),
  line: z.int().nullable(),
  code: z.string(),
  message: z.string(),
});

export const playbookValidationBody = z.object({
  ok: z.boolean(),
  revision: z.int(),
  issues: z.array(playbookIssue),
});

// ---- audit -------------------------------------------------------------------------------------

export const auditQuery = pageQuery
  .extend({
    entity: z.string().min(1).max(40).optional(),
    entityId: id.optional(),
    caseId: id.optional(),
    actorId: id.optional(),
    /** an action or its prefix: `payment.`, `debtor.unmasked_viewed` */
    action: z.string().min(1).max(80).optional(),
    from: iso.optional(),
    to: iso.optional(),
  })
  .refine(fromNotAfterTo, BACKWARDS);

export const auditBody = z.object({
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
  items: z.array(
    z.object({
      id: z.int(),
      at: z.string(),
      actorId: z.string().nullable(),
      actorName: z.string().nullable(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string(),
      clientId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

// ---- practice ----------------------------------------------------------------------------------

export const PRACTICE_SITUATIONS = [
  'first_call',
  'broken_promise',
  'third_party',
  'angry',
  'dispute',
] as const;

export const startPracticeBody = z.object({
  persona: z.enum(PERSONAS),
  situation: z.enum(PRACTICE_SITUATIONS),
  /** the same seed and the same lines replay the same call; default random */
  seed: z.string().trim().min(1).max(64).optional(),
});

const practiceTurn = z.object({
  speaker: z.enum(SPEAKERS),
  text: z.string(),
  strategies: z.array(z.string()),
  violations: z.array(z.object({ rule: z.string(), severity: z.string(), reason: z.string() })),
});

const practiceScore = z.object({
  total: z.number(),
  grade_zh: z.string(),
  parts: z.object({
    strategy: z.number(),
    promise: z.number(),
    compliance: z.number(),
    identity: z.number(),
  }),
  feedback_zh: z.array(z.string()),
  next_time: z.array(z.object({ id: z.string(), name_zh: z.string(), reason_zh: z.string() })),
  recognised: z.string().nullable(),
});

export const practiceBody = z
  .object({
    id: z.string(),
    userId: z.string(),
    persona: z.enum(PERSONAS),
    situation: z.enum(PRACTICE_SITUATIONS),
    seed: z.string(),
    /** the made-up account the trainee is calling about */
    facts: factsSchema,
    at: z.string(),
    transcript: z.array(practiceTurn),
    ended: z.boolean(),
    finished: z.boolean(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    score: practiceScore.nullable(),
    outcome: z
      .object({
        promise: z
          .object({
            amount: z.number().nullable(),
            date: z.string().nullable(),
            reliable: z.boolean(),
            why_zh: z.string(),
          })
          .nullable(),
        paid: z.boolean(),
        ended: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'PracticeSession' });
export type PracticeBody = z.infer<typeof practiceBody>;

export const practiceLineBody = z.object({ text: z.string().trim().min(1).max(1000) });
export const practiceTurnResponse = z.object({
  trainee: practiceTurn,
  replies: z.array(practiceTurn),
  ended: z.boolean(),
});
export const practiceListQuery = z.object({ userId: id.optional() });
export const practiceListBody = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      userName: z.string(),
      persona: z.enum(PERSONAS),
      situation: z.enum(PRACTICE_SITUATIONS),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      total: z.number().nullable(),
      turns: z.int(),
    }),
  ),
});

// ---- dashboard ---------------------------------------------------------------------------------

export const dashboardQuery = z
  .object({
    from: iso.optional(),
    to: iso.optional(),
    teamId: id.optional(),
    clientId: id.optional(),
  })
  .refine(fromNotAfterTo, BACKWARDS);

const metrics = z.object({
  cases: z.int(),
  placedFen: z.int(),
  recoveredFen: z.int(),
  /** recovered ÷ placed balance, 0..1 */
  recoveryRate: z.number(),
  promisesMade: z.int(),
  promisesDue: z.int(),
  promisesKept: z.int(),
  promisesPartial: z.int(),
  promisesBroken: z.int(),
  /** kept ÷ (kept + partially kept + broken) of the promises that fell due */
  promiseKeptRate: z.number().nullable(),
  attempts: z.int(),
  conversations: z.int(),
  /** cases with a conversation with the debtor ÷ cases worked */
  contactRate: z.number().nullable(),
  calls: z.int(),
  /** violations the analyser found in the collectors' calls */
  complianceIncidents: z.int(),
  incidentsPer100Calls: z.number().nullable(),
  complaints: z.int(),
  /** complaints per 100 cases contacted */
  complaintRate: z.number().nullable(),
});

export const dashboardBody = z
  .object({
    from: z.string(),
    to: z.string(),
    scope: z.object({
      kind: z.enum(['agency', 'team', 'client']),
      teamId: z.string().nullable(),
      clientId: z.string().nullable(),
    }),
    totals: metrics,
    /**
     * Collectors ranked with compliance first: fewer incidents per 100 calls, then a lower complaint
     * rate, then the recovery rate. A collector who recovers more by breaking rules ranks lower.
     * Leads with work of their own follow, unranked.
     */
    collectors: z.array(
      metrics.extend({
        userId: z.string(),
        name: z.string(),
        teamId: z.string().nullable(),
        /** a lead who worked cases themself (taken over) is listed after the collectors, unranked */
        role: z.enum(['collector', 'lead']),
        /** 1 = best; null for a lead: leads are not ranked against the collectors they lead */
        rank: z.int().nullable(),
      }),
    ),
    effectiveness: z.object({
      level: z.number(),
      minOutcomes: z.int(),
      priorStrength: z.number(),
      cells: z.array(
        z.object({
          persona: z.enum(PERSONAS),
          strategy: z.enum(STRATEGIES),
          n: z.int(),
          successes: z.int(),
          rate: z.number().nullable(),
          mean: z.number(),
          lower: z.number(),
          upper: z.number(),
          ranked: z.boolean(),
          note_zh: z.string(),
        }),
      ),
      clearDifferences: z.array(
        z.object({ persona: z.enum(PERSONAS), better: z.enum(STRATEGIES), worse: z.enum(STRATEGIES) }),
      ),
      textZh: z.string(),
    }),
  })
  .meta({ id: 'Dashboard' });
export type DashboardBody = z.infer<typeof dashboardBody>;

export const collectorDrillBody = z.object({
  userId: z.string(),
  name: z.string(),
  metrics,
  recentCalls: z.array(
    z.object({
      callId: z.string(),
      caseId: z.string(),
      at: z.string(),
      persona: z.string().nullable(),
      violations: z.array(z.string()),
      promises: z.int(),
    }),
  ),
  brokenPromises: z.array(
    z.object({ promiseId: z.string(), caseId: z.string(), amountFen: z.int(), dueAt: z.string() }),
  ),
  complaints: z.array(z.object({ holdId: z.string(), caseId: z.string(), openedAt: z.string() })),
});

// ---- QA ----------------------------------------------------------------------------------------

export const qaCallsQuery = pageQuery.extend({
  from: iso.optional(),
  to: iso.optional(),
  collectorId: id.optional(),
  /** only calls with at least one finding */
  withFindings: booleanQuery,
  reviewed: booleanQuery,
});

export const qaCallSummary = z.object({
  callId: z.string(),
  caseId: z.string(),
  clientId: z.string(),
  at: z.string(),
  collectorId: z.string().nullable(),
  collectorName: z.string().nullable(),
  persona: z.string().nullable(),
  findings: z.int(),
  worstSeverity: z.enum(['low', 'medium', 'high', 'critical']).nullable(),
  /** computed from the findings: 100 less a deduction per finding by severity */
  autoScore: z.int(),
  reviewScore: z.int().nullable(),
  disputed: z.int(),
  acknowledged: z.int(),
});

export const qaCallsBody = z.object({
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
  items: z.array(qaCallSummary),
});

export const callDetailBody = z
  .object({
    callId: z.string(),
    caseId: z.string(),
    clientId: z.string(),
    at: z.string(),
    collectorId: z.string().nullable(),
    collectorName: z.string().nullable(),
    /** personal data in the text (the debtor's name, numbers) is masked for QA */
    masked: z.boolean(),
    analysis: analysisSchema,
    findings: z.array(
      z.object({
        index: z.int(),
        rule: z.string(),
        severity: z.string(),
        turn: z.int().nullable(),
        evidence: z.string(),
        reason: z.string(),
        force: z.string(),
        source: z.string(),
        response: z
          .object({
            response: z.enum(['acknowledged', 'disputed']),
            comment: z.string().nullable(),
            userId: z.string(),
            at: z.string(),
          })
          .nullable(),
      }),
    ),
    autoScore: z.int(),
    review: z
      .object({ score: z.int(), note: z.string().nullable(), reviewerId: z.string(), reviewedAt: z.string() })
      .nullable(),
  })
  .meta({ id: 'CallDetail' });
export type CallDetailBody = z.infer<typeof callDetailBody>;

export const reviewBody = z.object({
  score: z.int().min(0).max(100),
  note: z.string().trim().max(2000).optional(),
});
export const reviewResponse = z.object({ callId: z.string(), score: z.int(), reviewedAt: z.string() });
export const findingResponseBody = z.object({
  response: z.enum(['acknowledged', 'disputed']),
  comment: z.string().trim().max(2000).optional(),
});
export const findingResponseResponse = z.object({
  callId: z.string(),
  finding: z.int(),
  response: z.enum(['acknowledged', 'disputed']),
});
