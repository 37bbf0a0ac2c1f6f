/**
 * Hand-built books whose every figure is worked out by hand in the tests (and in docs/metrics.md).
 *
 * Book 1 (rates): institutions A and B; 20 loans originated in 2024-Q1; ten disputes exercising
 * every numerator rule (roles, enforcement-only, non-lending, unlinked, fallback date, outside the
 * window).
 *
 * Book 2 (overdue, exposure): five loans of 1,200 yuan in three monthly installments of 410 yuan
 * (400 principal + 10 interest) with payments that make one paid off, one 90+ DPD, one partly
 * paid, one settled early and one not yet due.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertDisputes, insertLoans, insertRows, installments, repayment, type LoanRow } from './insert.js';

export async function buildBook1(conn: DuckDBConnection): Promise<void> {
  await insertRows(conn, 'institution', [
    { institution_id: 'A', name: '甲消费金融有限公司', kind: 'consumer_finance' },
    { institution_id: 'B', name: '乙银行股份有限公司', kind: 'bank' },
  ]);
  await insertRows(conn, 'product', [
    { product_id: 'PA1', institution_id: 'A', name: '甲现金贷', kind: 'cash_loan', repayment_method: 'equal_installment' },
    { product_id: 'PB1', institution_id: 'B', name: '乙分期', kind: 'consumer_installment', repayment_method: 'equal_installment' },
  ]);
  const loans: LoanRow[] = [];
  // A: a1..a6 in January, a7..a10 in February; principal 3,000 yuan × i (a1 = 3,000 … a10 = 30,000).
  for (let i = 1; i <= 10; i++) {
    loans.push({
      loan_id: `a${i}`,
      institution_id: 'A',
      product_id: 'PA1',
      customer_id: `ca${i}`,
      channel: i <= 5 ? 'app' : 'partner',
      province: i <= 3 ? '50' : '44',
      originated_at: i <= 6 ? `2024-01-${String(i + 10).padStart(2, '0')}` : `2024-02-${String(i + 10).padStart(2, '0')}`,
      principal_fen: 300_000 * i,
    });
  }
  // B: b1..b5 in January, b6..b10 in March; 60,000 yuan each.
  for (let i = 1; i <= 10; i++) {
    loans.push({
      loan_id: `b${i}`,
      institution_id: 'B',
      product_id: 'PB1',
      customer_id: `cb${i}`,
      channel: 'branch',
      province: '11',
      originated_at: i <= 5 ? `2024-01-0${i}` : `2024-03-${String(i + 10).padStart(2, '0')}`,
      principal_fen: 6_000_000,
    });
  }
  // A loan outside the window (April) that no Q1 figure may count.
  loans.push({ loan_id: 'a11', institution_id: 'A', product_id: 'PA1', customer_id: 'ca11', channel: 'app', province: '44', originated_at: '2024-04-05', principal_fen: 500_000 });
  await insertLoans(conn, loans);
  await insertDisputes(conn, [
    // D1: one dispute across first instance, appeal and enforcement: counted once.
    { dispute_id: 'D1', institution_id: 'A', loan_id: 'a1', filed_at: '2024-01-20', decided_at: '2024-04-10', court_name: '法院X', court_code: '渝0192', court_province: '50', procedure: 'simple', has_appeal: true, has_enforcement: true },
    { dispute_id: 'D2', institution_id: 'A', loan_id: 'a2', filed_at: '2024-02-10', decided_at: '2024-03-01', court_name: '法院X', court_code: '渝0192', court_province: '50' },
    // D3: a suit against the lender over fees.
    { dispute_id: 'D3', institution_id: 'A', institution_role: 'defendant', loan_id: 'a7', filed_at: '2024-03-05', court_name: '法院Y', court_province: '44', cause_category: 'fee_transparency' },
    // D4: enforcement only: never a new lawsuit.
    { dispute_id: 'D4', institution_id: 'A', loan_id: 'a3', filed_at: null, count_date: '2024-02-01', court_name: '法院X', counts_as_lawsuit: false, enforcement_only: true },
    { dispute_id: 'D5', institution_id: 'B', loan_id: 'b1', filed_at: '2024-01-15', court_name: '法院Y', court_province: '44' },
    // D6: no linked loan (the court document named no contract we could match).
    { dispute_id: 'D6', institution_id: 'B', loan_id: null, filed_at: '2024-03-20', court_name: '法院X', court_province: '50' },
    // D7: filed in April, outside 2024-Q1.
    { dispute_id: 'D7', institution_id: 'A', loan_id: 'a4', filed_at: '2024-04-02', court_name: '法院X' },
    // D8: not a lending dispute.
    { dispute_id: 'D8', institution_id: 'A', loan_id: 'a5', filed_at: '2024-02-15', court_name: '法院Y', is_lending: false, cause_category: 'other' },
    // D9: the institution is only a third party.
    { dispute_id: 'D9', institution_id: 'A', institution_role: 'third_party', loan_id: 'a6', filed_at: '2024-01-25', court_name: '法院Y' },
    // D10: filing date unknown; the judgments module's count date (2024-03-25) stands in.
    { dispute_id: 'D10', institution_id: 'B', loan_id: 'b6', filed_at: null, count_date: '2024-03-25', decided_at: '2024-05-06', court_name: '法院Z', court_province: '11' },
  ]);
}

export const BOOK2_AS_OF = '2024-06-30';

export async function buildBook2(conn: DuckDBConnection): Promise<void> {
  await insertRows(conn, 'institution', [{ institution_id: 'A', name: '甲消费金融有限公司', kind: 'consumer_finance' }]);
  await insertRows(conn, 'product', [{ product_id: 'P', institution_id: 'A', name: '甲现金贷', kind: 'cash_loan', repayment_method: 'equal_installment' }]);
  const base = { institution_id: 'A', product_id: 'P', principal_fen: 120_000, term_months: 3 };
  await insertLoans(conn, [
    { ...base, loan_id: 'L1', customer_id: 'C1', originated_at: '2024-01-01', status: 'settled' },
    { ...base, loan_id: 'L2', customer_id: 'C2', originated_at: '2024-01-01' },
    { ...base, loan_id: 'L3', customer_id: 'C3', originated_at: '2024-02-15' },
    { ...base, loan_id: 'L4', customer_id: 'C4', originated_at: '2024-03-10', status: 'settled' },
    { ...base, loan_id: 'L5', customer_id: 'C2', originated_at: '2024-06-20' },
  ]);
  await insertRows(conn, 'installment', [
    ...installments('L1', ['2024-02-01', '2024-03-01', '2024-04-01'], 40_000, 1_000),
    ...installments('L2', ['2024-02-01', '2024-03-01', '2024-04-01'], 40_000, 1_000),
    ...installments('L3', ['2024-03-15', '2024-04-15', '2024-05-15'], 40_000, 1_000),
    ...installments('L4', ['2024-04-10', '2024-05-10', '2024-06-10'], 40_000, 1_000),
    ...installments('L5', ['2024-07-20', '2024-08-20', '2024-09-20'], 40_000, 1_000),
  ]);
  await insertRows(conn, 'repayment', [
    repayment('L1', '2024-02-01', 41_000, 40_000),
    repayment('L1', '2024-03-01', 41_000, 40_000),
    repayment('L1', '2024-04-01', 41_000, 40_000),
    repayment('L2', '2024-02-01', 41_000),
    repayment('L3', '2024-03-20', 20_000),
    repayment('L3', '2024-05-01', 62_000),
    repayment('L4', '2024-04-10', 121_000, 120_000),
  ]);
  await insertDisputes(conn, [{ dispute_id: 'S1', institution_id: 'A', loan_id: 'L2', customer_id: 'C2', filed_at: '2024-06-15', court_name: '法院X', claim_total_fen: 80_000 }]);
}
