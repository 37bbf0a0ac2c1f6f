/**
 * Summary of an audit run, for `suitrate audit`, `suitrate report` and the dashboard:
 * `auditSummary(conn, runId?)` (latest completed run by default). All aggregation runs in DuckDB.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { queryOne, queryRows } from '../../store/sql.js';
import type { RegulatoryThreshold } from '../config-schema.js';
import { findingText, type FindingNumbers } from '../findings.js';
import { RATE_STATUS_TEXT, type RateStatus } from './batch.js';

export interface AuditRunInfo {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  source: string;
  loansAudited: number;
  loansWithFindings: number;
  loansWithoutRate: number;
  findings: number;
  workers: number;
  elapsedMs: number | null;
}

export interface CapCount {
  /** Finding code, e.g. cap.licensed_24, cap.private_4lpr, cap.threshold.reg_20. */
  code: string;
  loans: number;
  /** Cost above the cap, fen. */
  excessFen: number;
}

export interface FindingCount {
  code: string;
  severity: string;
  count: number;
}

export interface AuditGroup {
  institutionId: string | null;
  institutionName: string | null;
  /** Null in the by-lender view. */
  productId: string | null;
  productName: string | null;
  loans: number;
  loansWithRate: number;
  /** IRR annualized rate (periodic IRR × 12): median and 95th percentile. */
  medianApr: number | null;
  p95Apr: number | null;
  medianDisclosed: number | null;
  /** Median of (IRR annualized − disclosed), loans with both. */
  medianGap: number | null;
  loansAboveCourtCap: number;
  notSupportedFen: number;
  loansWithFindings: number;
  caps: CapCount[];
  findings: FindingCount[];
}

export interface AuditSummary {
  run: AuditRunInfo;
  overall: AuditGroup;
  byLender: AuditGroup[];
  byProduct: AuditGroup[];
  caps: CapCount[];
  findings: FindingCount[];
}

type GroupRow = {
  institution_id: string | null;
  institution_name: string | null;
  product_id: string | null;
  product_name: string | null;
  loans: number;
  loans_with_rate: number;
  median_apr: number | null;
  p95_apr: number | null;
  median_disclosed: number | null;
  median_gap: number | null;
  loans_above_court_cap: number;
  not_supported_fen: number;
  loans_with_findings: number;
};

const GROUP_COLS = `count(*)::BIGINT AS loans,
  count(a.apr)::BIGINT AS loans_with_rate,
  median(a.apr) AS median_apr,
  quantile_cont(a.apr, 0.95) AS p95_apr,
  median(a.disclosed_apr) AS median_disclosed,
  median(a.apr - a.disclosed_apr) AS median_gap,
  count(*) FILTER (WHERE a.not_supported_fen > 0)::BIGINT AS loans_above_court_cap,
  coalesce(sum(a.not_supported_fen), 0)::BIGINT AS not_supported_fen,
  count(*) FILTER (WHERE a.finding_count > 0)::BIGINT AS loans_with_findings`;

type Level = 'overall' | 'lender' | 'product';

/** GROUPING(institution_id, product_id) of each level's rows. */
const LEVEL_BITS: Readonly<Record<Level, number>> = { overall: 3, lender: 1, product: 0 };

function groupKey(level: number, institutionId: string | null, productId: string | null): string {
  return `${level}\u0000${institutionId ?? ''}\u0000${productId ?? ''}`;
}

/**
 * The three levels (overall, by lender, by product) in one scan of the loans and one of the findings
 * (GROUPING SETS), each level in the order the report shows: most loans first, then by ids.
 */
