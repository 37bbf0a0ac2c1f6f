/**
 * `suitrate audit`: price every loan of the book. Loans stream out of DuckDB in chunks (never all
 * rows in JS at once), fill typed-array batches, are audited in worker threads (or inline for small
 * books), and the results are bulk-appended (DuckDB Appender) into staging tables, then published
 * into pricing_audit_loan / pricing_finding by one set-based INSERT that joins the ids back.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBListVector, DuckDBVector } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { roundHalfUp } from '../../domain/money.js';
import { exec, queryOne } from '../../store/sql.js';
import { defaultPricingConfig, type PricingConfig } from '../config-schema.js';
import { allocLoanBatch, FINDING_VALUES, NO_DAY, type BatchResult, type FlowSource, type LoanBatch } from './batch.js';
import { auditBatch, type KernelOptions } from './kernel.js';
import { AuditPool } from './pool.js';
import { countLoansSql, PUBLISH_FINDINGS_SQL, PUBLISH_LOANS_SQL, readLoansSql, RUN_TOTALS_SQL, STAGE_SQL, type AuditFilter } from './sql.js';

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
  /** Where the time went (main thread): appending staged rows, waiting for batches (reading + kernel), publishing by SQL. */
  phasesMs: { append: number; waitForKernel: number; publish: number };
}

/** Books smaller than this are audited inline: starting workers costs more than it saves. */
export const AUTO_WORKERS_MIN_LOANS = 50_000;

export function chooseWorkers(setting: number | 'auto', loans: number, cores = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  if (loans < AUTO_WORKERS_MIN_LOANS) return 0;
  return Math.max(1, Math.min(8, cores - 1));
}

const num = (v: DuckDBVector, r: number): number => {
  const x = v.getItem(r);
  return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : Number.NaN;
};

interface Reader {
  batch: LoanBatch;
  rid: Float64Array;
  fill: number;
  flowAmounts: number[];
  flowExtra: number[];
  flowOffsets: number[];
}

function newReader(size: number, source: FlowSource): Reader {
  return { batch: allocLoanBatch(size), rid: new Float64Array(size), fill: 0, flowAmounts: [], flowExtra: [], flowOffsets: source === 'contract' ? [] : [0] };
}

function readLists(chunk: DuckDBDataChunk, r: number, rd: Reader): void {
  const amounts = chunk.getColumnVector(13) as DuckDBListVector;
  const extra = chunk.getColumnVector(14) as DuckDBListVector;
  if (amounts.getItem(r) !== null) {
    const off = amounts.getEntryOffset(r);
    const len = amounts.getEntryLength(r);
    const xoff = extra.getEntryOffset(r);
    const ac = amounts.childVector;
    const xc = extra.childVector;
    for (let k = 0; k < len; k++) {
      rd.flowAmounts.push(num(ac, off + k));
      rd.flowExtra.push(num(xc, xoff + k));
    }
  }
  rd.flowOffsets.push(rd.flowAmounts.length);
}

/** Copy one DuckDB chunk into the reader's batch; returns rows consumed from `start`. */
function fillFromChunk(chunk: DuckDBDataChunk, start: number, rd: Reader, source: FlowSource): number {
  const b = rd.batch;
  const cols = Array.from({ length: 13 }, (_, c) => chunk.getColumnVector(c));
  const [rid, principal, term, method, rate, upFen, upRate, moFen, moRate, disclosed, basis, startDay, licensed] = cols as [DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector, DuckDBVector];
  const rows = Math.min(chunk.rowCount - start, b.n - rd.fill);
  for (let r = start; r < start + rows; r++) {
    const i = rd.fill++;
    const p = num(principal, r);
    rd.rid[i] = num(rid, r);
    b.principal[i] = p;
    b.term[i] = num(term, r);
    b.method[i] = num(method, r);
    b.rate[i] = num(rate, r);
    const uf = num(upFen, r);
    const mf = num(moFen, r);
    b.upfrontFee[i] = uf > 0 ? uf : roundHalfUp(num(upRate, r) * (p || 0));
    b.monthlyFee[i] = mf > 0 ? mf : roundHalfUp(num(moRate, r) * (p || 0));
    b.disclosed[i] = num(disclosed, r);
    b.basis[i] = num(basis, r);
    const d = startDay.getItem(r);
    b.startDay[i] = typeof d === 'number' ? d : NO_DAY;
    b.licensed[i] = num(licensed, r);
    if (source !== 'contract') readLists(chunk, r, rd);
  }
  return rows;
}

