import { App, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/i18n';
import { ErrorNote } from '../parts/error-note';

/** Hands a hard case to a lead (上报主管). */
export function EscalateDialog({ caseId, onClose }: { caseId: string; onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api.escalate(caseId, reason.trim());
      message.success(t('case.escalated.ok'));
      onClose(true);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('case.escalate')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !reason.trim() }}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <ErrorNote error={error} />
      <div className="field">
        <label htmlFor="escalate-reason">{t('case.escalateReason')}</label>
        <Input.TextArea
          id="escalate-reason"
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
