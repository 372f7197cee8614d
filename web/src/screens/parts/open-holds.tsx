import { Tag } from 'antd';
import { api } from '../../api/endpoints';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDate, formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from './error-note';

const KIND_COLOURS = { stop: 'red', complaint: 'volcano', dispute: 'gold' } as const;

/**
 * Open holds waiting for the reader (GET /api/holds): stops to review, complaints to answer, disputes
 * to verify — the earliest deadline first. Each links to its case, where it is lifted.
 */
export function OpenHolds({
  kinds,
  limit = 8,
  title = 'holds.waiting',
}: {
  kinds?: ('stop' | 'complaint' | 'dispute')[];
  limit?: number;
  title?: 'holds.waiting' | 'holds.complaints';
}) {
  const { t, lang } = useI18n();
  const holds = useResource((s) => api.holds(s), []);
  const items = (holds.data?.items ?? []).filter((h) => !kinds || kinds.includes(h.kind));
  return (
    <div data-testid="open-holds">
      <h3>
        {t(title)}{' '}
        {holds.data && (
          <Tag color={items.some((h) => h.overdue) ? 'red' : items.length ? 'orange' : 'default'}>
            {items.length}
          </Tag>
        )}
      </h3>
      <ErrorNote error={holds.error} />
      {holds.data && !items.length && <p className="muted">{t('holds.none')}</p>}
      <ul className="plain-list">
        {items.slice(0, limit).map((h) => (
          <li key={h.holdId} data-testid="open-hold" data-kind={h.kind}>
            <Tag color={KIND_COLOURS[h.kind]}>{label('hold', h.kind, lang)}</Tag>
            <Link to={`/cases/${encodeURIComponent(h.caseId)}`}>{h.debtorName}</Link> ·{' '}
            {h.dueAt ? (
              h.overdue ? (
                <Tag color="red">{t('holds.overdue', { at: formatDate(h.dueAt, lang) })}</Tag>
              ) : (
                <span>
                  {t(
                    h.kind === 'stop'
                      ? 'holds.reviewBy'
                      : h.kind === 'dispute'
                        ? 'holds.verifyBy'
                        : 'holds.answerBy',
                    {
                      at: formatDate(h.dueAt, lang),
                    },
                  )}
                </span>
              )
            ) : (
              <span>{t('holds.openedAt', { at: formatDateTime(h.openedAt, lang) })}</span>
            )}
            <div className="muted">
              {h.assigneeName ?? '—'} · {h.reason}
            </div>
          </li>
        ))}
      </ul>
      {items.length > limit && <p className="muted">{t('holds.more', { n: items.length - limit })}</p>}
    </div>
  );
}
