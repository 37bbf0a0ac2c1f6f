/**
 * 0020 — pricing audit results (`suitrate audit`): one row per run, one per audited loan, one per
 * finding. Rates are DOUBLE decimals (annualized = periodic IRR × periods a year), money BIGINT fen.
 * Runs are append-only; the summary reads the latest completed run unless told otherwise. The result
 * tables have no primary-key index (one writer per run, bulk-appended: an index would cost more than
 * it guards); (run_id, loan_id) is unique by construction.
 */
export const version = 20;
export const name = 'pricing';
export const sql = `
CREATE TABLE pricing_audit_run (
  run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,          -- running | completed | failed
  flows_source VARCHAR NOT NULL,    -- contract (terms) | schedule (installment table) | actual (repayment table)
  loans_audited BIGINT NOT NULL DEFAULT 0,
  loans_with_findings BIGINT NOT NULL DEFAULT 0,
  loans_without_rate BIGINT NOT NULL DEFAULT 0,
  findings BIGINT NOT NULL DEFAULT 0,
  workers INTEGER NOT NULL DEFAULT 0,
  elapsed_ms BIGINT,
  settings JSON                     -- thresholds and tolerances used
);

CREATE TABLE pricing_audit_loan (
  run_id VARCHAR NOT NULL,
  loan_id VARCHAR NOT NULL,
  institution_id VARCHAR,
  product_id VARCHAR,
  lender_kind VARCHAR NOT NULL,     -- licensed | private
  originated_at DATE,
  principal_fen BIGINT NOT NULL,
  net_disbursed_fen BIGINT NOT NULL,
  total_interest_fen BIGINT,
  total_fees_fen BIGINT,
  total_cost_fen BIGINT,
  rate_status VARCHAR NOT NULL,     -- ok | fees_exceed_principal | no_sign_change | all_zero | no_real_root | out_of_range | multiple_roots | invalid
  periodic_irr DOUBLE,
  apr DOUBLE,                       -- IRR annualized (nominal): periodic IRR × periods a year
  effective_annual DOUBLE,
  disclosed_apr DOUBLE,
  disclosed_basis VARCHAR,
  court_cap_id VARCHAR,             -- private_4lpr | private_2015_24 | licensed_24
  court_cap_rate DOUBLE,
  not_supported_fen BIGINT NOT NULL DEFAULT 0,
  finding_count INTEGER NOT NULL DEFAULT 0,
  max_severity VARCHAR,
  flows_fen VARCHAR                 -- lender-view cash flows in fen, space-separated (t = 0 is minus the amount received); loans with findings only
);

CREATE TABLE pricing_finding (
  run_id VARCHAR NOT NULL,
  loan_id VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,        -- high | medium | low | info
  excess_fen BIGINT,                -- cap findings: cost above the cap
  message_zh VARCHAR NOT NULL,
  message_en VARCHAR NOT NULL,
  evidence JSON NOT NULL            -- the figures behind the finding; the flows are pricing_audit_loan.flows_fen
);

-- The flows of audited loans as BIGINT lists (stored as text: appending lists is slow).
CREATE VIEW pricing_audit_flows AS
SELECT run_id, loan_id, CAST(string_split(flows_fen, ' ') AS BIGINT[]) AS flows_fen
FROM pricing_audit_loan WHERE flows_fen IS NOT NULL;
`;
