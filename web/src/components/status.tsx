import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n.js';
import type { Loaded } from './use-api.js';
import type { ReactNode } from 'react';

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, pick } = useI18n();
  const msg = error instanceof ApiError ? pick({ zh: error.zh, en: error.en }) : error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{t('error')}:</strong> {msg}
      {onRetry ? (
        <button type="button" className="link" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

/** Render children when loaded; a spinner line while loading; the error otherwise. */
export function Load<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <p className="muted">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}

export function Card({ title, children, className }: { title?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {title ? <h3>{title}</h3> : null}
      {children}
    </section>
  );
}

export function PersonalBanner({ level }: { level: 'masked' | 'hidden' }) {
  const { t } = useI18n();
  return <p className={`banner ${level}`}>{level === 'masked' ? t('personalMasked') : t('personalHidden')}</p>;
}
