import type { Analysis, Facts, InputTurn } from '../analysis/contract';
import type { Channel, ContactAttempt, Hold } from '../compliance/contact-guard';

/**
 * The ports the use cases own. Adapters live in src/store (PostgreSQL: PGlite or a server); the use
 * cases see only these interfaces. Every repository method takes the agency it acts for, so a
 * query can never wander into another agency's cases.
 */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id, e.g. `pay_01JD…`; the prefix names the entity for people reading logs. */
  next(prefix: string): string;
}

/** The analyser as the use cases need it (src/analysis Analyzer satisfies it). */
export interface CallAnalyzer {
  analyze(turns: readonly InputTurn[], opts: { at: Date; facts?: Facts; timeZone?: string }): Analysis;
}

/** Who acts: a signed-in user, or a scheduled job (userId null) acting for an agency. */
export interface Actor {
  agencyId: string;
  userId: string | null;
}

export const ROLES = ['collector', 'lead', 'manager', 'qa', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const APPROVER_ROLES = ['lead', 'manager', 'admin'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

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
export type Relation = (typeof RELATIONS)[number];

export const PRODUCTS = ['credit_card', 'consumer_loan'] as const;
export type Product = (typeof PRODUCTS)[number];

export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const CASE_STATUSES = ['open', 'settled', 'closed', 'recalled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const PROMISE_STATUSES = ['pending', 'kept', 'partially_kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const PLAN_STATES = [
  'proposed',
  'approved',
  'rejected',
  'active',
  'completed',
  'defaulted',
  'cancelled',
] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const PAYMENT_CHANNELS = [
  'bank_transfer',
  'card',
  'counter',
  'wechat_pay',
  'alipay',
  'other',
] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export const HOLD_KINDS = ['stop', 'complaint', 'dispute', 'cease'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

// ---- records -----------------------------------------------------------------------------------

export interface AgencyRecord {
  id: string;
  name: string;
}

export interface TeamRecord {
  id: string;
  agencyId: string;
  name: string;
}

export interface UserRecord {
  id: string;
  agencyId: string;
  teamId: string | null;
  name: string;
  role: Role;
  active: boolean;
}

export interface ClientRecord {
  id: string;
  name: string;
  rulePacks: string[];
  strictHours: boolean;
}

/** The bank's offer policy for one placement batch. Basis points: 10000 = 100%. */
export interface OfferPolicy {
  instalmentCounts: number[];
  maxInterestWaiverBp: number;
  maxFeeWaiverBp: number;
  minDownPaymentBp: number;
  instalmentFeeBp: number;
  approverRole: ApproverRole;
  exceptionApproverRole: ApproverRole;
}

export interface PlacementRecord {
  id: string;
  agencyId: string;
  clientId: string;
  batchNo: string;
  /** local dates 'YYYY-MM-DD' */
  periodStart: string;
  periodEnd: string;
  offer: OfferPolicy;
}

export interface DebtorRecord {
  id: string;
  agencyId: string;
  clientId: string;
  name: string;
  idNumber: string;
  timeZone: string;
  quietHoursConsent: boolean;
  inconvenientTimes: { from: string; to: string }[];
}

export interface CaseRecord {
  id: string;
  agencyId: string;
  clientId: string;
  placementId: string;
  debtorId: string;
  status: CaseStatus;
  assigneeId: string | null;
  teamId: string | null;
  priority: number;
  strategy: string | null;
  totalDueFen: number;
  paidFen: number;
  waivedFen: number;
  balanceFen: number;
  brokenCount: number;
  followUpBroken: boolean;
  nextDueAt: Date | null;
  lastContactAt: Date | null;
  ability: number | null;
  willingness: number | null;
  persona: string | null;
}

export type CasePatch = Partial<
  Pick<
    CaseRecord,
    | 'status'
    | 'assigneeId'
    | 'teamId'
    | 'priority'
    | 'strategy'
    | 'totalDueFen'
    | 'paidFen'
    | 'waivedFen'
    | 'brokenCount'
    | 'followUpBroken'
    | 'nextDueAt'
    | 'lastContactAt'
    | 'ability'
    | 'willingness'
    | 'persona'
  >
> & { assignedAt?: Date | null };

export interface AccountRecord {
  id: string;
  caseId: string;
  accountRef: string;
  product: Product;
  cardTail: string | null;
  principalFen: number;
  interestFen: number;
  feesFen: number;
  daysOverdue: number;
  overdueAsOf: string;
  bucket: Bucket;
  lawsuitFiled: boolean;
  judgment: boolean;
  enforcementListed: boolean;
  creditReported: boolean;
  guarantor: boolean;
  effectiveCollections: Date[];
}

export interface ContactRecord {
  id: string;
  agencyId: string;
  clientId: string;
  debtorId: string;
  name: string | null;
  relation: Relation;
  phone: string;
  consented: boolean;
  refused: boolean;
  invalid: boolean;
}

export interface AttemptRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  debtorId: string;
  contactId: string | null;
  collectorId: string | null;
  channel: Channel;
  number: string | null;
  targetKind: ContactAttempt['targetKind'];
  at: Date;
  connected: boolean;
  answeredBy: ContactAttempt['answeredBy'];
  outcomeCode: string;
  note: string | null;
  guard: StoredDecision;
}

/** The guard's decision as stored beside what it allowed (JSON: times are ISO strings). */
export interface StoredDecision {
  allowed: boolean;
  nextAllowedAt: string | null;
  checks: {
    rule: string;
    pack: string;
    allowed: boolean;
    reason: { zh: string; en: string };
    nextAllowedAt: string | null;
  }[];
}

export interface CallRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  attemptId: string | null;
  collectorId: string | null;
  at: Date;
  transcript: readonly InputTurn[];
  analysis: Analysis;
}

export interface ProposedPromiseRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  callId: string;
  amountFen: number | null;
  amountMaxFen: number | null;
  dueAt: Date | null;
  dueFrom: Date | null;
  kind: 'amount' | 'minimum' | 'full';
  vague: boolean;
  text: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
  promiseId: string | null;
}

export interface PromiseRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  amountFen: number;
  amountMaxFen: number | null;
  dueAt: Date;
  status: PromiseStatus;
  paidFen: number;
  source: 'manual' | 'call';
  callId: string | null;
  createdBy: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

export interface PlanRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  state: PlanState;
  balanceFen: number;
  interestWaiverFen: number;
  feeWaiverFen: number;
  settlementFen: number;
  downPaymentFen: number;
  instalmentCount: number;
  instalmentFeeFen: number;
  totalCostFen: number;
  withinPolicy: boolean;
  policyBreaches: PolicyBreach[];
  requiredRole: ApproverRole;
  proposedBy: string;
  proposedAt: Date;
  /** the proposer's note (why this plan); never changed by the decision */
  proposalNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** the approver's note on approving or rejecting */
  decisionNote: string | null;
  activatedAt: Date | null;
  endedAt: Date | null;
}

