/**
 * Values as PostgreSQL's COPY … (FORMAT csv) reads them. An unquoted empty field is NULL, so every
 * string is quoted (an empty string stays an empty string); arrays are written as array literals
 * with each element quoted, then quoted again as one CSV field.
 */

const NEEDS_ARRAY_ESCAPE = /["\\]/;

export function csvText(s: string | null): string {
  if (s === null) return '';
  return s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`;
}

export function csvNumber(n: number | null): string {
  if (n === null) return '';
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

export function csvBool(b: boolean | null): string {
  if (b === null) return '';
  return b ? 't' : 'f';
}

function arrayElement(s: string | null): string {
  if (s === null) return 'NULL';
  return NEEDS_ARRAY_ESCAPE.test(s) ? `"${s.replace(/(["\\])/g, '\\$1')}"` : `"${s}"`;
}

/** text[] (and any array whose elements PostgreSQL parses from text: timestamptz[], date[] …) */
export function csvTextArray(items: readonly (string | null)[]): string {
  return csvText(`{${items.map(arrayElement).join(',')}}`);
}

export function csvBoolArray(items: readonly boolean[]): string {
  // quoted: the commas between elements would otherwise split the CSV field
  return `"{${items.map((b) => (b ? 't' : 'f')).join(',')}}"`;
}
