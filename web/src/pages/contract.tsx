import { useMemo } from 'react';
import { api, apiUrl, type CallOutput } from '../api/client.js';
import { Chart, type ChartOption } from '../components/chart.js';
import { Card, Load, PersonalBanner } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { fmtPct, fmtYuan, useI18n, type Lang } from '../i18n.js';
import { Link } from '../router.js';

type C = CallOutput<'contract'>;

function flowChart(c: C, lang: Lang): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 12, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: c.flows.map((f) => f.date ?? `t${f.t}`) },
    yAxis: { type: 'value', name: lang === 'zh' ? '元' : 'yuan' },
    series: [{ type: 'bar', name: lang === 'zh' ? '现金流（机构视角）' : 'Cash flow (lender view)', data: c.flows.map((f) => ({ value: f.amountFen / 100, itemStyle: { color: f.amountFen < 0 ? '#b42318' : '#1d4ed8' } })) }],
  } as ChartOption;
}

export function ContractPage({ loanId }: { loanId: string }) {
  const { t } = useI18n();
  const state = useApi(`contract|${loanId}`, () => api('contract', { params: { loanId } }));
  return (
    <div className="page">
      <p>
        <Link to="/transparency">← {t('navTransparency')}</Link>
      </p>
      <Load state={state}>{(c) => <ContractView c={c} />}</Load>
    </div>
  );
}

function ContractView({ c }: { c: C }) {
  const { t, lang, pick } = useI18n();
  const chart = useMemo(() => flowChart(c, lang), [c, lang]);
  return (
    <>
      <h2>
        {t('contractTitle')} {c.loanId}
      </h2>
      <PersonalBanner level={c.personalLevel} />
      <p>
        <a href={apiUrl('keyFacts', { params: { loanId: c.loanId } })} target="_blank" rel="noopener" data-testid="kfs-link">
          {t('kfs')}
        </a>
      </p>
      <div className="cards" data-testid="contract-rates">
        <div className="card">
          <div className="kpi">{fmtPct(c.rates.nominalAnnual)}</div>
          <div className="kpi-sub">{t('irrNominal')}</div>
        </div>
        <div className="card">
          <div className="kpi">{fmtPct(c.rates.effectiveAnnual)}</div>
          <div className="kpi-sub">{t('irrEffective')}</div>
        </div>
        <div className="card">
          <div className="kpi">{fmtPct(c.terms.disclosedRate)}</div>
          <div className="kpi-sub">
            {t('disclosedRate')} ({c.terms.disclosedBasis})
          </div>
        </div>
        <div className="card">
          <div className="kpi">¥{fmtYuan(c.totals.totalCostFen, lang)}</div>
          <div className="kpi-sub">
            {t('totalCost')} · {t('netDisbursed')} ¥{fmtYuan(c.totals.netDisbursedFen, lang)}
          </div>
        </div>
      </div>
      {c.rates.problem ? <p className="bad">{pick(c.rates.problem)}</p> : null}
      <div className="grid2">
        <Card title={t('terms')}>
          <table className="grid small fields">
            <tbody>
              <tr><td>{t('dim_institution')}</td><td>{c.institutionName}</td></tr>
              <tr><td>{t('dim_product')}</td><td>{c.productName}</td></tr>
              {c.customer ? <tr><td>{t('customer')}</td><td>{c.customer.name} · {c.customer.idNumber} · {c.customer.customerId}</td></tr> : null}
              <tr><td>{t('principal')}</td><td>¥{fmtYuan(c.terms.principalFen, lang)}</td></tr>
              <tr><td>{t('termMonths')}</td><td>{c.terms.term}</td></tr>
              <tr><td>{t('method')}</td><td>{pick(c.terms.methodLabel)}</td></tr>
              <tr><td>{t('contractRate')}</td><td>{fmtPct(c.terms.annualRate)}</td></tr>
              <tr><td>{t('originated')}</td><td>{c.originatedAt}</td></tr>
              {c.terms.fees.map((f, i) => (
                <tr key={i}><td>{pick(f)}</td><td>¥{fmtYuan(f.totalFen, lang)} ({f.timing})</td></tr>
              ))}
              {c.ratesWithoutFees ? <tr><td>{t('irrWithoutFees')}</td><td>{fmtPct(c.ratesWithoutFees.nominalAnnual)}</td></tr> : null}
              {c.rates.simpleAnnual !== null ? <tr><td>{t('simpleRate')}</td><td>{fmtPct(c.rates.simpleAnnual)}</td></tr> : null}
            </tbody>
          </table>
        </Card>
        <Card title={t('caps')}>
          <table className="grid small" data-testid="caps-table">
            <tbody>
              {c.caps.checks.map((x) => (
                <tr key={x.id}>
                  <td>{lang === 'zh' ? x.zh : x.en}</td>
                  <td className="num">{fmtPct(x.capRate)}</td>
                  <td className={x.exceeds ? 'bad' : 'ok'}>{x.exceeds ? `${t('exceeds')} +${fmtPct(x.excessRate)} · ¥${fmtYuan(x.excessFen, lang)}` : t('within')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.caps.lpr !== null ? <p className="small muted">LPR {fmtPct(c.caps.lpr)}</p> : null}
          {c.findings.length ? (
            <ul className="alerts">
              {c.findings.map((f, i) => (
                <li key={i} className={f.severity === 'high' ? 'bad' : 'warn'}>
                  {pick(f)}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
      <Card title={t('cashFlows')}>
        <Chart option={chart} height={220} testId="flow-chart" />
        <div className="table-scroll">
          <table className="grid small">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('dueDate')}</th>
                <th className="num">{t('principal')}</th>
                <th className="num">{t('interest')}</th>
                <th className="num">{t('fee')}</th>
                <th className="num">{t('payment')}</th>
                <th className="num">{t('balance')}</th>
              </tr>
            </thead>
            <tbody>
              {c.schedule.map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{r.dueDate}</td>
                  <td className="num">{fmtYuan(r.principalFen, lang)}</td>
                  <td className="num">{fmtYuan(r.interestFen, lang)}</td>
                  <td className="num">{fmtYuan(r.feeFen, lang)}</td>
                  <td className="num">{fmtYuan(r.paymentFen, lang)}</td>
                  <td className="num">{fmtYuan(r.balanceAfterFen, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
