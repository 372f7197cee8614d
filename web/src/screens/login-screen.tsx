import { Alert, Button, Input } from 'antd';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { LanguageSwitch } from '../app/shell';
import { useI18n } from '../i18n/i18n';

/** Sign-in. A plain form (no Form component): the first screen stays small. */
export function LoginScreen() {
  const { t } = useI18n();
  const { login } = useAuth();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(name.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-box" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <h1 id="login-title">回款 Huikuan</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <div className="field">
          <label htmlFor="login-name">{t('login.login')}</label>
          <Input
            id="login-name"
            name="login"
            autoComplete="username"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <Input.Password
            id="login-password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login.submit')}
        </Button>
        <p className="muted" style={{ marginTop: 12, fontSize: 12 }}>
          {t('login.demo')}
        </p>
      </form>
    </main>
  );
}
