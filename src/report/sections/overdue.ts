/** Delinquency as of the report date: DPD buckets and roll rates. */
import { formatYuan } from '../../domain/money.js';
import { DPD_BUCKETS, overdueBuckets, rollRates } from '../../metrics/overdue.js';
import { stackedBars, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const overdueSection: ReportSection = {
  id: 'overdue',
  order: 80,
  owner: 'metrics',
  title: { zh: '逾期结构与迁徙率', en: 'Delinquency and roll rates' },
  async build(ctx) {
    const filters = ctx.overview.institution ? { institution: [ctx.overview.institution] } : {};
    const b = await overdueBuckets(ctx.conn, { asOf: ctx.asOf, slice: ['product_kind'], filters }, ctx.config);
    const roll = await rollRates(ctx.conn, { asOf: ctx.asOf, filters }, ctx.config);
    if (b.open.length === 0) return null;
    const kinds = b.open.map((o) => o.slice['product_kind'] ?? '');
    const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
    return {
      data: { buckets: b, roll },
      blocks: [
        {
          kind: 'chart',
          id: 'dpd-buckets',
          height: 60 + 40 * kinds.length,
          option: stackedBars({
            x: kinds,
            horizontal: true,
            yUnit: '%',
            series: DPD_BUCKETS.filter((k) => k !== 'M0').map((bucket) => ({
              name: bucket,
              data: kinds.map((k) => {
                const row = b.rows.find((r) => r.bucket === bucket && r.slice['product_kind'] === k);
                return row ? Math.round(row.share * 1e4) / 100 : null;
              }),
            })),
          }),
          caption: { zh: `截至 ${b.asOf} 在贷账户中各逾期段（M1–M6+）的占比，按产品类型。`, en: `Share of open accounts in each delinquency bucket (M1–M6+) as of ${b.asOf}, by product kind.` },
        },
        {
          kind: 'table',
          columns: [t(ctx.lang, '产品类型', 'product kind'), t(ctx.lang, '逾期段', 'bucket'), t(ctx.lang, '账户', 'accounts'), t(ctx.lang, '占比', 'share'), t(ctx.lang, '逾期金额（元）', 'arrears (yuan)')],
          rows: b.rows.filter((r) => r.accounts > 0).map((r) => [r.slice['product_kind'] ?? '', r.bucket, r.accounts, pct(r.share), formatYuan(r.arrearsFen)]),
        },
        {
          kind: 'table',
          id: 'table-roll',
          columns: [t(ctx.lang, '起始段', 'from bucket'), t(ctx.lang, '账户月', 'account-months'), t(ctx.lang, '恶化率', 'roll forward'), t(ctx.lang, '好转/结清', 'cure / close')],
          rows: roll.pooled.map((r) => [r.bucket, r.accounts, pct(r.rollForward), pct(r.cure)]),
          caption: { zh: `${roll.monthEnds[0] ?? ''} 至 ${roll.monthEnds[roll.monthEnds.length - 1] ?? ''} 各月末之间的迁徙（合并）。`, en: `Transitions between month-ends ${roll.monthEnds[0] ?? ''} to ${roll.monthEnds[roll.monthEnds.length - 1] ?? ''}, pooled.` },
        },
      ],
    };
  },
};