async function allGroups(conn: DuckDBConnection, runId: string): Promise<Record<Level, AuditGroup[]>> {
  const rows = await queryRows<GroupRow & { lvl: number }>(
    conn,
    `SELECT GROUPING(a.institution_id, a.product_id)::INTEGER AS lvl,
       a.institution_id, CASE WHEN GROUPING(a.institution_id) = 0 THEN any_value(i.name) END AS institution_name,
       a.product_id, CASE WHEN GROUPING(a.product_id) = 0 THEN any_value(p.name) END AS product_name,
       ${GROUP_COLS}
     FROM pricing_audit_loan a
     LEFT JOIN institution i ON i.institution_id = a.institution_id
     LEFT JOIN product p ON p.product_id = a.product_id
     WHERE a.run_id = ?
     GROUP BY GROUPING SETS ((), (a.institution_id), (a.institution_id, a.product_id))
     ORDER BY lvl DESC, loans DESC, a.institution_id, a.product_id`,
    [runId],
  );
  const detail = await queryRows<{ lvl: number; institution_id: string | null; product_id: string | null; code: string; severity: string; n: number; excess: number | null }>(
    conn,
    `SELECT GROUPING(a.institution_id, a.product_id)::INTEGER AS lvl, a.institution_id, a.product_id, a.code, a.severity,
       count(*)::BIGINT AS n, sum(a.excess_fen)::BIGINT AS excess
     FROM pricing_finding_detail a
     WHERE a.run_id = ?
     GROUP BY GROUPING SETS ((a.code, a.severity), (a.institution_id, a.code, a.severity), (a.institution_id, a.product_id, a.code, a.severity))
     ORDER BY lvl DESC, n DESC, a.code`,
    [runId],
  );
  const caps = new Map<string, CapCount[]>();
  const finds = new Map<string, FindingCount[]>();
  for (const d of detail) {
    const key = groupKey(d.lvl, d.institution_id, d.product_id);
    if (d.code.startsWith('cap.')) caps.set(key, [...(caps.get(key) ?? []), { code: d.code, loans: d.n, excessFen: d.excess ?? 0 }]);
    finds.set(key, [...(finds.get(key) ?? []), { code: d.code, severity: d.severity, count: d.n }]);
  }
  const toGroup = (r: GroupRow & { lvl: number }): AuditGroup => {
    const key = groupKey(r.lvl, r.institution_id, r.product_id);
    return {
      institutionId: r.institution_id,
      institutionName: r.institution_name,
      productId: r.product_id,
      productName: r.product_name,
      loans: r.loans,
      loansWithRate: r.loans_with_rate,
      medianApr: r.median_apr,
      p95Apr: r.p95_apr,
      medianDisclosed: r.median_disclosed,
      medianGap: r.median_gap,
      loansAboveCourtCap: r.loans_above_court_cap,
      notSupportedFen: r.not_supported_fen,
      loansWithFindings: r.loans_with_findings,
      caps: caps.get(key) ?? [],
      findings: finds.get(key) ?? [],
    };
  };
  const level = (l: Level): AuditGroup[] => rows.filter((r) => r.lvl === LEVEL_BITS[l]).map(toGroup);
  return { overall: level('overall'), lender: level('lender'), product: level('product') };
}

/** A run (default: the latest completed one); a clear error when there is none. */
export async function runInfo(conn: DuckDBConnection, runId?: string): Promise<AuditRunInfo> {
  const row = await queryOne<{
    run_id: string;
    started_at: string;
    finished_at: string | null;
    status: string;
    flows_source: string;
    loans_audited: number;
    loans_with_findings: number;
    loans_without_rate: number;
    findings: number;
    workers: number;
    elapsed_ms: number | null;
  }>(
    conn,
    runId === undefined
      ? `SELECT * FROM pricing_audit_run WHERE status = 'completed' ORDER BY started_at DESC, finished_at DESC LIMIT 1`
      : `SELECT * FROM pricing_audit_run WHERE run_id = ?`,
    runId === undefined ? [] : [runId],
  );
  if (!row) {
    throw new AppError(
      runId === undefined
        ? { code: 'pricing.no_audit', en: 'No completed audit run: run `suitrate audit` first', zh: '还没有完成的审计：请先运行 `suitrate audit`' }
        : { code: 'pricing.unknown_run', en: `No audit run ${runId}`, zh: `没有审计运行 ${runId}` },
    );
  }
  return {
    runId: row.run_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    source: row.flows_source,
    loansAudited: row.loans_audited,
    loansWithFindings: row.loans_with_findings,
    loansWithoutRate: row.loans_without_rate,
    findings: row.findings,
    workers: row.workers,
    elapsedMs: row.elapsed_ms,
  };
}

