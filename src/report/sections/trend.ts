/** Monthly rate, fitted trend with change points, and the verdict. */
import { formatChange } from '../../metrics/format.js';
import { computeTrend } from '../../metrics/trend.js';
import { lineChart, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const trendSection: ReportSection = {
  id: 'trend',
  order: 30,
  owner: 'metrics',
  title: { zh: '趋势与变点', en: 'Trend and change points' },
  async build(ctx) {
    const tr = await computeTrend(ctx.conn, { asOf: ctx.asOf, ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) }, ctx.config);
    const s = tr.definition.display.scale;
    const sc = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * s * 1e6) / 1e6);
    const cells = new Map(tr.cells.map((c) => [c.period, c]));
    const x = tr.points.map((p) => p.period);
    return {
      data: tr,
      blocks: [
        { kind: 'text', tone: 'verdict', text: tr.verdict },
        {
          kind: 'chart',
          id: 'trend',
          height: 340,
          option: lineChart({
            x,
            yUnit: tr.definition.display.per[ctx.lang],
            band: { lower: x.map((p) => sc(cells.get(p)?.lower ?? null)), upper: x.map((p) => sc(cells.get(p)?.upper ?? null)) },
            series: [
              { name: t(ctx.lang, '月度起诉率', 'monthly rate'), data: tr.points.map((p) => sc(p.rate)) },
              { name: t(ctx.lang, '拟合趋势', 'fitted trend'), data: tr.points.map((p) => sc(p.fitted)), dashed: true },
            ],
            markX: tr.changePoints.map((cp) => ({ x: cp.period, label: `${t(ctx.lang, '变点', 'change')} ${formatChange(cp.change)}` })),
          }),
          caption: { zh: '阴影为各月95%置信区间；虚线为对数线性泊松回归（以暴露量为偏移）；红色竖线为变点。', en: 'Shaded: monthly 95% intervals; dashed: log-linear Poisson regression with exposure offset; red lines: change points.' },
        },
        {
          kind: 'table',
          columns: [t(ctx.lang, '区段', 'segment'), t(ctx.lang, '纠纷', 'disputes'), t(ctx.lang, '暴露', 'exposure'), t(ctx.lang, '水平', 'level')],
          rows: tr.segments.map((g) => [`${g.from} – ${g.to}`, g.events, Math.round(g.exposure * 100) / 100, `${(g.rate * s).toFixed(3)}${tr.definition.display.per.en === '%' ? '%' : ''}`]),
        },
      ],
    };
  },
};
