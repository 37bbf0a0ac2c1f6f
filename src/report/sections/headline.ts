/** Headline: the lawsuit rate with its interval, trend, peers, delinquency and legal cost at a glance. */
import { formatYuan } from '../../domain/money.js';
import { formatLevel, formatRate } from '../../metrics/format.js';
import { t } from '../charts.js';
import { computeRate } from '../../metrics/rate.js';
import type { ReportSection } from '../registry.js';

const ROLE = { either: { zh: '原告或被告', en: 'plaintiff or defendant' }, plaintiff: { zh: '原告', en: 'plaintiff' }, defendant: { zh: '被告', en: 'defendant' }, any: { zh: '任一诉讼参与人', en: 'any party' } };

export const headlineSection: ReportSection = {
  id: 'headline',
  order: 10,
  owner: 'metrics',
  title: { zh: '起诉率概览', en: 'Lawsuit rate at a glance' },
  async build(ctx) {
    const o = ctx.overview;
    const query = { from: ctx.window.from, to: ctx.window.to, asOf: ctx.asOf, grain: 'all' as const, ...(ctx.definition ? { definition: ctx.definition } : {}), ...(o.institution ? { filters: { institution: [o.institution] } } : {}) };
    const rate = await computeRate(ctx.conn, query, ctx.config);
    const cell = rate.totals[0];
    const d = rate.definition;
    const fmt = (x: number | null): string => formatRate(x, d.display, ctx.lang);
    const lv = formatLevel(ctx.config.level);
    const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
    const n = d.numerator;
    return {
      data: { query, rate, overview: o },
      blocks: [
        {
          kind: 'kpis',
          items: [
            {
              id: 'headline-rate',
              label: { zh: `起诉率（${d.ref}）`, en: `Lawsuit rate (${d.ref})` },
              value: fmt(cell?.rate ?? null),
              rawValue: cell?.rate ?? null,
              sub: `${lv} CI ${fmt(cell?.lower ?? null)}–${fmt(cell?.upper ?? null)} · ${cell?.events ?? 0} / ${Math.round((cell?.exposure ?? 0) * 100) / 100}`,
            },
            { id: 'headline-events', label: { zh: '纠纷（件）', en: 'Disputes' }, value: String(cell?.events ?? 0), rawValue: cell?.events ?? 0, sub: `${ctx.window.from} – ${ctx.window.to}` },
            { id: 'delinquency-90', label: { zh: '逾期90天以上占比（在贷）', en: '90+ DPD share (open accounts)' }, value: pct(o.delinquency.share90Plus), rawValue: o.delinquency.share90Plus, sub: `30+: ${pct(o.delinquency.share30Plus)} · ${o.delinquency.openAccounts} · ${t(ctx.lang, '已核销/坏账', 'charged off')} ${o.delinquency.chargedOff}` },
            { id: 'legal-cost', label: { zh: '诉讼成本合计（元）', en: 'Legal cost (yuan)' }, value: formatYuan(o.legalCost.totalCostFen), rawValue: o.legalCost.totalCostFen, sub: `${ctx.lang === 'zh' ? '净成本' : 'net'} ${formatYuan(o.legalCost.netCostFen)}` },
          ],
        },
        { kind: 'text', tone: 'verdict', text: o.headline.text },
        { kind: 'text', tone: 'verdict', text: o.trend.verdict },
        { kind: 'text', tone: 'verdict', text: o.peers.statement },
        {
          kind: 'text',
          tone: 'note',
          text: {
            zh: `口径 ${d.ref}：分子为机构作为${ROLE[n.role].zh}、${n.dateBasis === 'filed' ? '立案' : '裁判'}日期在窗口内的不同纠纷（一审、二审、再审、执行只计一次；仅执行的纠纷不计入${n.lendingOnly ? '；仅借贷纠纷' : ''}）；分母为${d.denominatorUnit.zh}；窗口 ${ctx.window.from} 至 ${ctx.window.to}，数据截止 ${ctx.asOf}。区间为精确${d.interval === 'wilson' ? 'Wilson' : '泊松（Garwood）'}${lv}置信区间。`,
            en: `Definition ${d.ref}: numerator = distinct disputes where the institution is ${ROLE[n.role].en}, ${n.dateBasis === 'filed' ? 'filed' : 'decided'} in the window (first instance, appeal, retrial and enforcement counted once; enforcement-only disputes excluded${n.lendingOnly ? '; lending disputes only' : ''}); denominator = ${d.denominatorUnit.en}; window ${ctx.window.from} to ${ctx.window.to}, data as of ${ctx.asOf}. Intervals: exact ${d.interval === 'wilson' ? 'Wilson' : 'Poisson (Garwood)'} ${lv}.`,
          },
        },
      ],
    };
  },
};
