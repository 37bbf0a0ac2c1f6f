/**
 * 0026 — a finding stores only the figures its loan's row does not already hold. Most evidence
 * figures of a finding repeat the loan's own (the annualized IRR, the effective rate, the disclosed
 * rate, principal, net disbursed) or follow from them by one IEEE operation (the ratio IRR /
 * disclosed, the gap IRR − disclosed, a cap's excess rate IRR − cap), and DOUBLEs are DuckDB's most
 * expensive numbers to store after strings (decision D14). So:
 *
 *   pricing_audit_finding       run_no, seq, code (256 × code number + severity) and x1…x3: the
 *                               figures of the finding that are its own, in the order of LAYOUT.
 *   pricing_audit_finding_wide  run_no, seq, code and v1…v5 as before (names per FINDING_FIELDS):
 *                               a finding whose derived figures would not equal, bit for bit, the
 *                               ones it was computed with. The writer checks every finding and
 *                               stores it here when any differs; a normal book has none.
 *
 * The view pricing_finding rebuilds the evidence of both (same columns, same JSON). A new view
 * pricing_finding_detail adds what readers joined pricing_audit_loan for (institution, product, rate
 * status, APR, disclosed rate, flows) through the run's own numbers instead of the loan id string.
 * Rows of earlier runs are converted by the same rule: derivable → x1…x3, otherwise kept whole.
 */
import { FROZEN } from './0022-pricing-compact.js';
import { amountText } from './0025-pricing-lean.js';

export const version = 26;
export const name = 'pricing-evidence';

const { RATE_STATUSES, SEVERITIES, EVIDENCE_FIELDS } = FROZEN;

/**
 * Where each evidence figure of a finding comes from, per code family (slots in FINDING_FIELDS
 * order): the loan's row — APR (periodic IRR × 12), EFF (effective annual), DISC (disclosed rate),
 * PRIN (principal), NET (net disbursed) — one operation on them — RATIO (APR / DISC when DISC > 0,
 * else none), GAP (APR − DISC), EXCESS (APR − x1) — or the finding's own x1…x3.
 */
export type Slot = 'APR' | 'EFF' | 'DISC' | 'PRIN' | 'NET' | 'RATIO' | 'GAP' | 'EXCESS' | 'x1' | 'x2' | 'x3';
export const LAYOUT: ReadonlyArray<readonly [string, readonly Slot[]]> = [
  ['disclosure.missing', ['APR', 'EFF']],
  ['disclosure.flat_rate_shown', ['DISC', 'APR', 'EFF', 'RATIO', 'x1']],
  ['disclosure.daily_rate_headline', ['x1', 'DISC', 'APR', 'EFF', 'x2']],
  ['disclosure.fees_excluded', ['DISC', 'APR', 'x1', 'x2', 'x3']],
  ['disclosure.upfront_deduction', ['PRIN', 'x1', 'x2', 'NET', 'APR']],
  ['disclosure.understated', ['DISC', 'APR', 'GAP', 'x1']],
  ['disclosure.regz_apr_understated', ['x1', 'x2']],
  ['cap.overdue', ['x1', 'x2', 'x3']],
  ['cap', ['APR', 'x1', 'EXCESS', 'x2']],
];

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const fin = (x: string): string => `CASE WHEN isfinite(${x}) THEN ${x} END`;
const big = (x: string): string => `round(${fin(x)})::BIGINT`;
const fields = (family: string): readonly string[] => EVIDENCE_FIELDS.find(([c]) => c === family)?.[1] ?? [];
/** An amount of the loan row: from its wide row when there is one (migration 25). */
const amount = (a: string): string => `(CASE WHEN w.seq IS NULL THEN r.${a}::DOUBLE ELSE w.${a} END)`;
const APR = '(r.periodic_irr * 12)';

/** SQL of a slot; `x` is the table alias holding x1…x3. */
function slotSql(s: Slot, x: string): string {
  switch (s) {
    case 'APR':
      return APR;
    case 'EFF':
      return 'r.effective_annual';
    case 'DISC':
      return 'r.disclosed_apr';
    case 'PRIN':
      return amount('principal_fen');
    case 'NET':
      return amount('net_disbursed_fen');
    case 'RATIO':
      return `(CASE WHEN r.disclosed_apr > 0 AND NOT isnan(r.disclosed_apr) THEN ${APR} / r.disclosed_apr ELSE 'NaN'::DOUBLE END)`;
    case 'GAP':
      return `(${APR} - r.disclosed_apr)`;
    case 'EXCESS':
      return `(${APR} - ${x}.x1)`;
    default:
      return `${x}.${s}`;
  }
}

/** Families in CASE order: the disclosure codes by name, then cap.overdue.%, then cap.%. */
const FAMILIES: ReadonlyArray<readonly [string, string]> = [
  ...LAYOUT.filter(([c]) => c.startsWith('disclosure.')).map(([c]): readonly [string, string] => [c, `c.code = '${c}'`]),
  ['cap.overdue', "c.code LIKE 'cap.overdue.%'"],
  ['cap', "c.code LIKE 'cap.%'"],
];

/** Evidence JSON from a list of SQL values named per family. */
function evidenceCase(value: (family: string, k: number) => string): string {
  const obj = (family: string): string => {
    const names = fields(family);
    return names.length === 0 ? `'{}'::JSON` : `json_object(${names.map((n, k) => `'${n}', ${fin(value(family, k))}`).join(', ')})`;
  };
  return `CASE ${FAMILIES.map(([family, when]) => `WHEN ${when} THEN ${obj(family)}`).join('\n    ')}
    WHEN c.code = 'rate.unavailable' THEN json_object('reason', ${list(RATE_STATUSES)}[(r.codes & 15) + 1])
    ELSE '{}'::JSON END`;
}

