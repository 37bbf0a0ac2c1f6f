/**
 * `suitrate audit`: price every loan of the book. Loans stream out of DuckDB in chunks (never all
 * rows in JS at once), fill typed-array batches, are audited in worker threads (or inline for small
 * books), and the results are appended in bulk (whole column vectors) straight into the result
 * tables, all in one transaction: a failed run leaves no rows behind.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { exec, queryOne, queryRows } from '../../store/sql.js';
import { defaultPricingConfig, type PricingConfig } from '../config-schema.js';
import type { FlowSource } from './batch.js';
import { auditBatch, type KernelOptions } from './kernel.js';
import { AuditPool, type PoolReply } from './pool.js';
import { streamLoanBatches, type BatchKeys } from './reader.js';
import { countLoansSql, createGroupsSql, groupTable, readGroupsSql, type AuditFilter } from './sql.js';
import { AuditWriter } from './writer.js';

export { streamLoanBatches } from './reader.js';

export interface AuditOptions {
  source?: FlowSource;
  config?: PricingConfig;
  /** Worker threads (overrides config): 0 = inline. */
  workers?: number | 'auto';
  batchSize?: number;
  filter?: AuditFilter;
  /** Start time recorded on the run (injected; the runner measures elapsed time itself). */
  startedAt: Date;
  runId?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface AuditRunResult {
  runId: string;
  source: FlowSource;
  loansAudited: number;
  loansWithFindings: number;
  loansWithoutRate: number;
  findings: number;
  workers: number;
  elapsedMs: number;
  loansPerSecond: number;
  /**
   * Where the main thread's time went: reading batches out of DuckDB, auditing them (inline runs) or
   * waiting for the workers, appending results, and committing.
   */
  phasesMs: { read: number; kernel: number; append: number; commit: number };
}

/** Books smaller than this are audited inline: starting workers costs more than it saves. */
export const AUTO_WORKERS_MIN_LOANS = 50_000;

export function chooseWorkers(setting: number | 'auto', loans: number, cores = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  if (loans < AUTO_WORKERS_MIN_LOANS) return 0;
  return Math.max(1, Math.min(8, cores - 1));
}

function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `audit-${stamp}-${randomBytes(3).toString('hex')}`;
}

interface Pending {
  keys: BatchKeys;
  result: Promise<PoolReply>;
}

interface GroupRow {
  grp: number;
  institution_id: string | null;
  product_id: string | null;
  lender_kind: string;
  product_basis: string | null;
}

function appendOptional(a: DuckDBAppender, x: string | null): void {
  if (x === null) a.appendNull();
  else a.appendVarchar(x);
}

/** The run's groups and finding codes (a few rows each). */
async function writeDictionaries(writer: DuckDBConnection, runNo: number, groups: readonly GroupRow[], codes: readonly string[]): Promise<void> {
  const g = await writer.createAppender('pricing_audit_group');
  for (const r of groups) {
    g.appendInteger(runNo);
    g.appendInteger(r.grp);
    appendOptional(g, r.institution_id);
    appendOptional(g, r.product_id);
    g.appendVarchar(r.lender_kind);
    appendOptional(g, r.product_basis);
    g.endRow();
  }
  g.closeSync();
  const c = await writer.createAppender('pricing_audit_code');
  codes.forEach((code, no) => {
    c.appendInteger(runNo);
    c.appendInteger(no);
    c.appendVarchar(code);
    c.endRow();
  });
  c.closeSync();
}

