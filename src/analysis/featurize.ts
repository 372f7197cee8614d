import type { Speaker } from '../domain/ids';
import { type CueHit, findCues } from './cues';
import { type Compact, compact, forEachNgram } from './features';
import { normalize } from './normalize';

/** Everything the classifiers need about one turn, computed once. */
export interface TurnFeatures {
  norm: string;
  compact: Compact;
  cues: CueHit[];
  /** feature keys and their values (parallel arrays) */
  keys: string[];
  values: number[];
}

const MIN_NORM_GRAMS = 36;

const PROSODY: ReadonlyArray<readonly [string, RegExp]> = [
  ['@prosody:exclaim', /[!！]/],
  ['@prosody:exclaims', /[!！].*[!！]|[!！?？]{2,}/],
  ['@prosody:question', /[?？]|吗$|呢$/],
  ['@prosody:repeat', /([\u4e00-\u9fa5]{1,4})\1{1,}/],
  ['@prosody:trail', /(?:\.\.\.|…|。。)/],
];

export interface TurnContext {
  speaker: Speaker;
  audience: 'debtor' | 'third_party' | 'unknown';
}

/**
 * n-grams are L2-normalised so long and short turns weigh alike; cue and context features
 * keep value 1 so an explainable rule counts the same in any turn.
 */
export function featurize(text: string, ctx: TurnContext): TurnFeatures {
  const norm = normalize(text);
  const c = compact(norm);
  const grams = new Set<string>();
  forEachNgram(c, (k) => {
    grams.add(k);
  });
  const cues = findCues(c);
  const keys: string[] = [];
  const values: number[] = [];
  // Floor the norm: in a 3-character turn each n-gram would otherwise weigh as much as a cue.
  const g = 1 / Math.sqrt(Math.max(grams.size, MIN_NORM_GRAMS));
  for (const k of grams) {
    keys.push(k);
    values.push(g);
  }
  const seen = new Set<string>();
  for (const h of cues) {
    // one feature per cue label and one per cue pattern: the label generalises, the pattern refines
    for (const k of [`@${h.label}`, `@${h.cue}`]) {
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
      values.push(1);
    }
  }
  // Scope: a charged cue preceded in its clause by a negation, a condition or a quotation is a
  // different thing ("我们不会上门" is no threat); give the model that conjunction to learn from.
  for (const h of cues) {
    if (!h.label.startsWith('violation:')) continue;
    for (const scope of scopesBefore(norm, h.start, cues)) {
      const k = `@${h.label}&${scope}`;
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
      values.push(1);
    }
  }
  if (ctx.audience === 'third_party') {
    keys.push('@aud:third_party');
    values.push(1);
    for (const h of cues) {
      if (h.label !== 'violation:third_party.disclosure') continue;
      keys.push('@aud:third_party&debt_word');
      values.push(1);
      break;
    }
  }
  // Prosody a transcript keeps: exclamations, repeated words ("没钱没钱没钱"), trailing off.
  for (const [k, re] of PROSODY) {
    if (re.test(text)) {
      keys.push(k);
      values.push(1);
    }
  }
  if (c.chars.length <= 3) {
    keys.push('@len:short');
    values.push(1);
  }
  return { norm, compact: c, cues, keys, values };
}

const CLAUSE_BREAK = /[，。！？；,.!?;\n…～~]/;

/** The lawful-context cues (ctx:*) that stand in the same clause before position `at`. */
function scopesBefore(norm: string, at: number, cues: readonly CueHit[]): string[] {
  let start = at;
  while (start > 0 && at - start < 30 && !CLAUSE_BREAK.test(norm[start - 1]!)) start--;
  const out: string[] = [];
  for (const c of cues) {
    if (!c.label.startsWith('ctx:')) continue;
    if (c.start >= start && c.start < at) out.push(c.label.slice(4));
  }
  return out;
}
