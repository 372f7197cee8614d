import { Alert, App, Button, Input, InputNumber, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CallDetail } from '../../api/types';
import { can, useMe } from '../../app/auth';
import { Link } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import type { MessageKey } from '../../i18n/messages';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';
import { TurnView } from '../parts/transcript-view';

type Finding = CallDetail['findings'][number];

const SEVERITY_COLORS: Record<string, string> = {
  low: 'default',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};
const MISSING: Record<string, MessageKey> = {
  company: 'qa.missing.company',
  name_or_id: 'qa.missing.name_or_id',
  client: 'qa.missing.client',
};

function FindingItem({
  finding,
  callId,
  mayRespond,
  onChanged,
}: {
  finding: Finding;
  callId: string;
  mayRespond: boolean;
  onChanged: () => void;
}) {
  const { t, lang, colon } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const respond = async (response: 'acknowledged' | 'disputed') => {
    setBusy(true);
    setError(null);
    try {
      await api.respondFinding(callId, finding.index, { response, comment: comment.trim() || undefined });
      message.success(t(response === 'acknowledged' ? 'qa.response.acknowledged' : 'qa.response.disputed'));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const goTo = () => {
    const el = document.querySelector(`[data-turn="${finding.turn}"]`);
    if (el instanceof HTMLElement) {
      el.scrollIntoView({ block: 'center' });
      el.classList.add('flash');
      setTimeout(() => el.classList.remove('flash'), 1500);
    }
  };
  return (
    <li className="finding" data-testid="finding">
      <div className="strategy-head">
        <Tag color={SEVERITY_COLORS[finding.severity]}>{label('severity', finding.severity, lang)}</Tag>
        <strong>{label('rule', finding.rule, lang)}</strong>
        <code className="muted">{finding.rule}</code>
        <Tag>{label('force', finding.force, lang)}</Tag>
      </div>
      <p>
        <q className="ev-violation-q">{finding.evidence}</q>
        {finding.turn !== null && (
          <Button type="link" size="small" onClick={goTo}>
            {t('qa.goTurn', { n: finding.turn + 1 })}
          </Button>
        )}
      </p>
      {/* a rule with no fact to weigh has its title as the reason: already in the heading */}
      {finding.reason && finding.reason !== label('rule', finding.rule, lang) && <p>{finding.reason}</p>}
      <p className="muted">
        {t('qa.source')}
        {colon}
        {finding.source}
      </p>
      {finding.response ? (
        <Alert
          type={finding.response.response === 'acknowledged' ? 'success' : 'warning'}
          showIcon
          data-testid="finding-response"
          title={t('qa.responded', {
            who: finding.response.userId === me.user.id ? me.user.name : finding.response.userId,
            at: formatDateTime(finding.response.at, lang),
            response: t(
              finding.response.response === 'acknowledged'
                ? 'qa.response.acknowledged'
                : 'qa.response.disputed',
            ),
          })}
          description={finding.response.comment}
        />
      ) : (
        mayRespond && (
          <div className="respond">
            <Input.TextArea
              rows={2}
              aria-label={t('qa.comment')}
              placeholder={t('qa.comment')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <div style={{ display: 'flex', gap: 6, marginTop: 4 }}>
              <Button size="small" type="primary" loading={busy} onClick={() => void respond('acknowledged')}>
                {t('qa.acknowledge')}
              </Button>
              <Button size="small" disabled={busy} onClick={() => void respond('disputed')}>
                {t('qa.dispute')}
              </Button>
            </div>
          </div>
        )
      )}
      <ErrorNote error={error} />
    </li>
  );
}

function ReviewForm({ call, onSaved }: { call: CallDetail; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [score, setScore] = useState<number | null>(call.review?.score ?? call.autoScore);
  const [note, setNote] = useState(call.review?.note ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (score === null) return;
    setBusy(true);
    setError(null);
    try {
      await api.reviewCall(call.callId, { score, note: note.trim() || undefined });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="review-form">
      <ErrorNote error={error} />
      <div className="field compact">
        <label htmlFor="review-score">{t('qa.score')}</label>
        <InputNumber id="review-score" min={0} max={100} value={score} onChange={(v) => setScore(v)} />
      </div>
      <div className="field compact">
        <label htmlFor="review-note">{t('qa.note')}</label>
        <Input.TextArea id="review-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <Button type="primary" loading={busy} onClick={() => void save()} style={{ marginTop: 6 }}>
        {t('qa.saveReview')}
      </Button>
    </div>
  );
}

/** The method's promise discipline for one promise: said back, the money's source, a reminder before the due date. */
function PromiseCheckItem({ check }: { check: CallDetail['analysis']['promise_checks'][number] }) {
  const { t } = useI18n();
  const tag = (ok: boolean, yes: MessageKey, no: MessageKey) => (
    <Tag color={ok ? 'green' : 'orange'}>{t(ok ? yes : no)}</Tag>
  );
  return (
    <>
      <dt>{t('qa.promiseCheck', { turn: check.turn + 1 })}</dt>
      <dd data-testid="promise-check">
        {tag(check.read_back, 'qa.readBack', 'qa.noReadBack')}
        {tag(
          check.source !== null,
          check.source === 'told' ? 'qa.sourceTold' : 'qa.sourceAsked',
          'qa.noSource',
        )}
        {tag(check.reminder, 'qa.reminder', 'qa.noReminder')}
      </dd>
    </>
  );
}

/** One call under review: the transcript with the evidence marked, the findings, the score and the answers. */
export function CallReviewScreen({ params }: ScreenProps) {
  const callId = params.callId ?? '';
  const { t, lang } = useI18n();
  const me = useMe();
  const call = useResource((s) => api.callDetail(callId, s), [callId]);
  const c = call.data;
  if (call.loading && !c) return <Spin className="screen-loading" />;
  if (!c) return <ErrorNote error={call.error} />;
  const identity = c.analysis.disclosure.identity;
  const mayRespond = c.collectorId === me.user.id;
  const mayReview = can(me, 'qaReviewers');
  return (
    <article aria-labelledby="call-title" data-testid="call-review">
      <div className="screen-title">
        <Link to="/qa" className="muted">
          ← {t('qa.title')}
        </Link>
        <h1 id="call-title">{t('qa.callTitle', { id: c.callId })}</h1>
        <span className="muted">
          {formatDateTime(c.at, lang)} · {c.collectorName ?? '—'} ·{' '}
          <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
        </span>
        {c.analysis.persona.id && <Tag color="magenta">{label('persona', c.analysis.persona.id, lang)}</Tag>}
      </div>
      {c.masked && <Alert type="info" showIcon title={t('qa.masked')} style={{ marginBottom: 8 }} />}
      <div className="two-col">
        <section className="panel" aria-labelledby="transcript-title">
          <h2 id="transcript-title">{t('qa.transcript')}</h2>
          <div className="transcript" data-testid="transcript">
            {c.analysis.turns.map((turn) => (
              <TurnView key={turn.index} turn={turn} />
            ))}
          </div>
        </section>
        <div>
          <section className="panel" aria-labelledby="scoring-title">
            <h2 id="scoring-title">{t('qa.scoring')}</h2>
            <dl className="facts">
              <dt>{t('qa.autoScore')}</dt>
              <dd data-testid="auto-score">{c.autoScore}</dd>
              <dt>{t('qa.reviewScore')}</dt>
              <dd data-testid="review-score">
                {c.review
                  ? t('qa.reviewed', { at: formatDateTime(c.review.reviewedAt, lang), score: c.review.score })
                  : '—'}
              </dd>
              <dt>{t('qa.identity')}</dt>
              <dd>
                {identity.ok ? (
                  <Tag color="green">{t('qa.identityOk')}</Tag>
                ) : (
                  <Tag color="red">
                    {t('qa.identityMissing', {
                      missing: identity.missing.map((m) => t(MISSING[m] ?? 'common.none')).join('、'),
                    })}
                  </Tag>
                )}
              </dd>
              {c.analysis.promise_checks.map((pc) => (
                <PromiseCheckItem key={pc.turn} check={pc} />
              ))}
            </dl>
            {mayReview && <ReviewForm call={c} onSaved={call.reload} />}
          </section>
          <section className="panel" aria-labelledby="findings-title">
            <h2 id="findings-title">{t('qa.findingsTitle')}</h2>
            {c.findings.length === 0 ? (
              <p className="muted">{t('qa.noFindings')}</p>
            ) : (
              <ol className="plain-list">
                {c.findings.map((f) => (
                  <FindingItem
                    key={f.index}
                    finding={f}
                    callId={c.callId}
                    mayRespond={mayRespond}
                    onChanged={call.reload}
                  />
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </article>
  );
}
