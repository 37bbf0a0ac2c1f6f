/**
 * SQL text of the book audit (pure strings; the runner executes them). The read query returns the
 * loan id and numbers only — codes instead of strings, NaN or sentinels instead of NULL, the
 * (institution, product) group number instead of two ids — so batches fill typed arrays by block
 * copies. Results are appended in bulk into pricing_audit_result / pricing_audit_finding (migration
 * 22), whose views give the former tables.
 */
import { DISCLOSED_BASES, REPAYMENT_METHODS } from '../contract.js';
import { NO_DAY, type FlowSource } from './batch.js';

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

/** Temp table of the run's (institution, product) groups, on the reading connection. */
export function groupTable(runNo: number): string {
  return `pricing_audit_grp_${Math.trunc(runNo)}`;
}

/** Number the (institution, product) pairs of the loans to audit (a temp table on the reading connection). */
export function createGroupsSql(runNo: number, filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  // The product and lender attributes the read needs are joined here, once per group, instead of once
  // per loan in the streaming read (two hash-join probes of a million strings fewer).
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${groupTable(runNo)} AS
SELECT (row_number() OVER (ORDER BY g.institution_id NULLS FIRST, g.product_id NULLS FIRST) - 1)::INTEGER AS grp, g.institution_id, g.product_id,
  coalesce(list_position(${list(REPAYMENT_METHODS)}, coalesce(p.repayment_method,
    CASE WHEN p.kind = 'credit_card_installment' THEN 'credit_card_installment' END)) - 1, 255)::INTEGER AS p_method,
  p.nominal_rate AS p_rate,
  coalesce(p.upfront_fee_rate, 0)::DOUBLE AS p_upfront_rate,
  coalesce(p.monthly_fee_rate, 0)::DOUBLE AS p_monthly_rate,
  p.disclosed_apr AS p_disclosed,
  coalesce(list_position(${list(DISCLOSED_BASES)}, p.disclosed_rate_basis) - 1, ${DISCLOSED_BASES.indexOf('unknown')})::INTEGER AS p_basis,
  (CASE WHEN coalesce(i.licensed, TRUE) THEN 1 ELSE 0 END)::INTEGER AS licensed
FROM (SELECT DISTINCT l.institution_id, l.product_id FROM loan l ${w.sql}) g
LEFT JOIN product p ON p.product_id = g.product_id
LEFT JOIN institution i ON i.institution_id = g.institution_id`,
    params: w.params,
  };
}

export function readGroupsSql(runNo: number): string {
  return `SELECT g.grp, g.institution_id, g.product_id,
  CASE WHEN coalesce(i.licensed, TRUE) THEN 'licensed' ELSE 'private' END AS lender_kind,
  p.disclosed_rate_basis AS product_basis
FROM ${groupTable(runNo)} g
LEFT JOIN product p ON p.product_id = g.product_id
LEFT JOIN institution i ON i.institution_id = g.institution_id
ORDER BY g.grp`;
}

/** Column positions of the streaming read (numbers never NULL: NaN or sentinels instead). */
export const READ_COLUMNS = ['ref', 'grp', 'principal', 'term', 'method', 'rate', 'upfront_fen', 'upfront_rate', 'monthly_fen', 'monthly_rate', 'disclosed', 'basis', 'start_day', 'licensed'] as const;

/** The streaming read: one row per loan, numbers only (the loan as its pricing_audit_loan_ref number, −1 when it has none: internLoansSql first). */
export function readLoansSql(source: FlowSource, runNo: number, filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  const f = FLOW_JOINS[source];
  const disclosed = 'coalesce(l.disclosed_apr, g.p_disclosed)';
  const nan = "'NaN'::DOUBLE";
  const sql = `
SELECT coalesce(k.ref, -1)::INTEGER AS ref,
  g.grp,
  coalesce(l.principal_fen::DOUBLE, ${nan}) AS principal,
  coalesce(l.term_months, 0)::INTEGER AS term,
  (CASE WHEN l.repayment_method IS NULL THEN g.p_method
        ELSE coalesce(list_position(${list(REPAYMENT_METHODS)}, l.repayment_method) - 1, 255) END)::INTEGER AS method,
  coalesce(l.nominal_rate, g.p_rate, 0)::DOUBLE AS rate,
  coalesce(l.upfront_fee_fen::DOUBLE, ${nan}) AS upfront_fen, g.p_upfront_rate AS upfront_rate,
  coalesce(l.monthly_fee_fen::DOUBLE, ${nan}) AS monthly_fen, g.p_monthly_rate AS monthly_rate,
  coalesce(${disclosed}::DOUBLE, ${nan}) AS disclosed,
  (CASE WHEN ${disclosed} IS NULL THEN ${DISCLOSED_BASES.indexOf('none')} ELSE g.p_basis END)::INTEGER AS basis,
  coalesce((l.originated_at - DATE '1970-01-01')::INTEGER, ${NO_DAY})::INTEGER AS start_day,
  g.licensed
  ${f.cols}
FROM loan l
LEFT JOIN pricing_audit_loan_ref k ON k.loan_id = l.loan_id
JOIN ${groupTable(runNo)} g ON g.institution_id IS NOT DISTINCT FROM l.institution_id AND g.product_id IS NOT DISTINCT FROM l.product_id
${f.join}
${w.sql}`;
  return { sql, params: w.params };
}

/**
 * Give the loans to audit that have none a pricing_audit_loan_ref number (numbers continue after the
 * largest). Run it in its own transaction before the read, one run at a time per database (the
 * dictionary has no unique index: runAudit serializes this step).
 */
export function internLoansSql(filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  return {
    sql: `INSERT INTO pricing_audit_loan_ref
SELECT ((SELECT coalesce(max(ref), -1) FROM pricing_audit_loan_ref) + row_number() OVER ())::INTEGER, l.loan_id
FROM loan l ANTI JOIN pricing_audit_loan_ref k ON k.loan_id = l.loan_id
${w.sql}`,
    params: w.params,
  };
}

/**
 * A fingerprint of the whole book's loan ids (count, sum and xor of their 64-bit hashes): equal to
 * the one recorded after a full numbering means every loan is numbered already (loanRefFingerprintKey).
 */
export const LOAN_FINGERPRINT_SQL = `SELECT count(*)::BIGINT || ':' || coalesce(sum(hash(loan_id)::HUGEINT), 0)::VARCHAR || ':' || coalesce(bit_xor(hash(loan_id)), 0)::VARCHAR AS fp FROM loan`;

/** workspace_meta key of the fingerprint of the loan ids last numbered in full. */
export const LOAN_FINGERPRINT_KEY = 'pricing.loan_ref.fingerprint';

export function countLoansSql(filter: AuditFilter = {}): { sql: string; params: string[] } {
  const w = whereClause(filter);
  return { sql: `SELECT count(*)::BIGINT AS n FROM loan l ${w.sql}`, params: w.params };
}
