import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import type { Blocking } from '../../lib/details';
import { formatDateTime } from '../../lib/format';

export { type Blocking, blockingFromDetails } from '../../lib/details';

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
  const { t, lang, pick, colon, paren } = useI18n();
  return (
    <div className="blocked" data-testid="blocked-reason">
      <ul>
        {blocking.map((b) => (
          <li key={`${b.pack}/${b.rule}`}>
            <strong>{label('rule', b.rule, lang)}</strong>{' '}
            <code className="muted">
              {b.pack}/{b.rule}
            </code>
            {colon}
            {pick(b.reason)}
          </li>
        ))}
      </ul>
      <div className="next-allowed">
        {nextAllowedAt
          ? t('contacts.nextAllowed', {
              at: `${formatDateTime(nextAllowedAt, lang, timeZone)}${paren(timeZone)}`,
            })
          : t('contacts.waitWontHelp')}
      </div>
    </div>
  );
}
