/**
 * 0002 — `installment` and `repayment` without PRIMARY KEY (decision D6 in docs/decisions.md).
 * The ART index behind those keys was the largest single cost of a bulk import (inserting 16 M
 * installments) and most of its memory; the importer (src/ingest) is the only writer and guarantees
 * the natural keys (loan_id, seq) and repayment_id are unique itself, set-based: duplicates within
 * a file and against the store are found before anything is inserted. DuckDB cannot drop a primary
 * key in place, so each table is recreated (same columns, NOT NULLs and defaults) and its rows
 * copied; forward-only like every migration.
 */
export const version = 2;
export const name = 'bulk-keys';
export const sql = `
CREATE TABLE installment_v2 (
  loan_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  due_date DATE NOT NULL,
  principal_due_fen BIGINT NOT NULL,
  interest_due_fen BIGINT NOT NULL,
  fee_due_fen BIGINT NOT NULL DEFAULT 0,
  batch_id VARCHAR
);
INSERT INTO installment_v2 SELECT loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen, batch_id FROM installment;
DROP TABLE installment;
ALTER TABLE installment_v2 RENAME TO installment;

CREATE TABLE repayment_v2 (
  repayment_id VARCHAR NOT NULL,
  loan_id VARCHAR NOT NULL,
  paid_at DATE NOT NULL,
  amount_fen BIGINT NOT NULL,
  principal_fen BIGINT,
  interest_fen BIGINT,
  fee_fen BIGINT,
  penalty_fen BIGINT,
  channel VARCHAR,
  batch_id VARCHAR
);
INSERT INTO repayment_v2 SELECT repayment_id, loan_id, paid_at, amount_fen, principal_fen, interest_fen, fee_fen, penalty_fen, channel, batch_id FROM repayment;
DROP TABLE repayment;
ALTER TABLE repayment_v2 RENAME TO repayment;
`;
