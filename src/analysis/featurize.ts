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
  const g = grams.size > 0 ? 1 / Math.sqrt(grams.size) : 0;
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
  if (c.chars.length <= 3) {
    keys.push('@len:short');
    values.push(1);
  }
  return { norm, compact: c, cues, keys, values };
}
