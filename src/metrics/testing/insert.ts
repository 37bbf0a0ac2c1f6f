/**
 * Small helpers to build hand-made books in a real DuckDB workspace for tests (no mocks): insert
 * plain objects as rows, with defaults for the NOT NULL columns tests do not care about.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, ident, type SqlParam } from '../../store/sql.js';
import { writeTableOf } from '../../store/segments.js';

export type RowValues = Record<string, SqlParam | readonly string[]>;

/** Insert rows into `table`; keys are column names (trusted, from test code). */
export async function insertRows(conn: DuckDBConnection, table: string, rows: readonly RowValues[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    const params: SqlParam[] = [];
    const values = cols.map((c) => {
      const v = row[c];
      if (Array.isArray(v)) return `[${v.map((s: string) => `'${s.replace(/'/g, "''")}'`).join(', ')}]::VARCHAR[]`;
      params.push(v as SqlParam);
      return '?';
    });
    await exec(conn, `INSERT INTO ${ident(writeTableOf(table))} (${cols.map(ident).join(', ')}) VALUES (${values.join(', ')})`, params);
  }
}

export interface LoanRow {
  loan_id: string;
  originated_at: string;
  principal_fen: number;
  institution_id?: string;
  product_id?: string | null;
  customer_id?: string | null;
  channel?: string | null;
  province?: string | null;
  term_months?: number;
  status?: string;
  maturity_date?: string | null;
}

export async function insertLoans(conn: DuckDBConnection, loans: readonly LoanRow[]): Promise<void> {
  await insertRows(
    conn,
    'loan',
    loans.map((l) => ({ institution_id: 'A', term_months: 12, status: 'active', ...l })),
  );
}

export interface DisputeRow {
  dispute_id: string;
  institution_id?: string | null;
  institution_role?: string;
  filed_at?: string | null;
  decided_at?: string | null;
  count_date?: string | null;
  loan_id?: string | null;
  customer_id?: string | null;
  court_name?: string | null;
  court_code?: string | null;
  court_province?: string | null;
  cause_category?: string | null;
  procedure?: string | null;
  is_lending?: boolean;
  counts_as_lawsuit?: boolean;
  enforcement_only?: boolean;
  has_appeal?: boolean;
  has_enforcement?: boolean;
  claim_total_fen?: number | null;
  awarded_total_fen?: number | null;
  recovered_fen?: number | null;
  first_outcome?: string | null;
  final_outcome?: string | null;
  first_case_id?: string | null;
}

export async function insertDisputes(conn: DuckDBConnection, disputes: readonly DisputeRow[]): Promise<void> {
  await insertRows(
    conn,
    'dispute',
    disputes.map((d) => ({ institution_id: 'A', institution_role: 'plaintiff', cause_category: 'overdue_repayment', count_date: d.filed_at ?? null, ...d })),
  );
}

/** Equal installments: `n` monthly dues from `firstDue`, each `principal` + `interest` fen. */
export function installments(loanId: string, dueDates: readonly string[], principal: number, interest: number): RowValues[] {
  return dueDates.map((due, i) => ({ loan_id: loanId, seq: i + 1, due_date: due, principal_due_fen: principal, interest_due_fen: interest, fee_due_fen: 0 }));
}

let repaymentSeq = 0;
export function repayment(loanId: string, paidAt: string, amountFen: number, principalFen: number | null = null): RowValues {
  repaymentSeq += 1;
  return { repayment_id: `r${repaymentSeq}`, loan_id: loanId, paid_at: paidAt, amount_fen: amountFen, principal_fen: principalFen };
}
