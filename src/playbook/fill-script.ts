import { isSlotName, SLOTS, scanSlots } from './slots';

/** Slot values keyed by the slot's Chinese name (`称呼`) or its ASCII key (`salutation`). */
export type SlotValues = Readonly<Record<string, string | number | null | undefined>>;

export type FillResult =
  | { ok: true; text: string }
  | {
      ok: false;
      /** Known slots with no value: the script cannot be said yet. */
      missing: string[];
      /** Names in braces that are not slots at all. */
      unknown: string[];
      /** Malformed braces in the text. */
      problems: string[];
    };

function valueFor(name: string, values: SlotValues): string | undefined {
  const candidates = [values[name]];
  if (isSlotName(name)) candidates.push(values[SLOTS[name].key]);
  for (const v of candidates) {
    if (v === null || v === undefined) continue;
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v.trim();
    // A value that itself holds braces would leave a slot-like text behind; treat it as missing.
    if (s !== '' && !/[{}]/.test(s)) return s;
  }
  return undefined;
}

/**
 * Fills every `{slot}` of a script. Either the whole text is filled or nothing is returned:
 * a half-filled script would put a literal `{方案截止日}` (or an invented value) into a collector's mouth.
 */
export function fillScript(text: string, values: SlotValues): FillResult {
  const scan = scanSlots(text);
  const missing: string[] = [];
  const unknown: string[] = [];
  const filled = new Map<string, string>();
  for (const name of scan.slots) {
    if (!isSlotName(name)) {
      unknown.push(name);
      continue;
    }
    const v = valueFor(name, values);
    if (v === undefined) missing.push(name);
    else filled.set(name, v);
  }
  if (missing.length > 0 || unknown.length > 0 || scan.problems.length > 0) {
    return { ok: false, missing, unknown, problems: scan.problems };
  }
  const out = text.replace(/\{([^{}]*)\}/g, (_, raw: string) => filled.get(raw.trim()) ?? '');
  return { ok: true, text: out };
}
