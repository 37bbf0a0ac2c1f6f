/**
 * 0022 — compact storage for the book audit. Writing a million audited loans as wide rows of
 * strings and JSON (one loan_id, institution, product, status text, evidence JSON … per row) cost
 * far more than auditing them. The audit now appends numbers only, in bulk, straight into:
 *
 *   pricing_audit_result  one row per audited loan: run_no, seq (position in the run), loan_id, the
 *                         lender/product group, the loan's date, principal and disclosed rate as read,
 *                         status, court cap and max severity packed in one small integer, and the
 *                         computed figures (total cost = interest + fees is not stored). Missing figures
 *                         are stored as NaN; the views turn them into NULL.
 *   pricing_audit_finding one row per finding: run_no, seq, code number and severity packed, and the
 *                         evidence figures v1…v5 (names per FINDING_FIELDS, see EVIDENCE_FIELDS); the
 *                         excess amount of a cap finding is its excessFen (v4).
 *   pricing_audit_group   per run: the (institution, product) pairs with their lender kind and the
 *                         product's disclosed-rate basis, as they were when the run read the book.
 *   pricing_audit_code    per run: finding code numbers → codes.
 *
 * pricing_audit_run gets an integer run_no (sequence pricing_audit_run_no). The former tables
 * pricing_audit_loan and pricing_finding become views with exactly the former columns, so readers
 * (summary, server, report) are unchanged; pricing_audit_flows is rebuilt on the new table. Rows of
 * earlier runs are converted. The code lists below are frozen copies (a test checks them against
 * src/pricing); a later change to those lists needs a new migration that recreates the views.
 */
export const version = 22;
export const name = 'pricing-compact';

const RATE_STATUSES = ['ok', 'invalid_terms', 'fees_exceed_principal', 'all_zero', 'no_sign_change', 'no_real_root', 'out_of_range', 'multiple_roots', 'invalid', 'no_flows'];
const COURT_CAPS = ['', 'private_4lpr', 'private_2015_24', 'licensed_24'];
const SEVERITIES = ['high', 'medium', 'low', 'info'];
/** Evidence field names by finding code (cap.overdue.* and cap.* by family). */
const EVIDENCE_FIELDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['disclosure.missing', ['irrNominal', 'irrEffective']],
  ['disclosure.flat_rate_shown', ['disclosed', 'irrNominal', 'irrEffective', 'ratio', 'flatHeadline']],
  ['disclosure.daily_rate_headline', ['dailyRate', 'simpleAnnual', 'irrNominal', 'irrEffective', 'dailyCompounded']],
  ['disclosure.fees_excluded', ['disclosed', 'irrNominal', 'irrWithoutFees', 'contractRate', 'feesFen']],
  ['disclosure.upfront_deduction', ['principalFen', 'deductedFen', 'interestDeductedFen', 'netDisbursedFen', 'irrNominal']],
  ['disclosure.understated', ['disclosed', 'irrNominal', 'gap', 'labelledSimple']],
  ['disclosure.regz_apr_understated', ['disclosed', 'apr']],
  ['cap.overdue', ['rate', 'cap', 'excessRate']],
  ['cap', ['rate', 'cap', 'excessRate', 'excessFen']],
];
/** Epoch day stored when a loan has no origination date. */
const NO_DAY = -2147483648;

export const FROZEN = { RATE_STATUSES, COURT_CAPS, SEVERITIES, EVIDENCE_FIELDS, NO_DAY };

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
/** A stored figure: NaN/±Infinity (missing) read as NULL. */
const fin = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;
/** A stored amount in fen as BIGINT (NULL when missing). */
const big = (x: string): string => `round(${fin(x)})::BIGINT`;
const fields = (code: string): readonly string[] => EVIDENCE_FIELDS.find(([c]) => c === code)?.[1] ?? [];
const obj = (names: readonly string[]): string => (names.length === 0 ? `'{}'::JSON` : `json_object(${names.map((n, k) => `'${n}', ${fin(`f.v${k + 1}`)}`).join(', ')})`);

