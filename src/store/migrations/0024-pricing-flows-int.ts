/**
 * 0024 — cheaper flows for the book audit. Appending a million loans' flows as DOUBLE[] (0023) still
 * cost DuckDB about three times as much as the same amounts as INTEGER[] (compression analysis and
 * statistics of doubles, measured in bench/pricing). The flows are whole fen, so
 * pricing_audit_result.flows becomes INTEGER[] for loans whose amounts are all whole fen within
 * INTEGER range (|x| < 2^31 fen, 21 million yuan: every loan of an ordinary consumer book), and
 * flows_wide DOUBLE[] keeps, exactly, the amounts of any other loan (larger or fractional ones). Each
 * row has at most one non-empty list. The views keep their columns and values (pricing_audit_loan.
 * flows_fen the same text, pricing_audit_flows the same BIGINT[]). Rows of earlier runs are converted.
 */
import { FROZEN } from './0022-pricing-compact.js';

export const version = 24;
export const name = 'pricing-flows-int';

const { RATE_STATUSES, COURT_CAPS, SEVERITIES, NO_DAY } = FROZEN;

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const fin = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;
const big = (x: string): string => `round(${fin(x)})::BIGINT`;

/**
 * One amount as the former text had it (JavaScript's String(x)): integers in full digits, other
 * numbers in shortest round-trip form with JavaScript's exponent (1.5e-7, not 1.5e-07).
 */
const amountText = (x: string): string =>
  `CASE WHEN isnan(${x}) THEN 'NaN' WHEN isinf(${x}) THEN CASE WHEN ${x} > 0 THEN 'Infinity' ELSE '-Infinity' END
        WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e21 THEN (${x})::HUGEINT::VARCHAR ELSE regexp_replace((${x})::VARCHAR, 'e([+-])0*([0-9])', 'e\\1\\2') END`;

/** Every amount of the list is whole fen within INTEGER range. */
const narrow = (l: string): string => `coalesce(list_bool_and(list_transform(${l}, x -> x = trunc(x) AND x BETWEEN -2147483648 AND 2147483647)), TRUE)`;

export const sql = `
DROP VIEW pricing_audit_flows;
DROP VIEW pricing_audit_loan;

CREATE TABLE pricing_audit_result_24 (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,             -- position of the loan in the run (findings refer to it)
  loan_id VARCHAR NOT NULL,
  grp INTEGER NOT NULL,             -- pricing_audit_group
  originated_day INTEGER NOT NULL,  -- days since 1970-01-01; ${NO_DAY} = unknown
  principal_fen DOUBLE NOT NULL,
  disclosed_apr DOUBLE NOT NULL,    -- NaN = none
  codes USMALLINT NOT NULL,         -- status + 16 × court cap + 256 × max severity
  periodic_irr DOUBLE NOT NULL,
  effective_annual DOUBLE NOT NULL,
  net_disbursed_fen DOUBLE NOT NULL,
  total_interest_fen DOUBLE NOT NULL,
  total_fees_fen DOUBLE NOT NULL,
  court_cap_rate DOUBLE NOT NULL,
  not_supported_fen DOUBLE NOT NULL,
  finding_count USMALLINT NOT NULL,
  flows INTEGER[] NOT NULL,         -- lender-view flows in fen of loans with findings, when all are whole fen in INTEGER range
  flows_wide DOUBLE[] NOT NULL      -- the same for the other loans with findings; [] = not stored
);
INSERT INTO pricing_audit_result_24
SELECT * EXCLUDE (flows),
  CASE WHEN ${narrow('flows')} THEN CAST(flows AS INTEGER[]) ELSE []::INTEGER[] END,
  CASE WHEN ${narrow('flows')} THEN []::DOUBLE[] ELSE flows END
FROM pricing_audit_result ORDER BY run_no, seq;
DROP TABLE pricing_audit_result;
ALTER TABLE pricing_audit_result_24 RENAME TO pricing_audit_result;

CREATE VIEW pricing_audit_loan AS
SELECT u.run_id, r.loan_id, g.institution_id, g.product_id, g.lender_kind,
  CASE WHEN r.originated_day <> ${NO_DAY} THEN DATE '1970-01-01' + r.originated_day END AS originated_at,
  ${big('r.principal_fen')} AS principal_fen,
  ${big('r.net_disbursed_fen')} AS net_disbursed_fen,
  ${big('r.total_interest_fen')} AS total_interest_fen,
  ${big('r.total_fees_fen')} AS total_fees_fen,
  ${big('r.total_interest_fen + r.total_fees_fen')} AS total_cost_fen,
  ${list(RATE_STATUSES)}[(r.codes & 15) + 1] AS rate_status,
  ${fin('r.periodic_irr')} AS periodic_irr,
  ${fin('r.periodic_irr * 12')} AS apr,
  ${fin('r.effective_annual')} AS effective_annual,
  ${fin('r.disclosed_apr')} AS disclosed_apr,
  coalesce(g.product_basis, CASE WHEN isnan(r.disclosed_apr) THEN 'none' ELSE 'unknown' END) AS disclosed_basis,
  nullif(${list(COURT_CAPS)}[((r.codes >> 4) & 15) + 1], '') AS court_cap_id,
  ${fin('r.court_cap_rate')} AS court_cap_rate,
  coalesce(${big('r.not_supported_fen')}, 0) AS not_supported_fen,
  r.finding_count::INTEGER AS finding_count,
  CASE WHEN (r.codes >> 8) < ${SEVERITIES.length} THEN ${list(SEVERITIES)}[(r.codes >> 8) + 1] END AS max_severity,
  CASE WHEN len(r.flows) > 0 THEN array_to_string(r.flows, ' ')
       WHEN len(r.flows_wide) > 0 THEN array_to_string(list_transform(r.flows_wide, x -> ${amountText('x')}), ' ') END AS flows_fen
FROM pricing_audit_result r
JOIN pricing_audit_run u ON u.run_no = r.run_no
JOIN pricing_audit_group g ON g.run_no = r.run_no AND g.grp = r.grp;

CREATE VIEW pricing_audit_flows AS
SELECT u.run_id, r.loan_id, CAST(CASE WHEN len(r.flows) > 0 THEN r.flows ELSE r.flows_wide END AS BIGINT[]) AS flows_fen
FROM pricing_audit_result r JOIN pricing_audit_run u ON u.run_no = r.run_no
WHERE len(r.flows) > 0 OR len(r.flows_wide) > 0;
`;
