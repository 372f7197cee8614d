/**
 * The practice bot's lines, written for the simulator (not taken from any corpus). Placeholders
 * are filled per session: {small} a small first payment, {mid} a larger one, {full} the balance,
 * {date} a near due day, {bank} the client bank, {dm} who holds the money at home and {ta} the
 * matching 他/她. Many lines per slot so sessions do not repeat.
 */

export const BOT_MOVES = [
  'who',
  'reason',
  'signature',
  'soften',
  'resist',
  'complain',
  'stall',
  'promise_firm',
  'promise_loose',
  'moved',
  'admit',
  'distress',
  'calm',
  'dispute',
  'dispute_ack',
  'confirm',
  'bye',
  'filler',
] as const;
export type BotMove = (typeof BOT_MOVES)[number] | 'open';

export const OPENINGS = ['first_call', 'broken_promise', 'angry', 'dispute', 'after_third_party'] as const;
export type Opening = (typeof OPENINGS)[number];

export type PersonaLines = Record<(typeof BOT_MOVES)[number], readonly string[]> & {
  open: Record<Opening, readonly string[]>;
};

export const THIRD_PARTY_MOVES = ['open', 'who', 'pass', 'handover', 'shocked', 'refuse'] as const;
export type ThirdPartyMove = (typeof THIRD_PARTY_MOVES)[number];
export type ThirdPartyLines = Record<ThirdPartyMove, readonly string[]>;
