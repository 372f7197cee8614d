// The use-case layer's public face: one use case per file over the ports in ports.ts.
export { activatePlan, activatePlanInput } from './activate-plan';
export { allocatePayment, type OpenItem, settlePastDue } from './allocate-payment';
export { approvePlan, approvePlanInput } from './approve-plan';
export { assignCases, assignCasesInput } from './assign-cases';
export { type BrokenPromiseResponse, brokenPromiseResponse } from './broken-promise-response';
export { bucketOf } from './bucket';
export { buildQueue, buildQueueInput, buildQueueOutput, queueWindow } from './build-queue';
export { checkContactFor, checkContactInput, checkContactOutput } from './check-contact';
export { closeComplaint, closeComplaintInput } from './close-complaint';
export { confirmPromise, confirmPromiseInput } from './confirm-promise';
export { createAgency, createAgencyInput } from './create-agency';
export { createClient, createClientInput } from './create-client';
export { createTeam, createTeamInput } from './create-team';
export { createUser, createUserInput } from './create-user';
export { detectBrokenPromises, detectBrokenPromisesInput } from './detect-broken-promises';
export { dismissPromise, dismissPromiseInput } from './dismiss-promise';
export { maskIdNumber, maskName, maskPhone } from './masking';
export { openComplaint, openComplaintInput } from './open-complaint';
export { openDispute, openDisputeInput } from './open-dispute';
export { calculatePlan, type PlanCalculation, type PlanDebt, type PlanRequest } from './plan-calculator';
export * from './ports';
export { proposePlan, proposePlanInput } from './propose-plan';
export { explainPoints, QUEUE_POINTS, type QueueFeatures, queuePoints } from './queue-score';
export { reassignCases, reassignCasesInput } from './reassign-cases';
export { recallCases, recallCasesInput } from './recall-cases';
export { recordCall, recordCallInput } from './record-call';
export { OUTCOME_CODES, recordContactAttempt, recordContactAttemptInput } from './record-contact-attempt';
export { recordPayment, recordPaymentInput } from './record-payment';
export { recordPromise, recordPromiseInput } from './record-promise';
export { requestFieldVisit, requestFieldVisitInput } from './request-field-visit';
export { resolveDispute, resolveDisputeInput } from './resolve-dispute';
export { resumeCollection, resumeCollectionInput } from './resume-collection';
export { revealDebtor, revealDebtorInput } from './reveal-debtor';
export { reversePayment, reversePaymentInput } from './reverse-payment';
export { stopCollection, stopCollectionInput } from './stop-collection';
export {
  type ImportDebtorInput,
  importAccountRow,
  importContactRow,
  importDebtorRow,
  placementInput,
  writePlacement,
} from './write-placement';
