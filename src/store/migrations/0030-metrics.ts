/**
 * 0030 — metrics: the rate cache (src/metrics/cache.ts). Derived data only, rebuilt by
 * `refreshMetricsCache`: loans originated per month and slice, and every dispute with the attributes
 * of its linked loan, so `computeRate` can answer on a 10M-loan book without scanning it. The
 * statements are idempotent (IF NOT EXISTS): the refresh runs them too, because a workspace already
 * past version 30 when this migration appeared never runs it.
 */
export const version = 30;
export const name = 'metrics-cache';
export const sql = `
CREATE TABLE IF NOT EXISTS metrics_cache_state (
  key VARCHAR PRIMARY KEY,
  fingerprint VARCHAR NOT NULL,
  amount_bands VARCHAR NOT NULL,
  rows_loan_month BIGINT NOT NULL,
  rows_dispute BIGINT NOT NULL
);
-- Loans originated per month and slice; principal_fen holds a representative amount of the
-- amount band (its upper edge, or the last edge + 1 fen), valid for the band edges in the state.
CREATE TABLE IF NOT EXISTS metrics_loan_month (
  originated_at DATE NOT NULL,
  institution_id VARCHAR,
  product_id VARCHAR,
  product_kind VARCHAR,
  province VARCHAR,
  channel VARCHAR,
  principal_fen BIGINT NOT NULL,
  loans BIGINT NOT NULL
);
-- Every dispute with the attributes of its linked loan (NULL when unlinked).
CREATE TABLE IF NOT EXISTS metrics_dispute_fact (
  dispute_id VARCHAR NOT NULL,
  institution_id VARCHAR,
  institution_role VARCHAR,
  filed_at DATE,
  count_date DATE,
  decided_at DATE,
  latest_decided_at DATE,
  is_lending BOOLEAN,
  counts_as_lawsuit BOOLEAN,
  enforcement_only BOOLEAN,
  cause_category VARCHAR,
  court_name VARCHAR,
  court_code VARCHAR,
  court_province VARCHAR,
  procedure VARCHAR,
  loan_id VARCHAR,
  l_institution_id VARCHAR,
  l_product_id VARCHAR,
  l_product_kind VARCHAR,
  l_province VARCHAR,
  l_channel VARCHAR,
  l_originated_at DATE,
  l_principal_fen BIGINT
);
`;
