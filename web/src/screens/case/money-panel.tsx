import { Button, Tag, Tooltip } from 'antd';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';

const STATUS_COLORS: Record<string, string> = {
  pending: 'gold',
  kept: 'green',
  partially_kept: 'lime',
  broken: 'red',
  cancelled: 'default',
  proposed: 'gold',
  approved: 'cyan',
  rejected: 'red',
  active: 'blue',
  completed: 'green',
  defaulted: 'red',
};

/** Promises (and those heard in calls, to confirm), payments and plans of the case. */
export function MoneyPanel({
  detail,
  onConfirm,
  onDismiss,
  onReverse = null,
}: {
  detail: CaseDetail;
  onConfirm: ((proposalId: string) => void) | null;
  onDismiss: ((proposalId: string) => void) | null;
  /** 冲正, for the roles that may (leads, managers, admins) */
  onReverse?: ((paymentId: string) => void) | null;
}) {
  const { t, lang } = useI18n();
  const zone = detail.debtor.timeZone;
  const open = detail.proposals.filter((p) => p.status === 'proposed');
  const amount = (fen: number | null, max: number | null) =>
    fen === null
      ? t('money.noAmount')
      : max && max !== fen
        ? `${formatFen(fen, lang)} – ${formatFen(max, lang)}`
        : formatFen(fen, lang);
  return (
    <section className="panel" aria-labelledby="money-title">
      <h2 id="money-title">{t('money.promises')}</h2>
      {open.length > 0 && (
        <div className="proposals" data-testid="proposals">
          <h3>{t('money.proposals')}</h3>
          <ul>
            {open.map((p) => (
              <li key={p.id} data-testid="proposal">
                <span>
                  {amount(p.amountFen, p.amountMaxFen)} ·{' '}
                  {p.dueAt ? formatDate(p.dueAt, lang, zone) : t('money.noDate')}
                  {p.vague && <Tag color="orange">{t('money.vague')}</Tag>}
                  <q className="muted">{p.text}</q>
                </span>
                {onConfirm && (
                  <Button size="small" type="primary" onClick={() => onConfirm(p.id)}>
                    {t('money.confirm')}
                  </Button>
                )}
                {onDismiss && (
                  <Button size="small" onClick={() => onDismiss(p.id)}>
                    {t('money.dismiss')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {detail.promises.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <table className="grid plain" data-testid="promises">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('money.amount')}
              </th>
              <th scope="col">{t('money.due')}</th>
              <th scope="col">{t('money.status')}</th>
              <th scope="col" className="num">
                {t('money.paidFen')}
              </th>
              <th scope="col">{t('money.source')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.promises.map((p) => (
              <tr key={p.id} data-testid="promise-row">
                <td className="num">{amount(p.amountFen, p.amountMaxFen)}</td>
                <td>{formatDate(p.dueAt, lang, zone)}</td>
                <td>
                  <Tag color={STATUS_COLORS[p.status]}>{label('status', p.status, lang)}</Tag>
                </td>
                <td className="num">{formatFen(p.paidFen, lang)}</td>
                <td>{t(p.source === 'call' ? 'money.source.call' : 'money.source.manual')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('money.payments')}</h3>
      {detail.payments.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <table className="grid plain" data-testid="payments">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('money.amount')}
              </th>
              <th scope="col">{t('money.paidAt')}</th>
              <th scope="col">{t('money.channel')}</th>
              <th scope="col">{t('money.reference')}</th>
              <th scope="col">{t('money.status')}</th>
              {onReverse && <th scope="col">{t('money.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {detail.payments.map((p) => (
              <tr key={p.id} data-testid="payment-row" className={p.reversedAt ? 'muted' : undefined}>
                <td className="num">
                  {p.reversedAt ? <s>{formatFen(p.amountFen, lang)}</s> : formatFen(p.amountFen, lang)}
                </td>
                <td>{formatDateTime(p.paidAt, lang)}</td>
                <td>{label('channel', p.channel, lang)}</td>
                <td>{p.reference}</td>
                <td>
                  {p.reversedAt && (
                    <Tooltip
                      title={t('payment.reversedBy', {
                        at: formatDateTime(p.reversedAt, lang),
                        reason: p.reversalReason ?? '',
                      })}
                    >
                      <Tag color="red" data-testid="payment-reversed">
                        {t('payment.reversed')}
                      </Tag>
                    </Tooltip>
                  )}
                </td>
                {onReverse && (
                  <td>
                    {!p.reversedAt && (
                      <Button size="small" danger onClick={() => onReverse(p.id)}>
                        {t('payment.reverse')}
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail.plans.length > 0 && (
        <>
          <h3>{t('money.plans')}</h3>
          <ul className="plain-list">
            {detail.plans.map((p) => (
              <li key={p.id}>
                <Tag color={STATUS_COLORS[p.state]}>{label('status', p.state, lang)}</Tag>
                {formatFen(p.settlementFen, lang)} · {p.instalmentCount} {t('plan.count')} ·{' '}
                {p.withinPolicy
                  ? t('plan.within')
                  : t('plan.breach', { role: label('role', p.requiredRole, lang) })}
                {p.proposalNote && (
                  <div className="muted" data-testid="plan-proposal-note">
                    {t('plan.proposalNote', { note: p.proposalNote })}
                  </div>
                )}
                {p.decisionNote && (
                  <div className="muted" data-testid="plan-decision-note">
                    {t('plan.decisionNote', { note: p.decisionNote })}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
