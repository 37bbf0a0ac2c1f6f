import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { analyzeContract } from '../analyze.js';
import { parseContract } from '../contract.js';
import { runAudit } from './run.js';
import { auditSummary, loanFindings } from './summary.js';

/**
 * A hand-built book: a licensed bank (A) with a flat-rate product, an honest IRR product and a
 * product whose fees are left out of the disclosed rate; a private lender (P) with a bullet loan
 * above 4 × LPR; and one loan whose fee swallows the principal.
 */
const BOOK = `
INSERT INTO institution (institution_id, name, kind, licensed) VALUES
  ('A', 'Bank A', 'bank', TRUE), ('P', 'Lender P', 'other', FALSE);
INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate, upfront_fee_rate, monthly_fee_rate, disclosed_apr, disclosed_rate_basis) VALUES
  ('A-FLAT', 'A', 'Flat 6%', 'consumer_installment', 'flat', 0.06, NULL, NULL, 0.06, 'flat'),
  ('A-IRR', 'A', 'Honest 18%', 'cash_loan', 'equal_installment', 0.18, NULL, NULL, 0.18, 'irr'),
  ('A-FEE', 'A', '20% plus fees', 'cash_loan', 'equal_installment', 0.20, NULL, 0.01, 0.20, 'irr'),
  ('P-BUL', 'P', 'Bullet 20%', 'cash_loan', 'bullet', 0.20, NULL, NULL, 0.20, 'irr');
INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, upfront_fee_fen) VALUES
  ('L1', 'A', 'A-FLAT', DATE '2023-03-01', 10000000, 12, 0),
  ('L2', 'A', 'A-IRR', DATE '2023-03-01', 1000000, 12, 0),
  ('L3', 'A', 'A-FEE', DATE '2023-03-01', 1000000, 12, 0),
  ('L4', 'P', 'P-BUL', DATE '2021-01-15', 1000000, 12, 0),
  ('L5', 'A', 'A-FLAT', DATE '2023-03-01', 10000000, 12, 100000),
  ('L6', 'A', 'A-IRR', DATE '2023-03-01', 100000, 12, 100000);
INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen) VALUES ('R1', 'L4', DATE '2022-01-15', 1200000);
`;

const EXPECTED_FINDINGS: ReadonlyArray<[string, string, string, number | null]> = [
  ['L1', 'disclosure.flat_rate_shown', 'high', null],
  ['L3', 'cap.licensed_24', 'high', 0],
  ['L3', 'cap.threshold.reg_20', 'medium', 0],
  ['L3', 'disclosure.fees_excluded', 'high', null],
  ['L4', 'cap.private_4lpr', 'high', 46000],
  ['L5', 'disclosure.fees_excluded', 'high', null],
  ['L5', 'disclosure.flat_rate_shown', 'high', null],
  ['L5', 'disclosure.upfront_deduction', 'medium', null],
  ['L6', 'rate.unavailable', 'high', null],
];

let ws: TempWorkspace;

beforeAll(async () => {
  ws = await openTempWorkspace();
  await ws.conn.run(BOOK);
});

afterAll(() => ws.dispose());

async function findingsOf(runId: string): Promise<Array<[string, string, string, number | null]>> {
  const rows = await queryRows<{ loan_id: string; code: string; severity: string; excess_fen: number | null }>(
    ws.conn,
    'SELECT loan_id, code, severity, excess_fen FROM pricing_finding WHERE run_id = ? ORDER BY loan_id, code',
    [runId],
  );
  return rows.map((r) => [r.loan_id, r.code, r.severity, r.excess_fen]);
}