export interface PolicyBreach {
  code: 'instalment_count' | 'interest_waiver' | 'fee_waiver' | 'down_payment';
  limit: number;
  requested: number;
}

export interface InstalmentRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  planId: string;
  seq: number;
  dueAt: Date;
  amountFen: number;
  paidFen: number;
  status: 'pending' | 'paid' | 'missed';
  settledAt: Date | null;
}

export interface PaymentRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  amountFen: number;
  paidAt: Date;
  channel: PaymentChannel;
  reference: string;
  recordedBy: string | null;
  /** 冲正: set once the payment is reversed; a reversed payment no longer counts anywhere */
  reversedAt: Date | null;
  reversedBy: string | null;
  reversalReason: string | null;
}

export interface AllocationRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  paymentId: string;
  promiseId: string | null;
  instalmentId: string | null;
  amountFen: number;
}

export interface HoldRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  debtorId: string;
  kind: HoldKind;
  reason: string;
  detail: Record<string, unknown>;
  blocksContact: boolean;
  openedBy: string | null;
  openedAt: Date;
  reviewAt: Date | null;
  answerDueAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
  resolution: string | null;
}

export interface EscalationRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  reason: string;
  detail: Record<string, unknown>;
  raisedBy: string | null;
  status: 'open' | 'closed';
  createdAt: Date;
}

