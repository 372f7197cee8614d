import { Alert, Button, Input, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { Dashboard } from '../../api/types';
import { can, useMe } from '../../app/auth';
import { Link, navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { addDays, formatDateTime, formatFen, formatPercent, todayIn, zonedIso } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';
import { OpenHolds } from '../parts/open-holds';
import { CollectorDrillView } from './collector-drill';
import { EffectivenessHeatmap } from './heatmap';

type Metrics = Dashboard['totals'];

function Kpis({ m }: { m: Metrics }) {
  const { t, lang } = useI18n();
  const items: { name: string; value: string; sub: string; id: string }[] = [
    {
      id: 'recovered',
      name: t('dash.recovered'),
      value: formatFen(m.recoveredFen, lang),
      sub: t('dash.placed', { amount: formatFen(m.placedFen, lang) }),
    },
    { id: 'recovery-rate', name: t('dash.recoveryRate'), value: formatPercent(m.recoveryRate), sub: '' },
    {
      id: 'kept-rate',
      name: t('dash.keptRate'),
      value: formatPercent(m.promiseKeptRate),
      sub: t('dash.kept', { kept: m.promisesKept, due: m.promisesDue }),
    },
    { id: 'broken', name: t('dash.broken'), value: String(m.promisesBroken), sub: '' },
    {
      id: 'contact-rate',
      name: t('dash.contactRate'),
      value: formatPercent(m.contactRate),
      sub: t('dash.conversations', { n: m.conversations }),
    },
    {
      id: 'incidents',
      name: t('dash.incidents'),
      value: String(m.complianceIncidents),
      sub: t('dash.per100', { n: m.incidentsPer100Calls === null ? '—' : m.incidentsPer100Calls.toFixed(1) }),
    },
    {
      id: 'complaint-rate',
      name: t('dash.complaintRate'),
      value: formatPercent(m.complaintRate === null ? null : m.complaintRate / 100, 2),
      sub: t('dash.complaints', { n: m.complaints }),
    },
  ];
  return (
    <div className="kpis" data-testid="kpis">
      {items.map((k) => (
        <div key={k.id} className="kpi" data-testid={`kpi-${k.id}`}>
          <div className="kpi-label">{k.name}</div>
          <div className="kpi-value">{k.value}</div>
          {k.sub && <div className="kpi-sub">{k.sub}</div>}
        </div>
      ))}
    </div>
  );
}

function Ranking({ d }: { d: Dashboard }) {
  const { t, lang } = useI18n();
  return (
    <section className="panel" aria-labelledby="rank-title">
      <h2 id="rank-title">{t('dash.ranking')}</h2>
      <Alert
        type="info"
        showIcon
        title={t('dash.rankingHow')}
        style={{ marginBottom: 8 }}
        data-testid="ranking-how"
      />
      <div className="scroll-x">
        <table className="grid" data-testid="ranking">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('dash.rank')}
              </th>
              <th scope="col">{t('dash.collector')}</th>
              <th scope="col" className="num">
                {t('dash.incidents')}
              </th>
              <th scope="col" className="num">
                {t('dash.complaintRate')}
              </th>
              <th scope="col" className="num">
                {t('dash.recoveryRate')}
              </th>
              <th scope="col" className="num">
                {t('dash.recovered')}
              </th>
              <th scope="col" className="num">
                {t('dash.keptRate')}
              </th>
              <th scope="col" className="num">
                {t('dash.contactRate')}
              </th>
              <th scope="col" className="num">
                {t('dash.calls')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...d.collectors]
              .sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY))
              .map((c) => (
                <tr
                  key={c.userId}
                  onClick={() => navigate(`/dashboard/collectors/${encodeURIComponent(c.userId)}`)}
                >
                  <td className="num">{c.rank ?? '—'}</td>
                  <td>
                    <Link to={`/dashboard/collectors/${encodeURIComponent(c.userId)}`}>{c.name}</Link>
                    {c.role === 'lead' && <Tag style={{ marginLeft: 6 }}>{label('role', 'lead', lang)}</Tag>}
                  </td>
                  <td className="num">
                    {c.complianceIncidents}
                    <span className="muted">
                      {' '}
                      ({c.incidentsPer100Calls === null ? '—' : c.incidentsPer100Calls.toFixed(1)}/100)
                    </span>
                  </td>
                  <td className="num">
                    {formatPercent(c.complaintRate === null ? null : c.complaintRate / 100, 2)}
                  </td>
                  <td className="num">{formatPercent(c.recoveryRate)}</td>
                  <td className="num">{formatFen(c.recoveredFen, lang)}</td>
                  <td className="num">{formatPercent(c.promiseKeptRate)}</td>
                  <td className="num">{formatPercent(c.contactRate)}</td>
                  <td className="num">{c.calls}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LeadQueues() {
  const { t, lang } = useI18n();
  const me = useMe();
  const approvals = useResource((s) => api.approvals(s), []);
  const escalations = useResource((s) => api.escalations(s), []);
  return (
    <section className="panel" aria-labelledby="lead-queues-title">
      <h2 id="lead-queues-title">
        <Link to="/approvals">{t('approvals.title')}</Link>{' '}
        {approvals.data && (
          <Tag color={approvals.data.items.length ? 'orange' : 'default'}>{approvals.data.items.length}</Tag>
        )}
      </h2>
      <ErrorNote error={approvals.error} />
      <ul className="plain-list">
        {approvals.data?.items.slice(0, 5).map((a) => (
          <li key={a.planId}>
            <Link to={`/cases/${encodeURIComponent(a.caseId)}`}>{a.debtorName}</Link> ·{' '}
            {formatFen(a.settlementFen, lang)} · {a.proposedByName}{' '}
            {!a.withinPolicy && <Tag color="orange">{label('role', a.requiredRole, lang)}</Tag>}
          </li>
        ))}
      </ul>
      {can(me, 'complaintAnswerers') && <OpenHolds />}
      {can(me, 'leads') && (
        <>
          <h3>{t('dash.escalations')}</h3>
          <ErrorNote error={escalations.error} />
          <ul className="plain-list">
            {escalations.data?.items.map((e) => (
              <li key={e.id}>
                <Link to={`/cases/${encodeURIComponent(e.caseId)}`}>{e.debtorName}</Link> ·{' '}
                {label('escalation', e.reason, lang)} ·{' '}
                <span className="muted">
                  {e.assigneeName ?? '—'} · {formatDateTime(e.createdAt, lang)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The team lead's view: outcomes, compliance first, what works with whom, and what waits for them. */
export function DashboardScreen({ params }: ScreenProps) {
  const { t, lang } = useI18n();
  const today = todayIn('Asia/Shanghai');
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(today);
  const [range, setRange] = useState({ from, to });
  const query = {
    from: zonedIso(range.from, '00:00:00', 'Asia/Shanghai'),
    to: zonedIso(range.to, '23:59:59', 'Asia/Shanghai'),
  };
  const dash = useResource((s) => api.dashboard(query, s), [range.from, range.to]);
  const d = dash.data;

  const rangeForm = (
    <form
      className="range-form"
      onSubmit={(e) => {
        e.preventDefault();
        setRange({ from, to });
      }}
    >
      <span className="muted">{t('dash.range')}</span>
      <label htmlFor="dash-from">{t('dash.from')}</label>
      <Input
        id="dash-from"
        type="date"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        style={{ width: 150 }}
      />
      <label htmlFor="dash-to">{t('dash.to')}</label>
      <Input
        id="dash-to"
        type="date"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        style={{ width: 150 }}
      />
      <Button htmlType="submit">{t('dash.apply')}</Button>
    </form>
  );

  if (params.userId)
    return (
      <section aria-labelledby="drill-title">
        <div className="screen-title">
          <Link to="/dashboard" className="muted">
            ← {t('dash.back')}
          </Link>
          <span style={{ flex: 1 }} />
          {rangeForm}
        </div>
        <CollectorDrillView userId={params.userId} from={query.from} to={query.to} />
      </section>
    );

  return (
    <section aria-labelledby="dash-title" data-testid="dashboard">
      <div className="screen-title">
        <h1 id="dash-title">{t('dash.title')}</h1>
        {d && (
          <span className="muted">
            {formatDateTime(d.from, lang)} – {formatDateTime(d.to, lang)}
          </span>
        )}
        <span style={{ flex: 1 }} />
        {rangeForm}
      </div>
      <ErrorNote error={dash.error} />
      {dash.loading && !d && <Spin className="screen-loading" />}
      {d && (
        <>
          <Kpis m={d.totals} />
          <div className="two-col" style={{ marginTop: 12 }}>
            <div>
              <Ranking d={d} />
              <section className="panel" aria-labelledby="heat-title">
                <h2 id="heat-title">{t('dash.heatmap')}</h2>
                <p className="muted">{t('dash.heatmapHow', { min: d.effectiveness.minOutcomes })}</p>
                <EffectivenessHeatmap eff={d.effectiveness} />
                <h3>{t('dash.differences')}</h3>
                {d.effectiveness.clearDifferences.length === 0 ? (
                  <p className="muted">{t('dash.noDifferences')}</p>
                ) : (
                  <ul>
                    {d.effectiveness.clearDifferences.map((x) => (
                      <li key={`${x.persona}-${x.better}-${x.worse}`}>
                        {t('dash.better', {
                          persona: label('persona', x.persona, lang),
                          better: label('strategy', x.better, lang),
                          worse: label('strategy', x.worse, lang),
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <div>
              <LeadQueues />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
