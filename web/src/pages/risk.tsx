import { useState } from 'react';
import { api, apiUrl } from '../api/client.js';
import { Card, Load, PersonalBanner } from '../components/status.js';
import { Pager } from '../components/pager.js';
import { useApi } from '../components/use-api.js';
import { fmtInt, fmtPct, useI18n } from '../i18n.js';

export function RiskPage() {
  const { t, lang } = useI18n();
  const models = useApi('risk-models', () => api('riskModels', {}));
  const [picked, setPicked] = useState<{ name: string; version: number } | null>(null);
  const current = picked ?? (models.data?.models.find((m) => m.scoring) ?? models.data?.models[0] ?? null);
  return (
    <div className="page">
      <h2>{t('navRisk')}</h2>
      <Load state={models}>
        {(d) =>
          d.models.length === 0 ? (
            <p className="muted">{t('riskNone')}</p>
          ) : (
            <Card title={t('riskModels')}>
              <table className="grid small" data-testid="models-table">
                <thead>
                  <tr>
                    <th>{t('model')}</th>
                    <th>{t('kindCol')}</th>
                    <th>{t('modelTarget')}</th>
                    <th className="num">AUC</th>
                    <th className="num">KS</th>
                    <th className="num">{t('trainedRows')}</th>
                    <th>{t('scoredAsOf')}</th>
                    <th className="num">{t('watched')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.models.map((m) => (
                    <tr key={`${m.name}@${m.version}`} className={`clickable ${current && current.name === m.name && current.version === m.version ? 'active' : ''}`} onClick={() => setPicked({ name: m.name, version: m.version })}>
                      <td>
                        {m.name}@{m.version}
                      </td>
                      <td>{m.kind}</td>
                      <td>{m.label ?? m.target}</td>
                      <td className="num">{m.evaluation?.auc?.toFixed(3) ?? '—'}</td>
                      <td className="num">{m.evaluation?.ks?.toFixed(3) ?? '—'}</td>
                      <td className="num">{fmtInt(m.trainedRows, lang)}</td>
                      <td>{m.scoring?.asOf ?? '—'}</td>
                      <td className="num">{m.scoring ? fmtInt(m.scoring.watched, lang) : '—'}</td>
                      <td>
                        <a href={apiUrl('modelCard', { params: { name: m.name, version: m.version } })} target="_blank" rel="noopener" onClick={(e) => e.stopPropagation()}>
                          {t('modelCard')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )
        }
      </Load>
      {current ? <WatchList name={current.name} version={current.version} /> : null}
    </div>
  );
}

function WatchList({ name, version }: { name: string; version: number }) {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const list = useApi(`watch|${name}|${version}|${offset}`, () => api('watchlist', { query: { model: name, version, limit: 50, offset } }));
  return (
    <Card title={`${t('watchlist')} · ${name}@${version}`}>
      <Load state={list}>
        {(d) => (
          <>
            <PersonalBanner level={d.personalLevel} />
            <div className="table-scroll">
              <table className="grid small" data-testid="watchlist-table">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>{t('loan')}</th>
                    <th>{t('dim_institution')}</th>
                    <th>{t('dim_product')}</th>
                    <th className="num">PD</th>
                    <th className="num">{t('score')}</th>
                    <th>{t('reasons')}</th>
                    {d.personalLevel === 'masked' ? <th>{t('customer')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.loanId}>
                      <td className="num">{r.rank}</td>
                      <td>{r.loanId}</td>
                      <td>{r.institutionId}</td>
                      <td>{r.productId}</td>
                      <td className="num">{fmtPct(r.pd, 1)}</td>
                      <td className="num">{r.score?.toFixed(0) ?? '—'}</td>
                      <td className="small">
                        {r.reasons.map((x, i) => (
                          <span key={i} className="badge bad" title={x.impact === null ? '' : `${x.impact.toFixed(3)} ${x.unit ?? ''}`}>
                            {x.feature}
                            {x.detail ? `: ${x.detail}` : ''}
                          </span>
                        ))}
                      </td>
                      {d.personalLevel === 'masked' ? <td>{r.customerId}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} page={50} total={d.total} onOffset={setOffset} extra={` · as of ${d.asOf ?? '—'}`} />
          </>
        )}
      </Load>
    </Card>
  );
}
