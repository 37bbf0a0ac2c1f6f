/**
 * The rate cache: loans originated per month and slice (`metrics_loan_month`) and every dispute with
 * its loan's attributes (`metrics_dispute_fact`), so the lawsuit rate on a 10M-loan book reads
 * ~100k + 200k rows instead of joining 200k disputes to 10M loans and grouping 10M loans.
 *
 * It is derived data, rebuilt by {@link refreshMetricsCache} (after imports; `suitrate cache
 * refresh`). `computeRate` uses it only while it is fresh: a fingerprint of the inputs (loan count,
 * import batches, products, and a hash of every dispute row's counted fields) must equal the one
 * stored at refresh, and the amount-band edges must be the same. Edits of loan rows by hand, outside
 * imports, are not seen by the fingerprint: refresh after them (or drop the cache).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql as CACHE_DDL } from '../store/migrations/0030-metrics.js';
import { exec, inTransaction, queryOne } from '../store/sql.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';

export type CacheState = 'fresh' | 'stale' | 'absent';

export interface CacheStatus {
  state: CacheState;
  /** Why it is stale ('data changed', 'amount bands changed'). */
  reason: string | null;
  rowsLoanMonth: number;
  rowsDispute: number;
}

// Loans change only through imports (each one an import_batch row), so their count and the batches
// stand for them without a scan of the loan table; disputes are rebuilt in place by the judgments
// module, so every counted field of every dispute row is hashed (200k rows: milliseconds).
const FINGERPRINT_SQL = `SELECT concat_ws('|',
  (SELECT count(*) FROM loan), (SELECT count(*) FROM import_batch), (SELECT max(coalesce(finished_at, started_at)) FROM import_batch),
  (SELECT count(*) FROM product), (SELECT coalesce(bit_xor(hash(product_id, kind)), 0) FROM product),
  (SELECT count(*) FROM dispute),
  (SELECT coalesce(bit_xor(hash(dispute_id, loan_id, institution_id, institution_role, filed_at, count_date, decided_at, latest_decided_at,
     is_lending, counts_as_lawsuit, enforcement_only, cause_category, court_name, court_code, court_province, procedure)), 0) FROM dispute)
) AS fp`;

async function fingerprint(conn: DuckDBConnection): Promise<string> {
  return (await queryOne<{ fp: string }>(conn, FINGERPRINT_SQL))?.fp ?? '';
}

function bandsKey(config: MetricsConfig): string {
  return JSON.stringify(config.amountBandsYuan);
}

async function cacheExists(conn: DuckDBConnection): Promise<boolean> {
  const r = await queryOne<{ n: number }>(conn, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'metrics_cache_state'");
  return (r?.n ?? 0) > 0;
}

export async function metricsCacheStatus(conn: DuckDBConnection, config: MetricsConfig = defaultMetricsConfig()): Promise<CacheStatus> {
  if (!(await cacheExists(conn))) return { state: 'absent', reason: null, rowsLoanMonth: 0, rowsDispute: 0 };
  const row = await queryOne<{ fingerprint: string; amount_bands: string; rows_loan_month: number; rows_dispute: number }>(conn, "SELECT * FROM metrics_cache_state WHERE key = 'rate'");
  if (!row) return { state: 'absent', reason: null, rowsLoanMonth: 0, rowsDispute: 0 };
  const base = { rowsLoanMonth: row.rows_loan_month, rowsDispute: row.rows_dispute };
  if (row.amount_bands !== bandsKey(config)) return { state: 'stale', reason: 'amount bands changed', ...base };
  if (row.fingerprint !== (await fingerprint(conn))) return { state: 'stale', reason: 'data changed', ...base };
  return { state: 'fresh', reason: null, ...base };
}

/** Representative principal of a loan's amount band: the band's upper edge, or the last edge + 1 fen. */
function bandRepresentativeSql(config: MetricsConfig): string {
  const edges = config.amountBandsYuan.map((e) => Math.round(e * 100));
  const last = edges[edges.length - 1] ?? 0;
  return `CASE ${edges.map((e) => `WHEN l.principal_fen <= ${e} THEN ${e}`).join(' ')} ELSE ${last + 1} END`;
}

/** Rebuild the cache from the current tables (one transaction). */
export async function refreshMetricsCache(conn: DuckDBConnection, config: MetricsConfig = defaultMetricsConfig()): Promise<CacheStatus & { ms: number }> {
  const t0 = performance.now();
  await conn.run(CACHE_DDL);
  await inTransaction(conn, async () => {
    const fp = await fingerprint(conn);
    await exec(conn, 'DELETE FROM metrics_loan_month');
    await exec(conn, 'DELETE FROM metrics_dispute_fact');
    await exec(conn, "DELETE FROM metrics_cache_state WHERE key = 'rate'");
    await exec(
      conn,
      `INSERT INTO metrics_loan_month
       SELECT date_trunc('month', l.originated_at)::DATE, l.institution_id, l.product_id, pr.kind, l.province, l.channel, ${bandRepresentativeSql(config)}, count(*)
       FROM loan l LEFT JOIN product pr ON pr.product_id = l.product_id
       GROUP BY ALL ORDER BY 1`,
    );
    await exec(
      conn,
      `INSERT INTO metrics_dispute_fact
       SELECT d.dispute_id, d.institution_id, d.institution_role, d.filed_at, d.count_date, d.decided_at, d.latest_decided_at, d.is_lending,
         d.counts_as_lawsuit, d.enforcement_only, d.cause_category, d.court_name, d.court_code, d.court_province, d.procedure,
         l.loan_id, l.institution_id, l.product_id, pr.kind, l.province, l.channel, l.originated_at, l.principal_fen
       FROM dispute d LEFT JOIN loan l ON l.loan_id = d.loan_id LEFT JOIN product pr ON pr.product_id = l.product_id
       ORDER BY coalesce(d.filed_at, d.count_date)`,
    );
    await exec(
      conn,
      `INSERT INTO metrics_cache_state VALUES ('rate', ?, ?, (SELECT count(*) FROM metrics_loan_month), (SELECT count(*) FROM metrics_dispute_fact))`,
      [fp, bandsKey(config)],
    );
  });
  const status = await metricsCacheStatus(conn, config);
  return { ...status, ms: performance.now() - t0 };
}

export async function dropMetricsCache(conn: DuckDBConnection): Promise<void> {
  if (!(await cacheExists(conn))) return;
  await inTransaction(conn, async () => {
    await exec(conn, 'DELETE FROM metrics_loan_month');
    await exec(conn, 'DELETE FROM metrics_dispute_fact');
    await exec(conn, 'DELETE FROM metrics_cache_state');
  });
}