function sealBatch(rd: Reader, source: FlowSource): { batch: LoanBatch; rid: Float64Array } {
  const n = rd.fill;
  const b = rd.batch;
  const cut = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => (n === a.length ? a : (a.slice(0, n) as T));
  const batch: LoanBatch = {
    n,
    principal: cut(b.principal),
    term: cut(b.term),
    method: cut(b.method),
    rate: cut(b.rate),
    upfrontFee: cut(b.upfrontFee),
    monthlyFee: cut(b.monthlyFee),
    disclosed: cut(b.disclosed),
    basis: cut(b.basis),
    startDay: cut(b.startDay),
    licensed: cut(b.licensed),
  };
  if (source !== 'contract') {
    batch.flowOffsets = Int32Array.from(rd.flowOffsets);
    batch.flowAmounts = Float64Array.from(rd.flowAmounts);
    if (source === 'schedule') batch.flowFees = Float64Array.from(rd.flowExtra);
    else batch.flowDays = Int32Array.from(rd.flowExtra);
  }
  return { batch, rid: cut(rd.rid) };
}

/**
 * The loans of the book as typed-array batches, streamed from DuckDB chunk by chunk (at most one
 * batch of rows in JS at a time). `rid` is each loan's rowid, to join ids back in SQL.
 */
export async function* streamLoanBatches(conn: DuckDBConnection, source: FlowSource, filter: AuditFilter, batchSize: number): AsyncGenerator<{ batch: LoanBatch; rid: Float64Array }> {
  const read = readLoansSql(source, filter);
  const result = await conn.stream(read.sql, read.params);
  let rd = newReader(batchSize, source);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    let start = 0;
    while (start < chunk.rowCount) {
      start += fillFromChunk(chunk, start, rd, source);
      if (rd.fill === batchSize) {
        yield sealBatch(rd, source);
        rd = newReader(batchSize, source);
      }
    }
  }
  if (rd.fill > 0) yield sealBatch(rd, source);
}

function appendNum(a: DuckDBAppender, x: number): void {
  if (Number.isFinite(x)) a.appendDouble(x);
  else a.appendNull();
}

function writeResult(loanApp: DuckDBAppender, findApp: DuckDBAppender, rid: Float64Array, r: BatchResult): void {
  for (let i = 0; i < r.n; i++) {
    loanApp.appendDouble(rid[i] ?? 0);
    loanApp.appendUTinyInt(r.status[i] ?? 0);
    appendNum(loanApp, r.periodicIrr[i] ?? Number.NaN);
    appendNum(loanApp, r.apr[i] ?? Number.NaN);
    appendNum(loanApp, r.effective[i] ?? Number.NaN);
    appendNum(loanApp, r.net[i] ?? Number.NaN);
    appendNum(loanApp, r.interest[i] ?? Number.NaN);
    appendNum(loanApp, r.fees[i] ?? Number.NaN);
    appendNum(loanApp, r.cost[i] ?? Number.NaN);
    loanApp.appendUTinyInt(r.courtCap[i] ?? 0);
    appendNum(loanApp, r.courtCapRate[i] ?? Number.NaN);
    appendNum(loanApp, r.notSupported[i] ?? 0);
    loanApp.appendInteger(r.findingCount[i] ?? 0);
    loanApp.appendUTinyInt(r.maxSeverity[i] ?? 255);
    const flows = r.flowsText[i];
    if (flows) loanApp.appendVarchar(flows);
    else loanApp.appendNull();
    loanApp.endRow();
  }
  const f = r.findings;
  for (let k = 0; k < f.count; k++) {
    findApp.appendDouble(rid[f.loan[k] ?? 0] ?? 0);
    findApp.appendVarchar(f.codes[f.code[k] ?? 0] ?? '');
    findApp.appendUTinyInt(f.severity[k] ?? 0);
    appendNum(findApp, f.excess[k] ?? Number.NaN);
    for (let v = 0; v < FINDING_VALUES; v++) appendNum(findApp, f.values[k * FINDING_VALUES + v] ?? Number.NaN);
    findApp.endRow();
  }
}

