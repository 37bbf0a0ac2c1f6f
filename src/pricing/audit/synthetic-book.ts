/**
 * A synthetic loan book made directly in DuckDB SQL, for the pricing benchmark and the audit tests
 * (SQL text only): 9 lenders (7 licensed, 2 private), 13 products carrying the pricing patterns the
 * audit looks for (flat-rate installments shown at the flat rate, daily-rate headlines, fees outside
 * the disclosed rate, upfront deductions, an old product above 24%, private loans above 4 × LPR),
 * loans spread over 2019-01 … 2025-04 so both cap regimes occur. Deterministic (hash of the row number).
 */
export const BENCH_PRODUCTS = `
CREATE OR REPLACE TEMP TABLE bench_product AS SELECT * FROM (VALUES
  (0,  'B1-CASH',  'B1', 'cash_loan',               'equal_installment',       0.06,  0.14,   0.00, 0.0,    0.0,    'irr',     [12, 24, 36]),
  (1,  'B1-CARD',  'B1', 'credit_card_installment', 'credit_card_installment', 0.0,   0.0,    0.00, 0.005,  0.0075, 'flat',    [3, 6, 12, 24]),
  (2,  'B2-HOME',  'B2', 'consumer_installment',    'equal_principal',         0.04,  0.08,   0.00, 0.0,    0.0,    'irr',     [12, 24, 36]),
  (3,  'C1-DAILY', 'C1', 'cash_loan',               'equal_installment',       0.108, 0.216,  0.00, 0.0,    0.0,    'daily',   [3, 6, 12, 24]),
  (4,  'C1-FLAT',  'C1', 'consumer_installment',    'flat',                    0.06,  0.12,   0.00, 0.0,    0.0,    'flat',    [3, 6, 12, 24]),
  (5,  'C2-MEMB',  'C2', 'cash_loan',               'equal_installment',       0.12,  0.18,   0.00, 0.003,  0.005,  'nominal', [6, 12, 24]),
  (6,  'M1-FAST',  'M1', 'cash_loan',               'equal_installment',       0.18,  0.24,   0.03, 0.0,    0.0,    'nominal', [3, 6, 12]),
  (7,  'M1-IO',    'M1', 'cash_loan',               'interest_only',           0.15,  0.24,   0.00, 0.0,    0.0,    'irr',     [3, 6, 12]),
  (8,  'M2-OLD',   'M2', 'cash_loan',               'equal_installment',       0.24,  0.36,   0.05, 0.0,    0.0,    'daily',   [3, 6, 12]),
  (9,  'O1-GUAR',  'O1', 'cash_loan',               'equal_installment',       0.10,  0.18,   0.00, 0.006,  0.01,   'irr',     [3, 6, 12, 24]),
  (10, 'O1-INST',  'O1', 'consumer_installment',    'equal_installment',       0.12,  0.2399, 0.00, 0.0,    0.0,    'irr',     [3, 6, 12]),
  (11, 'P1-BUL',   'P1', 'cash_loan',               'bullet',                  0.10,  0.30,   0.00, 0.0,    0.0,    'irr',     [3, 6, 12]),
  (12, 'P2-LOAN',  'P2', 'cash_loan',               'equal_installment',       0.12,  0.36,   0.00, 0.0,    0.0,    'none',    [6, 12, 24])
) t(idx, product_id, institution_id, kind, method, rate_lo, rate_hi, upfront_rate, fee_lo, fee_hi, basis, terms);

INSERT INTO institution (institution_id, name, kind, licensed) VALUES
  ('B1', 'Bank One', 'bank', TRUE), ('B2', 'Bank Two', 'bank', TRUE),
  ('C1', 'Consumer Finance One', 'consumer_finance', TRUE), ('C2', 'Consumer Finance Two', 'consumer_finance', TRUE),
  ('M1', 'Microlender One', 'microlender', TRUE), ('M2', 'Microlender Two', 'microlender', TRUE),
  ('O1', 'Platform One', 'online_platform', TRUE),
  ('P1', 'Private Lender One', 'other', FALSE), ('P2', 'Private Lender Two', 'other', FALSE);

INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate, upfront_fee_rate, monthly_fee_rate, disclosed_apr, disclosed_rate_basis)
SELECT product_id, institution_id, product_id, kind, method, NULL, upfront_rate, NULL, NULL, basis FROM bench_product;
`;

const u = (salt: string): string => `((hash(i, '${salt}') % 1000000)::DOUBLE / 1000000)`;

/** Loans 0 … n−1; each row's values come from hashes of its number. */
export function benchLoansSql(n: number): string {
  const z = `((${u('z1')} + ${u('z2')} + ${u('z3')} + ${u('z4')} - 2) * sqrt(3))`;
  return `
INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, repayment_method, nominal_rate,
                  upfront_fee_fen, monthly_fee_fen, disclosed_apr, status)
SELECT loan_id, institution_id, product_id, originated_at, principal_fen, term, method, rate,
  round(principal_fen * upfront_rate)::BIGINT,
  round(principal_fen * fee)::BIGINT,
  CASE basis WHEN 'none' THEN NULL WHEN 'flat' THEN (CASE WHEN method = 'credit_card_installment' THEN fee * 12 ELSE rate END) ELSE rate END,
  'active'
FROM (
  SELECT 'L' || lpad(i::VARCHAR, 9, '0') AS loan_id, p.institution_id, p.product_id, p.method, p.basis, p.upfront_rate,
    DATE '2019-01-01' + (hash(i, 'd') % 2300)::INTEGER AS originated_at,
    (greatest(1000, least(200000, round(exp(ln(9000) + 0.9 * ${z}) / 100) * 100)) * 100)::BIGINT AS principal_fen,
    p.terms[1 + (hash(i, 't') % len(p.terms))::INTEGER] AS term,
    round(p.rate_lo + ${u('r')} * (p.rate_hi - p.rate_lo), 4) AS rate,
    round(p.fee_lo + ${u('f')} * (p.fee_hi - p.fee_lo), 4) AS fee
  FROM range(${Math.floor(n)}) r(i) JOIN bench_product p ON p.idx = (hash(i, 'p') % 13)::INTEGER
)`;
}
