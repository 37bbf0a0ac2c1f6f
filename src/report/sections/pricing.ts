/**
 * The pricing audit summary (src/pricing `auditSummary`), when an audit run exists: IRR annualized
 * rates against disclosed rates and legal caps. Owned by pricing; registered here so the report shows
 * it; skipped with a note when no audit has been run.
 */
import { isAppError } from '../../domain/errors.js';
import { auditSummary } from '../../pricing/audit/summary.js';
import { t } from '../charts.js';
import type { ReportSection } from '../registry.js';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

export const pricingSection: ReportSection = {
  id: 'pricing',
  order: 100,
  owner: 'pricing',
  title: { zh: '定价与披露审计', en: 'Pricing and disclosure audit' },
  async build(ctx) {
    let s;
    try {
      s = await auditSummary(ctx.conn);
    } catch (err) {
      if (isAppError(err) || (err instanceof Error && /pricing_audit_run/.test(err.message))) return null;
      throw err;
    }
    return {
      data: s,
      blocks: [
        { kind: 'text', tone: 'plain', text: { zh: `审计 ${s.run.runId}：${s.run.loansAudited} 笔借据，${s.run.loansWithFindings} 笔有问题。`, en: `Audit ${s.run.runId}: ${s.run.loansAudited} loans, ${s.run.loansWithFindings} with findings.` } },
        {
          kind: 'table',
          columns: [t(ctx.lang, '产品', 'product'), t(ctx.lang, '借据', 'loans'), t(ctx.lang, 'IRR年化中位数', 'median IRR APR'), t(ctx.lang, '披露中位数', 'median disclosed'), t(ctx.lang, '超过法院保护上限', 'above court cap'), t(ctx.lang, '有问题', 'with findings')],
          rows: s.byProduct.map((g) => [g.productName ?? g.productId ?? '', g.loans, pct(g.medianApr), pct(g.medianDisclosed), g.loansAboveCourtCap, g.loansWithFindings]),
        },
      ],
    };
  },
};
