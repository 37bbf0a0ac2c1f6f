/** The cost of going to court, per product, against what it recovers. */
import { formatYuan } from '../../domain/money.js';
import { computeLegalCost } from '../../metrics/cost/compute-cost.js';
import { stackedBars, t } from '../charts.js';
import type { ReportSection } from '../registry.js';

export const costSection: ReportSection = {
  id: 'cost',
  order: 90,
  owner: 'metrics',
  title: { zh: '诉讼成本', en: 'Legal cost' },
  async build(ctx) {
    const r = await computeLegalCost(ctx.conn, { from: ctx.window.from, to: ctx.window.to, asOf: ctx.asOf, slice: ['product'], ...(ctx.definition ? { definition: ctx.definition } : {}), ...(ctx.overview.institution ? { filters: { institution: [ctx.overview.institution] } } : {}) }, ctx.config);
    if (r.total.disputes === 0) return null;
    const y = (f: number | null): string => (f === null ? '—' : formatYuan(f));
    const yuan = (f: number): number => Math.round(f) / 100;
    const rows = r.rows;
    const a = r.assumptions;
    return {
      data: r,
      blocks: [
        {
          kind: 'chart',
          id: 'cost',
          height: 60 + 44 * Math.max(rows.length, 1),
          option: stackedBars({
            x: rows.map((x) => x.slice['product'] ?? ''),
            horizontal: true,
            yUnit: t(ctx.lang, '元', 'yuan'),
            series: [
              { name: t(ctx.lang, '诉讼费', 'court fees'), data: rows.map((x) => yuan(x.courtFeeFen + x.appealFeeFen)) },
              { name: t(ctx.lang, '执行/保全费', 'enforcement & preservation'), data: rows.map((x) => yuan(x.enforcementFeeFen + x.preservationFeeFen)) },
              { name: t(ctx.lang, '律师费', 'lawyers'), data: rows.map((x) => yuan(x.lawyerFeeFen)) },
              { name: t(ctx.lang, '人力', 'staff'), data: rows.map((x) => yuan(x.staffFen)) },
            ],
          }),
        },
        {
          kind: 'table',
          id: 'table-cost',
          columns: [t(ctx.lang, '产品', 'product'), t(ctx.lang, '纠纷', 'disputes'), t(ctx.lang, '成本合计', 'total cost'), t(ctx.lang, '件均', 'per dispute'), t(ctx.lang, '回收', 'recovered'), t(ctx.lang, '净成本', 'net cost'), t(ctx.lang, '回收率', 'recovery rate')],
          rows: [...rows, r.total].map((x) => [x.slice['product'] ?? t(ctx.lang, '合计', 'total'), x.disputes, y(x.totalCostFen), y(x.costPerDisputeFen), y(x.recoveredFen), y(x.netCostFen), x.recoveryRate === null ? '—' : `${(x.recoveryRate * 100).toFixed(1)}%`]),
          caption: {
            zh: `诉讼费按《诉讼费用交纳办法》第十三条分段累计计算（简易程序、调解、撤诉减半，文书载明实收金额时以文书为准），执行费按第十四条，保全费上限5,000元。假设：律师费每件${a.lawyer.perDisputeYuan}元＋诉请的${a.lawyer.shareOfClaim * 100}%，人力每件${a.staffPerDisputeYuan}元，${a.preservationShare * 100}%的机构起诉案件申请保全（可在配置 metrics.cost 中修改）。`,
            en: `Court fees by art. 13 of the Measures on the Payment of Litigation Costs (cumulative brackets; halved for simple procedure, mediation, withdrawal; the document's stated fee when parsed), enforcement fee by art. 14, preservation capped at 5,000. Assumptions: lawyer ${a.lawyer.perDisputeYuan} yuan per dispute + ${a.lawyer.shareOfClaim * 100}% of the claim, staff ${a.staffPerDisputeYuan} per dispute, preservation in ${a.preservationShare * 100}% of lender suits (config metrics.cost).`,
          },
        },
      ],
    };
  },
};
