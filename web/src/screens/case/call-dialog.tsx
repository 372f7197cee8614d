import { Alert, App, Button, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseDetail, RecordedCall } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { confirmedMaxFen } from '../../lib/case-rules';
import { formatDate, formatFen, yuanToFen, zonedIso } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { BlockedReason } from '../parts/blocked-reason';
import { ErrorNote } from '../parts/error-note';
import { TranscriptView } from '../parts/transcript-view';

type Proposal = RecordedCall['proposals'][number];

/** One promise the analyser heard: confirmed as it was heard, or with the amount and day filled in. */
function ProposalRow({
  proposal,
  zone,
  onDone,
}: {
  proposal: Proposal;
  zone: string;
  onDone: (status: 'confirmed' | 'dismissed') => void;
}) {
  const { t, lang } = useI18n();
  const [amount, setAmount] = useState(
    proposal.amountFen === null ? '' : (proposal.amountFen / 100).toFixed(2),
  );
  const [due, setDue] = useState(proposal.dueAt ? formatDateIso(proposal.dueAt, zone) : '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const fen = yuanToFen(amount);
    if (fen === null || fen === 0 || !/^\d{4}-\d{2}-\d{2}$/.test(due)) {
      setError(new Error(t(fen === null || fen === 0 ? 'promise.badAmount' : 'promise.badDate')));
      return;
    }
    setBusy(true);
    try {
      await api.confirmProposal(proposal.proposalId, {
        amountFen: fen,
        // both ends of a range, or a single amount: a corrected amount is never widened to the heard end
        amountMaxFen: confirmedMaxFen(proposal, fen),
        dueAt: zonedIso(due, '23:59:59', zone),
      });
      onDone('confirmed');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const dismiss = async () => {
    setBusy(true);
    try {
      await api.dismissProposal(proposal.proposalId);
      onDone('dismissed');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li data-testid="call-proposal">
      <div>
        <q>{proposal.text}</q> {proposal.vague && <Tag color="orange">{t('money.vague')}</Tag>}
        <span className="muted">
          {' '}
          {proposal.amountFen === null ? t('money.noAmount') : formatFen(proposal.amountFen, lang)} ·{' '}
          {proposal.dueAt ? formatDate(proposal.dueAt, lang, zone) : t('money.noDate')}
        </span>
      </div>
      <div className="proposal-edit">
        <div>
          <label htmlFor={`amount-${proposal.proposalId}`}>{t('promise.amount')}</label>
          <Input
            id={`amount-${proposal.proposalId}`}
            size="small"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`due-${proposal.proposalId}`}>{t('promise.due')}</label>
          <Input
            id={`due-${proposal.proposalId}`}
            size="small"
            type="date"
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </div>
        <Button size="small" type="primary" loading={busy} onClick={() => void confirm()}>
          {t('money.confirm')}
        </Button>
        <Button size="small" disabled={busy} onClick={() => void dismiss()}>
          {t('money.dismiss')}
        </Button>
      </div>
      <ErrorNote error={error} />
    </li>
  );
}

/** YYYY-MM-DD of an instant in a zone. */
function formatDateIso(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/**
 * Record a call: paste the transcript, the server analyses and stores it, and the promises it heard
 * come back to be confirmed or dismissed one by one.
 */
export function CallDialog({
  detail,
  attemptId,
  onClose,
}: {
  detail: CaseDetail;
  attemptId: string | null;
  onClose: (saved: boolean) => void;
}) {
  const { t, lang, paren, colon } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [result, setResult] = useState<RecordedCall | null>(null);
  const [decided, setDecided] = useState<Record<string, 'confirmed' | 'dismissed'>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const zone = detail.debtor.timeZone;
  // A call without its contact attempt never went through the contact guard: say now what the rules
  // say of a call at this time. Recording stays possible (the call happened); the server adds each
  // broken rule to the call's findings for QA.
  const guard = useResource(
    () => (attemptId ? Promise.resolve(null) : api.guard(detail.case.id, { channel: 'call' })),
    [detail.case.id, attemptId],
  );
  const unchecked = guard.data && !guard.data.allowed ? guard.data : null;

  const analyze = async () => {
    if (!text.trim()) {
      setError(new Error(t('call.required')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await api.recordCall(detail.case.id, { transcript: text, attemptId }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={t('call.title')}
      onCancel={() => onClose(result !== null)}
      footer={
        result ? (
          <Button type="primary" onClick={() => onClose(true)}>
            {t('common.done')}
          </Button>
        ) : (
          <>
            <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void analyze()}>
              {t('call.analyze')}
            </Button>
          </>
        )
      }
      destroyOnHidden
    >
      <ErrorNote error={error} />
      {!result && unchecked && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="call-guard-warning"
          style={{ marginBottom: 12 }}
          title={t('call.guardWarning')}
          description={
            <BlockedReason
              blocking={unchecked.blocking}
              nextAllowedAt={unchecked.nextAllowedAt}
              timeZone={zone}
            />
          }
        />
      )}
      {!result ? (
        <div className="field">
          <label htmlFor="call-transcript">{t('call.transcript')}</label>
          <Input.TextArea
            id="call-transcript"
            autoFocus
            rows={12}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="call-transcript-hint"
            placeholder={'坐席：您好，我是……\n客户：……'}
          />
          <div id="call-transcript-hint" className="muted">
            {t('call.transcriptHint')}
          </div>
        </div>
      ) : (
        <div data-testid="call-result">
          <h3>{t('call.result')}</h3>
          <p>
            {result.persona && (
              <Tag color="magenta">
                {t('call.persona', { persona: label('persona', result.persona, lang) })}
              </Tag>
            )}
            {result.note}
          </p>
          {result.violations.length === 0 ? (
            <Alert type="success" showIcon title={t('call.noViolations')} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('call.violations')}
              description={
                <ul>
                  {result.violations.map((v) => (
                    <li key={`${v.rule}-${v.evidence}`}>
                      <strong>{label('rule', v.rule, lang)}</strong>
                      {paren(label('severity', v.severity, lang))}
                      {colon}
                      <q>{v.evidence}</q>
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <h3>{result.proposals.length ? t('call.proposals') : t('call.noProposals')}</h3>
          <ul className="plain-list call-proposals">
            {result.proposals.map((p) =>
              decided[p.proposalId] ? (
                <li key={p.proposalId} data-testid="call-proposal-decided">
                  <q>{p.text}</q> —{' '}
                  <Tag color={decided[p.proposalId] === 'confirmed' ? 'green' : 'default'}>
                    {t(decided[p.proposalId] === 'confirmed' ? 'money.confirmed' : 'money.dismissed')}
                  </Tag>
                </li>
              ) : (
                <ProposalRow
                  key={p.proposalId}
                  proposal={p}
                  zone={zone}
                  onDone={(status) => {
                    setDecided((d) => ({ ...d, [p.proposalId]: status }));
                    message.success(t(status === 'confirmed' ? 'money.confirmed' : 'money.dismissed'));
                  }}
                />
              ),
            )}
          </ul>
          <div className="transcript-box">
            <TranscriptView turns={result.analysis.turns} />
          </div>
        </div>
      )}
    </Modal>
  );
}
