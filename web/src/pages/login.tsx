import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { Me } from '../session.js';

export function LoginPage({ onLogin }: { onLogin(me: Me): void }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api('login', { body: { username, password } }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <form className="login card" onSubmit={submit} aria-label={t('login')}>
        <div className="login-head">
          <h1>{t('appName')}</h1>
          <button type="button" className="link lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </button>
        </div>
        <p className="muted">{t('tagline')}</p>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('login')}
        </button>
        <p className="muted small">{t('loginHelp')}</p>
      </form>
    </div>
  );
}
