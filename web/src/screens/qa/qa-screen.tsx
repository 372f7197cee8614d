import { Button, Checkbox, Empty, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { can, useMe } from '../../app/auth';
import { Link, navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';
import { OpenHolds } from '../parts/open-holds';

const SEVERITY_COLORS: Record<string, string> = {
  low: 'default',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};
const PAGE_SIZE = 20;

/** Every call with what the analyser found in it, newest first; QA reviews, collectors answer. */
export function QaScreen() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [withFindings, setWithFindings] = useState(true);
  const [unreviewed, setUnreviewed] = useState(false);
  const [page, setPage] = useState(1);
  const list = useResource(
    (s) =>
      api.qaCalls(
        {
          page,
          pageSize: PAGE_SIZE,
          withFindings: withFindings || undefined,
          reviewed: unreviewed ? false : undefined,
        },
        s,
      ),
    [page, withFindings, unreviewed],
  );
  const d = list.data;
  const pages = d ? Math.max(1, Math.ceil(d.total / PAGE_SIZE)) : 1;
  return (
    <section aria-labelledby="qa-title">
      <div className="screen-title">
        <h1 id="qa-title">{t('qa.title')}</h1>
        {d && <span className="muted">{t('common.total', { total: d.total })}</span>}
        <Checkbox
          checked={withFindings}
          onChange={(e) => {
            setWithFindings(e.target.checked);
            setPage(1);
          }}
        >
          {t('qa.withFindings')}
        </Checkbox>
        <Checkbox
          checked={unreviewed}
          onChange={(e) => {
            setUnreviewed(e.target.checked);
            setPage(1);
          }}
        >
          {t('qa.unreviewed')}
        </Checkbox>
      </div>
      {/* QA answer complaints (leads see every kind of hold on their dashboard) */}
      {me.user.role === 'qa' && can(me, 'complaintAnswerers') && (
        <div className="panel">
          <OpenHolds kinds={['complaint']} title="holds.complaints" limit={5} />
        </div>
      )}
      <ErrorNote error={list.error} />
      {list.loading && !d && <Spin className="screen-loading" />}
      {d && d.items.length === 0 && <Empty description={t('qa.empty')} />}
      {d && d.items.length > 0 && (
        <table className="grid" data-testid="qa-calls">
          <thead>
            <tr>
              <th scope="col">{t('qa.at')}</th>
              <th scope="col">{t('qa.collector')}</th>
              <th scope="col">{t('queue.persona')}</th>
              <th scope="col" className="num">
                {t('qa.findings')}
              </th>
              <th scope="col">{t('qa.worst')}</th>
              <th scope="col" className="num">
                {t('qa.autoScore')}
              </th>
              <th scope="col" className="num">
                {t('qa.reviewScore')}
              </th>
              <th scope="col">{t('qa.responses')}</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((c) => (
              <tr
                key={c.callId}
                data-testid="qa-call-row"
                onClick={() => navigate(`/qa/calls/${encodeURIComponent(c.callId)}`)}
              >
                <td>
                  <Link to={`/qa/calls/${encodeURIComponent(c.callId)}`}>{formatDateTime(c.at, lang)}</Link>
                </td>
                <td>{c.collectorName ?? '—'}</td>
                <td>{c.persona ? label('persona', c.persona, lang) : '—'}</td>
                <td className="num">{c.findings}</td>
                <td>
                  {c.worstSeverity && (
                    <Tag color={SEVERITY_COLORS[c.worstSeverity]}>
                      {label('severity', c.worstSeverity, lang)}
                    </Tag>
                  )}
                </td>
                <td className="num">{c.autoScore}</td>
                <td className="num">{c.reviewScore ?? '—'}</td>
                <td>
                  {c.acknowledged} / {c.disputed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d && d.total > PAGE_SIZE && (
        <div className="pager">
          <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('common.prev')}
          </Button>
          <span>{t('common.page', { page, pages })}</span>
          <Button disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('common.next')}
          </Button>
        </div>
      )}
    </section>
  );
}