/** Audit the loan book (or the loans matching `filter`) and store the results as a new run. */
export async function runAudit(instance: DuckDBInstance, conn: DuckDBConnection, opts: AuditOptions): Promise<AuditRunResult> {
  const t0 = performance.now();
  const source = opts.source ?? 'contract';
  const config = opts.config ?? defaultPricingConfig();
  const filter = opts.filter ?? {};
  const count = countLoansSql(filter);
  const total = (await queryOne<{ n: number }>(conn, count.sql, count.params))?.n ?? 0;
  const workers = chooseWorkers(opts.workers ?? config.audit.workers, total);
  const batchSize = opts.batchSize ?? config.audit.batchSize;
  const runId = opts.runId ?? newRunId(opts.startedAt);
  const kopts: KernelOptions = { source, thresholds: config.regulatoryThresholds, disclosureTolerance: config.disclosureTolerance, patternTolerance: config.patternTolerance, dailyRateDays: config.dailyRateDays };
  const settings = JSON.stringify({ source, thresholds: config.regulatoryThresholds, disclosureTolerance: config.disclosureTolerance, patternTolerance: config.patternTolerance, filter });
  const run = await queryOne<{ run_no: number }>(
    conn,
    `INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, workers, settings, run_no) VALUES (?, ?::TIMESTAMP, 'running', ?, ?, ?::JSON, nextval('pricing_audit_run_no')) RETURNING run_no`,
    [runId, opts.startedAt.toISOString(), source, workers, settings],
  );
  const runNo = run?.run_no ?? 0;
  const writer = await instance.connect();
  const pool = workers > 0 ? new AuditPool(workers) : null;
  try {
    const groupsSql = createGroupsSql(runNo, filter);
    await exec(conn, groupsSql.sql, groupsSql.params);
    const groups = await queryRows<GroupRow & Record<string, unknown>>(conn, readGroupsSql(runNo));
    await writer.run('BEGIN TRANSACTION');
    const out = await AuditWriter.open(writer, runNo);
    const ms = { read: 0, kernel: 0, append: 0, commit: 0 };
    const queue: Pending[] = [];
    const maxInFlight = Math.max(2, workers * 2);
    const drainOne = async (): Promise<void> => {
      const head = queue.shift();
      if (!head) return;
      const w0 = performance.now();
      const { result, batch } = await head.result;
      const a0 = performance.now();
      out.write(batch, head.keys, result);
      ms.append += performance.now() - a0;
      ms.kernel += a0 - w0;
      opts.onProgress?.(out.totals.loans, total);
    };
    let r0 = performance.now();
    for await (const { batch, keys } of streamLoanBatches(conn, source, runNo, filter, batchSize)) {
      ms.read += performance.now() - r0;
      if (pool) queue.push({ keys, result: pool.run(batch, kopts) });
      else {
        const k0 = performance.now();
        const result = auditBatch(batch, kopts);
        ms.kernel += performance.now() - k0;
        queue.push({ keys, result: Promise.resolve({ result, batch }) });
      }
      while (queue.length >= maxInFlight || (!pool && queue.length > 0)) await drainOne();
      r0 = performance.now();
    }
    ms.read += performance.now() - r0;
    while (queue.length > 0) await drainOne();
    const c0 = performance.now();
    out.close();
    await writeDictionaries(writer, runNo, groups, out.codes);
    const totals = out.totals;
    const elapsedMs = Math.round(performance.now() - t0);
    await exec(
      writer,
      `UPDATE pricing_audit_run SET status = 'completed', finished_at = ?::TIMESTAMP + to_milliseconds(?), loans_audited = ?, loans_with_findings = ?, loans_without_rate = ?, findings = ?, elapsed_ms = ? WHERE run_id = ?`,
      [opts.startedAt.toISOString(), elapsedMs, totals.loans, totals.withFindings, totals.withoutRate, totals.findings, elapsedMs, runId],
    );
    await writer.run('COMMIT');
    ms.commit = performance.now() - c0;
    return {
      runId,
      source,
      loansAudited: totals.loans,
      loansWithFindings: totals.withFindings,
      loansWithoutRate: totals.withoutRate,
      findings: totals.findings,
      workers,
      elapsedMs,
      loansPerSecond: elapsedMs > 0 ? Math.round((totals.loans * 1000) / elapsedMs) : totals.loans,
      phasesMs: { read: Math.round(ms.read), kernel: Math.round(ms.kernel), append: Math.round(ms.append), commit: Math.round(ms.commit) },
    };
  } catch (err) {
    await writer.run('ROLLBACK').catch(() => undefined);
    await exec(conn, `UPDATE pricing_audit_run SET status = 'failed' WHERE run_id = ?`, [runId]).catch(() => undefined);
    if (err instanceof AppError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'pricing.audit_failed', en: `Audit run ${runId} failed: ${msg}`, zh: `审计运行 ${runId} 失败：${msg}`, cause: err });
  } finally {
    await pool?.close();
    await conn.run(`DROP TABLE IF EXISTS temp.${groupTable(runNo)}`).catch(() => undefined);
    writer.closeSync();
  }
}
