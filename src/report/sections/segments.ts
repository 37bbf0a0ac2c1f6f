/** The rate by segment (product, channel, province, amount band, vintage, institution, court) with intervals. */
import { provinceByCode } from '../../domain/regions.js';
import { formatRate } from '../../metrics/format.js';
import { computeRate, type RateCell, type RateResult } from '../../metrics/rate.js';
import { amountBandLabels, UNLINKED_LABEL, type Dimension } from '../../metrics/sql/dimensions.js';
import { intervalChart } from '../charts.js';
import type { ReportBlock, ReportSection } from '../registry.js';

const DIMS: { dim: Dimension; zh: string; en: string }[] = [
  { dim: 'product', zh: '产品', en: 'Product' },
  { dim: 'channel', zh: '渠道', en: 'Channel' },
  { dim: 'province', zh: '省份', en: 'Province' },
  { dim: 'amount_band', zh: '金额段（元）', en: 'Amount band (yuan)' },
  { dim: 'vintage', zh: '放款批次', en: 'Vintage' },
  { dim: 'institution', zh: '机构', en: 'Institution' },
  { dim: 'court', zh: '法院（前15）', en: 'Court (top 15)' },
];

function note(c: RateCell, lang: 'zh' | 'en'): string {
  if (c.smallReason === 'no_exposure') return lang === 'zh' ? '无分母' : 'no exposure';
  if (c.small) return lang === 'zh' ? '样本小，不排名' : 'small cell, not ranked';
  if (c.vsRest?.significant) return lang === 'zh' ? '与其余显著不同' : 'differs from the rest';
  return '';
}

export const segmentsSection: ReportSection = {
  id: 'segments',
  order: 20,
  owner: 'metrics',
  title: { zh: '分维度起诉率', en: 'Lawsuit rate by segment' },
  async build(ctx) {
    const results: Record<string, RateResult> = {};
    const queries: Record<string, unknown> = {};
    const blocks: ReportBlock[] = [];
    for (const { dim, zh, en } of DIMS) {
      const query = { from: ctx.window.from, to: ctx.window.to, asOf: ctx.asOf, slice: [dim], ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) };
      const r = await computeRate(ctx.conn, query, ctx.config);
      results[dim] = r;
      queries[dim] = query;
      const cells = r.cells.filter((c) => c.exposure > 0 && (dim !== 'court' || c.events > 0));
      if (cells.length < 2) continue;
      const bands = amountBandLabels(ctx.config.amountBandsYuan);
      const shown =
        dim === 'court'
          ? [...cells].sort((a, b) => b.events - a.events).slice(0, 15)
          : dim === 'amount_band'
            ? [...cells].sort((a, b) => bands.indexOf(a.slice[dim] ?? '') - bands.indexOf(b.slice[dim] ?? ''))
            : dim === 'vintage'
              ? [...cells].sort((a, b) => (a.slice[dim] ?? '').localeCompare(b.slice[dim] ?? ''))
              : [...cells].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
      const labelOf = (c: RateCell): string => {
        const v = c.slice[dim] ?? '';
        const prov = dim === 'province' ? provinceByCode(v) : undefined;
        return prov ? (ctx.lang === 'zh' ? prov.name : prov.en) : v;
      };
      const unlinked = r.cells.filter((c) => c.slice[dim] === UNLINKED_LABEL).reduce((n, c) => n + c.events, 0);
      const d = r.definition;
      const fmt = (x: number | null): string => formatRate(x, d.display, ctx.lang);
      blocks.push({ kind: 'text', tone: 'plain', text: { zh: `按${zh}`, en: `By ${en.toLowerCase()}` } });
      blocks.push({
        kind: 'chart',
        id: `seg-${dim}`,
        height: Math.max(160, 28 * shown.length + 60),
        option: intervalChart(
          shown.map((c) => ({ label: labelOf(c), value: c.rate, lower: c.lower, upper: c.upper, muted: c.small })),
          { scale: d.display.scale, unit: d.display.per[ctx.lang], name: ctx.lang === 'zh' ? '起诉率' : 'rate' },
        ),
        caption: { zh: '点为估计值，横线为95%置信区间；灰色为样本小的格子（不排名）。', en: 'Dots are estimates, bars the 95% intervals; grey cells are small and not ranked.' },
      });
      if (unlinked > 0) {
        blocks.push({ kind: 'text', tone: 'note', text: { zh: `另有 ${unlinked} 件纠纷未关联到借据，无法归入${zh}（计入总起诉率）。`, en: `${unlinked} more disputes have no linked loan and cannot be attributed to a ${en.toLowerCase()} (they count in the overall rate).` } });
      }
      blocks.push({
        kind: 'table',
        id: `table-seg-${dim}`,
        columns: [ctx.lang === 'zh' ? zh : en, ctx.lang === 'zh' ? '纠纷' : 'disputes', ctx.lang === 'zh' ? d.denominatorUnit.zh : d.denominatorUnit.en, ctx.lang === 'zh' ? '起诉率' : 'rate', 'CI', ctx.lang === 'zh' ? '排名' : 'rank', ctx.lang === 'zh' ? '与其余之比' : 'vs rest', ''],
        rows: shown.map((c) => [labelOf(c), c.events, Math.round(c.exposure * 100) / 100, fmt(c.rate), `${fmt(c.lower)}–${fmt(c.upper)}`, c.rank, c.vsRest ? `×${c.vsRest.ratio.toFixed(2)} (p=${c.vsRest.pValue < 0.001 ? '<0.001' : c.vsRest.pValue.toFixed(3)})` : null, note(c, ctx.lang)]),
      });
    }
    if (blocks.length === 0) return null;
    return { blocks, data: { queries, results } };
  },
};
