/** From loan to lawsuit: the funnel, conversions per product kind and time from 90+ DPD to suit. */
import { addMonths } from '../../domain/dates.js';
import { computeFunnel, type Share } from '../../metrics/funnel.js';
import { funnelChart, lineChart, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

const pct = (s: Share): string => (s.rate === null ? '—' : `${(s.rate * 100).toFixed(2)}% (${(100 * (s.lower ?? 0)).toFixed(2)}–${(100 * (s.upper ?? 0)).toFixed(2)})`);

export const funnelSection: ReportSection = {
  id: 'funnel',
  order: 50,
  owner: 'metrics',
  title: { zh: '从放款到诉讼', en: 'From loan to lawsuit' },
  async build(ctx) {
    const from = addMonths(ctx.asOf, -24);
    const r = await computeFunnel(ctx.conn, { from, to: ctx.asOf, asOf: ctx.asOf, slice: ['product_kind'], ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) }, ctx.config);
    const st = r.total.stages;
    if (st.loans.count === 0) return null;
    const names = { loans: t(ctx.lang, '放款', 'loans'), dpd30: t(ctx.lang, '逾期30天以上', '30+ DPD'), dpd90: t(ctx.lang, '逾期90天以上', '90+ DPD'), complaint: t(ctx.lang, '投诉', 'complaint'), lawsuit: t(ctx.lang, '诉讼', 'lawsuit') };
    const km = r.total.timeToSuit;
    const kmSteps = km.steps.filter((s) => s.events > 0);
    return {
      data: r,
      blocks: [
        { kind: 'text', tone: 'plain', text: { zh: `${r.window.from} 至 ${r.window.to} 放款的借据，截至 ${r.window.asOf}。`, en: `Loans originated ${r.window.from} to ${r.window.to}, as of ${r.window.asOf}.` } },
        { kind: 'chart', id: 'funnel', height: 300, option: funnelChart((['loans', 'dpd30', 'dpd90', 'complaint', 'lawsuit'] as const).map((k) => ({ name: names[k], value: st[k].count }))) },
        {
          kind: 'table',
          id: 'table-funnel',
          columns: [t(ctx.lang, '产品类型', 'product kind'), names.loans, names.dpd30, names.dpd90, names.complaint, names.lawsuit, t(ctx.lang, '90+→诉讼', '90+→suit'), t(ctx.lang, '投诉→诉讼', 'complaint→suit'), t(ctx.lang, '90+至起诉中位天数', 'median days 90+→suit')],
          rows: [...r.segments, r.total].map((s) => [
            Object.values(s.slice).join(' / ') || t(ctx.lang, '合计', 'total'),
            s.stages.loans.count,
            pct(s.stages.dpd30),
            pct(s.stages.dpd90),
            pct(s.stages.complaint),
            pct(s.stages.lawsuit),
            pct(s.conversions.dpd90ToLawsuit),
            pct(s.conversions.complaintToLawsuit),
            s.timeToSuit.median === null ? t(ctx.lang, '未达到', 'not reached') : `${s.timeToSuit.median} (${s.timeToSuit.medianLower ?? '—'}–${s.timeToSuit.medianUpper ?? t(ctx.lang, '未达到', 'n/r')})`,
          ]),
          caption: { zh: '各阶段为占放款笔数的比例（括号内为95% Wilson区间）；转化率在嵌套人群内计算。', en: 'Stages as shares of loans (95% Wilson intervals in brackets); conversions within nested groups.' },
        },
        ...(kmSteps.length > 0
          ? [
              {
                kind: 'chart' as const,
                id: 'km',
                height: 280,
                option: lineChart({
                  x: ['0', ...kmSteps.map((s) => String(s.time))],
                  xName: t(ctx.lang, '天', 'days'),
                  yUnit: '%',
                  band: { lower: [100, ...kmSteps.map((s) => Math.round(s.lower * 1e4) / 100)], upper: [100, ...kmSteps.map((s) => Math.round(s.upper * 1e4) / 100)] },
                  series: [{ name: t(ctx.lang, '尚未起诉比例', 'not yet sued'), data: [100, ...kmSteps.map((s) => Math.round(s.survival * 1e4) / 100)], step: true }],
                }),
                caption: { zh: `首次逾期90天以上至起诉的Kaplan–Meier曲线（截至 ${r.window.asOf} 或结清时删失），共 ${km.n} 户、${km.events} 户被诉；中位数 ${km.median ?? '未达到'} 天。`, en: `Kaplan–Meier curve from first 90+ DPD to suit (censored at ${r.window.asOf} or payoff): ${km.n} accounts, ${km.events} sued; median ${km.median ?? 'not reached'} days.` },
              },
            ]
          : []),
      ],
    };
  },
};
