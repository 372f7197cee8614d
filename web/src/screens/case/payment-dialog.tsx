import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseDetail, RecordPayment } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { maxPaymentFen } from '../../lib/case-rules';
import { formatFen, serverNow, yuanToFen } from '../../lib/format';
import { ErrorNote } from '../parts/error-note';
import { applyIssues } from '../parts/form-errors';

const CHANNELS: RecordPayment['channel'][] = [
  'bank_transfer',
  'card',
  'counter',
  'wechat_pay',
  'alipay',
  'other',
];

interface Values {
  amount: string;
  paidAt: string;
  channel: RecordPayment['channel'];
  reference: string;
}

function localNow(): string {
  const d = serverNow();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** A payment: recording the same reference twice is one payment (the server answers `duplicate`). */
export function PaymentDialog({
  detail,
  onClose,
}: {
  detail: CaseDetail;
  onClose: (saved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    const amountFen = yuanToFen(v.amount);
    if (amountFen === null || amountFen === 0)
      return form.setFields([{ name: 'amount', errors: [t('promise.badAmount')] }]);
    // Said here before sending; the server refuses it too (payment.exceeds_balance).
    const maxFen = maxPaymentFen(detail);
    if (amountFen > maxFen)
      return form.setFields([
        { name: 'amount', errors: [t('payment.exceedsBalance', { balance: formatFen(maxFen, lang) })] },
      ]);
    setBusy(true);
    setError(null);
    try {
      const r = await api.recordPayment(detail.case.id, {
        amountFen,
        // the browser's wall clock, with its offset
        paidAt: new Date(v.paidAt).toISOString(),
        channel: v.channel,
        reference: v.reference.trim(),
      });
      if (r.duplicate) message.warning(t('payment.duplicate'));
      else message.success(t('payment.saved', { balance: formatFen(r.balanceFen, lang) }));
      onClose(true);
    } catch (e) {
      applyIssues(form, e, { amountFen: 'amount' });
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('payment.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <ErrorNote error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ amount: '', paidAt: localNow(), channel: 'bank_transfer', reference: '' }}
      >
        <Form.Item
          name="amount"
          label={t('payment.amount')}
          rules={[{ required: true, message: t('promise.badAmount') }]}
        >
          <Input inputMode="decimal" autoFocus />
        </Form.Item>
        <Form.Item name="paidAt" label={t('payment.paidAt')} rules={[{ required: true }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="channel" label={t('payment.channel')}>
          <Select options={CHANNELS.map((c) => ({ value: c, label: label('channel', c, lang) }))} />
        </Form.Item>
        <Form.Item
          name="reference"
          label={t('payment.reference')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
