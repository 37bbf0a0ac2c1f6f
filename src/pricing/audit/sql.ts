/**
 * SQL text of the book audit (pure strings; the runner executes them). The read query returns only
 * numbers — codes instead of strings, the loan's rowid instead of its id — so batches fill typed
 * arrays directly; ids and names are joined back in SQL when the results are stored.
 */
import { DISCLOSED_BASES, REPAYMENT_METHODS } from '../contract.js';
import { FINDING_FIELDS } from '../findings.js';
import { COURT_CAPS, RATE_STATUSES, SEVERITIES, type FlowSource } from './batch.js';

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

export interface AuditFilter {
  institutionId?: string | undefined;
  productId?: string | undefined;
}

function whereClause(f: AuditFilter): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (f.institutionId !== undefined) {
    parts.push('l.institution_id = ?');
    params.push(f.institutionId);
  }
  if (f.productId !== undefined) {
    parts.push('l.product_id = ?');
    params.push(f.productId);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const FLOW_JOINS: Readonly<Record<FlowSource, { cols: string; join: string }>> = {
  contract: { cols: '', join: '' },
  schedule: {
    cols: ', s.pi AS flow_amounts, s.fee AS flow_fees',
    join: `LEFT JOIN (SELECT loan_id, list((principal_due_fen + interest_due_fen)::DOUBLE ORDER BY seq) AS pi, list(fee_due_fen::DOUBLE ORDER BY seq) AS fee
             FROM installment GROUP BY loan_id) s ON s.loan_id = l.loan_id`,
  },
  actual: {
    cols: ', a.amt AS flow_amounts, a.days AS flow_days',
    join: `LEFT JOIN (SELECT r.loan_id, list(r.amount_fen::DOUBLE ORDER BY r.paid_at, r.repayment_id) AS amt,
                    list((r.paid_at - l2.originated_at)::INTEGER ORDER BY r.paid_at, r.repayment_id) AS days
             FROM repayment r JOIN loan l2 ON l2.loan_id = r.loan_id GROUP BY r.loan_id) a ON a.loan_id = l.loan_id`,
  },
};

/** The streaming read: one row of numbers per loan. */
export function readLoansSql(source: FlowSource, filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  const f = FLOW_JOINS[source];
  const disclosed = 'coalesce(l.disclosed_apr, p.disclosed_apr)';
  const sql = `
SELECT l.rowid::DOUBLE AS rid,
  l.principal_fen::DOUBLE AS principal,
  l.term_months::INTEGER AS term,
  coalesce(list_position(${list(REPAYMENT_METHODS)}, coalesce(l.repayment_method, p.repayment_method,
    CASE WHEN p.kind = 'credit_card_installment' THEN 'credit_card_installment' END)) - 1, 255)::INTEGER AS method,
  coalesce(l.nominal_rate, p.nominal_rate, 0)::DOUBLE AS rate,
  l.upfront_fee_fen::DOUBLE AS upfront_fen, coalesce(p.upfront_fee_rate, 0)::DOUBLE AS upfront_rate,
  l.monthly_fee_fen::DOUBLE AS monthly_fen, coalesce(p.monthly_fee_rate, 0)::DOUBLE AS monthly_rate,
  ${disclosed}::DOUBLE AS disclosed,
  (CASE WHEN ${disclosed} IS NULL THEN ${DISCLOSED_BASES.indexOf('none')}
        ELSE coalesce(list_position(${list(DISCLOSED_BASES)}, p.disclosed_rate_basis) - 1, ${DISCLOSED_BASES.indexOf('unknown')}) END)::INTEGER AS basis,
  (l.originated_at - DATE '1970-01-01')::INTEGER AS start_day,
  (CASE WHEN coalesce(i.licensed, TRUE) THEN 1 ELSE 0 END)::INTEGER AS licensed
  ${f.cols}
FROM loan l
LEFT JOIN product p ON p.product_id = l.product_id
LEFT JOIN institution i ON i.institution_id = l.institution_id
${f.join}
${w.sql}`;
  return { sql, params: w.params };
}

export function countLoansSql(filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  return { sql: `SELECT count(*)::BIGINT AS n FROM loan l ${w.sql}`, params: w.params };
}

export const STAGE_SQL = `
CREATE OR REPLACE TEMP TABLE pricing_stage_loan (
  rid BIGINT, status UTINYINT, periodic_irr DOUBLE, apr DOUBLE, effective DOUBLE, net DOUBLE, interest DOUBLE,
  fees DOUBLE, cost DOUBLE, court_cap UTINYINT, court_cap_rate DOUBLE, not_supported DOUBLE,
  finding_count INTEGER, max_severity UTINYINT, flows VARCHAR);
CREATE OR REPLACE TEMP TABLE pricing_stage_finding (
  rid BIGINT, code VARCHAR, severity UTINYINT, excess DOUBLE, v1 DOUBLE, v2 DOUBLE, v3 DOUBLE, v4 DOUBLE, v5 DOUBLE);
`;

/** Move the staged results into the result tables, joining ids back by rowid. Parameter: run_id. */
export const PUBLISH_LOANS_SQL = `
INSERT INTO pricing_audit_loan
SELECT ?, l.loan_id, l.institution_id, l.product_id,
  CASE WHEN coalesce(i.licensed, TRUE) THEN 'licensed' ELSE 'private' END,
  l.originated_at, l.principal_fen,
  round(s.net)::BIGINT, round(s.interest)::BIGINT, round(s.fees)::BIGINT, round(s.cost)::BIGINT,
  ${list(RATE_STATUSES)}[s.status + 1],
  s.periodic_irr, s.apr, s.effective,
  coalesce(l.disclosed_apr, p.disclosed_apr),
  coalesce(p.disclosed_rate_basis, CASE WHEN coalesce(l.disclosed_apr, p.disclosed_apr) IS NULL THEN 'none' ELSE 'unknown' END),
  nullif(${list(COURT_CAPS)}[s.court_cap + 1], ''), s.court_cap_rate,
  round(s.not_supported)::BIGINT, s.finding_count,
  CASE WHEN s.max_severity < ${SEVERITIES.length} THEN ${list(SEVERITIES)}[s.max_severity + 1] END,
  s.flows
FROM pricing_stage_loan s
JOIN loan l ON l.rowid = s.rid
LEFT JOIN product p ON p.product_id = l.product_id
LEFT JOIN institution i ON i.institution_id = l.institution_id`;

/** JSON evidence of a staged finding, rebuilt from v1…v5 with the field names of FINDING_FIELDS. */
function evidenceSql(): string {
  const obj = (fields: readonly string[]): string => (fields.length === 0 ? `'{}'::JSON` : `json_object(${fields.map((f, k) => `'${f}', f.v${k + 1}`).join(', ')})`);
  const exact = Object.entries(FINDING_FIELDS)
    .filter(([code]) => code !== 'cap' && code !== 'cap.overdue' && code !== 'rate.unavailable')
    .map(([code, fields]) => `WHEN f.code = '${code}' THEN ${obj(fields)}`);
  return `CASE ${exact.join('\n    ')}
    WHEN f.code = 'rate.unavailable' THEN json_object('reason', ${list(RATE_STATUSES)}[s.status + 1])
    WHEN f.code LIKE 'cap.overdue.%' THEN ${obj(FINDING_FIELDS['cap.overdue'] ?? [])}
    WHEN f.code LIKE 'cap.%' THEN ${obj(FINDING_FIELDS['cap'] ?? [])}
    ELSE '{}'::JSON END`;
}

export const PUBLISH_FINDINGS_SQL = `
INSERT INTO pricing_finding
SELECT ?, l.loan_id, f.code, ${list(SEVERITIES)}[f.severity + 1], round(f.excess)::BIGINT, ${evidenceSql()}
FROM pricing_stage_finding f
JOIN pricing_stage_loan s ON s.rid = f.rid
JOIN loan l ON l.rowid = f.rid`;

export const RUN_TOTALS_SQL = `
SELECT count(*)::BIGINT AS loans,
  count(*) FILTER (WHERE finding_count > 0)::BIGINT AS with_findings,
  count(*) FILTER (WHERE status <> 0)::BIGINT AS without_rate,
  coalesce(sum(finding_count), 0)::BIGINT AS findings
FROM pricing_stage_loan`;
