/**
 * The language of a response's messages, from Accept-Language: Chinese unless the client prefers
 * English (the product's users are Chinese collection teams; integrators may ask for English).
 */
export type Lang = 'zh' | 'en';

export function pickLang(header: string | undefined | null): Lang {
  if (!header) return 'zh';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

export function t(lang: Lang, m: { zh: string; en: string }): string {
  return lang === 'zh' ? m.zh : m.en;
}

export { localizeIssue } from '../domain/issue-text';
