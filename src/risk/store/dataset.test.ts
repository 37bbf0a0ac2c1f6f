import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { dataExtent, datasetSql } from './dataset.js';

/**
 * A hand-built book, observed at T = 2024-06-30 (expected values derived in the comments).
 *  A (customer C1, born 1990): 6 × 215 yuan (200 principal + 10 interest + 5 fee) due on the 15th from
 *    2024-02; paid 02-15, 03-20 (5 days late), 04-15; nothing since → 46 DPD at T, 90 DPD on 08-13.
 *    Sued 2024-10-10. One complaint before T, one after.
 *  B (C2, born 1960): 14 × 55 yuan from 2023-07-10; September missed, paid 10-10 (covers Sept, 29
 *    DPD at most) and 10-25 (covers Oct, 14 DPD; 3 yuan penalty in that payment), monthly since
 *    (the last two payments, July and August 2024, fall after T: they only count for the labels).
 *  C (C2): settled, sued 2023-03-01 → a prior suit for C2's other loans.
 *  D (C1): never paid, 150 DPD at T → excluded (already in default). E: originated after T.
 *  F (C1): already sued 2024-06-01 → excluded.
 */
const BOOK = `
INSERT INTO institution (institution_id, name, kind) VALUES ('I1', 'Lender', 'microlender');
INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate) VALUES ('P1', 'I1', 'Cash', 'cash_loan', 'equal_installment', 0.18);
INSERT INTO customer (customer_id, birth_year, province) VALUES ('C1', 1990, '11'), ('C2', 1960, '44');
INSERT INTO loan (loan_id, institution_id, product_id, customer_id, channel, originated_at, principal_fen, term_months, upfront_fee_fen) VALUES
 ('A', 'I1', 'P1', 'C1', 'app', DATE '2024-01-15', 120000, 6, 1000),
 ('B', 'I1', 'P1', 'C2', 'partner', DATE '2023-06-10', 70000, 14, 0),
 ('C', 'I1', 'P1', 'C2', 'app', DATE '2022-01-01', 10000, 1, 0),
 ('D', 'I1', 'P1', 'C1', 'app', DATE '2024-01-01', 30000, 3, 0),
 ('E', 'I1', 'P1', 'C1', 'app', DATE '2024-07-01', 30000, 3, 0),
 ('F', 'I1', 'P1', 'C1', 'app', DATE '2024-01-01', 30000, 3, 0);
INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen)
 SELECT 'A', s, CAST(DATE '2024-01-15' + INTERVAL (s) MONTH AS DATE), 20000, 1000, 500 FROM range(1, 7) t(s);
INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen)
 SELECT 'B', s, CAST(DATE '2023-06-10' + INTERVAL (s) MONTH AS DATE), 5000, 500, 0 FROM range(1, 15) t(s);
INSERT INTO installment_base VALUES ('C', 1, DATE '2022-02-01', 10000, 0, 0, NULL);
INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen)
 SELECT l, s, CAST(DATE '2024-01-01' + INTERVAL (s) MONTH AS DATE), 10000, 0, 0 FROM range(1, 4) t(s), (VALUES ('D'), ('E'), ('F')) v(l);
INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen, penalty_fen) VALUES
 ('a1', 'A', DATE '2024-02-15', 21500, NULL), ('a2', 'A', DATE '2024-03-20', 21500, NULL), ('a3', 'A', DATE '2024-04-15', 21500, NULL),
 ('b1', 'B', DATE '2023-07-10', 5500, NULL), ('b2', 'B', DATE '2023-08-10', 5500, NULL), ('b3', 'B', DATE '2023-10-10', 5500, NULL),
 ('b4', 'B', DATE '2023-10-25', 5800, 300), ('c1', 'C', DATE '2023-05-01', 10000, NULL);
INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen)
 SELECT 'bm' || s, 'B', CAST(DATE '2023-11-10' + INTERVAL (s) MONTH AS DATE), 5500 FROM range(0, 10) t(s);
INSERT INTO complaint (complaint_id, customer_id, loan_id, received_at, status) VALUES
 ('k1', 'C1', 'A', TIMESTAMP '2024-05-20 10:00:00', 'closed'), ('k2', 'C1', 'A', TIMESTAMP '2024-07-05 10:00:00', 'received');
INSERT INTO dispute (dispute_id, institution_id, institution_role, loan_id, customer_id, filed_at) VALUES
 ('dA', 'I1', 'plaintiff', 'A', 'C1', DATE '2024-10-10'),
 ('dC', 'I1', 'plaintiff', 'C', 'C2', DATE '2023-03-01'),
 ('dF', 'I1', 'plaintiff', 'F', 'C1', DATE '2024-06-01');
`;

type Row = Record<string, unknown>;

