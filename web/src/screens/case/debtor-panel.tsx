import { Alert, Button, Tag } from 'antd';
import type { CaseDetail, Reveal } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatFen } from '../../lib/format';

/** Who owes what: the debtor (masked unless revealed) and each account with its legal facts. */
export function DebtorPanel({
  detail,
  revealed,
  onReveal,
}: {
  detail: CaseDetail;
  revealed: Reveal | null;
  onReveal: (() => void) | null;
}) {
  const { t, lang, paren } = useI18n();
  const d = detail.debtor;
  return (
    <section className="panel" aria-labelledby="debtor-title">
      <div className="screen-title" style={{ marginBottom: 4 }}>
        <h2 id="debtor-title">{t('debtor.title')}</h2>
        {onReveal && !revealed && (
          <Button size="small" onClick={onReveal}>
            {t('debtor.reveal')}
          </Button>
        )}
      </div>
      <dl className="facts">
        <dt>{t('debtor.name')}</dt>
        <dd data-testid="debtor-name">
          {d.name} {d.nameMasked && <Tag>{t('common.masked')}</Tag>}
        </dd>
        <dt>{t('debtor.idNumber')}</dt>
        <dd data-testid="debtor-id">{d.idNumber}</dd>
        <dt>{t('debtor.localTime')}</dt>
        <dd>
          {/T(\d{2}:\d{2})/.exec(d.localTime)?.[1] ?? d.localTime}
          {paren(d.timeZone)}
        </dd>
        <dt>{t('debtor.consent')}</dt>
        <dd>{d.quietHoursConsent ? t('common.yes') : t('common.no')}</dd>
      </dl>
      {revealed && (
        <Alert
          type="warning"
          showIcon
          title={t('debtor.revealed')}
          data-testid="revealed"
          description={<RevealedView revealed={revealed} />}
        />
      )}
      <h3>{t('accounts.title')}</h3>
      <div className="scroll-x">
        <table className="grid plain">
          <thead>
            <tr>
              <th scope="col">{t('accounts.product')}</th>
              <th scope="col">{t('accounts.ref')}</th>
              <th scope="col" className="num">
                {t('accounts.principal')}
              </th>
              <th scope="col" className="num">
                {t('accounts.interest')}
              </th>
              <th scope="col" className="num">
                {t('accounts.fees')}
              </th>
              <th scope="col" className="num">
                {t('accounts.daysOverdue')}
              </th>
              <th scope="col">{t('accounts.bucket')}</th>
              <th scope="col">{t('accounts.facts')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.accounts.map((a) => {
              const facts = [
                a.lawsuitFiled && t('accounts.lawsuit'),
                a.judgment && t('accounts.judgment'),
                a.enforcementListed && t('accounts.enforcement'),
                a.creditReported && t('accounts.credit'),
                a.guarantor && t('accounts.guarantor'),
              ].filter((f): f is string => typeof f === 'string');
              return (
                <tr key={a.id}>
                  <td>{label('product', a.product, lang)}</td>
                  <td>
                    {a.accountRef}
                    {a.cardTail && <span className="muted"> · {a.cardTail}</span>}
                  </td>
                  <td className="num">{formatFen(a.principalFen, lang)}</td>
                  <td className="num">{formatFen(a.interestFen, lang)}</td>
                  <td className="num">{formatFen(a.feesFen, lang)}</td>
                  <td className="num">{a.daysOverdue}</td>
                  <td>{a.bucket}</td>
                  <td>
                    {facts.length ? facts.join('、') : <span className="muted">{t('accounts.noFacts')}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RevealedView({ revealed }: { revealed: Reveal }) {
  const { t, lang } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('debtor.name')}</dt>
      <dd>{revealed.name}</dd>
      <dt>{t('debtor.idNumber')}</dt>
      <dd>{revealed.idNumber}</dd>
      {revealed.contacts.map((c) => (
        <div key={c.contactId} style={{ display: 'contents' }}>
          <dt>{label('relation', c.relation, lang)}</dt>
          <dd>
            {c.name ? `${c.name} ` : ''}
            {c.phone}
          </dd>
        </div>
      ))}
    </dl>
  );
}
