import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDateTime } from '../../lib/format';

export interface Blocking {
  rule: string;
  pack: string;
  reason: { zh: string; en: string };
  nextAllowedAt: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
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

/** Which rule blocks a contact, why, and when it is next allowed (in the debtor's zone). */
export function BlockedReason({
  blocking,
  nextAllowedAt,
  timeZone,
}: {
  blocking: Blocking[];
  nextAllowedAt: string | null;
  timeZone: string;
}) {
  const { t, lang, pick } = useI18n();
  return (
    <div className="blocked" data-testid="blocked-reason">
      <ul>
        {blocking.map((b) => (
          <li key={`${b.pack}/${b.rule}`}>
            <strong>{label('rule', b.rule, lang)}</strong>{' '}
            <code className="muted">
              {b.pack}/{b.rule}
            </code>
            ：{pick(b.reason)}
          </li>
        ))}
      </ul>
      <div className="next-allowed">
        {nextAllowedAt
          ? t('contacts.nextAllowed', {
              at: `${formatDateTime(nextAllowedAt, lang, timeZone)}（${timeZone}）`,
            })
          : t('contacts.waitWontHelp')}
      </div>
    </div>
  );
}
