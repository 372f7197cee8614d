import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AuthProvider, useAuth } from './auth';
import { Shell } from './shell';

const LoginScreen = lazy(() => import('../screens/login-screen').then((m) => ({ default: m.LoginScreen })));

function Gate() {
  const { state } = useAuth();
  const { t } = useI18n();
  if (state.status === 'loading')
    return <Spin className="screen-loading" description={t('app.loading')} fullscreen />;
  if (state.status === 'anonymous')
    return (
      <Suspense fallback={<Spin className="screen-loading" fullscreen />}>
        <LoginScreen />
      </Suspense>
    );
  return <Shell me={state.me} />;
}

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 4, fontSize: 14 } }}
    >
      <AntApp>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
