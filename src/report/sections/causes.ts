/** Why disputes happen: shares by cause category over time. */
import { addMonths } from '../../domain/dates.js';
import { CAUSE_LABELS, computeCauses } from '../../metrics/causes.js';
import { periodStart } from '../../metrics/periods.js';
import { stackedBars, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const causesSection: ReportSection = {
  id: 'causes',
  order: 60,
  owner: 'metrics',
  title: { zh: '纠纷原因', en: 'Causes' },
  async build(ctx) {
    const r = await computeCauses(ctx.conn, { from: periodStart(addMonths(ctx.asOf, -21), 'quarter'), to: ctx.asOf, asOf: ctx.asOf, grain: 'quarter', ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) }, ctx.config);
    if (r.overall.length === 0) return null;
    const periods = [...new Set(r.rows.map((x) => x.period))];
    const causes = r.overall.map((o) => o.cause);
    const label = (c: string): string => CAUSE_LABELS[c]?.[ctx.lang] ?? c;
    const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    return {
      data: r,
      blocks: [
        {
          kind: 'chart',
          id: 'causes',
          height: 320,
          option: stackedBars({
            x: periods,
            yUnit: '%',
            series: causes.map((c) => ({ name: label(c), data: periods.map((p) => {
              const row = r.rows.find((x) => x.period === p && x.cause === c);
              return row && row.share !== null ? Math.round(row.share * 1e4) / 100 : null;
            }) })),
          }),
          caption: { zh: '各季度纠纷按原因类别的占比。', en: 'Share of disputes by cause category per quarter.' },
        },
        {
          kind: 'table',
          columns: [t(ctx.lang, '原因', 'cause'), t(ctx.lang, '纠纷', 'disputes'), t(ctx.lang, '占比', 'share'), 'CI'],
          rows: r.overall.map((o) => [label(o.cause), o.events, pct(o.share), `${pct(o.lower)}–${pct(o.upper)}`]),
          caption: { zh: `${r.window.from} 至 ${r.window.to} 合计。`, en: `${r.window.from} to ${r.window.to} overall.` },
        },
      ],
    };
  },
};
