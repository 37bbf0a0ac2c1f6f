/**
 * One page of a run's findings, most severe first, for the dashboard's findings list.
 *
 * A run of a million loans has ~1.6 million findings; sorting them through pricing_finding_detail
 * (which joins each one to its loan's id string, group and evidence) took ~1 s per page on such a
 * run. Here the page is chosen from the integer tables alone — severity (the low byte of the stored
 * code), the loan's position in the run (`seq`), then the code — and only that page's findings go
 * through the view (migration 27 gives it `run_no`, `seq` and where each finding is stored, to select
 * and match them by). Order: severity (high, medium, low, info), then the loans in the order the audit
 * read them, then the code.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryOne, queryRows, type SqlParam } from '../../store/sql.js';
import { SEVERITIES } from './batch.js';

export interface FindingsPageFilter {
  productId?: string | undefined;
  code?: string | undefined;
  severity?: string | undefined;
}

export interface FindingDetailRow {
  loan_id: string;
  institution_id: string | null;
  product_id: string | null;
  code: string;
  severity: string;
  excess_fen: number | null;
  evidence: string;
  rate_status: string;
  apr: number | null;
  disclosed_apr: number | null;
}

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

/** The run's findings as (seq, code, severity index) rows matching the filter; params in order. */
function keysSql(runNo: number, filter: FindingsPageFilter): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const where: string[] = [];
  let product = '';
  if (filter.productId !== undefined && filter.productId !== '') {
    product = `JOIN pricing_audit_result r ON r.run_no = ${runNo} AND r.seq = f.seq
  JOIN pricing_audit_group g ON g.run_no = ${runNo} AND g.grp = r.grp AND g.product_id = ?`;
    params.push(filter.productId);
  }
  if (filter.code !== undefined && filter.code !== '') {
    where.push('c.code = ?');
    params.push(filter.code);
  }
  if (filter.severity !== undefined && filter.severity !== '') {
    where.push(`(f.code & 255) = list_position(${list(SEVERITIES)}, ?) - 1`);
    params.push(filter.severity);
  }
  const sql = `SELECT f.seq, c.code, (f.code & 255) AS sev, f.whole, f.row
FROM (SELECT seq, code, FALSE AS whole, rowid AS row FROM pricing_audit_finding WHERE run_no = ${runNo}
      UNION ALL SELECT seq, code, TRUE AS whole, rowid AS row FROM pricing_audit_finding_wide WHERE run_no = ${runNo}) f
JOIN pricing_audit_code c ON c.run_no = ${runNo} AND c.code_no = f.code >> 8
${product}
${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { sql, params };
}

/**
 * Findings `offset … offset + limit − 1` of run `runId` (none when the run does not exist), with the
 * number matching the filter (`total`; the run's own count when unfiltered, without a scan).
 */
export async function findingsPage(conn: DuckDBConnection, runId: string, filter: FindingsPageFilter, limit: number, offset: number): Promise<{ total: number; rows: FindingDetailRow[] }> {
  const run = await queryOne<{ run_no: number; findings: number | null }>(conn, 'SELECT run_no, findings FROM pricing_audit_run WHERE run_id = ?', [runId]);
  if (!run) return { total: 0, rows: [] };
  const runNo = Math.trunc(run.run_no);
  const keys = keysSql(runNo, filter);
  const filtered = keys.params.length > 0;
  const total = !filtered && run.findings !== null ? run.findings : ((await queryOne<{ n: number }>(conn, `SELECT count(*) AS n FROM (${keys.sql})`, keys.params))?.n ?? 0);
  // Ties (one loan with two findings of one code, which unique threshold ids prevent today) are
  // ordered by where the findings are stored, so that every finding is on exactly one page.
  const page = await queryRows<{ seq: number; code: string; sev: number; whole: boolean; row: number }>(conn, `${keys.sql}\nORDER BY sev, f.seq, c.code, f.whole, f.row LIMIT ? OFFSET ?`, [...keys.params, limit, offset]);
  if (page.length === 0) return { total, rows: [] };
  const seqs = [...new Set(page.map((p) => Math.trunc(p.seq)))];
  const details = await queryRows<FindingDetailRow & { stored_whole: boolean; stored_row: number } & Record<string, unknown>>(
    conn,
    `SELECT d.stored_whole, d.stored_row, d.loan_id, d.institution_id, d.product_id, d.code, d.severity, d.excess_fen, d.evidence::VARCHAR AS evidence, d.rate_status, d.apr, d.disclosed_apr
     FROM pricing_finding_detail d WHERE d.run_no = ${runNo} AND d.seq IN (${seqs.join(', ')})`,
  );
  // The page's findings in the page's order, matched by where each is stored (a loan's other
  // findings, read along, are left out).
  const byKey = new Map<string, FindingDetailRow>();
  for (const { stored_whole: whole, stored_row: row, ...rest } of details) byKey.set(`${whole ? 'w' : 'l'}${row}`, rest as FindingDetailRow);
  const rows: FindingDetailRow[] = [];
  for (const p of page) {
    const row = byKey.get(`${p.whole ? 'w' : 'l'}${p.row}`);
    if (row) rows.push(row);
  }
  return { total, rows };
}
