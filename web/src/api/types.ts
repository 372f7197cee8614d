import type { z } from 'zod';
import type {
  adviceBody,
  analysisSchema,
  approvalsBody,
  callDetailBody,
  caseDetail,
  caseListBody,
  clientListBody,
  collectorDrillBody,
  complaintAnswerBody,
  complaintBody,
  dashboardBody,
  disputeBody,
  disputeResolutionBody,
  errorBody,
  escalationListBody,
  guardCheckBody,
  holdClosedResponse,
  holdListBody,
  holdResponse,
  importReportBody,
  meBody,
  paymentResponse,
  planCalculationBody,
  planRequestBody,
  planResponse,
  playbookBody,
  playbookFileBody,
  playbookFilesBody,
  playbookValidationBody,
  practiceBody,
  practiceListBody,
  practiceTurnResponse,
  promiseResponse,
  qaCallsBody,
  queueBody,
  recordCallResponse,
  recordContactBody,
  recordContactResponse,
  recordPaymentBody,
  resumeBody,
  revealResponse,
  reversePaymentBody,
  reversePaymentResponse,
  ServerRole,
  stopBody,
  suggestionsBody,
  teamListBody,
  userListBody,
} from '../../../src/server/api-schemas';

/**
 * The API's shapes, inferred from the server's zod schemas: a renamed field on the server is a type
 * error here. Type-only imports: none of the server's code reaches the browser bundle.
 */
export type Role = ServerRole;
export type Me = z.infer<typeof meBody>;
export type ErrorBody = z.infer<typeof errorBody>;
export type Queue = z.infer<typeof queueBody>;
export type QueueItem = Queue['items'][number];
export type CaseDetail = z.infer<typeof caseDetail>;
export type CaseList = z.infer<typeof caseListBody>;
export type Contact = CaseDetail['contacts'][number];
export type GuardState = Contact['guard'];
export type GuardCheck = z.infer<typeof guardCheckBody>;
export type Reveal = z.infer<typeof revealResponse>;
export type RecordContact = z.input<typeof recordContactBody>;
export type RecordContactResult = z.infer<typeof recordContactResponse>;
export type CaseHold = CaseDetail['holds'][number];
export type HoldList = z.infer<typeof holdListBody>;
export type OpenedHold = z.infer<typeof holdResponse>;
export type ClosedHold = z.infer<typeof holdClosedResponse>;
export type StopBody = z.input<typeof stopBody>;
export type ResumeBody = z.input<typeof resumeBody>;
export type ComplaintBody = z.input<typeof complaintBody>;
export type ComplaintAnswerBody = z.input<typeof complaintAnswerBody>;
export type DisputeBody = z.input<typeof disputeBody>;
export type DisputeResolutionBody = z.input<typeof disputeResolutionBody>;
export type RecordedCall = z.infer<typeof recordCallResponse>;
export type PromiseResult = z.infer<typeof promiseResponse>;
export type RecordPayment = z.infer<typeof recordPaymentBody>;
export type PaymentResult = z.infer<typeof paymentResponse>;
export type ReversePayment = z.infer<typeof reversePaymentBody>;
export type PaymentReversal = z.infer<typeof reversePaymentResponse>;
export type PlanRequest = z.input<typeof planRequestBody>;
export type PlanCalculation = z.infer<typeof planCalculationBody>;
export type PlanResult = z.infer<typeof planResponse>;
export type Approvals = z.infer<typeof approvalsBody>;
export type Escalations = z.infer<typeof escalationListBody>;
export type Advice = z.infer<typeof adviceBody>;
export type Suggestions = z.infer<typeof suggestionsBody>;
export type Analysis = z.infer<typeof analysisSchema>;
export type AnalysisTurn = Analysis['turns'][number];
export type Violation = Analysis['violations'][number];
export type Dashboard = z.infer<typeof dashboardBody>;
export type CollectorDrill = z.infer<typeof collectorDrillBody>;
export type QaCalls = z.infer<typeof qaCallsBody>;
export type CallDetail = z.infer<typeof callDetailBody>;
export type Playbook = z.infer<typeof playbookBody>;
export type PlaybookFiles = z.infer<typeof playbookFilesBody>;
export type PlaybookFile = z.infer<typeof playbookFileBody>;
export type PlaybookValidation = z.infer<typeof playbookValidationBody>;
export type Practice = z.infer<typeof practiceBody>;
export type PracticeList = z.infer<typeof practiceListBody>;
export type PracticeTurnResult = z.infer<typeof practiceTurnResponse>;
export type ImportReport = z.infer<typeof importReportBody>;
export type Clients = z.infer<typeof clientListBody>;
export type Users = z.infer<typeof userListBody>;
export type Teams = z.infer<typeof teamListBody>;
