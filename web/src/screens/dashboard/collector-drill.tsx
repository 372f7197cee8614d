import { Spin, Tag } from 'antd';
import { api } from '../../api/endpoints';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDate, formatDateTime, formatFen, formatPercent } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';

/** One collector's numbers, recent calls with their findings, broken promises and complaints. */
export function CollectorDrillView({ userId, from, to }: { userId: string; from: string; to: string }) {
  const { t, lang } = useI18n();
  const drill = useResource((s) => api.collectorDrill(userId, { from, to }, s), [userId, from, to]);
  const d = drill.data;
  if (drill.loading && !d) return <Spin className="screen-loading" />;
  if (!d) return <ErrorNote error={drill.error} />;
  const m = d.metrics;
  return (
    <div data-testid="collector-drill">
      <h1 id="drill-title">{t('dash.drillTitle', { name: d.name })}</h1>
      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">{t('dash.recovered')}</div>
          <div className="kpi-value">{formatFen(m.recoveredFen, lang)}</div>
          <div className="kpi-sub">{formatPercent(m.recoveryRate)}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('dash.keptRate')}</div>
          <div className="kpi-value">{formatPercent(m.promiseKeptRate)}</div>
          <div className="kpi-sub">{t('dash.kept', { kept: m.promisesKept, due: m.promisesDue })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('dash.incidents')}</div>
          <div className="kpi-value">{m.complianceIncidents}</div>
          <div className="kpi-sub">
            {t('dash.per100', {
              n: m.incidentsPer100Calls === null ? '—' : m.incidentsPer100Calls.toFixed(1),
            })}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('dash.complaintRate')}</div>
          <div className="kpi-value">
            {formatPercent(m.complaintRate === null ? null : m.complaintRate / 100, 2)}
          </div>
          <div className="kpi-sub">{t('dash.complaints', { n: m.complaints })}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t('dash.contactRate')}</div>
          <div className="kpi-value">{formatPercent(m.contactRate)}</div>
          <div className="kpi-sub">{t('dash.conversations', { n: m.conversations })}</div>
        </div>
      </div>
      <div className="two-col" style={{ marginTop: 12 }}>
        <section className="panel" aria-labelledby="drill-calls">
          <h2 id="drill-calls">{t('dash.recentCalls')}</h2>
          <table className="grid plain">
            <thead>
              <tr>
                <th scope="col">{t('qa.at')}</th>
                <th scope="col">{t('queue.persona')}</th>
                <th scope="col">{t('qa.findings')}</th>
                <th scope="col" className="num">
                  {t('money.promises')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.recentCalls.map((c) => (
                <tr key={c.callId}>
                  <td>
                    <Link to={`/qa/calls/${encodeURIComponent(c.callId)}`}>{formatDateTime(c.at, lang)}</Link>
                  </td>
                  <td>{c.persona ? label('persona', c.persona, lang) : '—'}</td>
                  <td>
                    {c.violations.map((v) => (
                      <Tag key={v} color="red">
                        {label('rule', v, lang)}
                      </Tag>
                    ))}
                  </td>
                  <td className="num">{c.promises}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div>
          <section className="panel" aria-labelledby="drill-broken">
            <h2 id="drill-broken">{t('dash.brokenList')}</h2>
            <ul className="plain-list">
              {d.brokenPromises.map((b) => (
                <li key={b.promiseId}>
                  <Link to={`/cases/${encodeURIComponent(b.caseId)}`}>{b.caseId}</Link> ·{' '}
                  {formatFen(b.amountFen, lang)} · {formatDate(b.dueAt, lang)}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="drill-complaints">
            <h2 id="drill-complaints">{t('dash.complaintList')}</h2>
            <ul className="plain-list">
              {d.complaints.map((c) => (
                <li key={c.holdId}>
                  <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link> ·{' '}
                  {formatDateTime(c.openedAt, lang)}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
