/**
 * 0003 — `installment` and `repayment` become views over segment tables (decision D13 in
 * docs/decisions.md). A bulk import of a clean file writes its rows once, straight from the CSV
 * reader into a new segment table, instead of staging them and copying them into one big table;
 * the import's transaction then registers the segment and redefines the view, so the rows appear
 * all at once or not at all. `<table>_base` holds the rows of every other writer (the general
 * import path, migrations, tests) and the rows of compacted segments. Forward-only like every
 * migration; existing rows move into the base tables by rename, without a copy.
 */
export const version = 3;
export const name = 'segments';
export const sql = `
ALTER TABLE installment RENAME TO installment_base;
ALTER TABLE repayment RENAME TO repayment_base;
CREATE TABLE store_segment (
  table_name VARCHAR PRIMARY KEY,   -- the physical segment table, e.g. installment_s_<batch>
  logical VARCHAR NOT NULL,         -- installment | repayment
  batch_id VARCHAR NOT NULL,
  row_count BIGINT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE VIEW installment AS SELECT loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen, batch_id FROM installment_base;
CREATE VIEW repayment AS SELECT repayment_id, loan_id, paid_at, amount_fen, principal_fen, interest_fen, fee_fen, penalty_fen, channel, batch_id FROM repayment_base;
`;
