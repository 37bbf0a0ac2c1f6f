/**
 * 0025 — fewer and cheaper stored values per audited loan. DuckDB's cost of storing an audit is per
 * value appended and depends on the type (measured in bench/pricing on this machine, append + commit:
 * a VARCHAR loan id ≈ 500 ns, a DOUBLE ≈ 130–160 ns, an INTEGER ≈ 60 ns), and storing was most of
 * an audit's time. So:
 *
 *   pricing_audit_loan_ref  a dictionary loan_id ↔ ref (INTEGER), shared by all runs: a loan's id is
 *                           stored once, however many runs audit it. Entries are never removed
 *                           (a run may refer to a loan that has since been deleted).
 *   pricing_audit_result    `ref` instead of `loan_id`; the five amounts (principal, net disbursed,
 *                           total interest, total fees, not supported) as INTEGER fen; the finding
 *                           count packed into `codes` (now INTEGER: status + 16 × court cap + 256 ×
 *                           max severity + 65536 × finding count); one list of flows (INTEGER[]).
 *   pricing_audit_result_wide  the exact amounts and flows of the rare loans for which any of them
 *                           is not whole fen within INTEGER range (|x| < 2^31 fen, 21 million yuan),
 *                           or is missing (NaN): their pricing_audit_result row holds 0 and [] then.
 *
 * The views pricing_audit_loan, pricing_finding and pricing_audit_flows keep their columns and
 * values. Rows of earlier runs are converted.
 */
import { FROZEN } from './0022-pricing-compact.js';

export const version = 25;
export const name = 'pricing-lean';

const { RATE_STATUSES, COURT_CAPS, SEVERITIES, EVIDENCE_FIELDS, NO_DAY } = FROZEN;

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const fin = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;
const big = (x: string): string => `round(${fin(x)})::BIGINT`;
const fields = (code: string): readonly string[] => EVIDENCE_FIELDS.find(([c]) => c === code)?.[1] ?? [];
const obj = (names: readonly string[]): string => (names.length === 0 ? `'{}'::JSON` : `json_object(${names.map((n, k) => `'${n}', ${fin(`f.v${k + 1}`)}`).join(', ')})`);

/** The evidence JSON of a finding (as migration 22 defined it). */
const EVIDENCE = `CASE ${EVIDENCE_FIELDS.filter(([c]) => c.startsWith('disclosure.'))
  .map(([c, names]) => `WHEN c.code = '${c}' THEN ${obj(names)}`)
  .join('\n    ')}
    WHEN c.code = 'rate.unavailable' THEN json_object('reason', ${list(RATE_STATUSES)}[(r.codes & 15) + 1])
    WHEN c.code LIKE 'cap.overdue.%' THEN ${obj(fields('cap.overdue'))}
    WHEN c.code LIKE 'cap.%' THEN ${obj(fields('cap'))}
    ELSE '{}'::JSON END`;

/**
 * One amount as the former text had it (JavaScript's String(x)): integers in full digits, other
 * numbers in shortest round-trip form with JavaScript's exponent (as migration 24 defined it).
 */
export const amountText = (x: string): string =>
  `CASE WHEN isnan(${x}) THEN 'NaN' WHEN isinf(${x}) THEN CASE WHEN ${x} > 0 THEN 'Infinity' ELSE '-Infinity' END
        WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e21 THEN (${x})::HUGEINT::VARCHAR ELSE regexp_replace((${x})::VARCHAR, 'e([+-])0*([0-9])', 'e\\1\\2') END`;

/** A DOUBLE amount that an INTEGER column holds exactly. */
const fits = (x: string): string => `(${x} = trunc(${x}) AND ${x} BETWEEN -2147483648 AND 2147483647)`;
const AMOUNTS = ['principal_fen', 'net_disbursed_fen', 'total_interest_fen', 'total_fees_fen', 'not_supported_fen'] as const;
/** Every amount of a 0024 row (alias o) fits INTEGER (NaN does not) and its flows are INTEGER[]. */
const narrowRow = `(${AMOUNTS.map((a) => fits(`o.${a}`)).join(' AND ')} AND len(o.flows_wide) = 0)`;

