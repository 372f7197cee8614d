import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { addDays, todayIn, yuanToFen, zonedIso } from '../../lib/format';
import { ErrorNote } from '../parts/error-note';
import { applyIssues } from '../parts/form-errors';

interface Values {
  amount: string;
  amountMax: string;
  due: string;
}

/** A promise to pay: amount (or a range) and the day, read as the end of that day where the debtor lives. */
export function PromiseDialog({
  detail,
  onClose,
}: {
  detail: CaseDetail;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const zone = detail.debtor.timeZone;

  const submit = async (v: Values) => {
    const amountFen = yuanToFen(v.amount);
    const max = v.amountMax?.trim() ? yuanToFen(v.amountMax) : null;
    if (amountFen === null) return form.setFields([{ name: 'amount', errors: [t('promise.badAmount')] }]);
    if (v.amountMax?.trim() && max === null)
      return form.setFields([{ name: 'amountMax', errors: [t('promise.badAmount')] }]);
    setBusy(true);
    setError(null);
    try {
      await api.recordPromise(detail.case.id, {
        amountFen,
        amountMaxFen: max,
        dueAt: zonedIso(v.due, '23:59:59', zone),
      });
      message.success(t('promise.saved'));
      onClose(true);
    } catch (e) {
      applyIssues(form, e, { amountFen: 'amount', amountMaxFen: 'amountMax', dueAt: 'due' });
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('promise.title')}
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
        initialValues={{ amount: '', amountMax: '', due: addDays(todayIn(zone), 3) }}
      >
        <Form.Item
          name="amount"
          label={t('promise.amount')}
          rules={[{ required: true, message: t('promise.badAmount') }]}
        >
          <Input inputMode="decimal" autoFocus />
        </Form.Item>
        <Form.Item name="amountMax" label={t('promise.amountMax')}>
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="due"
          label={t('promise.due')}
          rules={[{ required: true, message: t('promise.badDate') }]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