describe('training data from the store (hand-built book)', () => {
  let ws: TempWorkspace;
  let rows: Row[];
  const byId = (id: string): Row => rows.find((r) => r['loan_id'] === id) ?? {};

  beforeAll(async () => {
    ws = await openTempWorkspace();
    await ws.conn.run(BOOK);
    rows = await queryRows(ws.conn, datasetSql({ asOf: '2024-06-30' }));
  });
  afterAll(() => ws.dispose());

  it('keeps loans active at T and not already defaulted or sued', () => {
    expect(rows.map((r) => r['loan_id'])).toEqual(['A', 'B']);
  });

  it('loan A: application features', () => {
    const a = byId('A');
    expect(a['principal_yuan']).toBe(1200);
    expect(a['term_months']).toBe(6);
    expect(a['nominal_rate']).toBe(0.18);
    expect(a['upfront_fee_rate']).toBe(1000 / 120000);
    expect(a['fee_share']).toBe((6 * 500 + 1000) / (6 * 1000 + 6 * 500 + 1000));
    expect([a['product_kind'], a['lender_kind'], a['channel'], a['province'], a['age_band']]).toEqual(['cash_loan', 'microlender', 'app', '11', '25-34']);
    expect(a['months_on_book']).toBe(5);
  });

  it('loan A: behaviour up to T', () => {
    const a = byId('A');
    expect(a['current_dpd']).toBe(46); // May 15 → June 30
    expect(a['max_dpd_3m']).toBe(46);
    expect(a['max_dpd_12m']).toBe(46);
    expect(a['missed_installments']).toBe(3); // March (late), May, June
    expect(a['payment_ratio_6m']).toBe((3 * 21500) / (5 * 21500));
    expect(a['outstanding_ratio']).toBe(60000 / 120000);
    expect(a['complaints_count']).toBe(1);
    expect(a['complaints_12m']).toBe(1);
    expect(a['customer_prior_suits']).toBe(1); // C1's loan F was sued on 2024-06-01
  });

  it('loan A: labels from the next 12 months', () => {
    expect(byId('A')['bad_90dpd_12m']).toBe(1);
    expect(byId('A')['sued_12m']).toBe(1);
  });

  it('loan B: first-due-first settlement, penalties excluded, windows', () => {
    const b = byId('B');
    expect(b['current_dpd']).toBe(0);
    expect(b['max_dpd_12m']).toBe(29); // September paid 10-10: 29 days past due at the end of 10-09
    expect(b['max_dpd_6m']).toBe(0);
    expect(b['max_dpd_3m']).toBe(0);
    expect(b['missed_installments']).toBe(2);
    expect(b['payment_ratio_6m']).toBe(1);
    expect(b['outstanding_ratio']).toBe(10000 / 70000);
    expect(b['age_band']).toBe('55+');
    expect(b['months_on_book']).toBe(12);
    expect(b['customer_prior_suits']).toBe(1);
    expect(b['fee_share']).toBe(0);
    expect([b['bad_90dpd_12m'], b['sued_12m']]).toEqual([0, 0]);
  });

  it('includes defaulted and sued loans on request', async () => {
    const all = await queryRows(ws.conn, datasetSql({ asOf: '2024-06-30', includeDefaulted: true }));
    expect(all.map((r) => r['loan_id'])).toEqual(['A', 'B', 'D', 'F']);
    expect(all.find((r) => r['loan_id'] === 'D')?.['current_dpd']).toBe(150);
  });

  it('no leakage: data dated after T changes labels, never features', async () => {
    const before = await queryRows(ws.conn, datasetSql({ asOf: '2024-06-30', withoutLabels: true }));
    await exec(ws.conn, "INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen) VALUES ('late', 'A', DATE '2024-07-02', 64500)");
    await exec(ws.conn, "INSERT INTO complaint (complaint_id, customer_id, loan_id, received_at, status) VALUES ('k3', 'C2', 'B', TIMESTAMP '2024-08-01 09:00:00', 'received')");
    const after = await queryRows(ws.conn, datasetSql({ asOf: '2024-06-30', withoutLabels: true }));
    expect(after).toEqual(before);
    const labels = await queryRows(ws.conn, datasetSql({ asOf: '2024-06-30' }));
    expect(labels.find((r) => r['loan_id'] === 'A')?.['bad_90dpd_12m']).toBe(0); // caught up before 90 DPD
    await exec(ws.conn, "DELETE FROM repayment_base WHERE repayment_id = 'late'; DELETE FROM complaint WHERE complaint_id = 'k3'");
  });

  it('reports whether the store covers the label window', async () => {
    const e = await dataExtent(ws.conn, '2024-06-30');
    expect(e).toEqual({ lastDataDate: '2024-10-10', labelWindowEnd: '2025-06-30', labelsComplete: false });
  });

  it('refuses a malformed date', () => {
    expect(() => datasetSql({ asOf: "2024-06-30'; DROP TABLE loan; --" })).toThrow(/YYYY-MM-DD/);
  });
});
