import { Button, Empty, Input, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api/endpoints';
import { Link, navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { formatDateTime, formatFen } from '../lib/format';
import { useResource } from '../lib/use-resource';
import { ErrorNote } from './parts/error-note';

const PAGE_SIZE = 20;

/** Cases in the caller's scope (a lead's team, QA's agency, a bank viewer's own placements). */
export function CasesScreen() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useResource(
    (s) => api.cases({ page, pageSize: PAGE_SIZE, q: query || undefined }, s),
    [page, query],
  );
  const d = list.data;
  const pages = d ? Math.max(1, Math.ceil(d.total / PAGE_SIZE)) : 1;
  return (
    <section aria-labelledby="cases-title">
      <div className="screen-title">
        <h1 id="cases-title">{t('cases.title')}</h1>
        {d && <span className="muted">{t('common.total', { total: d.total })}</span>}
        <span style={{ flex: 1 }} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(q.trim());
            setPage(1);
          }}
          className="range-form"
        >
          <label htmlFor="cases-q" className="sr-only">
            {t('cases.search')}
          </label>
          <Input
            id="cases-q"
            placeholder={t('cases.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <Button htmlType="submit">{t('common.search')}</Button>
        </form>
      </div>
      <ErrorNote error={list.error} />
      {list.loading && !d && <Spin className="screen-loading" />}
      {d && d.items.length === 0 && <Empty description={t('cases.empty')} />}
      {d && d.items.length > 0 && (
        <table className="grid" data-testid="cases">
          <thead>
            <tr>
              <th scope="col">{t('cases.debtor')}</th>
              <th scope="col">{t('cases.client')}</th>
              <th scope="col">{t('cases.status')}</th>
              <th scope="col" className="num">
                {t('cases.balance')}
              </th>
              <th scope="col">{t('cases.assignee')}</th>
              <th scope="col">{t('queue.persona')}</th>
              <th scope="col">{t('case.lastContact')}</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((c) => (
              <tr key={c.id} onClick={() => navigate(`/cases/${encodeURIComponent(c.id)}`)}>
                <td>
                  <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.debtorName}</Link>{' '}
                  {c.onHold && <Tag color="red">{t('cases.hold')}</Tag>}
                </td>
                <td>{c.clientName}</td>
                <td>{label('status', c.status, lang)}</td>
                <td className="num">{formatFen(c.balanceFen, lang)}</td>
                <td>{c.assigneeName ?? '—'}</td>
                <td>{c.persona ? label('persona', c.persona, lang) : '—'}</td>
                <td>{c.lastContactAt ? formatDateTime(c.lastContactAt, lang) : '—'}</td>
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