/** An amount of the view: from the wide row when there is one (w.seq not NULL). */
const amount = (a: (typeof AMOUNTS)[number]): string => `(CASE WHEN w.seq IS NULL THEN r.${a}::DOUBLE ELSE w.${a} END)`;

export const sql = `
DROP VIEW pricing_audit_flows;
DROP VIEW pricing_finding;
DROP VIEW pricing_audit_loan;

CREATE TABLE pricing_audit_loan_ref (
  ref INTEGER NOT NULL,
  loan_id VARCHAR NOT NULL
);
INSERT INTO pricing_audit_loan_ref
SELECT (row_number() OVER (ORDER BY loan_id) - 1)::INTEGER, loan_id FROM (SELECT DISTINCT loan_id FROM pricing_audit_result);

CREATE TABLE pricing_audit_result_25 (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,             -- position of the loan in the run (findings refer to it)
  ref INTEGER NOT NULL,             -- pricing_audit_loan_ref
  grp INTEGER NOT NULL,             -- pricing_audit_group
  originated_day INTEGER NOT NULL,  -- days since 1970-01-01; ${NO_DAY} = unknown
  principal_fen INTEGER NOT NULL,   -- the five amounts: 0 when the loan has a pricing_audit_result_wide row
  disclosed_apr DOUBLE NOT NULL,    -- NaN = none
  codes INTEGER NOT NULL,           -- status + 16 × court cap + 256 × max severity + 65536 × finding count
  periodic_irr DOUBLE NOT NULL,
  effective_annual DOUBLE NOT NULL,
  net_disbursed_fen INTEGER NOT NULL,
  total_interest_fen INTEGER NOT NULL,
  total_fees_fen INTEGER NOT NULL,
  court_cap_rate DOUBLE NOT NULL,
  not_supported_fen INTEGER NOT NULL,
  flows INTEGER[] NOT NULL          -- lender-view flows in fen of loans with findings; [] = none or in the wide row
);

CREATE TABLE pricing_audit_result_wide (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  principal_fen DOUBLE NOT NULL,    -- NaN = missing
  net_disbursed_fen DOUBLE NOT NULL,
  total_interest_fen DOUBLE NOT NULL,
  total_fees_fen DOUBLE NOT NULL,
  not_supported_fen DOUBLE NOT NULL,
  flows DOUBLE[] NOT NULL           -- [] = not stored (no findings)
);

INSERT INTO pricing_audit_result_25
SELECT o.run_no, o.seq, k.ref, o.grp, o.originated_day,
  CASE WHEN ${narrowRow} THEN o.principal_fen::INTEGER ELSE 0 END,
  o.disclosed_apr,
  (o.codes::INTEGER + 65536 * o.finding_count::INTEGER)::INTEGER,
  o.periodic_irr, o.effective_annual,
  CASE WHEN ${narrowRow} THEN o.net_disbursed_fen::INTEGER ELSE 0 END,
  CASE WHEN ${narrowRow} THEN o.total_interest_fen::INTEGER ELSE 0 END,
  CASE WHEN ${narrowRow} THEN o.total_fees_fen::INTEGER ELSE 0 END,
  o.court_cap_rate,
  CASE WHEN ${narrowRow} THEN o.not_supported_fen::INTEGER ELSE 0 END,
  CASE WHEN ${narrowRow} THEN o.flows ELSE []::INTEGER[] END
FROM pricing_audit_result o JOIN pricing_audit_loan_ref k ON k.loan_id = o.loan_id
ORDER BY o.run_no, o.seq;

INSERT INTO pricing_audit_result_wide
SELECT o.run_no, o.seq, ${AMOUNTS.map((a) => `o.${a}`).join(', ')},
  CASE WHEN len(o.flows_wide) > 0 THEN o.flows_wide ELSE CAST(o.flows AS DOUBLE[]) END
FROM pricing_audit_result o WHERE NOT ${narrowRow}
ORDER BY o.run_no, o.seq;

DROP TABLE pricing_audit_result;
ALTER TABLE pricing_audit_result_25 RENAME TO pricing_audit_result;

CREATE VIEW pricing_audit_loan AS
SELECT u.run_id, k.loan_id, g.institution_id, g.product_id, g.lender_kind,
  CASE WHEN r.originated_day <> ${NO_DAY} THEN DATE '1970-01-01' + r.originated_day END AS originated_at,
  ${big(amount('principal_fen'))} AS principal_fen,
  ${big(amount('net_disbursed_fen'))} AS net_disbursed_fen,
  ${big(amount('total_interest_fen'))} AS total_interest_fen,
  ${big(amount('total_fees_fen'))} AS total_fees_fen,
  ${big(`${amount('total_interest_fen')} + ${amount('total_fees_fen')}`)} AS total_cost_fen,
  ${list(RATE_STATUSES)}[(r.codes & 15) + 1] AS rate_status,
  ${fin('r.periodic_irr')} AS periodic_irr,
  ${fin('r.periodic_irr * 12')} AS apr,
  ${fin('r.effective_annual')} AS effective_annual,
  ${fin('r.disclosed_apr')} AS disclosed_apr,
  coalesce(g.product_basis, CASE WHEN isnan(r.disclosed_apr) THEN 'none' ELSE 'unknown' END) AS disclosed_basis,
  nullif(${list(COURT_CAPS)}[((r.codes >> 4) & 15) + 1], '') AS court_cap_id,
  ${fin('r.court_cap_rate')} AS court_cap_rate,
  coalesce(${big(amount('not_supported_fen'))}, 0) AS not_supported_fen,
  (r.codes >> 16)::INTEGER AS finding_count,
  CASE WHEN ((r.codes >> 8) & 255) < ${SEVERITIES.length} THEN ${list(SEVERITIES)}[((r.codes >> 8) & 255) + 1] END AS max_severity,
  CASE WHEN len(r.flows) > 0 THEN array_to_string(r.flows, ' ')
       WHEN len(w.flows) > 0 THEN array_to_string(list_transform(w.flows, x -> ${amountText('x')}), ' ') END AS flows_fen
FROM pricing_audit_result r
JOIN pricing_audit_run u ON u.run_no = r.run_no
JOIN pricing_audit_group g ON g.run_no = r.run_no AND g.grp = r.grp
JOIN pricing_audit_loan_ref k ON k.ref = r.ref
LEFT JOIN pricing_audit_result_wide w ON w.run_no = r.run_no AND w.seq = r.seq;

CREATE VIEW pricing_finding AS
SELECT u.run_id, k.loan_id, c.code, ${list(SEVERITIES)}[(f.code & 255) + 1] AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.v4')} END AS excess_fen,
  ${EVIDENCE} AS evidence
FROM pricing_audit_finding f
JOIN pricing_audit_run u ON u.run_no = f.run_no
JOIN pricing_audit_result r ON r.run_no = f.run_no AND r.seq = f.seq
JOIN pricing_audit_loan_ref k ON k.ref = r.ref
JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8;

CREATE VIEW pricing_audit_flows AS
SELECT u.run_id, k.loan_id, CAST(CASE WHEN len(r.flows) > 0 THEN r.flows ELSE w.flows END AS BIGINT[]) AS flows_fen
FROM pricing_audit_result r
JOIN pricing_audit_run u ON u.run_no = r.run_no
JOIN pricing_audit_loan_ref k ON k.ref = r.ref
LEFT JOIN pricing_audit_result_wide w ON w.run_no = r.run_no AND w.seq = r.seq
WHERE len(r.flows) > 0 OR len(w.flows) > 0;
`;
