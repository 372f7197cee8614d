import { Alert, Button, Collapse, Input, Segmented, Spin, Tag, Typography } from 'antd';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { Link } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDate, formatFen, formatPercent } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';
import { TurnView } from '../parts/transcript-view';
import { type Speaker, useLiveCall } from './use-live-call';

function PickCase() {
  const { t, lang } = useI18n();
  const queue = useResource((signal) => api.queue({ pageSize: 20 }, signal), []);
  return (
    <section aria-labelledby="live-title">
      <div className="screen-title">
        <h1 id="live-title">{t('live.title')}</h1>
      </div>
      <section className="panel">
        <h2>{t('live.pickCase')}</h2>
        <p className="muted">{t('live.pickHint')}</p>
        <ErrorNote error={queue.error} />
        {queue.loading && <Spin size="small" />}
        <ul className="plain-list">
          {queue.data?.items.map((i) => (
            <li key={i.caseId} style={{ padding: '4px 0' }}>
              <Link to={`/cases/${encodeURIComponent(i.caseId)}/live`}>
                {i.debtorName} · {formatFen(i.balanceFen, lang)} · {i.caseId}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

const SPEAKERS: Speaker[] = ['agent', 'debtor', 'third_party'];

/** Live call assist: the call as it happens, each line labelled, warnings at once, the next move beside it. */
export function LiveScreen({ params }: ScreenProps) {
  const caseId = params.caseId;
  if (!caseId) return <PickCase />;
  return <LiveCall caseId={caseId} />;
}

function LiveCall({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const detail = useResource((signal) => api.caseDetail(caseId, signal), [caseId]);
  const { state, start, send, end, reconnect } = useLiveCall(caseId);
  const [speaker, setSpeaker] = useState<Speaker>('agent');
  const [text, setText] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const last = state.answers[state.answers.length - 1];
  const zone = detail.data?.debtor.timeZone ?? 'Asia/Shanghai';

  useEffect(() => {
    if (state.answers.length || state.pending.length) bottom.current?.scrollIntoView?.({ block: 'nearest' });
  }, [state.answers.length, state.pending.length]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (send(speaker, text.trim())) {
      setText('');
      // a conversation alternates: the next line is usually the other side's
      setSpeaker(speaker === 'agent' ? 'debtor' : 'agent');
      input.current?.focus();
    }
  };

  return (
    <section aria-labelledby="live-title" data-testid="live-screen">
      <div className="screen-title">
        <h1 id="live-title">{t('live.title')}</h1>
        {detail.data && (
          <span>
            <Link to={`/cases/${encodeURIComponent(caseId)}`}>{detail.data.debtor.name}</Link>
            <span className="muted">
              {' '}
              · {formatFen(detail.data.case.balanceFen, lang)} · {caseId}
            </span>
          </span>
        )}
        <StatusTag status={state.status} />
        <span style={{ flex: 1 }} />
        {state.status === 'idle' && (
          <Button type="primary" onClick={() => void start()}>
            {t('live.start')}
          </Button>
        )}
        {state.status === 'closed' && <Button onClick={reconnect}>{t('live.reconnect')}</Button>}
        {state.status === 'open' && (
          <Button danger onClick={end} disabled={state.pending.length > 0}>
            {t('live.end')}
          </Button>
        )}
      </div>
      {state.error && (
        <Alert type="error" showIcon title={state.error} role="alert" style={{ marginBottom: 8 }} />
      )}
      {state.status === 'ended' && (
        <Alert
          type="success"
          showIcon
          data-testid="live-ended"
          title={t('live.ended')}
          description={
            <>
              {state.endedCallId && (
                <Link to={`/qa/calls/${encodeURIComponent(state.endedCallId)}`}>{t('live.openCall')}</Link>
              )}{' '}
              · <Link to={`/cases/${encodeURIComponent(caseId)}`}>{t('live.openCase')}</Link>
            </>
          }
          style={{ marginBottom: 8 }}
        />
      )}
      {last && last.alerts.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="live-alert"
          title={t('live.alertNow', {
            rule: last.alerts.map((a) => label('rule', a.rule, lang)).join('、'),
          })}
          description={last.alerts.map((a) => a.reason).join('；')}
          style={{ marginBottom: 8 }}
        />
      )}
      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="live-transcript-title">
            <h2 id="live-transcript-title">{t('live.transcript')}</h2>
            {state.resumedTurns > 0 && (
              <p className="muted">{t('live.resumed', { turns: state.resumedTurns })}</p>
            )}
            <div className="chat" aria-live="polite" data-testid="live-transcript">
              {state.answers.length === 0 && state.pending.length === 0 && (
                <p className="muted">{t('live.empty')}</p>
              )}
              {state.answers.map((a) => (
                <TurnView
                  key={a.seq}
                  turn={a.turn}
                  extra={<span className="muted server-ms">{t('live.serverMs', { ms: a.serverMs })}</span>}
                />
              ))}
              {state.pending.map((p) => (
                <div key={`p-${p.seq}`} className={`turn turn-${p.speaker} pending`}>
                  <span className="who">{label('speaker', p.speaker, lang)}</span>
                  <div>
                    {p.text} <Spin size="small" />
                  </div>
                </div>
              ))}
              <div ref={bottom} />
            </div>
          </section>
          {(state.status === 'open' || state.status === 'starting') && (
            <section className="panel" aria-labelledby="live-sim-title">
              <h2 id="live-sim-title">{t('live.simulate')}</h2>
              <p className="muted" id="live-sim-hint">
                {t('live.simulateHint')}
              </p>
              <form onSubmit={submit} className="live-form">
                <Segmented<Speaker>
                  aria-label={t('live.speaker')}
                  value={speaker}
                  onChange={setSpeaker}
                  options={SPEAKERS.map((s) => ({ value: s, label: label('speaker', s, lang) }))}
                />
                <label htmlFor="live-text" className="sr-only">
                  {t('live.text')}
                </label>
                <Input
                  id="live-text"
                  ref={(el) => {
                    input.current = el?.input ?? null;
                  }}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  aria-describedby="live-sim-hint"
                  disabled={state.status !== 'open'}
                  autoFocus
                  placeholder={t('live.text')}
                />
                <Button htmlType="submit" type="primary" disabled={state.status !== 'open'}>
                  {t('live.send')}
                </Button>
              </form>
            </section>
          )}
          {state.call && (
            <Collapse
              size="small"
              style={{ marginTop: 12 }}
              items={[
                {
                  key: 'token',
                  label: t('live.token'),
                  children: (
                    <Typography.Text copyable code>
                      {state.call.token}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          )}
        </div>
        <div>
          <section className="panel" aria-labelledby="live-alerts-title">
            <h2 id="live-alerts-title">{t('live.alerts')}</h2>
            {last && last.violations.length > 0 ? (
              <ul data-testid="live-violations">
                {last.violations.map((v) => (
                  <li key={`${v.rule}-${v.turn}-${v.start}`}>
                    <Tag color="red">{label('rule', v.rule, lang)}</Tag>
                    <q>{v.evidence}</q> — {v.reason}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('call.noViolations')}</p>
            )}
          </section>
          <section className="panel" aria-labelledby="live-promise-title">
            <h2 id="live-promise-title">{t('live.promise')}</h2>
            {last?.promise ? (
              <p data-testid="live-promise">
                <strong>
                  {last.promise.amount === null
                    ? t('money.noAmount')
                    : formatFen(Math.round(last.promise.amount * 100), lang)}
                </strong>{' '}
                · {last.promise.due ? formatDate(last.promise.due, lang, zone) : t('money.noDate')}
                {last.promise.vague && <Tag color="orange">{t('money.vague')}</Tag>}
                <br />
                <q className="muted">{last.promise.text}</q>
              </p>
            ) : (
              <p className="muted">{t('live.noPromise')}</p>
            )}
          </section>
          <section className="panel" aria-labelledby="live-persona-title">
            <h2 id="live-persona-title">{t('live.persona')}</h2>
            {last?.persona.id ? (
              <p>
                <Tag color="magenta">{label('persona', last.persona.id, lang)}</Tag>
                <span className="muted">
                  {t('live.confidence', { pct: formatPercent(last.persona.confidence, 0) })}
                </span>
              </p>
            ) : (
              <p className="muted">{t('persona.unknown')}</p>
            )}
            {last?.persona.evidence.slice(0, 3).map((e) => (
              <div key={e} className="muted">
                <q>{e}</q>
              </div>
            ))}
          </section>
          <section className="panel" aria-labelledby="live-advice-title" data-testid="live-advice">
            <h2 id="live-advice-title">{t('live.suggest')}</h2>
            {!last && <p className="muted">{t('advice.none')}</p>}
            {last && (
              <>
                <p className="muted">
                  {t('advice.stage', { stage: label('stage', last.advice.stage, lang) })}
                </p>
                {last.advice.warnings.map((w) => (
                  <Alert
                    key={w.code}
                    type={w.severity === 'stop' ? 'error' : w.severity === 'caution' ? 'warning' : 'info'}
                    showIcon
                    title={w.text_zh}
                    style={{ marginBottom: 6 }}
                  />
                ))}
                <ol className="strategies">
                  {last.advice.strategies.map((s) => (
                    <li key={s.id}>
                      <strong>{lang === 'zh' ? s.name_zh : label('strategy', s.id, lang)}</strong>
                      <p>{s.reason_zh}</p>
                      {s.scripts.map((sc) => (
                        <blockquote key={sc} className="script">
                          {sc}
                        </blockquote>
                      ))}
                    </li>
                  ))}
                </ol>
                {last.advice.actions.length > 0 && (
                  <p>
                    {last.advice.actions.map((a) => (
                      <Tag key={a}>{label('action', a, lang)}</Tag>
                    ))}
                  </p>
                )}
              </>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  switch (status) {
    case 'starting':
      return <Tag color="processing">{t('live.starting')}</Tag>;
    case 'open':
      return <Tag color="green">{t('live.connected')}</Tag>;
    case 'closed':
      return <Tag color="red">{t('live.disconnected')}</Tag>;
    default:
      return null;
  }
}
