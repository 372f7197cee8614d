import { Alert, App, Button, Input, Tag } from 'antd';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { CaseDetail, PlanCalculation, PlanRequest } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { addDays, formatDate, formatFen, todayIn, yuanToFen } from '../../lib/format';
import { ErrorNote } from '../parts/error-note';

const bp = (n: number) => `${(n / 100).toFixed(n % 100 ? 2 : 0)}%`;

/**
 * The repayment-plan calculator: the server computes within the client bank's policy (the same
 * calculator the proposal uses), so what is shown here is what would be proposed.
 */
export function PlanCalculator({
  detail,
  onProposed,
}: {
  detail: CaseDetail;
  onProposed: (() => void) | null;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const policy = detail.case.placement.offer;
  const zone = detail.debtor.timeZone;
  const counts = policy.instalmentCounts.length ? policy.instalmentCounts : [1];
  const [count, setCount] = useState(String(counts[Math.min(1, counts.length - 1)] ?? 1));
  const [interest, setInterest] = useState('0');
  const [fees, setFees] = useState('0');
  const [down, setDown] = useState('0');
  const [first, setFirst] = useState(() => addDays(todayIn(zone), 7));
  const [result, setResult] = useState<PlanCalculation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const live = detail.plans.find((p) => ['proposed', 'approved', 'active'].includes(p.state));

  const request = (): PlanRequest | null => {
    const errs: Record<string, string> = {};
    const money = { interest: yuanToFen(interest), fees: yuanToFen(fees), down: yuanToFen(down) };
    for (const [k, v] of Object.entries(money)) if (v === null) errs[k] = t('promise.badAmount');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(first)) errs.first = t('promise.badDate');
    setFieldError(errs);
    if (Object.keys(errs).length) return null;
    return {
      instalmentCount: Number(count),
      interestWaiverFen: money.interest ?? 0,
      feeWaiverFen: money.fees ?? 0,
      downPaymentFen: money.down ?? 0,
      firstDueDate: first,
    };
  };

  const fromServer = (e: unknown) => {
    if (e instanceof ApiError && e.issues.length) {
      const map: Record<string, string> = {
        interestWaiverFen: 'interest',
        feeWaiverFen: 'fees',
        downPaymentFen: 'down',
        firstDueDate: 'first',
        instalmentCount: 'count',
      };
      setFieldError(Object.fromEntries(e.issues.map((i) => [map[i.path] ?? i.path, i.message])));
    }
    setError(e);
  };

  const calculate = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = request();
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.calculatePlan(detail.case.id, body));
    } catch (err) {
      fromServer(err);
    } finally {
      setBusy(false);
    }
  };

  const propose = async () => {
    const body = request();
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      const plan = await api.proposePlan(detail.case.id, body);
      message.success(t('plan.proposed', { state: label('status', plan.state, lang) }));
      onProposed?.();
    } catch (err) {
      fromServer(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, text: string, value: string, set: (v: string) => void, type = 'text') => (
    <div className="field compact">
      <label htmlFor={`plan-${id}`}>{text}</label>
      <Input
        id={`plan-${id}`}
        type={type}
        inputMode={type === 'text' ? 'decimal' : undefined}
        value={value}
        status={fieldError[id] ? 'error' : undefined}
        aria-invalid={fieldError[id] ? true : undefined}
        aria-describedby={fieldError[id] ? `plan-${id}-err` : undefined}
        onChange={(e) => set(e.target.value)}
      />
      {fieldError[id] && (
        <div id={`plan-${id}-err`} className="field-error">
          {fieldError[id]}
        </div>
      )}
    </div>
  );

  return (
    <section className="panel" aria-labelledby="plan-title" data-testid="plan-calculator">
      <h2 id="plan-title">{t('plan.title')}</h2>
      <p className="muted">
        {t('plan.policy', {
          counts: counts.join('/'),
          interest: bp(policy.maxInterestWaiverBp),
          fees: bp(policy.maxFeeWaiverBp),
          down: bp(policy.minDownPaymentBp),
          fee: bp(policy.instalmentFeeBp),
        })}
      </p>
      <form onSubmit={calculate} className="plan-form">
        <div className="field compact">
          <label htmlFor="plan-count">{t('plan.count')}</label>
          <select id="plan-count" className="native" value={count} onChange={(e) => setCount(e.target.value)}>
            {counts.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {field('interest', t('plan.interestWaiver'), interest, setInterest)}
        {field('fees', t('plan.feeWaiver'), fees, setFees)}
        {field('down', t('plan.downPayment'), down, setDown)}
        {field('first', t('plan.firstDue'), first, setFirst, 'date')}
        <div className="plan-buttons">
          <Button htmlType="submit" loading={busy}>
            {t('plan.calculate')}
          </Button>
          {onProposed && (
            <Button type="primary" disabled={!result || Boolean(live)} onClick={() => void propose()}>
              {t('plan.propose')}
            </Button>
          )}
        </div>
      </form>
      {live && (
        <Alert type="info" showIcon title={t('plan.live', { state: label('status', live.state, lang) })} />
      )}
      <ErrorNote error={error} />
      {result && (
        <div data-testid="plan-result" className="plan-result">
          <dl className="facts">
            <dt>{t('case.totalDue')}</dt>
            <dd>{formatFen(result.outstanding.totalFen, lang)}</dd>
            <dt>{t('plan.settlement')}</dt>
            <dd>
              <strong>{formatFen(result.settlementFen, lang)}</strong>
            </dd>
            <dt>{t('plan.instalmentFee')}</dt>
            <dd>{formatFen(result.instalmentFeeFen, lang)}</dd>
            <dt>{t('plan.totalCost')}</dt>
            <dd>{formatFen(result.totalCostFen, lang)}</dd>
          </dl>
          {result.withinPolicy ? (
            <Tag color="green">{t('plan.within')}</Tag>
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t('plan.breach', { role: label('role', result.requiredRole, lang) })}
              description={
                <ul>
                  {result.breaches.map((b) => (
                    <li key={b.code}>
                      {t('plan.breachItem', { code: b.code, limit: b.limit, requested: b.requested })}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <h3>{t('plan.schedule')}</h3>
          <table className="grid plain">
            <thead>
              <tr>
                <th scope="col">{t('plan.seq')}</th>
                <th scope="col">{t('money.due')}</th>
                <th scope="col" className="num">
                  {t('money.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.schedule.map((s) => (
                <tr key={s.seq}>
                  <td>{s.seq === 0 ? t('plan.downSeq') : s.seq}</td>
                  <td>{formatDate(s.dueDate, lang, zone)}</td>
                  <td className="num">{formatFen(s.amountFen, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
