import { useState } from 'react';
import { api } from '../api/client.js';
import { Pager } from '../components/pager.js';
import { Load } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { useI18n } from '../i18n.js';

const PAGE = 50;

export function AuditPage() {
  const { t } = useI18n();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [offset, setOffset] = useState(0);
  const [applied, setApplied] = useState({ actor: '', action: '' });
  const log = useApi(`audit|${applied.actor}|${applied.action}|${offset}`, () =>
    api('auditLog', { query: { actor: applied.actor || undefined, action: applied.action || undefined, limit: PAGE, offset } }),
  );
  return (
    <div className="page">
      <h2>{t('auditTitle')}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setApplied({ actor, action });
        }}
      >
        <input placeholder={t('filterActor')} value={actor} onChange={(e) => setActor(e.target.value)} aria-label={t('filterActor')} />
        <input placeholder={t('filterAction')} value={action} onChange={(e) => setAction(e.target.value)} aria-label={t('filterAction')} />
        <button type="submit">{t('apply')}</button>
      </form>
      <Load state={log}>
        {(d) => (
          <>
            <p className={d.chain.ok ? 'ok' : 'bad'} data-testid="audit-chain">
              {d.chain.ok ? t('auditChainOk', { n: d.chain.rows }) : t('auditChainBroken', { seq: d.chain.brokenAt ?? '?', reason: d.chain.reason ?? '' })}
            </p>
            <p className="small muted mono">
              {t('auditHead')}: {d.chain.head}
            </p>
            <table className="grid small" data-testid="audit-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('time')}</th>
                  <th>{t('actor')}</th>
                  <th>{t('action')}</th>
                  <th>{t('target')}</th>
                  <th>{t('detail')}</th>
                  <th>{t('ip')}</th>
                </tr>
              </thead>
              <tbody>
                {d.entries.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td className="nowrap">{e.at.slice(0, 19).replace('T', ' ')}</td>
                    <td>{e.actor ?? e.actorRole ?? ''}</td>
                    <td>{e.action}</td>
                    <td className="wrap">{e.target}</td>
                    <td className="wrap mono">{e.detail}</td>
                    <td>{e.ip}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager offset={offset} page={PAGE} total={d.total} onOffset={setOffset} />
          </>
        )}
      </Load>
    </div>
  );
}