const EVIDENCE = `CASE ${EVIDENCE_FIELDS.filter(([c]) => c.startsWith('disclosure.'))
  .map(([c, names]) => `WHEN c.code = '${c}' THEN ${obj(names)}`)
  .join('\n    ')}
    WHEN c.code = 'rate.unavailable' THEN json_object('reason', ${list(RATE_STATUSES)}[(r.codes & 15) + 1])
    WHEN c.code LIKE 'cap.overdue.%' THEN ${obj(fields('cap.overdue'))}
    WHEN c.code LIKE 'cap.%' THEN ${obj(fields('cap'))}
    ELSE '{}'::JSON END`;

/** v1…v5 of a stored evidence JSON (conversion of earlier runs). */
const fieldsCase = `CASE ${EVIDENCE_FIELDS.filter(([c]) => c.startsWith('disclosure.'))
  .map(([c, names]) => `WHEN f.code = '${c}' THEN ${list(names)}`)
  .join(' ')} WHEN f.code LIKE 'cap.overdue.%' THEN ${list(fields('cap.overdue'))} WHEN f.code LIKE 'cap.%' THEN ${list(fields('cap'))} ELSE []::VARCHAR[] END`;
const v = (k: number): string => `coalesce(TRY_CAST(json_extract(o.evidence, '$."' || o.f[${k}] || '"') AS DOUBLE), 'NaN'::DOUBLE) AS v${k}`;

