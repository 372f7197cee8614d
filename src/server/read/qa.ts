import { maskName } from '../../cases/masking';

/**
 * QA reads calls with personal data masked: the debtor's name, ID number and the phone numbers the
 * case knows, and any long run of digits (a number said aloud and transcribed). Masks keep the
 * length of what they hide, so the evidence offsets of the analysis still point at the right words.
 */

/** 100 less a deduction per finding by severity; a critical finding alone costs 40. */
export const SEVERITY_DEDUCTION: Record<string, number> = { low: 5, medium: 10, high: 20, critical: 40 };

export function autoScore(violations: readonly { severity: string }[]): number {
  const lost = violations.reduce((s, v) => s + (SEVERITY_DEDUCTION[v.severity] ?? 10), 0);
  return Math.max(0, 100 - lost);
}

function sameLengthMask(s: string): string {
  const chars = [...s];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

function digitsMask(run: string): string {
  if (run.length < 8) return '*'.repeat(run.length);
  return run.slice(0, 3) + '*'.repeat(run.length - 7) + run.slice(-4);
}

export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a full name is masked before a part of it.
  for (const s of [...secrets].filter((x) => x.length >= 2).sort((a, b) => b.length - a.length)) {
    const masked = /^\p{Script=Han}+$/u.test(s) ? maskName(s) : sameLengthMask(s);
    out = out.split(s).join(masked);
  }
  return out.replace(/\d{17}[\dXx]|\d{7,}/g, digitsMask);
}

/** Every string inside a JSON value, masked; keys and structure unchanged. */
export function maskDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, secrets)]));
  return value;
}
