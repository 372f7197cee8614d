/** Helpers shared by the repositories to move values between rows and records. */

/** A JSON parameter: both drivers accept text cast to jsonb, whatever the value's shape. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function dateOrNull(v: Date | string | null | undefined): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(v);
}

export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

/** A jsonb object column, whatever the driver returned for it. */
export function objectOf(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return objectOf(JSON.parse(v));
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { ...v };
  return {};
}

/** Builds `col = $n` assignments for the keys present in a patch, in a fixed column order. */
export function setClause(
  patch: Record<string, unknown>,
  columns: Record<string, string>,
  firstParam: number,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, col] of Object.entries(columns)) {
    if (!(key in patch) || patch[key] === undefined) continue;
    params.push(patch[key]);
    parts.push(`${col} = $${firstParam + params.length - 1}`);
  }
  return { sql: parts.join(', '), params };
}
