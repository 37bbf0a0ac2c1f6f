/**
 * A deterministic synthetic loan book written straight into a workspace with SQL, for tests and
 * examples of the risk module (independent of the full generator in src/synth). Risk rises with the
 * nominal rate and the online channel; a borrower who defaults stops paying after some installment,
 * some of them are sued a few months later; a few pay late and cure.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Deterministic uniform in [0, 1) from (k, salt), no global random state. */
const u = (salt: string): string => `((hash(k, '${salt}') % 1000003) / 1000003.0)`;

export async function createTestBook(conn: DuckDBConnection, loans = 2000): Promise<void> {
  await conn.run(`
INSERT INTO institution (institution_id, name, kind) VALUES ('BANK', 'Test Bank', 'bank'), ('MICRO', 'Test Micro', 'microlender');
INSERT INTO product (product_id, institution_id, name, kind, repayment_method) VALUES
  ('P_CASH', 'MICRO', 'Cash', 'cash_loan', 'equal_installment'), ('P_INST', 'BANK', 'Installment', 'consumer_installment', 'equal_installment');
CREATE TEMP TABLE _book AS
SELECT k,
  'L' || lpad(CAST(k AS VARCHAR), 6, '0') AS loan_id,
  'C' || lpad(CAST(k % ${Math.max(1, Math.floor(loans * 0.8))} AS VARCHAR), 6, '0') AS customer_id,
  CASE WHEN k % 3 = 0 THEN 'BANK' ELSE 'MICRO' END AS institution_id,
  CASE WHEN k % 3 = 0 THEN 'P_INST' ELSE 'P_CASH' END AS product_id,
  CASE WHEN ${u('ch')} < 0.5 THEN 'app' WHEN ${u('ch')} < 0.8 THEN 'online' ELSE 'branch' END AS channel,
  CASE WHEN ${u('pv')} < 0.4 THEN '44' WHEN ${u('pv')} < 0.7 THEN '11' ELSE '50' END AS province,
  CAST(DATE '2023-01-01' + CAST(floor(${u('d')} * 360) AS INTEGER) AS DATE) AS originated_at,
  CAST(100000 + floor(${u('amt')} * 2000000) AS BIGINT) AS principal_fen,
  12 AS term_months,
  0.07 + 0.2 * ${u('rate')} AS nominal_rate,
  1950 + CAST(floor(${u('age')} * 50) AS INTEGER) AS birth_year
FROM range(${loans}) t(k);
ALTER TABLE _book ADD COLUMN default_after INTEGER;
UPDATE _book SET default_after = CASE
  WHEN ((hash(k, 'def') % 1000003) / 1000003.0) < 1 / (1 + exp(-(-3.2 + 9 * (nominal_rate - 0.07) + CASE WHEN channel = 'online' THEN 0.9 ELSE 0 END + CASE WHEN institution_id = 'BANK' THEN -0.6 ELSE 0 END)))
  THEN 1 + CAST(floor(((hash(k, 'when') % 1000003) / 1000003.0) * 11) AS INTEGER) END;
INSERT INTO customer (customer_id, birth_year, province) SELECT customer_id, min(birth_year), min(province) FROM _book GROUP BY customer_id;
INSERT INTO loan (loan_id, institution_id, product_id, customer_id, channel, province, originated_at, principal_fen, term_months, nominal_rate, upfront_fee_fen)
  SELECT loan_id, institution_id, product_id, customer_id, channel, province, originated_at, principal_fen, term_months, nominal_rate,
         CASE WHEN institution_id = 'MICRO' THEN principal_fen // 50 ELSE 0 END FROM _book;
INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen)
  SELECT loan_id, s, CAST(originated_at + INTERVAL (s) MONTH AS DATE), principal_fen // 12, CAST(round(principal_fen * nominal_rate / 12) AS BIGINT), 0
  FROM _book, range(1, 13) r(s);
INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen)
  SELECT b.loan_id || '-' || s, b.loan_id,
         CAST(originated_at + INTERVAL (s) MONTH AS DATE) + CASE WHEN ((hash(k, s, 'late') % 1000003) / 1000003.0) < 0.05 THEN 20 ELSE 0 END,
         principal_fen // 12 + CAST(round(principal_fen * nominal_rate / 12) AS BIGINT)
  FROM _book b, range(1, 13) r(s)
  WHERE default_after IS NULL OR s <= default_after;
INSERT INTO dispute (dispute_id, institution_id, institution_role, loan_id, customer_id, filed_at)
  SELECT 'D' || loan_id, institution_id, 'plaintiff', loan_id, customer_id, CAST(originated_at + INTERVAL (default_after + 5) MONTH AS DATE)
  FROM _book WHERE default_after IS NOT NULL AND ((hash(k, 'sue') % 1000003) / 1000003.0) < 0.6;
DROP TABLE _book;
`);
}
