import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeContract } from '../../pricing/analyze.js';
import { queryRows } from '../../store/sql.js';
import { contractFromLoan, readLoan } from '../adapters/pricing-contract.js';
import { importGeneratedBook } from '../test/book.js';
import { startHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedWorkspace: (ws) => importGeneratedBook(ws, { loans: 800, seed: 5 }).then(() => undefined) });
}, 300_000);
afterAll(async () => h.dispose());

describe('transparency API', () => {
  it('has no summary before an audit, then audits the book and summarizes it by product', async () => {
    const analyst = await h.as('analyst');
    expect((await analyst.call('transparency', {})).summary).toBeNull();
    const run = await analyst.call('runAudit', {});
    expect(run.loansAudited).toBe(800);
    const s = (await (await h.as('auditor')).call('transparency', {})).summary;
    expect(s?.run.runId).toBe(run.runId);
    expect(s?.byProduct.reduce((n, g) => n + g.loans, 0)).toBe(800);
    const f = await analyst.call('findings', { query: { limit: 5 } });
    expect(f.total).toBe(run.findings);
    // Filtered, the total is counted: per code, and the codes add up to the run's findings.
    const byCode = await h.server.deps.db.read((conn) => queryRows<{ code: string; n: number }>(conn, 'SELECT code, count(*)::INTEGER AS n FROM pricing_finding WHERE run_id = ? GROUP BY code ORDER BY n DESC, code', [run.runId]));
    expect(byCode.reduce((a, r) => a + r.n, 0)).toBe(run.findings);
    const top = byCode[0];
    const filtered = await analyst.call('findings', { query: { limit: 5, code: top?.code } });
    expect(filtered.total).toBe(top?.n);
    expect(filtered.findings.every((x) => x.code === top?.code)).toBe(true);
  });

  it('the contract page runs the pricing engine on the stored terms and agrees with the book audit', async () => {
    const audited = await h.server.deps.db.read((conn) => queryRows<{ loan_id: string; apr: number | null }>(conn, 'SELECT loan_id, apr FROM pricing_audit_loan WHERE apr IS NOT NULL ORDER BY loan_id LIMIT 25'));
    expect(audited.length).toBeGreaterThan(0);
    const c = await h.as('legal');
    for (const row of audited) {
      const view = await c.call('contract', { params: { loanId: row.loan_id } });
      expect(view.rates.nominalAnnual, row.loan_id).toBeCloseTo(row.apr ?? NaN, 9);
      expect(view.flows[0]?.amountFen).toBe(-view.totals.netDisbursedFen);
    }
  });

  it('contract page: the API returns analyzeContract of the adapter, and the customer only for roles that may see it', async () => {
    const [row] = await h.server.deps.db.read((conn) => queryRows<{ loan_id: string }>(conn, 'SELECT loan_id FROM loan WHERE customer_id IS NOT NULL ORDER BY loan_id LIMIT 1'));
    const loanId = row?.loan_id ?? '';
    const loan = await h.server.deps.db.read((conn) => readLoan(conn, loanId));
    if (!loan) throw new Error('no loan');
    const a = analyzeContract(contractFromLoan(loan), h.server.deps.config.pricing);
    const legal = await (await h.as('legal')).call('contract', { params: { loanId } });
    expect(legal.rates.effectiveAnnual).toBe(a.rates.effectiveAnnual);
    expect(legal.caps.checks.map((x) => x.id)).toEqual(a.caps.checks.map((x) => x.id));
    expect(legal.customer?.customerId).toBe(loan.customer_id);
    const analystBody = await (await (await h.as('analyst')).raw('contract', { params: { loanId } })).text();
    expect(analystBody).not.toContain(String(loan.customer_id));
  });

  it('serves the key facts statement as a standalone HTML page', async () => {
    const [row] = await h.server.deps.db.read((conn) => queryRows<{ loan_id: string }>(conn, 'SELECT loan_id FROM loan ORDER BY loan_id LIMIT 1'));
    const res = await (await h.as('complaint_handler')).raw('keyFacts', { params: { loanId: row?.loan_id ?? '' } });
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).toMatch(/年化利率|annual/i);
  });

  it('404 for an unknown loan', async () => {
    await expect((await h.as('analyst')).call('contract', { params: { loanId: 'NOPE' } })).rejects.toMatchObject({ status: 404 });
  });
});