export interface FieldVisitRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  requestedBy: string;
  plannedAt: Date;
  staff: number;
  address: string;
  purpose: string;
  status: 'requested' | 'approved' | 'rejected' | 'done' | 'cancelled';
  guard: StoredDecision;
}

export interface AssignmentRecord {
  id: string;
  agencyId: string;
  clientId: string;
  caseId: string;
  action: 'assign' | 'reassign' | 'recall';
  collectorId: string | null;
  teamId: string | null;
  previousCollectorId: string | null;
  reason: string | null;
  byUser: string | null;
  at: Date;
}

export interface AuditEntry {
  at: Date;
  agencyId: string;
  clientId: string | null;
  actorId: string | null;
  /** dotted verb, e.g. `payment.recorded`, `debtor.unmasked_viewed` */
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

/** Who a person is across the client: the same ID number placed with several agencies. */
export interface PersonKey {
  clientId: string;
  idNumber: string;
}

// ---- repositories ------------------------------------------------------------------------------

export interface OrgRepo {
  insertAgency(a: AgencyRecord): Promise<void>;
  getAgency(id: string): Promise<AgencyRecord | null>;
  insertClient(c: ClientRecord): Promise<void>;
  getClient(id: string): Promise<ClientRecord | null>;
  insertTeam(t: TeamRecord): Promise<void>;
  getTeam(agencyId: string, id: string): Promise<TeamRecord | null>;
  insertUser(u: UserRecord): Promise<void>;
  getUser(agencyId: string, id: string): Promise<UserRecord | null>;
  insertPlacement(p: PlacementRecord): Promise<void>;
  getPlacement(agencyId: string, id: string): Promise<PlacementRecord | null>;
}

export interface CaseRepo {
  get(agencyId: string, id: string, opts?: { forUpdate?: boolean }): Promise<CaseRecord | null>;
  /** Several cases, locked in id order (so two transactions never lock them in opposite orders). */
  getMany(agencyId: string, ids: readonly string[], opts?: { forUpdate?: boolean }): Promise<CaseRecord[]>;
  update(agencyId: string, id: string, patch: CasePatch): Promise<void>;
  accounts(agencyId: string, caseId: string): Promise<AccountRecord[]>;
  insertAssignment(a: AssignmentRecord): Promise<void>;
  assignments(agencyId: string, caseId: string): Promise<AssignmentRecord[]>;
  /** earliest due time of the case's open promises and its active plan's pending instalments */
  nextDueAt(agencyId: string, caseId: string): Promise<Date | null>;
}

export interface DebtorRepo {
  get(agencyId: string, id: string, opts?: { forUpdate?: boolean }): Promise<DebtorRecord | null>;
  /** Locks every debtor row of the person across the client, so concurrent contacts serialise. */
  lockPerson(person: PersonKey): Promise<void>;
  /** Counts a connected conversation on the person's local day on all their cases across the client (the queue's filter). */
  countTalk(person: PersonKey, localDay: string): Promise<void>;
  /** Sets contact_hold on all the person's cases across the client from their open blocking holds; returns it. */
  refreshHold(person: PersonKey): Promise<boolean>;
}

export interface ContactRepo {
  get(agencyId: string, id: string): Promise<ContactRecord | null>;
  forDebtor(agencyId: string, debtorId: string): Promise<ContactRecord[]>;
  markInvalid(agencyId: string, id: string, at: Date): Promise<void>;
  markRefused(agencyId: string, id: string, at: Date): Promise<void>;
}

/** What the contact guard needs to know about one debtor, read in one go. */
export interface GuardContext {
  /** the debtor's own contacts and contact persons (this agency) */
  contacts: ContactRecord[];
  /** open holds of the person across the client */
  holds: HoldRecord[];
  /** attempts on the person across the client and all its agencies, oldest first */
  history: ContactAttempt[];
}

export interface AttemptRepo {
  insert(a: AttemptRecord): Promise<void>;
  /** Guard context for several debtors at once (the queue checks a whole page). */
  guardContext(
    agencyId: string,
    debtorIds: readonly string[],
    since: Date,
  ): Promise<Map<string, GuardContext>>;
  /** Every attempt on the person across the client and all its agencies since `since`, oldest first. */
  history(person: PersonKey, since: Date): Promise<ContactAttempt[]>;
  belongsTo(agencyId: string, attemptId: string, caseId: string): Promise<boolean>;
  /** One logged attempt as the guard's history holds it, with the contact it reached; null if none. */
  get(agencyId: string, attemptId: string): Promise<(ContactAttempt & { contactId: string | null }) | null>;
  /** Connected conversations with the debtor on this case (有效催收 evidence), oldest first. */
  conversations(agencyId: string, caseId: string): Promise<Date[]>;
}

export interface CallRepo {
  insert(c: CallRecord): Promise<void>;
  /** the id of the call recorded for a contact attempt, if any (an attempt is one call) */
  forAttempt(agencyId: string, attemptId: string): Promise<string | null>;
  insertProposals(p: readonly ProposedPromiseRecord[]): Promise<void>;
  getProposal(
    agencyId: string,
    id: string,
    opts?: { forUpdate?: boolean },
  ): Promise<ProposedPromiseRecord | null>;
  decideProposal(
    agencyId: string,
    id: string,
    d: { status: 'confirmed' | 'dismissed'; promiseId: string | null; by: string | null; at: Date },
  ): Promise<void>;
}

export interface PromiseRepo {
  insert(p: PromiseRecord): Promise<void>;
  get(agencyId: string, id: string): Promise<PromiseRecord | null>;
  /** pending promises of the case, oldest due first */
  open(agencyId: string, caseId: string): Promise<PromiseRecord[]>;
  settle(
    agencyId: string,
    id: string,
    s: { paidFen: number; status: PromiseStatus; settledAt: Date | null },
  ): Promise<void>;
  /**
   * pending promises whose due time has passed, oldest first; not those of a case with an open hold
   * that blocks contact (dispute, complaint, 停催): they are judged once the hold is closed
   */
  pastDue(agencyId: string, at: Date, limit: number): Promise<PromiseRecord[]>;
}

export interface PlanRepo {
  insert(p: PlanRecord, instalments: readonly InstalmentRecord[]): Promise<void>;
  get(agencyId: string, id: string, opts?: { forUpdate?: boolean }): Promise<PlanRecord | null>;
  live(agencyId: string, caseId: string): Promise<PlanRecord | null>;
  update(
    agencyId: string,
    id: string,
    patch: Partial<
      Pick<PlanRecord, 'state' | 'decidedBy' | 'decidedAt' | 'decisionNote' | 'activatedAt' | 'endedAt'>
    >,
  ): Promise<void>;
  instalments(agencyId: string, planId: string): Promise<InstalmentRecord[]>;
  instalment(agencyId: string, id: string): Promise<InstalmentRecord | null>;
  /** pending instalments of the case's active plan, oldest due first */
  openInstalments(agencyId: string, caseId: string): Promise<InstalmentRecord[]>;
  settleInstalment(
    agencyId: string,
    id: string,
    s: { paidFen: number; status: InstalmentRecord['status']; settledAt: Date | null },
  ): Promise<void>;
  /**
   * pending instalments of active plans whose due time has passed; not those of a case with an open
   * hold that blocks contact (they are judged once the hold is closed)
   */
  pastDueInstalments(agencyId: string, at: Date, limit: number): Promise<InstalmentRecord[]>;
}

export interface PaymentRepo {
  byReference(clientId: string, reference: string): Promise<PaymentRecord | null>;
  /**
   * Claims the payment's reference: false when the client already has a payment with it (then
   * nothing is written). A concurrent insert of the same reference waits for the other to finish.
   */
  insert(p: Omit<PaymentRecord, 'reversedAt' | 'reversedBy' | 'reversalReason'>): Promise<boolean>;
  get(agencyId: string, id: string): Promise<PaymentRecord | null>;
  /** Marks the payment reversed; false when it already was (nothing is written then). */
  reverse(agencyId: string, id: string, r: { at: Date; by: string | null; reason: string }): Promise<boolean>;
  insertAllocations(allocations: readonly AllocationRecord[]): Promise<void>;
  allocations(agencyId: string, paymentId: string): Promise<AllocationRecord[]>;
  forCase(agencyId: string, caseId: string): Promise<PaymentRecord[]>;
}

export interface HoldRepo {
  insert(h: HoldRecord): Promise<void>;
  get(agencyId: string, id: string, opts?: { forUpdate?: boolean }): Promise<HoldRecord | null>;
  close(agencyId: string, id: string, c: { by: string | null; at: Date; resolution: string }): Promise<void>;
  /** open holds of the person across the client (the guard honours another agency's 停催 too) */
  activeForPerson(person: PersonKey): Promise<HoldRecord[]>;
  forCase(agencyId: string, caseId: string): Promise<HoldRecord[]>;
  /** whether contact with the case's debtor is suspended: an open blocking hold of the person across the client, any agency's */
  suspendsContact(agencyId: string, caseId: string): Promise<boolean>;
}

export interface EscalationRepo {
  open(agencyId: string, caseId: string): Promise<EscalationRecord | null>;
  insert(e: EscalationRecord): Promise<void>;
}

export interface FieldVisitRepo {
  insert(v: FieldVisitRecord): Promise<void>;
}

export interface AuditRepo {
  append(e: AuditEntry): Promise<void>;
  forEntity(agencyId: string, entity: string, entityId: string): Promise<AuditEntry[]>;
}

export interface StatsRepo {
  /**
   * Marks local days (YYYY-MM-DD in Asia/Shanghai, as the team figures count them) whose stored team
   * figures a later change has made wrong — a payment reversed, a payment, contact or call dated on a
   * day already over (markPastDaysStale).
   * The team-stats job recomputes each marked day on its next run. Marking a day twice is one mark.
   */
  markStale(agencyId: string, days: readonly string[], at: Date): Promise<void>;
}

/** One row of the daily queue as the store ranks it (see queue-score.ts for the points). */
export interface QueueRow {
  caseId: string;
  clientId: string;
  debtorId: string;
  debtorName: string;
  timeZone: string;
  quietHoursConsent: boolean;
  inconvenientTimes: { from: string; to: string }[];
  idNumber: string;
  balanceFen: number;
  nextDueAt: Date | null;
  followUpBroken: boolean;
  brokenCount: number;
  priority: number;
  strategy: string | null;
  ability: number | null;
  willingness: number | null;
  persona: string | null;
  lastContactAt: Date | null;
  placementEnd: string;
  /** points per score component, as the database computed them */
  points: Record<QueueComponent, number>;
  score: number;
}

export const QUEUE_COMPONENTS = [
  'promise_due',
  'broken_promise',
  'priority',
  'balance',
  'ability_willingness',
  'placement_ending',
  'since_last_contact',
] as const;
export type QueueComponent = (typeof QUEUE_COMPONENTS)[number];

/** Per client: the local window in which contact is lawful now, and the daily conversation cap. */
export interface QueueClientWindow {
  clientId: string;
  /** minutes of the local day, [open, close) */
  openMinute: number;
  closeMinute: number;
  maxTalksPerDay: number;
  /** the China hours rule lets a debtor's recorded consent open quiet hours; US rules do not */
  consentApplies: boolean;
}

export interface QueueQuery {
  agencyId: string;
  collectorId: string;
  at: Date;
  windows: readonly QueueClientWindow[];
  limit: number;
  offset: number;
}

/**
 * A case the collector could be given today, with what ranking it needs at any instant: the open,
 * assigned cases without a contact hold. Whether it may be called now and its score depend on the
 * clock, and are worked out when the queue is built (rankQueue).
 */
export interface QueueCandidate extends Omit<QueueRow, 'points' | 'score'> {
  /** the debtor's local day the talks count refers to ('YYYY-MM-DD'), or null */
  talksDay: string | null;
  talksToday: number;
}

export interface QueueRepo {
  /** Workable cases ranked by score; excludes holds, quiet hours and used-up conversation days. */
  page(q: QueueQuery): Promise<{ rows: QueueRow[]; total: number }>;
  /** Every queue candidate of the collector (for callers that rank in memory, many times over). */
  candidates(agencyId: string, collectorId: string): Promise<QueueCandidate[]>;
  /** clients with open cases assigned to the collector */
  clientsOf(agencyId: string, collectorId: string): Promise<ClientRecord[]>;
}

// ---- import ------------------------------------------------------------------------------------

export interface ImportAccountRow {
  accountRef: string;
  product: Product;
  cardTail: string | null;
  principalFen: number;
  interestFen: number;
  feesFen: number;
  daysOverdue: number;
  overdueAsOf: string;
  bucket: Bucket;
  billingDay: number | null;
  lawsuitFiled: boolean;
  judgment: boolean;
  enforcementListed: boolean;
  creditReported: boolean;
  guarantor: boolean;
  effectiveCollections: Date[];
}

export interface ImportContactRow {
  name: string | null;
  relation: Relation;
  phone: string;
  consented: boolean;
}

export interface ImportDebtorRow {
  name: string;
  idNumber: string;
  timeZone: string;
  quietHoursConsent: boolean;
  accounts: ImportAccountRow[];
  contacts: ImportContactRow[];
}

export interface ImportCounts {
  debtors: { inserted: number; existing: number };
  cases: { inserted: number; existing: number };
  accounts: { inserted: number; existing: number };
  contacts: { inserted: number; existing: number };
}

export interface ImportRepo {
  /** Every agency, oldest first: an installation that serves one agency has one. */
  agencies(): Promise<AgencyRecord[]>;
  /** The agency's longest-serving active admin: who imports when nobody is named. */
  firstAdmin(agencyId: string): Promise<string | null>;
  /** Client banks are unique by name: the name is how a file's sender is named on the command line. */
  clientByName(name: string): Promise<ClientRecord | null>;
  /** Inserts or finds the placement by (agency, client, batch_no). */
  upsertPlacement(p: PlacementRecord): Promise<{ placement: PlacementRecord; inserted: boolean }>;
  /**
   * Writes all validated rows of one import for a placement, in the caller's transaction, as a bulk
   * load: the rows stream into a staging table as the chunks arrive and are then merged set-based.
   * Idempotent: debtors by (agency, client, ID number), cases by (placement, debtor), accounts by
   * (placement, debtor, product, account ref), contacts by (debtor, phone); existing rows are left
   * as they are. Where a person appears twice, their first row wins. Ids are made by the store.
   */
  writeRows(
    placement: PlacementRecord,
    chunks: AsyncIterable<readonly ImportDebtorRow[]>,
    ids: IdGenerator,
  ): Promise<ImportCounts>;
}

// ---- the unit of work --------------------------------------------------------------------------

export interface CaseTx {
  org: OrgRepo;
  cases: CaseRepo;
  debtors: DebtorRepo;
  contacts: ContactRepo;
  attempts: AttemptRepo;
  calls: CallRepo;
  promises: PromiseRepo;
  plans: PlanRepo;
  payments: PaymentRepo;
  holds: HoldRepo;
  escalations: EscalationRepo;
  visits: FieldVisitRepo;
  audit: AuditRepo;
  queue: QueueRepo;
  imports: ImportRepo;
  stats: StatsRepo;
}

/** Runs a callback in one transaction over the repositories it names. */
export interface UnitOfWork<R> {
  transaction<T>(fn: (tx: R) => Promise<T>): Promise<T>;
  /**
   * Runs a read-only callback without a transaction: each statement sees the latest committed data.
   * For hot read paths (the queue) where two round trips for BEGIN and COMMIT would be most of the cost.
   */
  read<T>(fn: (r: R) => Promise<T>): Promise<T>;
}

/** What a use case gets: only the repositories it names, the clock and the id generator. */
export interface Deps<K extends keyof CaseTx> {
  store: UnitOfWork<Pick<CaseTx, K>>;
  clock: Clock;
  ids: IdGenerator;
}

export type { Hold };
