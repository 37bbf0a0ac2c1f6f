/**
 * Migration 27: pricing_finding_detail also shows each finding's run number and its loan's position in
 * the run (`run_no`, `seq`) and where the finding is stored (`stored_whole`: in
 * pricing_audit_finding_wide rather than pricing_audit_finding; `stored_row`: its rowid there) — the
 * integer keys a reader can page and filter on before the view's string joins (the dashboard's
 * findings list: the page is chosen from the integer tables, then only its findings go through the
 * view, matched one to one by where they are stored). Findings are only ever appended, so a rowid
 * names one finding. Same rows and other columns as migration 26's view, whose parts it reuses (a
 * shipped migration's SQL never changes, so neither do they).
 */
import { FROZEN } from './0022-pricing-compact.js';
import { JOINS, LEAN_EVIDENCE, LOAN_COLS, WIDE_EVIDENCE } from './0026-pricing-evidence.js';

export const version = 27;
export const name = 'pricing-finding-keys';

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const big = (x: string): string => `round(CASE WHEN isfinite(${x}) THEN ${x} END)::BIGINT`;
const SEVERITY = `${list(FROZEN.SEVERITIES)}[(f.code & 255) + 1]`;

export const sql = `
DROP VIEW pricing_finding;
DROP VIEW pricing_finding_detail;

CREATE VIEW pricing_finding_detail AS
SELECT u.run_id, f.run_no, f.seq, FALSE AS stored_whole, f.rowid AS stored_row, k.loan_id, g.institution_id, g.product_id, c.code, ${SEVERITY} AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.x2')} END AS excess_fen,
  ${LEAN_EVIDENCE} AS evidence,
  ${LOAN_COLS}
FROM pricing_audit_finding f
${JOINS}
UNION ALL
SELECT u.run_id, f.run_no, f.seq, TRUE AS stored_whole, f.rowid AS stored_row, k.loan_id, g.institution_id, g.product_id, c.code, ${SEVERITY} AS severity,
  CASE WHEN c.code LIKE 'cap.%' AND c.code NOT LIKE 'cap.overdue.%' THEN ${big('f.v4')} END AS excess_fen,
  ${WIDE_EVIDENCE} AS evidence,
  ${LOAN_COLS}
FROM pricing_audit_finding_wide f
${JOINS};

CREATE VIEW pricing_finding AS
SELECT run_id, loan_id, code, severity, excess_fen, evidence FROM pricing_finding_detail;
`;