function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `audit-${stamp}-${randomBytes(3).toString('hex')}`;
}

interface Pending {
  rid: Float64Array;
  result: Promise<BatchResult>;
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
  await exec(conn, `INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, workers, settings) VALUES (?, ?::TIMESTAMP, 'running', ?, ?, ?::JSON)`, [runId, opts.startedAt.toISOString(), source, workers, settings]);
  const writer = await instance.connect();
  const pool = workers > 0 ? new AuditPool(workers) : null;
  try {
    await writer.run(STAGE_SQL);
    const loanApp = await writer.createAppender('pricing_stage_loan', 'main', 'temp');
    const findApp = await writer.createAppender('pricing_stage_finding', 'main', 'temp');
    let done = 0;
    let appendMs = 0;
    let waitMs = 0;
    const queue: Pending[] = [];
    const maxInFlight = Math.max(2, workers * 2);
    const drainOne = async (): Promise<void> => {
      const head = queue.shift();
      if (!head) return;
      const w0 = performance.now();
      const res = await head.result;
      const a0 = performance.now();
      writeResult(loanApp, findApp, head.rid, res);
      appendMs += performance.now() - a0;
      waitMs += a0 - w0;
      done += res.n;
      opts.onProgress?.(done, total);
    };
    for await (const { batch, rid } of streamLoanBatches(conn, source, filter, batchSize)) {
      queue.push({ rid, result: pool ? pool.run(batch, kopts) : Promise.resolve(auditBatch(batch, kopts)) });
      while (queue.length >= maxInFlight || (!pool && queue.length > 0)) await drainOne();
    }
    while (queue.length > 0) await drainOne();
    const c0 = performance.now();
    loanApp.closeSync();
    findApp.closeSync();
    appendMs += performance.now() - c0;
    const p0 = performance.now();
    const totals = await queryOne<{ loans: number; with_findings: number; without_rate: number; findings: number }>(writer, RUN_TOTALS_SQL);
    await writer.run('BEGIN TRANSACTION');
    await exec(writer, PUBLISH_LOANS_SQL, [runId]);
    await exec(writer, PUBLISH_FINDINGS_SQL, [runId]);
    const publishMs = performance.now() - p0;
    const elapsedMs = Math.round(performance.now() - t0);
    await exec(
      writer,
      `UPDATE pricing_audit_run SET status = 'completed', finished_at = ?::TIMESTAMP + to_milliseconds(?), loans_audited = ?, loans_with_findings = ?, loans_without_rate = ?, findings = ?, elapsed_ms = ? WHERE run_id = ?`,
      [opts.startedAt.toISOString(), elapsedMs, totals?.loans ?? 0, totals?.with_findings ?? 0, totals?.without_rate ?? 0, totals?.findings ?? 0, elapsedMs, runId],
    );
    await writer.run('COMMIT');
    await writer.run('DROP TABLE IF EXISTS temp.pricing_stage_loan; DROP TABLE IF EXISTS temp.pricing_stage_finding;');
    const loans = totals?.loans ?? 0;
    return {
      runId,
      source,
      loansAudited: loans,
      loansWithFindings: totals?.with_findings ?? 0,
      loansWithoutRate: totals?.without_rate ?? 0,
      findings: totals?.findings ?? 0,
      workers,
      elapsedMs,
      loansPerSecond: elapsedMs > 0 ? Math.round((loans * 1000) / elapsedMs) : loans,
      phasesMs: { append: Math.round(appendMs), waitForKernel: Math.round(waitMs), publish: Math.round(publishMs) },
    };
  } catch (err) {
    await writer.run('ROLLBACK').catch(() => undefined);
    await exec(conn, `UPDATE pricing_audit_run SET status = 'failed' WHERE run_id = ?`, [runId]).catch(() => undefined);
    if (err instanceof AppError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'pricing.audit_failed', en: `Audit run ${runId} failed: ${msg}`, zh: `审计运行 ${runId} 失败：${msg}`, cause: err });
  } finally {
    await pool?.close();
    writer.closeSync();
  }
}
