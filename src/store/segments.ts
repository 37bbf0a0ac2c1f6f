/**
 * Segmented tables (migration 0003, decision D13): `installment` and `repayment` are views over
 * `<table>_base` plus one segment table per fast bulk import. A segment is written outside any
 * transaction (the CSV reader straight into a new table, in parallel) and becomes part of the view
 * only in the import's transaction, which inserts its row in `store_segment` and redefines the view:
 * until that commits, readers see the store as it was; if the process dies first, the segment is
 * an orphan that the next read-write open drops. Many segments are merged into the base table by
 * `compactSegments` (after an import that leaves more than MAX_SEGMENTS).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, ident, inTransaction, literal, queryRows } from './sql.js';

/** Logical tables stored as segments, with their columns in table order. */
export const SEGMENTED = {
  installment: ['loan_id', 'seq', 'due_date', 'principal_due_fen', 'interest_due_fen', 'fee_due_fen', 'batch_id'],
  repayment: ['repayment_id', 'loan_id', 'paid_at', 'amount_fen', 'principal_fen', 'interest_fen', 'fee_fen', 'penalty_fen', 'channel', 'batch_id'],
} as const;

export type SegmentedTable = keyof typeof SEGMENTED;

/** A view with more segments than this is compacted after an import. */
export const MAX_SEGMENTS = 8;

export function isSegmented(table: string): table is SegmentedTable {
  return Object.hasOwn(SEGMENTED, table);
}

/** The physical table ordinary writers insert into. */
export function writeTableOf(table: string): string {
  return isSegmented(table) ? `${table}_base` : table;
}

/** Name of the segment table of one import batch. */
export function segmentName(logical: SegmentedTable, batchId: string): string {
  return `${logical}_s_${batchId.replace(/[^0-9a-zA-Z]/g, '').toLowerCase()}`;
}

const SEGMENT_NAME = /^(installment|repayment)_s_[0-9a-z]+$/;

async function segmentsOf(conn: DuckDBConnection, logical: SegmentedTable): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(conn, 'SELECT table_name FROM store_segment WHERE logical = ? ORDER BY created_at, table_name', [logical]);
  return rows.map((r) => r.table_name);
}

/** Redefine the view of `logical` over its base table and `segments`. */
function viewSql(logical: SegmentedTable, segments: readonly string[]): string {
  const cols = SEGMENTED[logical].map(ident).join(', ');
  const parts = [`${logical}_base`, ...segments].map((t) => `SELECT ${cols} FROM ${ident(t)}`);
  return `CREATE OR REPLACE VIEW ${ident(logical)} AS ${parts.join(' UNION ALL ')}`;
}

/**
 * Make `table` (already written, same columns as the logical table) part of `logical`: registry row
 * and view. Call inside the import's transaction.
 */
export async function attachSegment(conn: DuckDBConnection, logical: SegmentedTable, table: string, batchId: string, rows: number): Promise<void> {
  await exec(conn, 'INSERT INTO store_segment (table_name, logical, batch_id, row_count, created_at) VALUES (?, ?, ?, ?, current_timestamp)', [table, logical, batchId, rows]);
  await exec(conn, viewSql(logical, await segmentsOf(conn, logical)));
}

/**
 * Drop segment tables no view uses: left by an import that was killed between writing its segment
 * and committing. Returns their names.
 */
export async function dropOrphanSegments(conn: DuckDBConnection): Promise<string[]> {
  const has = await queryRows<{ n: number }>(conn, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'store_segment'");
  if ((has[0]?.n ?? 0) === 0) return [];
  const rows = await queryRows<{ table_name: string }>(
    conn,
    `SELECT t.table_name FROM information_schema.tables t
     WHERE t.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM store_segment s WHERE s.table_name = t.table_name)`,
  );
  const orphans = rows.map((r) => r.table_name).filter((n) => SEGMENT_NAME.test(n));
  for (const t of orphans) await exec(conn, `DROP TABLE IF EXISTS ${ident(t)}`);
  return orphans;
}

/** Move every segment of `logical` into its base table, in one transaction. Returns the number merged. */
export async function compactSegments(conn: DuckDBConnection, logical: SegmentedTable): Promise<number> {
  return inTransaction(conn, async () => {
    const segments = await segmentsOf(conn, logical);
    if (segments.length === 0) return 0;
    const cols = SEGMENTED[logical].map(ident).join(', ');
    for (const t of segments) await exec(conn, `INSERT INTO ${ident(logical + '_base')} (${cols}) SELECT ${cols} FROM ${ident(t)}`);
    await exec(conn, `DELETE FROM store_segment WHERE logical = ${literal(logical)}`);
    await exec(conn, viewSql(logical, []));
    for (const t of segments) await exec(conn, `DROP TABLE ${ident(t)}`);
    return segments.length;
  });
}

/** Compact `logical` when it has more than MAX_SEGMENTS segments. */
export async function compactIfNeeded(conn: DuckDBConnection, logical: SegmentedTable): Promise<number> {
  const n = (await segmentsOf(conn, logical)).length;
  return n > MAX_SEGMENTS ? compactSegments(conn, logical) : 0;
}
