import { Alert, App, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { formatFen } from '../../lib/format';
import { ErrorNote } from '../parts/error-note';

/** 冲正: reverses a wrongly recorded payment, with the reason (leads, managers and admins). */
export function ReverseDialog({
  payment,
  onClose,
}: {
  payment: CaseDetail['payments'][number];
  onClose: (saved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.reversePayment(payment.id, { reason: reason.trim() });
      message.success(t('payment.reverseDone', { balance: formatFen(r.balanceFen, lang) }));
      onClose(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('payment.reverseTitle', {
        amount: formatFen(payment.amountFen, lang),
        reference: payment.reference,
      })}
      okText={t('payment.reverse')}
      okButtonProps={{ danger: true, disabled: !reason.trim() }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('payment.reverseHint')} />
      <ErrorNote error={error} />
      <div className="field">
        <label htmlFor="reverse-reason">{t('payment.reverseReason')}</label>
        <Input.TextArea
          id="reverse-reason"
          autoFocus
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
    </Modal>
  );
}
