export interface Span {
  start: number;
  end: number;
  kind: 'violation' | 'label' | 'promise';
  title: string;
}

/**
 * Cuts a text into plain runs and marked spans. Overlapping spans are merged into the first that
 * covers a character, with violations taking precedence, so every character is shown exactly once.
 */
export function splitSpans(
  text: string,
  spans: Span[],
): { start: number; text: string; span: Span | null }[] {
  const rank = { violation: 0, promise: 1, label: 2 };
  const owner: (Span | null)[] = Array.from({ length: text.length }, () => null);
  const sorted = [...spans]
    .filter((s) => s.end > s.start && s.start < text.length)
    .sort((a, b) => rank[a.kind] - rank[b.kind] || a.start - b.start);
  for (const s of sorted)
    for (let i = Math.max(0, s.start); i < Math.min(text.length, s.end); i++) owner[i] ??= s;
  const out: { start: number; text: string; span: Span | null }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1];
    if (last && last.span === owner[i]) last.text += text[i];
    else out.push({ start: i, text: text[i]!, span: owner[i] ?? null });
  }
  return out;
}
