import { useMemo } from 'react';
import { api, type CallOutput } from '../api/client.js';
import { Chart, errorBarSeries, type ChartOption } from '../components/chart.js';
import { Card, Load } from '../components/status.js';
import { useApi } from '../components/use-api.js';
import { fmtInt, fmtPct, fmtYuan, useI18n, type Lang } from '../i18n.js';
import { codeLabel } from '../labels.js';
import { Link } from '../router.js';
import { fmtRate } from './rate.js';

type O = CallOutput<'overview'>;

function trendChart(o: O, lang: Lang): ChartOption {
  const scale = o.definition.display.scale;
  const y = (v: number | null) => (v === null ? null : v * scale);
  const periods = o.series.map((p) => p.period);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 12, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: scale === 100 ? '%' : o.definition.display.per[lang], scale: true },
    series: [
      { type: 'line', name: lang === 'zh' ? '月度起诉率' : 'Monthly rate', data: o.series.map((p) => y(p.rate)), symbolSize: 5 },
      { type: 'line', name: lang === 'zh' ? '趋势' : 'Trend', data: o.series.map((p) => y(p.fitted)), symbol: 'none', lineStyle: { type: 'dashed' } },
      errorBarSeries(
        lang === 'zh' ? '95% 区间' : '95% interval',
        o.series.flatMap((p) => (p.lower !== null && p.upper !== null ? [[p.period, (y(p.lower) ?? 0), (y(p.upper) ?? 0)] as [string, number, number]] : [])),
        '#94a3b8',
      ),
    ],
  } as ChartOption;
}

function causeChart(o: O, lang: Lang): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 110, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: o.topCauses.map((c) => codeLabel(c.cause, lang)).reverse() },
    series: [{ type: 'bar', data: o.topCauses.map((c) => (c.share === null ? 0 : Math.round(c.share * 1000) / 10)).reverse(), label: { show: true, position: 'right', formatter: '{c}%' } }],
  } as ChartOption;
}

export function OverviewPage() {
  const { t } = useI18n();
  const state = useApi('overview', () => api('overview', { query: {} }));
  return (
    <div className="page">
      <h2>{t('navOverview')}</h2>
      <Load state={state}>{(o) => <OverviewView o={o} />}</Load>
    </div>
  );
}

function OverviewView({ o }: { o: O }) {
  const { t, lang, pick } = useI18n();
  const trend = useMemo(() => trendChart(o, lang), [o, lang]);
  const causes = useMemo(() => causeChart(o, lang), [o, lang]);
  const h = o.headline;
  return (
    <>
      <div className="cards">
        <div className="card" data-testid="headline">
          <div className="kpi">{fmtRate(h.rate, o, 3)}</div>
          <div className="kpi-sub">
            {t('headlineRate')} · {t('ci')} {fmtRate(h.lower, o, 3)} – {fmtRate(h.upper, o, 3)}
          </div>
          <div className="kpi-sub">
            {fmtInt(h.events, lang)} {t('events')} ÷ {fmtInt(Math.round(h.exposure), lang)} {pick(o.definition.denominatorUnit)}
          </div>
        </div>
        <div className="card">
          <div className={`kpi ${o.trend.direction === 'rising' ? 'bad' : o.trend.direction === 'falling' ? 'ok' : ''}`}>{t(`trend_${o.trend.direction}`)}</div>
          <div className="kpi-sub">{pick(o.trend.verdict)}</div>
        </div>
        <div className="card">
          <div className={`kpi ${o.peers.position === 'high' ? 'bad' : o.peers.position === 'low' ? 'ok' : ''}`}>{t(`peers_${o.peers.position}`)}</div>
          <div className="kpi-sub">{pick(o.peers.statement)}</div>
        </div>
        <div className="card">
          <div className="kpi">¥{fmtYuan(o.legalCost.totalCostFen, lang)}</div>
          <div className="kpi-sub">
            {t('legalCost')} · {t('perDispute')} ¥{fmtYuan(o.legalCost.costPerDisputeFen, lang)} · {t('recovery')} {fmtPct(o.legalCost.recoveryRate, 1)}
          </div>
        </div>
        <div className="card">
          <div className="kpi">{fmtPct(o.delinquency.share90Plus, 2)}</div>
          <div className="kpi-sub">
            {t('dpd90')} · {fmtInt(o.delinquency.dpd90Plus, lang)} / {fmtInt(o.delinquency.openAccounts, lang)} · 30+ {fmtPct(o.delinquency.share30Plus, 2)} · {t('chargedOff')} {fmtInt(o.delinquency.chargedOff, lang)}
          </div>
        </div>
      </div>
      {o.alerts.length ? (
        <Card title={t('alerts')}>
          <ul className="alerts" data-testid="alerts">
            {o.alerts.map((a, i) => (
              <li key={i} className={a.severity === 'high' ? 'bad' : a.severity === 'medium' ? 'warn' : 'muted'}>
                {pick(a)} {a.link ? <Link to={a.link}>→</Link> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="grid2">
        <Card title={`${t('trendTitle')} (${o.definition.ref})`}>
          <Chart option={trend} height={260} testId="trend-chart" />
        </Card>
        <Card title={t('topCauses')}>
          <Chart option={causes} height={260} testId="cause-chart" />
        </Card>
      </div>
      <p className="small muted">{pick(h.text)}</p>
    </>
  );
}
