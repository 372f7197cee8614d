import { Button, Empty, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import type { Queue } from '../api/types';
import { can, useMe } from '../app/auth';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { formatDateTime, formatFen } from '../lib/format';
import { useHotkeys } from '../lib/hotkeys';
import { useResource } from '../lib/use-resource';
import { ErrorNote } from './parts/error-note';

const SEL_KEY = 'huikuan.queue.selected';

/** "2026-11-30T17:18:00+08:00" → "17:18": the wall clock where the debtor is. */
function clockOf(local: string): string {
  return /T(\d{2}:\d{2})/.exec(local)?.[1] ?? local;
}
const PAGE_SIZE = 20;

function rememberedSelection(): number {
  const n = Number(sessionStorage.getItem(SEL_KEY) ?? '0');
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function CollectorPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const users = useResource((s) => api.users({ role: 'collector' }, s), []);
  const members = (users.data?.items ?? []).filter(
    (u) => u.active && (!me.user.teamId || u.teamId === me.user.teamId),
  );
  return (
    <label className="inline-field">
      <span>{t('queue.collector')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('queue.mine')}</option>
        {members.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The collector's day: cases ranked by a transparent score, each with the reasons for its place. */
export function QueueScreen() {
  const { t, lang, pick, colon, paren } = useI18n();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [collectorId, setCollectorId] = useState('');
  const [sel, setSel] = useState(rememberedSelection);
  // in quiet hours: the queue as it will stand when calling opens (read-only preparation)
  const [previewAt, setPreviewAt] = useState<string | null>(null);
  const queue = useResource(
    (signal) =>
      api.queue(
        { page, pageSize: PAGE_SIZE, collectorId: collectorId || undefined, at: previewAt ?? undefined },
        signal,
      ),
    [page, collectorId, previewAt],
  );
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const items = queue.data?.items ?? [];
  const current = Math.min(sel, Math.max(items.length - 1, 0));

  useEffect(() => {
    sessionStorage.setItem(SEL_KEY, String(current));
  }, [current]);

  const move = (delta: number) => {
    if (!items.length) return;
    const next = Math.max(0, Math.min(items.length - 1, current + delta));
    setSel(next);
    rows.current[next]?.focus();
  };
  const open = (i = current) => {
    const item = items[i];
    if (item) navigate(`/cases/${encodeURIComponent(item.caseId)}`);
  };

  useHotkeys({
    j: () => move(1),
    arrowdown: () => move(1),
    k: () => move(-1),
    arrowup: () => move(-1),
    enter: () => open(),
  });

  const pages = queue.data ? Math.max(1, Math.ceil(queue.data.total / PAGE_SIZE)) : 1;
  const isLead = can(me, 'leads');

  return (
    <section aria-labelledby="queue-title">
      <div className="screen-title">
        <h1 id="queue-title">{t('queue.title')}</h1>
        {queue.data && <span className="muted">{t('queue.summary', { total: queue.data.total })}</span>}
        <span className="muted">
          <kbd>↑</kbd>
          <kbd>↓</kbd>
          <kbd>J</kbd>
          <kbd>K</kbd>
          <kbd>Enter</kbd> {t('queue.keys')}
        </span>
        <span style={{ flex: 1 }} />
        {isLead && (
          <CollectorPicker
            value={collectorId}
            onChange={(id) => {
              setCollectorId(id);
              setPage(1);
              setPreviewAt(null);
            }}
          />
        )}
        <Button onClick={queue.reload}>{t('common.refresh')}</Button>
      </div>
      {queue.error ? <ErrorNote error={queue.error} /> : null}
      {previewAt && (
        <div className="panel queue-preview" role="status" data-testid="queue-preview">
          <span>{t('queue.previewing', { at: formatDateTime(previewAt, lang) })}</span>
          <Button
            size="small"
            onClick={() => {
              setPreviewAt(null);
              setPage(1);
            }}
          >
            {t('queue.backToNow')}
          </Button>
        </div>
      )}
      {queue.loading && !queue.data ? (
        <Spin className="screen-loading" />
      ) : items.length === 0 && queue.data ? (
        <Empty
          description={
            <>
              <span>{t('queue.empty')}</span>
              {queue.data.nextWindow && (
                <span data-testid="queue-opens" style={{ display: 'block', marginTop: 8 }}>
                  {t('queue.opensAt', {
                    at: formatDateTime(queue.data.nextWindow.at, lang),
                    total: queue.data.nextWindow.total,
                  })}
                </span>
              )}
            </>
          }
        >
          {queue.data.nextWindow && (
            <Button
              type="primary"
              onClick={() => {
                setPage(1);
                setPreviewAt(queue.data?.nextWindow?.at ?? null);
              }}
            >
              {t('queue.preview')}
            </Button>
          )}
        </Empty>
      ) : (
        <QueueTable
          data={queue.data}
          current={current}
          rows={rows}
          onSelect={(i) => setSel(i)}
          onOpen={open}
          lang={lang}
          t={t}
          pick={pick}
        />
      )}
      {queue.data && queue.data.total > PAGE_SIZE && (
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
      {queue.data && queue.data.excluded.length > 0 && (
        <section className="panel" aria-labelledby="excluded-title" style={{ marginTop: 16 }}>
          <h2 id="excluded-title">{t('queue.excluded')}</h2>
          <p className="muted">{t('queue.excludedHint')}</p>
          <ul>
            {queue.data.excluded.map((x) => (
              <li key={x.caseId} data-testid="excluded-case">
                <a
                  href={`/cases/${encodeURIComponent(x.caseId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/cases/${encodeURIComponent(x.caseId)}`);
                  }}
                >
                  {x.caseId}
                </a>
                {colon}
                {x.reasons
                  .map((r) => `${label('rule', r.rule, lang)}${paren(pick(r))}`)
                  .join(lang === 'zh' ? '；' : '; ')}
                {' — '}
                {x.nextAllowedAt
                  ? t('queue.nextAllowed', { at: formatDateTime(x.nextAllowedAt, lang) })
                  : t('queue.notUntilResolved')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function QueueTable({
  data,
  current,
  rows,
  onSelect,
  onOpen,
  lang,
  t,
  pick,
}: {
  data: Queue | undefined;
  current: number;
  rows: React.RefObject<(HTMLTableRowElement | null)[]>;
  onSelect: (i: number) => void;
  onOpen: (i: number) => void;
  lang: ReturnType<typeof useI18n>['lang'];
  t: ReturnType<typeof useI18n>['t'];
  pick: ReturnType<typeof useI18n>['pick'];
}) {
  if (!data) return null;
  return (
    <table className="grid" aria-labelledby="queue-title">
      <thead>
        <tr>
          <th scope="col" className="num">
            {t('queue.rank')}
          </th>
          <th scope="col">{t('queue.debtor')}</th>
          <th scope="col">{t('queue.number')}</th>
          <th scope="col" className="num">
            {t('queue.balance')}
          </th>
          <th scope="col" className="num">
            {t('queue.score')}
          </th>
          <th scope="col">{t('queue.reasons')}</th>
          <th scope="col">{t('queue.persona')}</th>
          <th scope="col">{t('queue.localTime')}</th>
          <th scope="col">{t('queue.nextDue')}</th>
        </tr>
      </thead>
      <tbody>
        {data.items.map((item, i) => (
          <tr
            key={item.caseId}
            ref={(el) => {
              rows.current[i] = el;
            }}
            aria-current={i === current ? 'true' : undefined}
            tabIndex={i === current ? 0 : -1}
            data-testid="queue-row"
            data-case-id={item.caseId}
            onClick={() => {
              onSelect(i);
              onOpen(i);
            }}
            onFocus={() => onSelect(i)}
          >
            <td className="num">{item.rank}</td>
            <td>
              <a
                href={`/cases/${encodeURIComponent(item.caseId)}`}
                tabIndex={-1}
                onClick={(e) => e.preventDefault()}
              >
                {item.debtorName}
              </a>
            </td>
            <td>{item.number ?? '—'}</td>
            <td className="num">{formatFen(item.balanceFen, lang)}</td>
            <td className="num">
              <strong>{item.score}</strong>
            </td>
            <td>
              <ul className="reasons">
                {item.reasons
                  .filter((r) => r.points !== 0)
                  .map((r) => (
                    <li key={r.component}>
                      <span className="pts">+{r.points}</span>
                      {pick(r)}
                    </li>
                  ))}
              </ul>
            </td>
            <td>{item.persona ? <Tag>{label('persona', item.persona, lang)}</Tag> : '—'}</td>
            <td>{clockOf(item.localTime)}</td>
            <td>{item.nextDueAt ? formatDateTime(item.nextDueAt, lang) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
