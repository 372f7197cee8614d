import { Alert, Button, Checkbox, Input, Select, Spin } from 'antd';
import { type FormEvent, useState } from 'react';
import { api } from '../api/endpoints';
import type { ImportReport } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useResource } from '../lib/use-resource';
import { ErrorNote } from './parts/error-note';

function Report({ report }: { report: ImportReport }) {
  const { t, lang } = useI18n();
  const c = report.counts;
  const existing = c ? c.debtors.existing + c.cases.existing + c.accounts.existing + c.contacts.existing : 0;
  return (
    <section
      className="panel"
      aria-labelledby="import-report"
      data-testid="import-report"
      style={{ marginTop: 12 }}
    >
      <h2 id="import-report" className="sr-only">
        {t('import.problems', { n: report.problemCount })}
      </h2>
      {report.imported ? (
        <Alert
          type={report.rejected ? 'warning' : 'success'}
          showIcon
          title={
            report.rejected
              ? t('import.partly', { valid: report.valid, rejected: report.rejected })
              : t('import.imported', { valid: report.valid, rows: report.rows })
          }
          description={
            c &&
            t('import.counts', {
              debtors: c.debtors.inserted,
              cases: c.cases.inserted,
              accounts: c.accounts.inserted,
              contacts: c.contacts.inserted,
              existing,
            })
          }
        />
      ) : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('import.notImported', { rejected: report.rejected, rows: report.rows })}
        />
      )}
      {report.ignoredColumns.length > 0 && (
        <p className="muted">{t('import.ignored', { cols: report.ignoredColumns.join('、') })}</p>
      )}
      {report.problems.length > 0 && (
        <>
          <h3>{t('import.problems', { n: report.problemCount })}</h3>
          {report.problemCount > report.problems.length && (
            <p className="muted">{t('import.more', { n: report.problems.length })}</p>
          )}
          <table className="grid plain" data-testid="import-problems">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.row')}
                </th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p) => (
                <tr key={`${p.row}-${p.column}-${p.code}`} data-testid="import-problem">
                  <td className="num">{p.row}</td>
                  <td>{p.column ?? '—'}</td>
                  <td>{lang === 'zh' ? p.zh : p.en}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Upload a bank's placement file; every bad row comes back with its row, column and reason. */
export function ImportScreen() {
  const { t } = useI18n();
  const clients = useResource((s) => api.clients(s), []);
  const [clientId, setClientId] = useState<string | undefined>(undefined);
  const [batchNo, setBatchNo] = useState('');
  const [asOf, setAsOf] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!clientId) return setError(new Error(t('import.pickClient')));
    if (!file) return setError(new Error(t('import.pickFile')));
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(
        await api.importFile(file, {
          clientId,
          batchNo: batchNo.trim() || undefined,
          asOf: asOf || undefined,
          skipInvalid: skipInvalid || undefined,
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-title">
      <div className="screen-title">
        <h1 id="import-title">{t('import.title')}</h1>
      </div>
      <form className="panel import-form" onSubmit={submit}>
        <ErrorNote error={error} />
        <ErrorNote error={clients.error} />
        <div className="field compact">
          <label htmlFor="import-client">{t('import.client')}</label>
          {clients.loading && !clients.data ? (
            <Spin size="small" />
          ) : (
            <Select
              id="import-client"
              value={clientId}
              onChange={setClientId}
              placeholder={t('import.pickClient')}
              options={clients.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? []}
              style={{ width: '100%' }}
            />
          )}
        </div>
        <div className="field compact">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field compact">
          <label htmlFor="import-batch">{t('import.batch')}</label>
          <Input
            id="import-batch"
            value={batchNo}
            onChange={(e) => setBatchNo(e.target.value)}
            maxLength={64}
          />
        </div>
        <div className="field compact">
          <label htmlFor="import-asof">{t('import.asOf')}</label>
          <Input id="import-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
        <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
          {t('import.skipInvalid')}
        </Checkbox>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('import.submit')}
          </Button>
        </div>
      </form>
      {report && <Report report={report} />}
    </section>
  );
}
