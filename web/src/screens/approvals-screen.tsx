import { App, Button, Empty, Input, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/endpoints';
import type { Approvals } from '../api/types';
import { Link } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { formatDateTime, formatFen } from '../lib/format';
import { useResource } from '../lib/use-resource';
import { ErrorNote } from './parts/error-note';

type Item = Approvals['items'][number];

function ApprovalRow({ item, onDecided }: { item: Item; onDecided: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await api.decidePlan(item.planId, decision, note.trim() || undefined);
      message.success(t(decision === 'approve' ? 'approvals.approve' : 'approvals.reject'));
      onDecided();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-testid="approval-row">
      <td>
        <Link to={`/cases/${encodeURIComponent(item.caseId)}`}>{item.debtorName}</Link>
        <div className="muted">{item.clientName}</div>
      </td>
      <td>
        {item.proposedByName}
        <div className="muted">{formatDateTime(item.proposedAt, lang)}</div>
        {item.proposalNote && (
          <div data-testid="approval-proposal-note">
            {t('plan.proposalNote', { note: item.proposalNote })}
          </div>
        )}
      </td>
      <td className="num">{formatFen(item.balanceFen, lang)}</td>
      <td className="num">{formatFen(item.settlementFen, lang)}</td>
      <td className="num">{formatFen(item.waiverFen, lang)}</td>
      <td className="num">{item.instalmentCount}</td>
      <td>
        {item.withinPolicy ? (
          <Tag color="green">{t('plan.within')}</Tag>
        ) : (
          <>
            <Tag color="orange">{t('plan.breach', { role: label('role', item.requiredRole, lang) })}</Tag>
            <ul className="plain-list muted">
              {item.breaches.map((b) => (
                <li key={b.code}>
                  {t('plan.breachItem', { code: b.code, limit: b.limit, requested: b.requested })}
                </li>
              ))}
            </ul>
          </>
        )}
      </td>
      <td style={{ minWidth: 220 }}>
        {item.canDecide ? (
          <>
            <Input
              size="small"
              aria-label={t('approvals.note')}
              placeholder={t('approvals.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <div style={{ display: 'flex', gap: 6, marginTop: 4 }}>
              <Button size="small" type="primary" loading={busy} onClick={() => void decide('approve')}>
                {t('approvals.approve')}
              </Button>
              <Button size="small" danger disabled={busy} onClick={() => void decide('reject')}>
                {t('approvals.reject')}
              </Button>
            </div>
          </>
        ) : (
          <span className="muted">
            {t('approvals.notYours', { role: label('role', item.requiredRole, lang) })}
          </span>
        )}
        <ErrorNote error={error} />
      </td>
    </tr>
  );
}

/** Repayment plans waiting for a decision, with how far each goes beyond the client's policy. */
export function ApprovalsScreen() {
  const { t } = useI18n();
  const list = useResource((s) => api.approvals(s), []);
  return (
    <section aria-labelledby="approvals-title">
      <div className="screen-title">
        <h1 id="approvals-title">{t('approvals.title')}</h1>
        <Button onClick={list.reload}>{t('common.refresh')}</Button>
      </div>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Spin className="screen-loading" />}
      {list.data && list.data.items.length === 0 && <Empty description={t('approvals.empty')} />}
      {list.data && list.data.items.length > 0 && (
        <div className="scroll-x">
          <table className="grid plain">
            <thead>
              <tr>
                <th scope="col">{t('approvals.debtor')}</th>
                <th scope="col">{t('approvals.proposedBy')}</th>
                <th scope="col" className="num">
                  {t('case.balance')}
                </th>
                <th scope="col" className="num">
                  {t('approvals.settlement')}
                </th>
                <th scope="col" className="num">
                  {t('approvals.waiver')}
                </th>
                <th scope="col" className="num">
                  {t('approvals.count')}
                </th>
                <th scope="col">{t('approvals.policy')}</th>
                <th scope="col">{t('case.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <ApprovalRow key={item.planId} item={item} onDecided={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
