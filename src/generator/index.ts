/** Synthetic demo and benchmark data: pure and seeded (files are written at the edges). */
export type { Shape, Step } from './dialogues';
export {
  CONTACT_COLUMNS,
  csvLine,
  encodeGb18030,
  PAYMENT_HEADERS,
  PLACEMENT_HEADERS,
  paymentRecords,
  placementRecord,
  yuanText,
} from './files';
export {
  BUCKETS,
  type Bucket,
  type GeneratedCase,
  type GeneratedContact,
  type GeneratedPayment,
  type GenerateOptions,
  generateCases,
  refPrefixFor,
  shiftDay,
} from './placement';
export { type BatchCall, type CallOptions, callsFor } from './transcripts';
