import { Button, Layout, Menu, Result, Segmented, Spin } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import type { Me } from '../api/types';
import { type Lang, useI18n } from '../i18n/i18n';
import { label } from '../i18n/labels';
import { useHotkeys } from '../lib/hotkeys';
import { useAuth } from './auth';
import { ErrorBoundary } from './error-boundary';
import { Link, matchPath, navigate, useLocation } from './router';
import { allowed, homeOf, ROUTES } from './routes';
import { ShortcutsDialog } from './shortcuts-dialog';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      aria-label={t('app.language')}
      size="small"
      value={lang}
      onChange={setLang}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}

function findRoute(path: string) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

export function Shell({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const { logout } = useAuth();
  const { path } = useLocation();
  const [help, setHelp] = useState(false);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (path === '/' || path === '/login') navigate(homeOf(me), { replace: true });
  }, [path, me]);

  // Move focus to the new screen so keyboard and screen-reader users start at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, by design
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [path]);

  useHotkeys({ '?': () => setHelp(true) });

  const found = findRoute(path);
  const nav = ROUTES.filter((r) => r.nav && allowed(me, r));
  const selected = nav
    .filter((r) => path === r.path || path.startsWith(`${r.path}/`))
    .map((r) => r.path)
    .slice(-1);

  let content: React.ReactNode;
  if (!found) content = path === '/' ? <Spin /> : <Result status="404" title={t('app.notFound')} />;
  else if (!allowed(me, found.route)) content = <Result status="403" title={t('app.forbidden')} />;
  else {
    const { Screen } = found.route;
    content = <Screen params={found.params} />;
  }

  return (
    <Layout className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="shell-header">
        <Link to={homeOf(me)} className="brand" aria-label={t('app.name')}>
          回款 <span className="brand-en">Huikuan</span>
        </Link>
        <nav aria-label={t('nav.main')} className="shell-nav">
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={selected}
            disabledOverflow
            items={nav.map((r) => ({
              key: r.path,
              label: <Link to={r.path}>{r.nav ? t(r.nav) : r.path}</Link>,
            }))}
          />
        </nav>
        <div className="shell-user">
          <span className="shell-who" data-testid="who">
            {t('app.signedInAs', { name: me.user.name, role: label('role', me.user.role, lang) })}
          </span>
          <LanguageSwitch />
          <Button size="small" onClick={() => void logout()}>
            {t('app.logout')}
          </Button>
        </div>
      </Layout.Header>
      <Layout.Content className="shell-main" id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary
          resetKey={path}
          title={(m) => t('app.error', { message: m })}
          retryLabel={t('app.retry')}
        >
          <Suspense fallback={<Spin className="screen-loading" description={t('app.loading')} />}>
            {content}
          </Suspense>
        </ErrorBoundary>
      </Layout.Content>
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </Layout>
  );
}