/**
 * Summary of an audit run (default: the latest completed one): overall, by lender, by product; loans
 * audited, median and p95 IRR annualized rate against the disclosed rate, loans and amounts above
 * each cap, findings by code.
 */
export async function auditSummary(conn: DuckDBConnection, runId?: string): Promise<AuditSummary> {
  const run = await runInfo(conn, runId);
  const levels = await allGroups(conn, run.runId);
  const [overall] = levels.overall;
  const byLender = levels.lender;
  const byProduct = levels.product;
  const o: AuditGroup = overall ?? {
    institutionId: null, institutionName: null, productId: null, productName: null, loans: 0, loansWithRate: 0, medianApr: null, p95Apr: null,
    medianDisclosed: null, medianGap: null, loansAboveCourtCap: 0, notSupportedFen: 0, loansWithFindings: 0, caps: [], findings: [],
  };
  return { run, overall: o, byLender, byProduct, caps: o.caps, findings: o.findings };
}

export interface StoredFinding {
  loanId: string;
  code: string;
  severity: string;
  excessFen: number | null;
  /** The figures behind the finding (rates as decimals, amounts in fen). */
  evidence: FindingNumbers;
  zh: string;
  en: string;
  /** Lender-view cash flows of the loan in fen (t = 0 is minus the amount received). */
  flowsFen: number[] | null;
}

export interface FindingQuery {
  runId?: string;
  loanId?: string;
  code?: string;
  /** Default 1,000. */
  limit?: number;
}

/**
 * Stored findings of an audit run with their zh/en messages rendered and the cash flows that prove
 * them — for the dashboard and `suitrate audit --loan` / `--code`.
 */
export async function loanFindings(conn: DuckDBConnection, q: FindingQuery = {}): Promise<StoredFinding[]> {
  const run = await runInfo(conn, q.runId);
  const settings = await queryOne<{ s: string | null }>(conn, 'SELECT settings::VARCHAR AS s FROM pricing_audit_run WHERE run_id = ?', [run.runId]);
  const parsed = settings?.s ? (JSON.parse(settings.s) as { thresholds?: RegulatoryThreshold[] }) : {};
  const where = ['f.run_id = ?'];
  const params: Array<string | number> = [run.runId];
  if (q.loanId !== undefined) {
    where.push('f.loan_id = ?');
    params.push(q.loanId);
  }
  if (q.code !== undefined) {
    where.push('f.code = ?');
    params.push(q.code);
  }
  params.push(Math.max(1, Math.min(1_000_000, q.limit ?? 1000)));
  const rows = await queryRows<{ loan_id: string; code: string; severity: string; excess_fen: number | null; evidence: string; flows_fen: string | null; rate_status: string }>(
    conn,
    `SELECT f.loan_id, f.code, f.severity, f.excess_fen, f.evidence::VARCHAR AS evidence, f.flows_fen, f.rate_status
     FROM pricing_finding_detail f
     WHERE ${where.join(' AND ')} ORDER BY f.loan_id, f.code LIMIT ?`,
    params,
  );
  return rows.map((r) => {
    const evidence = JSON.parse(r.evidence) as FindingNumbers;
    const reason = RATE_STATUS_TEXT[r.rate_status as RateStatus] ?? null;
    const text = findingText(r.code, evidence, { thresholds: parsed.thresholds ?? [], reason });
    return {
      loanId: r.loan_id,
      code: r.code,
      severity: r.severity,
      excessFen: r.excess_fen,
      evidence,
      zh: text.zh,
      en: text.en,
      flowsFen: r.flows_fen ? r.flows_fen.split(' ').map(Number) : null,
    };
  });
}