const slotsOf = (family: string): readonly Slot[] => LAYOUT.find(([c]) => c === family)?.[1] ?? [];
export const LEAN_EVIDENCE = evidenceCase((family, k) => slotSql(slotsOf(family)[k] ?? 'x1', 'f'));
export const WIDE_EVIDENCE = evidenceCase((_family, k) => `f.v${k + 1}`);

/** Same double as the JSON shows it: equal (NaN equals NaN in DuckDB) and, for zeros, the same sign. */
const sameSql = (d: string, v: string): string => `(${d} = ${v} AND (${v} <> 0 OR 1.0 / ${d} = 1.0 / ${v}))`;

/** Conversion of 0025 rows (alias f with v1…v5): every derived slot equals its stored figure. */
const derivable = `CASE ${FAMILIES.map(([family, when]) => {
  const conds = slotsOf(family)
    .map((s, k) => (s.startsWith('x') ? null : sameSql(slotSql(s, 'f').replace('f.x1', 'f.v' + String(slotsOf(family).indexOf('x1') + 1)), `f.v${k + 1}`)))
    .filter((c): c is string => c !== null);
  return `WHEN ${when} THEN ${conds.length > 0 ? conds.join(' AND ') : 'TRUE'}`;
}).join('\n    ')}
    ELSE TRUE END`;

/** x1…x3 of a converted 0025 row: the figures at the x slots of its family. */
const extra = (n: 1 | 2 | 3): string =>
  `CASE ${FAMILIES.map(([family, when]) => {
    const at = slotsOf(family).indexOf(`x${n}` as Slot);
    return `WHEN ${when} THEN ${at >= 0 ? `f.v${at + 1}` : `'NaN'::DOUBLE`}`;
  }).join(' ')} ELSE 'NaN'::DOUBLE END`;

export const JOINS = `JOIN pricing_audit_run u ON u.run_no = f.run_no
JOIN pricing_audit_result r ON r.run_no = f.run_no AND r.seq = f.seq
JOIN pricing_audit_group g ON g.run_no = r.run_no AND g.grp = r.grp
LEFT JOIN pricing_audit_result_wide w ON w.run_no = r.run_no AND w.seq = r.seq
JOIN pricing_audit_loan_ref k ON k.ref = r.ref
JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8`;

/** What the readers of findings want of the loan (as pricing_audit_loan shows it), without joining that view by loan id. */
export const LOAN_COLS = `${list(RATE_STATUSES)}[(r.codes & 15) + 1] AS rate_status,
  ${fin(APR)} AS apr,
  ${fin('r.disclosed_apr')} AS disclosed_apr,
  CASE WHEN len(r.flows) > 0 THEN array_to_string(r.flows, ' ')
       WHEN len(w.flows) > 0 THEN array_to_string(list_transform(w.flows, x -> ${amountText('x')}), ' ') END AS flows_fen`;

export const sql = `
DROP VIEW pricing_finding;

CREATE TABLE pricing_audit_finding_26 (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  code INTEGER NOT NULL,            -- 256 × code number (pricing_audit_code) + severity index
  x1 DOUBLE NOT NULL, x2 DOUBLE NOT NULL, x3 DOUBLE NOT NULL  -- the finding's own figures (LAYOUT); NaN = none
);

CREATE TABLE pricing_audit_finding_wide (
  run_no INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  code INTEGER NOT NULL,
  v1 DOUBLE NOT NULL, v2 DOUBLE NOT NULL, v3 DOUBLE NOT NULL, v4 DOUBLE NOT NULL, v5 DOUBLE NOT NULL
);

CREATE TEMP TABLE pricing_finding_25 AS
SELECT f.*, ${derivable} AS lean
FROM pricing_audit_finding f
JOIN pricing_audit_result r ON r.run_no = f.run_no AND r.seq = f.seq
LEFT JOIN pricing_audit_result_wide w ON w.run_no = r.run_no AND w.seq = r.seq
JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8;

INSERT INTO pricing_audit_finding_26
SELECT f.run_no, f.seq, f.code, ${extra(1)}, ${extra(2)}, ${extra(3)}
FROM pricing_finding_25 f JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8
WHERE f.lean ORDER BY f.run_no, f.seq;

INSERT INTO pricing_audit_finding_wide
SELECT run_no, seq, code, v1, v2, v3, v4, v5 FROM pricing_finding_25 WHERE NOT lean ORDER BY run_no, seq;

DROP TABLE pricing_finding_25;
DROP TABLE pricing_audit_finding;
ALTER TABLE pricing_audit_finding_26 RENAME TO pricing_audit_finding;

CREATE VIEW pricing_finding_detail AS
SELECT u.run_id, k.loan_id, g.institution_id, g.product_id, c.code, ${list(SEVERITIES)}[(f.code & 255) + 1] AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.x2')} END AS excess_fen,
  ${LEAN_EVIDENCE} AS evidence,
  ${LOAN_COLS}
FROM pricing_audit_finding f
${JOINS}
UNION ALL
SELECT u.run_id, k.loan_id, g.institution_id, g.product_id, c.code, ${list(SEVERITIES)}[(f.code & 255) + 1] AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.v4')} END AS excess_fen,
  ${WIDE_EVIDENCE} AS evidence,
  ${LOAN_COLS}
FROM pricing_audit_finding_wide f
${JOINS};

CREATE VIEW pricing_finding AS
SELECT run_id, loan_id, code, severity, excess_fen, evidence FROM pricing_finding_detail;
`;
