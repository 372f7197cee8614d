import { Alert, Button, Input, Progress, Select, Spin, Tag } from 'antd';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { PERSONAS } from '../../../src/domain/ids';
import { api } from '../api/endpoints';
import type { Practice } from '../api/types';
import { Link, navigate } from '../app/router';
import type { ScreenProps } from '../app/routes';
import { useI18n } from '../i18n/i18n';
import { label } from '../i18n/labels';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime, formatFen } from '../lib/format';
import { useResource } from '../lib/use-resource';
import { ErrorNote } from './parts/error-note';

const SITUATIONS: Practice['situation'][] = [
  'first_call',
  'broken_promise',
  'third_party',
  'angry',
  'dispute',
];
const SITUATION_KEYS: Record<Practice['situation'], MessageKey> = {
  first_call: 'practice.situation.first_call',
  broken_promise: 'practice.situation.broken_promise',
  third_party: 'practice.situation.third_party',
  angry: 'practice.situation.angry',
  dispute: 'practice.situation.dispute',
};

function StartForm() {
  const { t, lang } = useI18n();
  const [persona, setPersona] = useState<string>('guilty');
  const [situation, setSituation] = useState<string>('first_call');
  const [seed, setSeed] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.startPractice({ persona, situation, seed: seed.trim() || undefined });
      navigate(`/practice/${encodeURIComponent(s.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form className="panel practice-start" onSubmit={start} aria-labelledby="practice-new">
      <h2 id="practice-new">{t('practice.new')}</h2>
      <ErrorNote error={error} />
      <div className="field compact">
        <label htmlFor="practice-persona">{t('practice.persona')}</label>
        <Select
          id="practice-persona"
          value={persona}
          onChange={setPersona}
          options={PERSONAS.map((p) => ({ value: p, label: label('persona', p, lang) }))}
          style={{ width: '100%' }}
        />
      </div>
      <div className="field compact">
        <label htmlFor="practice-situation">{t('practice.situation')}</label>
        <Select
          id="practice-situation"
          value={situation}
          onChange={setSituation}
          options={SITUATIONS.map((s) => ({ value: s, label: t(SITUATION_KEYS[s]) }))}
          style={{ width: '100%' }}
        />
      </div>
      <div className="field compact">
        <label htmlFor="practice-seed">{t('practice.seed')}</label>
        <Input id="practice-seed" value={seed} onChange={(e) => setSeed(e.target.value)} maxLength={64} />
      </div>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('practice.start')}
      </Button>
    </form>
  );
}

function History() {
  const { t, lang } = useI18n();
  const list = useResource((s) => api.practiceList(s), []);
  return (
    <section className="panel" aria-labelledby="practice-history">
      <h2 id="practice-history">{t('practice.history')}</h2>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Spin size="small" />}
      {list.data?.items.length === 0 && <p className="muted">{t('common.empty')}</p>}
      <ul className="plain-list">
        {list.data?.items.map((p) => (
          <li key={p.id} style={{ padding: '3px 0' }}>
            <Link to={`/practice/${encodeURIComponent(p.id)}`}>
              {label('persona', p.persona, lang)} · {t(SITUATION_KEYS[p.situation])}
            </Link>{' '}
            <span className="muted">
              {formatDateTime(p.startedAt, lang)} · {t('practice.turns', { n: p.turns })}
              {p.userName && ` · ${p.userName}`}
            </span>{' '}
            {p.total !== null && (
              <Tag color={p.total >= 80 ? 'green' : p.total >= 60 ? 'gold' : 'red'}>{p.total}</Tag>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Score({ session }: { session: Practice }) {
  const { t, lang, colon } = useI18n();
  const s = session.score;
  if (!s) return null;
  const o = session.outcome;
  return (
    <section className="panel" aria-labelledby="practice-score" data-testid="practice-score">
      <h2 id="practice-score">{t('practice.score', { total: Math.round(s.total), grade: s.grade_zh })}</h2>
      <Progress percent={Math.round(s.total)} status={s.total >= 60 ? 'success' : 'exception'} />
      <p className="muted">
        {t('practice.parts', {
          strategy: Math.round(s.parts.strategy),
          promise: Math.round(s.parts.promise),
          compliance: Math.round(s.parts.compliance),
          identity: Math.round(s.parts.identity),
        })}
      </p>
      {s.recognised && <p>{t('practice.recognised', { persona: label('persona', s.recognised, lang) })}</p>}
      {o && (
        <p>
          <strong>
            {t('practice.outcome')}
            {colon}
          </strong>
          {o.promise
            ? t('practice.promise', {
                amount:
                  o.promise.amount === null
                    ? t('money.noAmount')
                    : formatFen(Math.round(o.promise.amount * 100), lang),
                date: o.promise.date ?? t('money.noDate'),
                reliable: o.promise.reliable ? t('practice.reliable') : t('practice.unreliable'),
              })
            : t('practice.noPromise')}
          {o.promise?.why_zh && <span className="muted"> — {o.promise.why_zh}</span>}
        </p>
      )}
      <h3>{t('practice.feedback')}</h3>
      <ul data-testid="practice-feedback">
        {s.feedback_zh.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      {s.next_time.length > 0 && (
        <>
          <h3>{t('practice.nextTime')}</h3>
          <ul>
            {s.next_time.map((n) => (
              <li key={n.id}>
                <strong>{lang === 'zh' ? n.name_zh : label('strategy', n.id, lang)}</strong>
                {colon}
                {n.reason_zh}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Session({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const res = useResource((s) => api.practice(id, s), [id]);
  const [session, setSession] = useState<Practice | null>(null);
  const [line, setLine] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (res.data) setSession(res.data);
  }, [res.data]);
  const turns = session?.transcript.length ?? 0;
  useEffect(() => {
    if (turns) bottom.current?.scrollIntoView?.({ block: 'nearest' });
  }, [turns]);

  if (!session) return res.error ? <ErrorNote error={res.error} /> : <Spin className="screen-loading" />;

  const say = async (e: FormEvent) => {
    e.preventDefault();
    if (!line.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.practiceSay(id, line.trim());
      setSession((s) =>
        s ? { ...s, ended: r.ended, transcript: [...s.transcript, r.trainee, ...r.replies] } : s,
      );
      setLine('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const finish = async () => {
    setBusy(true);
    setError(null);
    try {
      setSession(await api.finishPractice(id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const f = session.facts;
  return (
    <div data-testid="practice-session">
      <div className="screen-title">
        <Link to="/practice" className="muted">
          ← {t('practice.title')}
        </Link>
        <h1 id="practice-title">
          {label('persona', session.persona, lang)} · {t(SITUATION_KEYS[session.situation])}
        </h1>
        <span className="muted">seed {session.seed}</span>
      </div>
      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="practice-chat-title">
            <h2 id="practice-chat-title" className="sr-only">
              {t('live.transcript')}
            </h2>
            <p className="muted">{t('practice.hint')}</p>
            <div className="chat" aria-live="polite" data-testid="practice-chat">
              {session.transcript.map((turn, i) => (
                <div
                  // turns are only ever appended, so the position is a stable key
                  // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
                  key={i}
                  className={`turn turn-${turn.speaker}${turn.violations.length ? ' has-violation' : ''}`}
                  data-testid="practice-turn"
                >
                  <span className="who">{label('speaker', turn.speaker, lang)}</span>
                  <div>
                    {turn.text}
                    {(turn.strategies.length > 0 || turn.violations.length > 0) && (
                      <div className="turn-tags">
                        {turn.strategies.map((s) => (
                          <Tag key={s} color="blue">
                            {label('strategy', s, lang)}
                          </Tag>
                        ))}
                        {turn.violations.map((v) => (
                          <Tag key={v.rule} color="red" title={v.reason}>
                            ⚠ {label('rule', v.rule, lang)}
                          </Tag>
                        ))}
                      </div>
                    )}
                  </div>
                </div>
              ))}
              <div ref={bottom} />
            </div>
            <ErrorNote error={error} />
            {session.ended && !session.finished && (
              <Alert type="info" showIcon title={t('practice.ended')} style={{ marginTop: 8 }} />
            )}
            {!session.finished && (
              <form onSubmit={say} className="live-form practice-form">
                <label htmlFor="practice-line">{t('practice.say')}</label>
                <Input
                  id="practice-line"
                  autoFocus
                  value={line}
                  onChange={(e) => setLine(e.target.value)}
                  disabled={session.ended || busy}
                  maxLength={1000}
                />
                <Button htmlType="submit" type="primary" disabled={session.ended} loading={busy}>
                  {t('practice.send')}
                </Button>
              </form>
            )}
            {!session.finished && (
              <Button style={{ marginTop: 8 }} onClick={() => void finish()} disabled={busy}>
                {t('practice.finish')}
              </Button>
            )}
          </section>
        </div>
        <div>
          <Score session={session} />
          <section className="panel" aria-labelledby="practice-account">
            <h2 id="practice-account">{t('practice.account')}</h2>
            <dl className="facts">
              {f.client && (
                <>
                  <dt>{t('case.client')}</dt>
                  <dd>{f.client}</dd>
                </>
              )}
              {f.debtor_name && (
                <>
                  <dt>{t('debtor.name')}</dt>
                  <dd>{f.debtor_name}</dd>
                </>
              )}
              {f.balance !== undefined && (
                <>
                  <dt>{t('case.balance')}</dt>
                  <dd>{formatFen(Math.round(f.balance * 100), lang)}</dd>
                </>
              )}
              {f.card_tail && (
                <>
                  <dt>{t('accounts.cardTail')}</dt>
                  <dd>{f.card_tail}</dd>
                </>
              )}
              {f.days_overdue !== undefined && (
                <>
                  <dt>{t('accounts.daysOverdue')}</dt>
                  <dd>{f.days_overdue}</dd>
                </>
              )}
              {f.offer && (
                <>
                  <dt>{t('money.plans')}</dt>
                  <dd>{f.offer.description}</dd>
                </>
              )}
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}

/** The practice simulator: a trainee talks to a persona bot and gets a score and feedback at the end. */
export function PracticeScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  if (params.sessionId) return <Session id={params.sessionId} />;
  return (
    <section aria-labelledby="practice-title">
      <div className="screen-title">
        <h1 id="practice-title">{t('practice.title')}</h1>
      </div>
      <div className="two-col">
        <StartForm />
        <History />
      </div>
    </section>
  );
}
