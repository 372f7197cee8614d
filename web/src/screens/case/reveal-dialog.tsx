import { Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { Reveal } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorNote } from '../parts/error-note';

/** Unmasked personal data, with a stated purpose the server writes to the audit log first. */
export function RevealDialog({ caseId, onClose }: { caseId: string; onClose: (r: Reveal | null) => void }) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (purpose.trim().length < 2) {
      setError(new Error(t('debtor.purposeRequired')));
      return;
    }
    setBusy(true);
    try {
      onClose(await api.reveal(caseId, purpose.trim()));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('debtor.revealTitle')}
      okText={t('debtor.reveal')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
    >
      <p>{t('debtor.revealHint')}</p>
      <ErrorNote error={error} />
      <div className="field">
        <label htmlFor="reveal-purpose">{t('debtor.revealPurpose')}</label>
        <Input
          id="reveal-purpose"
          autoFocus
          maxLength={200}
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
          onPressEnter={() => void submit()}
        />
      </div>
    </Modal>
  );
}
