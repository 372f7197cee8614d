import { Alert } from 'antd';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/** An API failure shown in place: the server's localized message, and its request id for support. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert
      type={error instanceof ApiError && error.status === 409 ? 'warning' : 'error'}
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      title={title ?? message}
      description={
        (title || issues.length > 0 || requestId) && (
          <>
            {title && <div>{message}</div>}
            {issues.length > 0 && (
              <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
                {issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {i.path ? <code>{i.path}</code> : null} {i.message}
                  </li>
                ))}
              </ul>
            )}
            {requestId && <div className="muted">{t('app.requestId', { id: requestId })}</div>}
          </>
        )
      }
    />
  );
}
