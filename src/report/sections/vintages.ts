/** Vintage curves: ever 90+ DPD by months on book, per origination quarter. */
import { addMonths } from '../../domain/dates.js';
import { vintageCurves } from '../../metrics/overdue.js';
import { periodStart } from '../../metrics/periods.js';
import { lineChart, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const vintagesSection: ReportSection = {
  id: 'vintages',
  order: 70,
  owner: 'metrics',
  title: { zh: '账龄曲线', en: 'Vintage curves' },
  async build(ctx) {
    const r = await vintageCurves(ctx.conn, { asOf: ctx.asOf, cohort: 'quarter', from: periodStart(addMonths(ctx.asOf, -36), 'quarter'), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) }, ctx.config);
    const curves = r.curves.filter((c) => c.points.length > 0);
    if (curves.length === 0) return null;
    const maxMob = Math.max(...curves.map((c) => c.points.length));
    const x = Array.from({ length: maxMob }, (_, i) => String(i + 1));
    return {
      data: r,
      blocks: [
        {
          kind: 'chart',
          id: 'vintages',
          height: 340,
          option: lineChart({
            x,
            xName: 'MOB',
            yUnit: '%',
            series: curves.map((c) => ({ name: `${c.cohort} (${c.loans})`, data: x.map((m) => {
              const p = c.points.find((q) => q.mob === Number(m));
              return p ? Math.round(p.rate * 1e4) / 100 : null;
            }) })),
          }),
          caption: { zh: '各放款季度中曾逾期90天以上的借据占比，按账龄（月）；只显示所有借据都已观察到的账龄。', en: 'Share of each origination quarter ever more than 90 days past due, by months on book; only months every loan of the cohort has reached.' },
        },
        {
          kind: 'table',
          columns: [t(ctx.lang, '批次', 'cohort'), t(ctx.lang, '借据', 'loans'), 'MOB 6', 'MOB 12', 'MOB 18'],
          rows: curves.map((c) => {
            const at = (m: number): string => {
              const p = c.points.find((q) => q.mob === m);
              return p ? `${(p.rate * 100).toFixed(2)}%` : '—';
            };
            return [c.cohort, c.loans, at(6), at(12), at(18)];
          }),
        },
      ],
    };
  },
};
