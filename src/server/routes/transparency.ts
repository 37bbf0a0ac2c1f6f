/** Transparency handlers over the pricing area: auditSummary, runAudit, analyzeContract, the KFS. */
import { analyzeContract } from '../../pricing/analyze.js';
import { METHOD_LABELS } from '../../pricing/contract.js';
import { auditSummary } from '../../pricing/audit/summary.js';
import { findingsPage } from '../../pricing/audit/findings-page.js';
import { RATE_STATUS_TEXT, type RateStatus } from '../../pricing/audit/batch.js';
import type { RegulatoryThreshold } from '../../pricing/config-schema.js';
import { findingText, type FindingNumbers } from '../../pricing/findings.js';
import { runAudit } from '../../pricing/audit/run.js';
import { renderKeyFactsStatement } from '../../pricing/kfs.js';
import { queryOne } from '../../store/sql.js';
import { contractFromLoan, readLoan } from '../adapters/pricing-contract.js';
import type { TRANSPARENCY_ROUTES } from '../contract/transparency.js';
import { notFound } from '../errors.js';
import type { HandlerCtx, Handlers } from './handler.js';

async function latestRun(ctx: HandlerCtx): Promise<string | null> {
  const r = await ctx.deps.db.read((conn) => queryOne<{ run_id: string }>(conn, "SELECT run_id FROM pricing_audit_run WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1"));
  return r?.run_id ?? null;
}

async function loanOrThrow(ctx: HandlerCtx, loanId: string) {
  const loan = await ctx.deps.db.read((conn) => readLoan(conn, loanId));
  if (!loan) throw notFound(`loan ${loanId}`);
  return loan;
}

export const transparencyHandlers: Handlers<typeof TRANSPARENCY_ROUTES> = {
  async transparency(_input, ctx) {
    return ctx.cached(async () => {
      const runId = await latestRun(ctx);
      return { summary: runId ? await ctx.deps.db.read((conn) => auditSummary(conn, runId)) : null };
    });
  },

  async findings({ query }, ctx) {
    const runId = await latestRun(ctx);
    if (!runId) return { total: 0, findings: [] };
    const filter = { productId: query.productId, code: query.code, severity: query.severity };
    return ctx.cached(() =>
      ctx.deps.db.read(async (conn) => {
        const { total, rows } = await findingsPage(conn, runId, filter, query.limit, query.offset);
        const settings = await queryOne<{ s: string | null }>(conn, 'SELECT settings::VARCHAR AS s FROM pricing_audit_run WHERE run_id = ?', [runId]);
        const thresholds = settings?.s ? ((JSON.parse(settings.s) as { thresholds?: RegulatoryThreshold[] }).thresholds ?? []) : [];
        return {
          total,
          findings: rows.map((r) => {
            // Messages are rendered from the stored figures by the pricing area (migration 21).
            const reason = RATE_STATUS_TEXT[r.rate_status as RateStatus] ?? null;
            const text = findingText(r.code, JSON.parse(r.evidence) as FindingNumbers, { thresholds, reason });
            return { loanId: r.loan_id, institutionId: r.institution_id, productId: r.product_id, code: r.code, severity: r.severity, excessFen: r.excess_fen, zh: text.zh, en: text.en, apr: r.apr, disclosedApr: r.disclosed_apr };
          }),
        };
      }),
    );
  },

  async runAudit(_input, ctx) {
    const { deps } = ctx;
    const r = await deps.db.write((conn) => runAudit(deps.db.ws.instance, conn, { config: deps.config.pricing, startedAt: deps.now(), workers: 0 }));
    await ctx.audit('pricing.audit', r.runId, { loansAudited: r.loansAudited, findings: r.findings });
    return { ok: true as const, runId: r.runId, loansAudited: r.loansAudited, findings: r.findings };
  },

  async contract({ params }, ctx) {
    const loan = await loanOrThrow(ctx, params.loanId);
    const contract = contractFromLoan(loan);
    const a = analyzeContract(contract, ctx.deps.config.pricing);
    const cf = a.cashFlows;
    let customer = null;
    if (loan.customer_id !== null && ctx.personal === 'masked') {
      const c = await ctx.deps.db.read((conn) => queryOne<{ name_masked: string | null; id_number_masked: string | null }>(conn, 'SELECT name_masked, id_number_masked FROM customer WHERE customer_id = ?', [loan.customer_id]));
      customer = { customerId: loan.customer_id, name: c?.name_masked ?? null, idNumber: c?.id_number_masked ?? null };
      await ctx.audit('personal.view', `contract:${loan.loan_id}`, { customerId: loan.customer_id });
    }
    return {
      loanId: loan.loan_id,
      contractNo: loan.contract_no,
      institutionName: loan.institution_name,
      productName: loan.product_name,
      productKind: loan.product_kind,
      originatedAt: loan.originated_at,
      customer,
      terms: {
        principalFen: contract.principalFen,
        term: contract.term,
        method: contract.method,
        methodLabel: METHOD_LABELS[contract.method],
        annualRate: contract.annualRate,
        lenderKind: contract.lenderKind,
        disclosedRate: contract.disclosure.annualRate,
        disclosedBasis: contract.disclosure.basis,
        fees: cf.fees.map((f) => ({ kind: f.kind, timing: f.timing, totalFen: f.totalFen, eachFen: f.eachFen, zh: f.zh, en: f.en })),
      },
      flows: Array.from(cf.amounts, (amountFen, t) => ({ t, date: cf.dates[t] ?? null, amountFen })),
      schedule: cf.schedule,
      totals: { netDisbursedFen: cf.netDisbursedFen, totalInterestFen: cf.totalInterestFen, totalFeesFen: cf.totalFeesFen, totalRepaidFen: cf.totalRepaidFen, totalCostFen: cf.totalCostFen, upfrontDeductedFen: cf.upfrontDeductedFen },
      rates: {
        periodicIrr: a.rates.periodicIrr,
        nominalAnnual: a.rates.nominalAnnual,
        effectiveAnnual: a.rates.effectiveAnnual,
        simpleAnnual: a.rates.simpleAnnual,
        flatAnnual: a.rates.flatAnnual,
        problem: a.rates.problem ? { zh: a.rates.problem.zh, en: a.rates.problem.en } : null,
      },
      ratesWithoutFees: a.ratesWithoutFees ? { nominalAnnual: a.ratesWithoutFees.nominalAnnual, effectiveAnnual: a.ratesWithoutFees.effectiveAnnual } : null,
      caps: { lpr: a.caps.lpr, checks: a.caps.checks, notSupportedFen: a.caps.notSupportedFen, notes: a.caps.notes },
      findings: a.findings.map((f) => ({ code: f.code, severity: f.severity, zh: f.zh, en: f.en })),
      personalLevel: ctx.personal,
    };
  },

  async keyFacts({ params }, ctx) {
    const loan = await loanOrThrow(ctx, params.loanId);
    const contract = contractFromLoan(loan);
    const html = renderKeyFactsStatement(contract, analyzeContract(contract, ctx.deps.config.pricing), {
      preparedOn: ctx.deps.now().toISOString().slice(0, 10),
      lenderName: loan.institution_name,
      productName: loan.product_name,
      contractNo: loan.contract_no,
    });
    return new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        // The statement is a standalone printable page: no scripts, inline styles only (see app.ts).
        'X-Suitrate-Csp': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
    });
  },
};