export const sql = `
ALTER TABLE pricing_audit_run ADD COLUMN run_no INTEGER;
CREATE SEQUENCE pricing_audit_run_no START 1;
UPDATE pricing_audit_run SET run_no = nextval('pricing_audit_run_no');

CREATE TABLE pricing_audit_group (
  run_no INTEGER NOT NULL,
  grp INTEGER NOT NULL,
  institution_id VARCHAR,
  product_id VARCHAR,
  lender_kind VARCHAR NOT NULL,     -- licensed | private
  product_basis VARCHAR             -- product.disclosed_rate_basis (NULL: none/unknown by the loan's disclosed rate)
);

CREATE TABLE pricing_audit_code (
  run_no INTEGER NOT NULL,
  code_no INTEGER NOT NULL,
  code VARCHAR NOT NULL
);

CREATE TABLE pricing_audit_result (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,             -- position of the loan in the run (findings refer to it)
  loan_id VARCHAR NOT NULL,
  grp INTEGER NOT NULL,             -- pricing_audit_group
  originated_day INTEGER NOT NULL,  -- days since 1970-01-01; ${NO_DAY} = unknown
  principal_fen DOUBLE NOT NULL,
  disclosed_apr DOUBLE NOT NULL,    -- NaN = none
  codes USMALLINT NOT NULL,         -- status + 16 × court cap + 256 × max severity (indexes below)
  periodic_irr DOUBLE NOT NULL,
  effective_annual DOUBLE NOT NULL,
  net_disbursed_fen DOUBLE NOT NULL,
  total_interest_fen DOUBLE NOT NULL,
  total_fees_fen DOUBLE NOT NULL,
  court_cap_rate DOUBLE NOT NULL,
  not_supported_fen DOUBLE NOT NULL,
  finding_count USMALLINT NOT NULL,
  flows_fen VARCHAR NOT NULL        -- lender-view flows in fen, space-separated (loans with findings); '' = not stored
);

CREATE TABLE pricing_audit_finding (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  code INTEGER NOT NULL,            -- 256 × code number (pricing_audit_code) + severity index
  v1 DOUBLE NOT NULL, v2 DOUBLE NOT NULL, v3 DOUBLE NOT NULL, v4 DOUBLE NOT NULL, v5 DOUBLE NOT NULL
);

-- Convert the rows of earlier runs.
CREATE TEMP TABLE pricing_old_loan AS
SELECT u.run_no, a.*,
  CASE WHEN (a.disclosed_basis = 'none' AND a.disclosed_apr IS NULL) OR (a.disclosed_basis = 'unknown' AND a.disclosed_apr IS NOT NULL) THEN NULL ELSE a.disclosed_basis END AS product_basis,
  (row_number() OVER (PARTITION BY a.run_id ORDER BY a.loan_id) - 1)::INTEGER AS seq
FROM pricing_audit_loan a JOIN pricing_audit_run u ON u.run_id = a.run_id;

INSERT INTO pricing_audit_group
SELECT run_no, (row_number() OVER (PARTITION BY run_no ORDER BY institution_id, product_id, lender_kind, product_basis) - 1)::INTEGER, institution_id, product_id, lender_kind, product_basis
FROM (SELECT DISTINCT run_no, institution_id, product_id, lender_kind, product_basis FROM pricing_old_loan);

INSERT INTO pricing_audit_result
SELECT a.run_no, a.seq, a.loan_id, g.grp,
  coalesce((a.originated_at - DATE '1970-01-01')::INTEGER, ${NO_DAY}), a.principal_fen, coalesce(a.disclosed_apr::DOUBLE, 'NaN'::DOUBLE),
  (list_position(${list(RATE_STATUSES)}, a.rate_status) - 1) + 16 * coalesce(list_position(${list(COURT_CAPS)}, a.court_cap_id) - 1, 0)
    + 256 * coalesce(list_position(${list(SEVERITIES)}, a.max_severity) - 1, 255),
  coalesce(a.periodic_irr::DOUBLE, 'NaN'::DOUBLE), coalesce(a.effective_annual::DOUBLE, 'NaN'::DOUBLE), coalesce(a.net_disbursed_fen::DOUBLE, 'NaN'::DOUBLE),
  coalesce(a.total_interest_fen::DOUBLE, 'NaN'::DOUBLE), coalesce(a.total_fees_fen::DOUBLE, 'NaN'::DOUBLE),
  coalesce(a.court_cap_rate::DOUBLE, 'NaN'::DOUBLE), a.not_supported_fen, a.finding_count, coalesce(a.flows_fen, '')
FROM pricing_old_loan a
JOIN pricing_audit_group g ON g.run_no = a.run_no AND g.institution_id IS NOT DISTINCT FROM a.institution_id AND g.product_id IS NOT DISTINCT FROM a.product_id
  AND g.lender_kind = a.lender_kind AND g.product_basis IS NOT DISTINCT FROM a.product_basis;

INSERT INTO pricing_audit_code
SELECT run_no, (row_number() OVER (PARTITION BY run_no ORDER BY code) - 1)::INTEGER, code
FROM (SELECT DISTINCT u.run_no, f.code FROM pricing_finding f JOIN pricing_audit_run u ON u.run_id = f.run_id);

INSERT INTO pricing_audit_finding
SELECT o.run_no, o.seq, 256 * o.code_no + list_position(${list(SEVERITIES)}, o.severity) - 1, ${[1, 2, 3, 4, 5].map(v).join(', ')}
FROM (SELECT a.run_no, a.seq, c.code_no, f.code, f.severity, f.evidence, ${fieldsCase} AS f
      FROM pricing_finding f
      JOIN pricing_old_loan a ON a.run_id = f.run_id AND a.loan_id = f.loan_id
      JOIN pricing_audit_code c ON c.run_no = a.run_no AND c.code = f.code) o;

DROP TABLE pricing_old_loan;
DROP VIEW pricing_audit_flows;
DROP TABLE pricing_audit_loan;
DROP TABLE pricing_finding;

-- The former tables, as views (same columns, same values).
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
  nullif(r.flows_fen, '') AS flows_fen
FROM pricing_audit_result r
JOIN pricing_audit_run u ON u.run_no = r.run_no
JOIN pricing_audit_group g ON g.run_no = r.run_no AND g.grp = r.grp;

CREATE VIEW pricing_finding AS
SELECT u.run_id, r.loan_id, c.code, ${list(SEVERITIES)}[(f.code & 255) + 1] AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.v4')} END AS excess_fen,
  ${EVIDENCE} AS evidence
FROM pricing_audit_finding f
JOIN pricing_audit_run u ON u.run_no = f.run_no
JOIN pricing_audit_result r ON r.run_no = f.run_no AND r.seq = f.seq
JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8;

CREATE VIEW pricing_audit_flows AS
SELECT u.run_id, r.loan_id, CAST(string_split(r.flows_fen, ' ') AS BIGINT[]) AS flows_fen
FROM pricing_audit_result r JOIN pricing_audit_run u ON u.run_no = r.run_no
WHERE r.flows_fen <> '';
`;
