import { Alert, App, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseHold, ClosedHold, OpenedHold } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { type LabelKind, label, labelIds } from '../../i18n/labels';
import { todayIn, zonedIso } from '../../lib/format';
import { ErrorNote } from '../parts/error-note';

export type OpenHoldKind = 'dispute' | 'complaint' | 'stop';

/** A labelled select over the ids of one label table (dispute kinds, complaint channels, findings). */
function IdSelect<T extends string>({
  id,
  title,
  kind,
  value,
  onChange,
}: {
  id: string;
  title: string;
  kind: LabelKind;
  value: T;
  onChange: (v: T) => void;
}) {
  const { lang } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{title}</label>
      <Select<T>
        id={id}
        style={{ width: '100%' }}
        value={value}
        onChange={onChange}
        options={labelIds(kind).map((k) => ({ value: k as T, label: label(kind, k, lang) }))}
      />
    </div>
  );
}
type DisputeKind = 'amount' | 'identity' | 'already_paid' | 'fraud' | 'other';
type ComplaintChannel = 'call' | 'bank' | 'regulator' | 'hotline_12378' | 'letter' | 'online' | 'other';
type DisputeOutcome = 'confirmed' | 'corrected' | 'upheld';

const TITLES = {
  dispute: 'hold.disputeTitle',
  complaint: 'hold.complaintTitle',
  stop: 'hold.stopTitle',
} as const;
const TEXT_LABELS = {
  dispute: 'hold.disputeDetail',
  complaint: 'hold.complaintSummary',
  stop: 'hold.stopReason',
} as const;

/**
 * Opens a hold on the case: a dispute (any case worker: contact stops while it is verified), a
 * complaint (answer due from receipt; contact held as the policy says) or a 停催 (leads). The server
 * decides who may; the dialog only asks for what each needs.
 */
export function OpenHoldDialog({
  caseId,
  kind,
  timeZone,
  onClose,
}: {
  caseId: string;
  kind: OpenHoldKind;
  timeZone: string;
  onClose: (saved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [disputeKind, setDisputeKind] = useState<DisputeKind>('amount');
  const [channel, setChannel] = useState<ComplaintChannel>('call');
  const [review, setReview] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = text.trim();
      let r: OpenedHold;
      if (kind === 'dispute') r = await api.openDispute(caseId, { kind: disputeKind, detail: body });
      else if (kind === 'complaint') r = await api.openComplaint(caseId, { channel, summary: body });
      // a review day is reviewed from the start of the debtor's working day
      else
        r = await api.stopCollection(caseId, {
          reason: body,
          ...(review ? { reviewAt: zonedIso(review, '09:00', timeZone) } : {}),
        });
      const name = label('hold', r.kind, lang);
      message.success(t(r.blocksContact ? 'hold.opened' : 'hold.openedNoBlock', { kind: name }));
      onClose(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(TITLES[kind])}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !text.trim(), danger: kind === 'stop' }}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <ErrorNote error={error} />
      {kind === 'dispute' && (
        <IdSelect
          id="hold-dispute-kind"
          title={t('hold.disputeKind')}
          kind="disputeKind"
          value={disputeKind}
          onChange={setDisputeKind}
        />
      )}
      {kind === 'complaint' && (
        <IdSelect
          id="hold-complaint-channel"
          title={t('hold.complaintChannel')}
          kind="complaintChannel"
          value={channel}
          onChange={setChannel}
        />
      )}
      <div className="field">
        <label htmlFor="hold-text">{t(TEXT_LABELS[kind])}</label>
        <Input.TextArea
          id="hold-text"
          autoFocus
          rows={3}
          maxLength={kind === 'stop' ? 500 : 2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {kind === 'stop' && (
        <div className="field">
          <label htmlFor="hold-review">{t('hold.stopReview')}</label>
          <Input
            id="hold-review"
            type="date"
            min={todayIn(timeZone)}
            value={review}
            onChange={(e) => setReview(e.target.value)}
          />
        </div>
      )}
    </Modal>
  );
}

const CLOSE_TITLES = {
  stop: 'hold.resumeTitle',
  complaint: 'hold.answerTitle',
  dispute: 'hold.resolveTitle',
} as const;
const CLOSE_TEXT = {
  stop: 'hold.resumeNote',
  complaint: 'hold.answerText',
  dispute: 'hold.resolveNote',
} as const;
const CLOSE_OK = { stop: 'hold.resume', complaint: 'hold.answer', dispute: 'hold.resolve' } as const;

/** The hold kinds a person closes here (a written cease request is not lifted by the agency). */
export type ClosableHold = CaseHold & { kind: 'stop' | 'complaint' | 'dispute' };

export function closable(h: CaseHold): h is ClosableHold {
  return h.kind !== 'cease' && h.closedAt === null && !h.otherAgency;
}

/** Lifts a hold: resumes a 停催 after review, records a complaint's answer, or a dispute's verification. */
export function CloseHoldDialog({
  hold,
  onClose,
}: {
  hold: ClosableHold;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<DisputeOutcome>('confirmed');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = text.trim();
      let r: ClosedHold;
      if (hold.kind === 'stop') r = await api.resumeCollection(hold.id, { note: body });
      else if (hold.kind === 'complaint') r = await api.answerComplaint(hold.id, { answer: body });
      else r = await api.resolveDispute(hold.id, { outcome, note: body });
      if (r.stillOnHold) message.warning(t('hold.stillOnHold'));
      else message.success(t(r.late ? 'hold.closedLate' : 'hold.closed'));
      onClose(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(CLOSE_TITLES[hold.kind])}
      okText={t(CLOSE_OK[hold.kind])}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !text.trim(), danger: hold.kind === 'dispute' && outcome === 'upheld' }}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <p className="muted">{hold.reason}</p>
      <ErrorNote error={error} />
      {hold.kind === 'dispute' && (
        <>
          <IdSelect
            id="hold-outcome"
            title={t('hold.resolveOutcome')}
            kind="disputeOutcome"
            value={outcome}
            onChange={setOutcome}
          />
          {outcome === 'upheld' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('hold.upheldWarning')} />
          )}
        </>
      )}
      <div className="field">
        <label htmlFor="hold-close-text">{t(CLOSE_TEXT[hold.kind])}</label>
        <Input.TextArea
          id="hold-close-text"
          autoFocus
          rows={3}
          maxLength={hold.kind === 'complaint' ? 4000 : hold.kind === 'stop' ? 500 : 2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
    </Modal>
  );
}
