import { useMemo, useState } from 'react';
import { api, type CallOutput } from '../api/client.js';
import { Chart, type ChartOption } from '../components/chart.js';
import { Card, ErrorBox, Load } from '../components/status.js';
import { Pager } from '../components/pager.js';
import { useApi } from '../components/use-api.js';
import { fmtInt, fmtPct, fmtYuan, useI18n, type Lang } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { useMe } from '../session.js';

type Summary = NonNullable<CallOutput<'transparency'>['summary']>;

function aprChart(s: Summary, lang: Lang): ChartOption {
  const names = s.byProduct.map((g) => g.productName ?? g.productId ?? '?');
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 12, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'bar', name: lang === 'zh' ? '披露年化（中位数）' : 'Disclosed (median)', data: s.byProduct.map((g) => (g.medianDisclosed === null ? null : +(g.medianDisclosed * 100).toFixed(2))) },
      { type: 'bar', name: lang === 'zh' ? 'IRR 年化（中位数）' : 'IRR annualized (median)', data: s.byProduct.map((g) => (g.medianApr === null ? null : +(g.medianApr * 100).toFixed(2))) },
      { type: 'line', name: lang === 'zh' ? '24% 司法保护上限' : '24% court cap', data: s.byProduct.map(() => 24), symbol: 'none', lineStyle: { type: 'dashed', color: '#b42318' } },
    ],
  } as ChartOption;
}

export function TransparencyPage() {
  const { t } = useI18n();
  const me = useMe();
  const summary = useApi('transparency', () => api('transparency', {}));
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      await api('runAudit', {});
      summary.reload();
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="page">
      <h2>{t('navTransparency')}</h2>
      {me.permissions.includes('imports.write') ? (
        <p>
          <button type="button" onClick={() => void run()} disabled={running}>
            {running ? t('auditRunning') : t('auditRun')}
          </button>
        </p>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <Load state={summary}>{(d) => (d.summary ? <SummaryView s={d.summary} /> : <p className="muted">{t('auditNone')}</p>)}</Load>
    </div>
  );
}

function SummaryView({ s }: { s: Summary }) {
  const { t, lang } = useI18n();
  const chart = useMemo(() => aprChart(s, lang), [s, lang]);
  const [product, setProduct] = useState('');
  const [severity, setSeverity] = useState('');
  const [offset, setOffset] = useState(0);
  const q = { productId: product || undefined, severity: (severity || undefined) as 'high' | 'medium' | 'low' | 'info' | undefined, limit: 25, offset };
  const findings = useApi(`findings|${JSON.stringify(q)}|${s.run.runId}`, () => api('findings', { query: q }));
  return (
    <>
      <p className="small muted">
        {t('auditRunInfo', { id: s.run.runId, n: fmtInt(s.run.loansAudited, lang), f: fmtInt(s.run.findings, lang) })} · {s.run.startedAt.slice(0, 19).replace('T', ' ')}
      </p>
      <div className="cards">
        <div className="card">
          <div className="kpi">{fmtPct(s.overall.medianApr)}</div>
          <div className="kpi-sub">{t('medianApr')} · p95 {fmtPct(s.overall.p95Apr)}</div>
        </div>
        <div className="card">
          <div className="kpi">{fmtPct(s.overall.medianDisclosed)}</div>
          <div className="kpi-sub">{t('medianDisclosed')} · {t('gap')} {fmtPct(s.overall.medianGap)}</div>
        </div>
        <div className="card">
          <div className={`kpi ${s.overall.loansAboveCourtCap > 0 ? 'bad' : 'ok'}`}>{fmtInt(s.overall.loansAboveCourtCap, lang)}</div>
          <div className="kpi-sub">{t('aboveCourtCap')} · ¥{fmtYuan(s.overall.notSupportedFen, lang)} {t('notSupported')}</div>
        </div>
        <div className="card">
          <div className="kpi">{fmtInt(s.overall.loansWithFindings, lang)}</div>
          <div className="kpi-sub">{t('loansWithFindings')}</div>
        </div>
      </div>
      <Card title={t('aprByProduct')}>
        <Chart option={chart} height={260} testId="apr-chart" />
      </Card>
      <Card title={t('byProduct')}>
        <table className="grid small" data-testid="audit-by-product">
          <thead>
            <tr>
              <th>{t('dim_institution')}</th>
              <th>{t('dim_product')}</th>
              <th className="num">{t('loans')}</th>
              <th className="num">{t('medianDisclosed')}</th>
              <th className="num">{t('medianApr')}</th>
              <th className="num">{t('aboveCourtCap')}</th>
              <th className="num">{t('notSupported')}</th>
              <th>{t('findingsCol')}</th>
            </tr>
          </thead>
          <tbody>
            {s.byProduct.map((g) => (
              <tr key={`${g.institutionId}|${g.productId}`} className="clickable" onClick={() => setProduct(g.productId ?? '')}>
                <td>{g.institutionName}</td>
                <td>{g.productName ?? g.productId}</td>
                <td className="num">{fmtInt(g.loans, lang)}</td>
                <td className="num">{fmtPct(g.medianDisclosed)}</td>
                <td className={`num ${g.medianGap !== null && g.medianGap > 0.01 ? 'bad' : ''}`}>{fmtPct(g.medianApr)}</td>
                <td className="num">{fmtInt(g.loansAboveCourtCap, lang)}</td>
                <td className="num">{fmtYuan(g.notSupportedFen, lang)}</td>
                <td>
                  {g.findings.slice(0, 4).map((f) => (
                    <span key={f.code} className={`badge ${f.severity === 'high' ? 'bad' : ''}`}>
                      {f.code} × {f.count}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title={t('findingsCol')}>
        <div className="inline-form">
          <select value={product} onChange={(e) => (setProduct(e.target.value), setOffset(0))} aria-label={t('dim_product')}>
            <option value="">{t('dim_product')}: {t('all')}</option>
            {s.byProduct.map((g) => (
              <option key={g.productId ?? ''} value={g.productId ?? ''}>
                {g.productName ?? g.productId}
              </option>
            ))}
          </select>
          <select value={severity} onChange={(e) => (setSeverity(e.target.value), setOffset(0))} aria-label={t('severity')}>
            <option value="">{t('severity')}: {t('all')}</option>
            {['high', 'medium', 'low', 'info'].map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <Load state={findings}>
          {(f) => (
            <>
              <table className="grid small" data-testid="findings-table">
                <thead>
                  <tr>
                    <th>{t('loan')}</th>
                    <th>{t('severity')}</th>
                    <th>{t('code')}</th>
                    <th>{t('message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.findings.map((x, i) => (
                    <tr key={i} className="clickable" onClick={() => navigate(`/contracts/${encodeURIComponent(x.loanId)}`)}>
                      <td className="nowrap">
                        <Link to={`/contracts/${encodeURIComponent(x.loanId)}`}>{x.loanId}</Link>
                      </td>
                      <td className={x.severity === 'high' ? 'bad' : x.severity === 'medium' ? 'warn' : ''}>{x.severity}</td>
                      <td className="mono">{x.code}</td>
                      <td>{lang === 'zh' ? x.zh : x.en}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager offset={offset} page={25} total={f.total} onOffset={setOffset} />
            </>
          )}
        </Load>
      </Card>
    </>
  );
}
