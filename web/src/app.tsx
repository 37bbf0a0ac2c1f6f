import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, setUnauthorizedHandler } from './api/client.js';
import { ErrorBox } from './components/status.js';
import { useI18n } from './i18n.js';
import type { MsgKey } from './messages.js';
import { LoginPage } from './pages/login.js';
import { PAGES } from './pages/registry.js';
import { Link, match, navigate, useLocation } from './router.js';
import { SessionCtx, type Me } from './session.js';

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const refresh = useCallback(() => {
    api('me', {}).then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setError(e);
    });
  }, []);
  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    refresh();
  }, [refresh]);
  if (error) return <ErrorBox error={error} onRetry={() => location.reload()} />;
  if (me === undefined) return null;
  if (me === null)
    return (
      <LoginPage
        onLogin={(m) => {
          setMe(m);
          if (location.pathname === '/login' || location.pathname === '/') navigate('/', true);
        }}
      />
    );
  return (
    <SessionCtx.Provider value={{ me, refresh }}>
      <Shell me={me} onLogout={() => setMe(null)} />
    </SessionCtx.Provider>
  );
}

function Shell({ me, onLogout }: { me: Me; onLogout(): void }) {
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  const pages = PAGES.filter((p) => me.features.includes(p.feature));
  const home = pages[0]?.paths[0] ?? '/';
  let content = null;
  for (const p of pages) {
    for (const pat of p.paths) {
      const params = match(pat, path);
      if (params) content = p.render(params);
      if (content) break;
    }
    if (content) break;
  }
  useEffect(() => {
    if ((path === '/' || path === '/login') && home !== '/') navigate(home, true);
  }, [path, home]);
  const logout = async () => {
    try {
      await api('logout', {});
    } finally {
      onLogout();
      navigate('/', true);
    }
  };
  return (
    <div className="shell">
      <nav className="side" aria-label="main">
        <div className="brand">{t('appName')}</div>
        {pages
          .filter((p) => p.nav)
          .map((p) => (
            <Link key={p.feature} to={p.paths[0] ?? '/'} className={p.paths.some((pat) => match(pat, path) || path.startsWith(`${pat}/`)) ? 'active' : ''}>
              {t(p.nav as MsgKey)}
            </Link>
          ))}
      </nav>
      <div className="main">
        <header className="top">
          <span className="user" data-testid="whoami">
            {me.username} · {t(`role_${me.role}` as MsgKey)}
          </span>
          <button type="button" className="link lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {t('language')}
          </button>
          <button type="button" className="link" onClick={() => void logout()}>
            {t('logout')}
          </button>
        </header>
        <main>{content ?? (path === '/' ? null : <p className="muted">{t('notFound')}</p>)}</main>
      </div>
    </div>
  );
}
