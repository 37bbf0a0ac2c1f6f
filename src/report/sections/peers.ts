/** The lender among its peers. */
import { formatRate } from '../../metrics/format.js';
import { computePeers } from '../../metrics/peers.js';
import { intervalChart, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const peersSection: ReportSection = {
  id: 'peers',
  order: 40,
  owner: 'metrics',
  title: { zh: '同业比较', en: 'Peers' },
  async build(ctx) {
    const r = await computePeers(
      ctx.conn,
      { from: ctx.window.from, to: ctx.window.to, asOf: ctx.asOf, ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { self: ctx.overview.institution } : {}), ...(ctx.filePeers ? { filePeers: ctx.filePeers } : {}) },
      ctx.config,
    );
    if (r.peers.length === 0) return null;
    const fmt = (x: number | null): string => formatRate(x, r.definition.display, ctx.lang);
    const byRate = [...r.peers].sort((a, b) => b.rate - a.rate);
    return {
      data: r,
      blocks: [
        { kind: 'text', tone: 'verdict', text: r.statement },
        {
          kind: 'chart',
          id: 'peers',
          height: Math.max(160, 30 * byRate.length + 60),
          option: intervalChart(
            byRate.map((p) => ({ label: p.name ?? p.institution, value: p.rate, lower: p.lower, upper: p.upper, highlight: p.isSelf })),
            { scale: r.definition.display.scale, unit: r.definition.display.per[ctx.lang], name: t(ctx.lang, '起诉率', 'rate') },
          ),
          caption: { zh: '红色为本机构。百分位区间来自对各机构泊松不确定性的参数自助法。', en: 'Red: this lender. The percentile interval comes from a parametric bootstrap over every institution’s Poisson uncertainty.' },
        },
        {
          kind: 'table',
          columns: [t(ctx.lang, '机构', 'institution'), t(ctx.lang, '来源', 'source'), t(ctx.lang, '纠纷', 'cases'), t(ctx.lang, '业务量', 'volume'), t(ctx.lang, '起诉率', 'rate'), 'CI'],
          rows: byRate.map((p) => [`${p.name ?? p.institution}${p.isSelf ? ' ◀' : ''}`, p.source, p.cases, Math.round(p.volume * 100) / 100, fmt(p.rate), `${fmt(p.lower)}–${fmt(p.upper)}`]),
        },
      ],
    };
  },
};
