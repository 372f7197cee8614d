import { Button, Tag } from 'antd';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { BlockedReason } from '../parts/blocked-reason';

/** Every number with the contact guard's answer for now: allowed, or which rule blocks it and until when. */
export function ContactsPanel({
  detail,
  onLog,
}: {
  detail: CaseDetail;
  onLog: ((contactId: string) => void) | null;
}) {
  const { t, lang } = useI18n();
  return (
    <section className="panel" aria-labelledby="contacts-title">
      <h2 id="contacts-title">{t('contacts.title')}</h2>
      <table className="grid plain">
        <thead>
          <tr>
            <th scope="col">{t('contacts.relation')}</th>
            <th scope="col">{t('contacts.name')}</th>
            <th scope="col">{t('contacts.phone')}</th>
            <th scope="col">{t('contacts.state')}</th>
            {onLog && <th scope="col">{t('case.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {detail.contacts.map((c) => (
            <tr
              key={c.id}
              data-testid="contact-row"
              data-allowed={c.guard.allowed}
              data-relation={c.relation}
            >
              <td>{label('relation', c.relation, lang)}</td>
              <td>{c.name ?? '—'}</td>
              <td>
                {c.phone}
                {c.invalid && <Tag color="default">{t('contacts.invalid')}</Tag>}
                {c.refused && <Tag color="orange">{t('contacts.refused')}</Tag>}
                {c.consented && <Tag color="green">{t('contacts.consented')}</Tag>}
              </td>
              <td>
                {c.guard.allowed ? (
                  <Tag color="green">{t('contacts.allowed')}</Tag>
                ) : (
                  <>
                    <Tag color="red">{t('contacts.blocked')}</Tag>
                    <BlockedReason
                      blocking={c.guard.blocking}
                      nextAllowedAt={c.guard.nextAllowedAt}
                      timeZone={detail.debtor.timeZone}
                    />
                  </>
                )}
              </td>
              {onLog && (
                <td>
                  <Button
                    size="small"
                    onClick={() => onLog(c.id)}
                    aria-label={`${t('contacts.log')} ${label('relation', c.relation, lang)} ${c.phone}`}
                  >
                    {t('contacts.log')}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