describe('suitrate audit over a hand-built book (contract terms)', () => {
  let runId = '';

  it('finds exactly the expected findings', async () => {
    const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2024-06-01T00:00:00Z'), workers: 0, runId: 'run-inline' });
    runId = r.runId;
    expect(r).toMatchObject({ loansAudited: 6, loansWithFindings: 5, loansWithoutRate: 1, findings: 9, workers: 0 });
    const got = await findingsOf(runId);
    // The licensed-24 / reg-20 excess amounts of L3 are checked against the single-contract engine below.
    expect(got.map(([l, c, s, e]) => [l, c, s, c === 'cap.licensed_24' || c === 'cap.threshold.reg_20' ? 0 : e])).toEqual(EXPECTED_FINDINGS);
  });

  it('stores rates equal to the single-contract engine (L3: 20% + 1% monthly fee)', async () => {
    const [row] = await queryRows<{ apr: number; not_supported_fen: number; flows_fen: string }>(ws.conn, "SELECT apr, not_supported_fen, flows_fen FROM pricing_audit_loan WHERE run_id = ? AND loan_id = 'L3'", [runId]);
    const a = analyzeContract(parseContract({ principal: 10000, term: 12, annual_rate: 0.2, monthly_fee_rate: 0.01, start_date: '2023-03-01' }));
    expect(row?.apr).toBeCloseTo(a.rates.nominalAnnual ?? Number.NaN, 12);
    expect(row?.not_supported_fen).toBe(a.caps.notSupportedFen);
    expect(row?.flows_fen).toBe(Array.from(a.cashFlows.amounts).join(' '));
  });

  it('L5 is the PBOC example: 12.80% annualized, flows start at −99,000.00', async () => {
    const [row] = await queryRows<{ apr: number; flows: number[] }>(
      ws.conn,
      "SELECT l.apr, f.flows_fen AS flows FROM pricing_audit_flows f JOIN pricing_audit_loan l USING (run_id, loan_id) WHERE run_id = ? AND loan_id = 'L5'",
      [runId],
    );
    expect(((row?.apr ?? 0) * 100).toFixed(2)).toBe('12.80');
    expect(row?.flows[0]).toBe(-9_900_000);
    expect(row?.flows).toHaveLength(13);
  });

  it('summarizes by lender and product with cap amounts and findings by code', async () => {
    const s = await auditSummary(ws.conn);
    expect(s.run.runId).toBe(runId);
    expect(s.byLender.map((g) => [g.institutionId, g.loans, g.loansWithFindings, g.loansAboveCourtCap])).toEqual([
      ['A', 5, 4, 1],
      ['P', 1, 1, 1],
    ]);
    expect(s.caps.find((c) => c.code === 'cap.private_4lpr')).toEqual({ code: 'cap.private_4lpr', loans: 1, excessFen: 46000 });
    expect(s.findings.find((f) => f.code === 'disclosure.fees_excluded')?.count).toBe(2);
    const flat = s.byProduct.find((g) => g.productId === 'A-FLAT');
    expect(flat?.loans).toBe(2);
    expect(flat?.medianDisclosed).toBe(0.06);
  });

  it('stored findings render their messages and carry the flows that prove them', async () => {
    const [cap] = await loanFindings(ws.conn, { runId, loanId: 'L4' });
    expect(cap?.en).toContain('exceeds Private lending: 4 × the one-year LPR at contract formation (15.40%)');
    expect(cap?.en).toContain('cost above the cap 460.00 yuan');
    expect(cap?.flowsFen).toEqual([-1000000, ...Array<number>(11).fill(0), 1200000]);
    const [flat] = await loanFindings(ws.conn, { runId, loanId: 'L1' });
    expect(Number(flat?.evidence['ratio']).toFixed(2)).toBe('1.82');
    expect(flat?.zh).toContain('等本等息');
    const [none] = await loanFindings(ws.conn, { runId, loanId: 'L6' });
    expect(none?.en).toBe('No annualized rate: the upfront fee is not less than the principal: the borrower received nothing');
  });

  it('worker threads give the same findings as the inline run', async () => {
    const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2024-06-01T00:01:00Z'), workers: 2, batchSize: 2, runId: 'run-workers' });
    expect(r.workers).toBe(2);
    expect(await findingsOf(r.runId)).toEqual(await findingsOf(runId));
  });
});

describe('suitrate audit on actual repayments', () => {
  it('L4 repaid 12,000 after a year: 20.00% XIRR… and 460.00 above 4 × LPR', async () => {
    const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2024-06-01T00:02:00Z'), workers: 0, source: 'actual', filter: { institutionId: 'P' }, runId: 'run-actual' });
    expect(r.loansAudited).toBe(1);
    const [row] = await queryRows<{ effective_annual: number; not_supported_fen: number }>(ws.conn, "SELECT effective_annual, not_supported_fen FROM pricing_audit_loan WHERE run_id = 'run-actual'");
    expect(((row?.effective_annual ?? 0) * 100).toFixed(2)).toBe('20.00');
    // Allowed: 10,000 × 15.4% × 365/365 = 1,540; paid 2,000 → 460.00 not supported.
    expect(row?.not_supported_fen).toBe(46000);
  });

  it('a loan without repayment rows gets rate.unavailable (no flows)', async () => {
    const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2024-06-01T00:03:00Z'), workers: 0, source: 'actual', filter: { productId: 'A-IRR' }, runId: 'run-actual-empty' });
    expect(await findingsOf(r.runId)).toEqual([
      ['L2', 'rate.unavailable', 'high', null],
      ['L6', 'rate.unavailable', 'high', null],
    ]);
  });
});
