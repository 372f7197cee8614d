import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { CaseDetail, RecordContact } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label, labelIds } from '../../i18n/labels';
import { useResource } from '../../lib/use-resource';
import { BlockedReason, blockingFromDetails } from '../parts/blocked-reason';
import { ErrorNote } from '../parts/error-note';

type Outcome = RecordContact['outcomeCode'];
type Channel = RecordContact['channel'];

const CONNECTED: Outcome[] = [
  'talked',
  'promise_to_pay',
  'refused',
  'callback_requested',
  'dispute_raised',
  'complaint_raised',
  'claims_paid',
  'third_party_relay',
  'wrong_person',
  'visit_met',
];
const NOT_CONNECTED: Outcome[] = [
  'no_answer',
  'busy',
  'powered_off',
  'rejected_call',
  'invalid_number',
  'message_left',
  'sms_sent',
  'visit_not_home',
];

const CHANNELS: Channel[] = ['call', 'sms', 'visit'];

interface Values {
  contactId: string;
  channel: Channel;
  connected: boolean;
  answeredBy: 'debtor' | 'third_party';
  outcomeCode: Outcome;
  note: string;
  staff: number;
  disputeKind: NonNullable<RecordContact['disputeKind']>;
}

/** These outcomes open a hold from the note (the server logs the complaint or dispute with the contact). */
const HOLD_OF: Partial<Record<Outcome, 'complaint' | 'dispute'>> = {
  complaint_raised: 'complaint',
  dispute_raised: 'dispute',
};

/**
 * Logs a contact attempt. The server asks the contact guard first: a blocked contact is not
 * recorded, and the dialog shows which rule blocked it and when it is next allowed.
 */
export function ContactDialog({
  detail,
  contactId,
  onClose,
}: {
  detail: CaseDetail;
  contactId: string | null;
  onClose: (result: { attemptId: string; connected: boolean } | null) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const connected = Form.useWatch('connected', form) ?? false;
  const channel = Form.useWatch('channel', form) ?? 'call';
  const chosen = Form.useWatch('contactId', form) ?? contactId ?? '';
  const outcome = Form.useWatch('outcomeCode', form) ?? 'talked';
  const holdKind = HOLD_OF[outcome] ?? null;
  // Ask the guard before anything is recorded: a blocked contact is explained, not attempted.
  const guard = useResource(
    () => api.guard(detail.case.id, { channel, contactId: chosen || undefined }),
    [detail.case.id, channel, chosen],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = detail.contacts.find((c) => c.relation === 'self' && !c.invalid) ?? detail.contacts[0];

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.recordContact(detail.case.id, {
        channel: v.channel,
        contactId: v.contactId || undefined,
        connected: v.connected,
        answeredBy: v.connected ? v.answeredBy : null,
        outcomeCode: v.outcomeCode,
        note: v.note?.trim() ? v.note.trim() : null,
        ...(v.channel === 'visit' ? { staff: v.staff } : {}),
        ...(v.outcomeCode === 'dispute_raised' ? { disputeKind: v.disputeKind } : {}),
      });
      if (r.hold) message.warning(t('contact.holdOpened', { kind: label('hold', r.hold.kind, lang) }));
      else message.success(t('contact.saved'));
      onClose({ attemptId: r.attemptId, connected: v.connected });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const blocked =
    error instanceof ApiError && error.code === 'contact.blocked'
      ? blockingFromDetails(error.details)
      : guard.data && !guard.data.allowed
        ? { blocking: guard.data.blocking, nextAllowedAt: guard.data.nextAllowedAt }
        : null;
  const outcomes = connected ? CONNECTED : NOT_CONNECTED;

  return (
    <Modal
      open
      title={t('contact.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: blocked !== null || guard.loading }}
      onCancel={() => onClose(null)}
      destroyOnHidden
      width={600}
    >
      {blocked ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="contact-blocked"
          title={t('contact.blockedTitle')}
          description={
            <BlockedReason
              blocking={blocked.blocking}
              nextAllowedAt={blocked.nextAllowedAt}
              timeZone={detail.debtor.timeZone}
            />
          }
          style={{ marginBottom: 12 }}
        />
      ) : (
        <ErrorNote error={error} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          if ('connected' in changed)
            form.setFieldValue(
              'outcomeCode',
              changed.connected ? 'talked' : channel === 'sms' ? 'sms_sent' : 'no_answer',
            );
          if (changed.channel === 'sms') form.setFieldsValue({ connected: false, outcomeCode: 'sms_sent' });
        }}
        initialValues={{
          contactId: contactId ?? first?.id ?? '',
          channel: 'call',
          connected: true,
          answeredBy: 'debtor',
          outcomeCode: 'talked',
          note: '',
          staff: 2,
          disputeKind: 'amount',
        }}
      >
        <Form.Item name="contactId" label={t('contact.who')}>
          <Select
            options={detail.contacts.map((c) => ({
              value: c.id,
              label: `${label('relation', c.relation, lang)} ${c.name ?? ''} ${c.phone}${c.guard.allowed ? '' : ` — ${t('contacts.blocked')}`}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('contact.channel')}>
          <Radio.Group
            optionType="button"
            options={CHANNELS.map((c) => ({ value: c, label: label('channel', c, lang) }))}
          />
        </Form.Item>
        <Form.Item name="connected" valuePropName="checked">
          <Checkbox>{t('contact.connected')}</Checkbox>
        </Form.Item>
        {connected && (
          <Form.Item name="answeredBy" label={t('contact.answeredBy')}>
            <Radio.Group
              options={[
                { value: 'debtor', label: t('contact.answeredBy.debtor') },
                { value: 'third_party', label: t('contact.answeredBy.third_party') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="outcomeCode" label={t('contact.outcome')}>
          <Select options={outcomes.map((o) => ({ value: o, label: label('outcome', o, lang) }))} />
        </Form.Item>
        {channel === 'visit' && (
          <Form.Item name="staff" label={t('contact.staff')}>
            <InputNumber min={1} max={20} />
          </Form.Item>
        )}
        {outcome === 'dispute_raised' && (
          <Form.Item name="disputeKind" label={t('contact.disputeKind')}>
            <Select
              options={labelIds('disputeKind').map((k) => ({
                value: k,
                label: label('disputeKind', k, lang),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('contact.note')}
          extra={holdKind ? t('contact.noteRequired', { kind: label('hold', holdKind, lang) }) : undefined}
          rules={
            holdKind
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: t('contact.noteRequired', { kind: label('hold', holdKind, lang) }),
                  },
                ]
              : []
          }
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
