import { http, request } from './client';
import type {
  Advice,
  Approvals,
  CallDetail,
  CaseDetail,
  CaseList,
  Clients,
  ClosedHold,
  CollectorDrill,
  ComplaintAnswerBody,
  ComplaintBody,
  Dashboard,
  DisputeBody,
  DisputeResolutionBody,
  Escalations,
  GuardCheck,
  HoldList,
  ImportReport,
  OpenedHold,
  PaymentResult,
  PaymentReversal,
  PlanCalculation,
  PlanRequest,
  PlanResult,
  Playbook,
  PlaybookFile,
  PlaybookFiles,
  PlaybookValidation,
  Practice,
  PracticeList,
  PracticeTurnResult,
  PromiseResult,
  QaCalls,
  Queue,
  RecordContact,
  RecordContactResult,
  RecordedCall,
  RecordPayment,
  ResumeBody,
  Reveal,
  ReversePayment,
  StopBody,
  Suggestions,
  Teams,
  Users,
} from './types';

/** Every endpoint the UI calls, typed by the server's schemas. */
const enc = encodeURIComponent;

export const api = {
  queue: (q: { page?: number; pageSize?: number; collectorId?: string; at?: string }, signal?: AbortSignal) =>
    http.get<Queue>('/api/queue', { query: q, signal }),

  cases: (
    q: { page?: number; pageSize?: number; q?: string; status?: string; assigneeId?: string },
    signal?: AbortSignal,
  ) => http.get<CaseList>('/api/cases', { query: q, signal }),
  caseDetail: (caseId: string, signal?: AbortSignal) =>
    http.get<CaseDetail>(`/api/cases/${enc(caseId)}`, { signal }),
  reveal: (caseId: string, purpose: string) =>
    http.post<Reveal>(`/api/cases/${enc(caseId)}/reveal`, { purpose }),
  guard: (caseId: string, q: { channel?: string; contactId?: string }) =>
    http.get<GuardCheck>(`/api/cases/${enc(caseId)}/guard`, { query: q }),
  recordContact: (caseId: string, body: RecordContact) =>
    http.post<RecordContactResult>(`/api/cases/${enc(caseId)}/contacts`, body),
  recordCall: (caseId: string, body: { transcript: string; attemptId?: string | null }) =>
    http.post<RecordedCall>(`/api/cases/${enc(caseId)}/calls`, body),
  confirmProposal: (
    proposalId: string,
    body: { amountFen?: number; amountMaxFen?: number | null; dueAt?: string },
  ) => http.post<PromiseResult>(`/api/proposals/${enc(proposalId)}/confirm`, body),
  dismissProposal: (proposalId: string, reason?: string) =>
    http.post<{ proposalId: string }>(`/api/proposals/${enc(proposalId)}/dismiss`, reason ? { reason } : {}),
  recordPromise: (caseId: string, body: { amountFen: number; amountMaxFen?: number | null; dueAt: string }) =>
    http.post<PromiseResult>(`/api/cases/${enc(caseId)}/promises`, body),
  recordPayment: (caseId: string, body: RecordPayment) =>
    http.post<PaymentResult>(`/api/cases/${enc(caseId)}/payments`, body),
  /** 冲正: leads, managers and admins; the reason is required */
  reversePayment: (paymentId: string, body: ReversePayment) =>
    http.post<PaymentReversal>(`/api/payments/${enc(paymentId)}/reverse`, body),
  calculatePlan: (caseId: string, body: PlanRequest) =>
    http.post<PlanCalculation>(`/api/cases/${enc(caseId)}/plans/calculate`, body),
  proposePlan: (caseId: string, body: PlanRequest & { note?: string }) =>
    http.post<PlanResult>(`/api/cases/${enc(caseId)}/plans`, body),
  suggestions: (caseId: string, q: { callId?: string; limit?: number } = {}, signal?: AbortSignal) =>
    http.get<Suggestions>(`/api/cases/${enc(caseId)}/suggestions`, { query: q, signal }),
  escalate: (caseId: string, reason: string) =>
    http.post<{ escalationId: string }>(`/api/cases/${enc(caseId)}/escalations`, { reason }),

  holds: (signal?: AbortSignal) => http.get<HoldList>('/api/holds', { signal }),
  stopCollection: (caseId: string, body: StopBody) =>
    http.post<OpenedHold>(`/api/cases/${enc(caseId)}/stop`, body),
  openComplaint: (caseId: string, body: ComplaintBody) =>
    http.post<OpenedHold>(`/api/cases/${enc(caseId)}/complaints`, body),
  openDispute: (caseId: string, body: DisputeBody) =>
    http.post<OpenedHold>(`/api/cases/${enc(caseId)}/disputes`, body),
  resumeCollection: (holdId: string, body: ResumeBody) =>
    http.post<ClosedHold>(`/api/holds/${enc(holdId)}/resume`, body),
  answerComplaint: (holdId: string, body: ComplaintAnswerBody) =>
    http.post<ClosedHold>(`/api/holds/${enc(holdId)}/complaint-answer`, body),
  resolveDispute: (holdId: string, body: DisputeResolutionBody) =>
    http.post<ClosedHold>(`/api/holds/${enc(holdId)}/dispute-resolution`, body),
  approvals: (signal?: AbortSignal) => http.get<Approvals>('/api/approvals', { signal }),
  decidePlan: (planId: string, decision: 'approve' | 'reject', note?: string) =>
    http.post<{ planId: string; state: string }>(`/api/plans/${enc(planId)}/decision`, { decision, note }),
  escalations: (signal?: AbortSignal) => http.get<Escalations>('/api/escalations', { signal }),

  dashboard: (q: { from?: string; to?: string; teamId?: string }, signal?: AbortSignal) =>
    http.get<Dashboard>('/api/dashboard', { query: q, signal }),
  collectorDrill: (userId: string, q: { from?: string; to?: string }, signal?: AbortSignal) =>
    http.get<CollectorDrill>(`/api/dashboard/collectors/${enc(userId)}`, { query: q, signal }),

  qaCalls: (
    q: { page?: number; pageSize?: number; withFindings?: boolean; reviewed?: boolean; collectorId?: string },
    signal?: AbortSignal,
  ) => http.get<QaCalls>('/api/qa/calls', { query: q, signal }),
  callDetail: (callId: string, signal?: AbortSignal) =>
    http.get<CallDetail>(`/api/calls/${enc(callId)}`, { signal }),
  reviewCall: (callId: string, body: { score: number; note?: string }) =>
    http.post<{ callId: string; score: number }>(`/api/qa/calls/${enc(callId)}/review`, body),
  respondFinding: (
    callId: string,
    finding: number,
    body: { response: 'acknowledged' | 'disputed'; comment?: string },
  ) => http.post<{ callId: string }>(`/api/calls/${enc(callId)}/findings/${finding}/response`, body),

  playbook: (signal?: AbortSignal) => http.get<Playbook>('/api/playbook', { signal }),
  playbookFiles: (signal?: AbortSignal) => http.get<PlaybookFiles>('/api/playbook/files', { signal }),
  playbookFile: (path: string, signal?: AbortSignal) =>
    http.get<PlaybookFile>('/api/playbook/file', { query: { path }, signal }),
  validatePlaybookFile: (path: string, text: string) =>
    http.post<PlaybookValidation>('/api/playbook/validate', { path, text }),
  savePlaybookFile: (path: string, text: string) =>
    http.put<PlaybookValidation>('/api/playbook/file', { path, text }),
  revertPlaybookFile: (path: string) => http.del<{ ok: true }>('/api/playbook/file', { query: { path } }),

  practiceList: (signal?: AbortSignal) => http.get<PracticeList>('/api/practice', { signal }),
  startPractice: (body: { persona: string; situation: string; seed?: string }) =>
    http.post<Practice>('/api/practice', body),
  practice: (id: string, signal?: AbortSignal) => http.get<Practice>(`/api/practice/${enc(id)}`, { signal }),
  practiceSay: (id: string, text: string) =>
    http.post<PracticeTurnResult>(`/api/practice/${enc(id)}/turns`, { text }),
  finishPractice: (id: string) => http.post<Practice>(`/api/practice/${enc(id)}/finish`),

  clients: (signal?: AbortSignal) => http.get<Clients>('/api/clients', { signal }),
  users: (q: { role?: string; teamId?: string } = {}, signal?: AbortSignal) =>
    http.get<Users>('/api/users', { query: q, signal }),
  teams: (signal?: AbortSignal) => http.get<Teams>('/api/teams', { signal }),
  importFile: (
    file: File,
    fields: { clientId: string; batchNo?: string; skipInvalid?: boolean; asOf?: string },
  ) => {
    const form = new FormData();
    form.set('file', file, file.name);
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.set(k, String(v));
    return request<ImportReport>('POST', '/api/imports', { raw: form });
  },
};

export type { Advice };
