import { ApiError } from '../api/client';
import type { PlaybookValidation } from '../api/types';

/** Reading the `details` of the server's coded errors, which are typed only as a record. */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export interface Blocking {
  rule: string;
  pack: string;
  reason: { zh: string; en: string };
  nextAllowedAt: string | null;
}

/** The blocking rules in a `contact.blocked` error's details. */
export function blockingFromDetails(details: Record<string, unknown>): {
  blocking: Blocking[];
  nextAllowedAt: string | null;
} {
  const list = Array.isArray(details.blocking) ? details.blocking : [];
  const blocking = list.flatMap((b): Blocking[] => {
    if (!isRecord(b) || typeof b.rule !== 'string' || !isRecord(b.reason)) return [];
    const { zh, en } = b.reason;
    if (typeof zh !== 'string' || typeof en !== 'string') return [];
    return [
      {
        rule: b.rule,
        pack: typeof b.pack === 'string' ? b.pack : '',
        reason: { zh, en },
        nextAllowedAt: typeof b.nextAllowedAt === 'string' ? b.nextAllowedAt : null,
      },
    ];
  });
  const next = typeof details.nextAllowedAt === 'string' ? details.nextAllowedAt : null;
  return { blocking, nextAllowedAt: next };
}

type Issue = PlaybookValidation['issues'][number];

/** Issues from a refused save: the server sends them in the error's details. */
export function issuesFromError(e: unknown): Issue[] {
  if (!(e instanceof ApiError)) return [];
  const list = Array.isArray(e.details.issues) ? e.details.issues : [];
  return list.flatMap((i): Issue[] =>
    isRecord(i) && typeof i.file === 'string' && typeof i.message === 'string'
      ? [
          {
            file: i.file,
            path: typeof i.path === 'string' ? i.path : '',
            line: typeof i.line === 'number' ? i.line : null,
            code: typeof i.code === 'string' ? i.code : '',
            message: i.message,
          },
        ]
      : [],
  );
}
