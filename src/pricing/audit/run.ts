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
import type { BatchResult, FlowSource } from './batch.js';
import { auditBatch, type KernelOptions } from './kernel.js';
import { AuditPool, type PoolReply } from './pool.js';
import { streamLoanBatches, type BatchKeys, type BatchPool } from './reader.js';
import { countLoansSql, createGroupsSql, groupTable, internLoansSql, LOAN_FINGERPRINT_KEY, LOAN_FINGERPRINT_SQL, readGroupsSql, type AuditFilter } from './sql.js';
import { AuditWriter, type AuditWriterOptions } from './writer.js';

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
  /** How results are staged for DuckDB (segment and row group sizes, staging folder); defaults suit books of any size. */
  staging?: AuditWriterOptions;
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

/**
 * Worker threads for `workers: 'auto'`: cores − 1 (at least 1, at most 8) for books of 50,000 loans
 * or more, none below. On 2 cores, 1 worker beside the main thread and DuckDB's inserts measured ~4%
 * faster than inline on average over five benchmark runs (faster in 7 of 10 rounds; BENCHMARKS.md,
 * Pricing), at ~1–1.5 s more CPU per million loans.
 */
export function chooseWorkers(setting: number | 'auto', loans: number, cores = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  if (loans < AUTO_WORKERS_MIN_LOANS) return 0;
  return Math.max(1, Math.min(8, cores - 1));
}

/** The last loan-reference step of each database: the steps run one after another (see internLoans). */
const internChains = new WeakMap<DuckDBInstance, Promise<void>>();

/**
 * Number the loans to audit that have no pricing_audit_loan_ref entry yet, in its own transaction.
 * The dictionary has no unique index, so two runs adding the same loans at once would both add them:
 * the steps of one database are chained (one process writes a DuckDB file at a time).
 *
 * A run over the whole book first compares a fingerprint of all loan ids with the one recorded after
 * the last full numbering and skips the numbering when they are equal (a re-run of an unchanged
 * book: the anti-join of a million id strings costs ~0.2 s). The fingerprint is taken before the
 * numbering, so it never covers a loan the numbering missed; should the reader still meet a loan
 * without a number, the run fails with pricing.loan_not_numbered and the fingerprint is forgotten.
 */
async function internLoans(instance: DuckDBInstance, conn: DuckDBConnection, filter: AuditFilter): Promise<void> {
  const intern = internLoansSql(filter);
  const whole = filter.institutionId === undefined && filter.productId === undefined;
  const prior = internChains.get(instance) ?? Promise.resolve();
  const step = prior.then(async () => {
    if (!whole) return exec(conn, intern.sql, intern.params);
    const fp = (await queryOne<{ fp: string }>(conn, LOAN_FINGERPRINT_SQL))?.fp ?? '';
    const known = (await queryOne<{ value: string }>(conn, 'SELECT value FROM workspace_meta WHERE key = ?', [LOAN_FINGERPRINT_KEY]))?.value;
    if (known === fp) return;
    await exec(conn, intern.sql, intern.params);
    await exec(conn, 'INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?, ?)', [LOAN_FINGERPRINT_KEY, fp]);
  });
  const settled = step.catch(() => undefined);
  internChains.set(instance, settled);
  try {
    await step;
  } finally {
    if (internChains.get(instance) === settled) internChains.delete(instance);
  }
}

function newRunId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `audit-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Batches read ahead of the one being audited (each at most `batchSize` loans). */
const READ_AHEAD = 2;

/** One turn of the event loop: lets pending reads and worker replies proceed between appended blocks. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The items of `source`, with up to `depth` of them requested ahead: the next batches stream out of
 * DuckDB (on its own thread) while this thread appends the previous ones.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const ahead: Array<Promise<IteratorResult<T>>> = [];
  const request = (): void => {
    const p = it.next();
    p.catch(() => undefined); // rejections surface where the promise is awaited below
    ahead.push(p);
  };
  try {
    for (let k = 0; k < depth; k++) request();
    for (;;) {
      const next = ahead.shift();
      if (!next) return;
      const r = await next;
      if (r.done) return;
      request();
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
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
  let out: AuditWriter | null = null;
  try {
    await internLoans(instance, conn, filter);
    const groupsSql = createGroupsSql(runNo, filter);
    await exec(conn, groupsSql.sql, groupsSql.params);
    const groups = await queryRows<GroupRow & Record<string, unknown>>(conn, readGroupsSql(runNo));
    await writer.run('BEGIN TRANSACTION');
    const stage = AuditWriter.open(writer, runNo, opts.staging);
    out = stage;
    const ms = { read: 0, kernel: 0, append: 0, commit: 0 };
    const queue: Pending[] = [];
    /** Stored results whose buffers the next batches reuse. */
    const spares: BatchResult[] = [];
    /** Stored batches whose buffers the reader fills again. */
    const batches: BatchPool = [];
    // Up to 4 batches a worker queued or computing: a worker briefly starved of CPU (the machine is
    // shared) catches up on banked batches instead of leaving the main thread waiting.
    const maxInFlight = Math.max(2, workers * 4);
    const drainOne = async (): Promise<void> => {
      const head = queue.shift();
      if (!head) return;
      const w0 = performance.now();
      const { result, batch } = await head.result;
      const a0 = performance.now();
      await stage.write(batch, head.keys, result, nextTurn);
      spares.push(result);
      batches.push({ batch, keys: head.keys });
      ms.append += performance.now() - a0;
      ms.kernel += a0 - w0;
      opts.onProgress?.(stage.totals.loans, total);
    };
    let r0 = performance.now();
    for await (const { batch, keys } of readAhead(streamLoanBatches(conn, source, runNo, filter, batchSize, batches), READ_AHEAD)) {
      ms.read += performance.now() - r0;
      if (pool) queue.push({ keys, result: pool.run(batch, kopts, spares.pop()) });
      else {
        const k0 = performance.now();
        const result = auditBatch(batch, kopts, spares.pop());
        ms.kernel += performance.now() - k0;
        queue.push({ keys, result: Promise.resolve({ result, batch }) });
      }
      while (queue.length >= maxInFlight || (!pool && queue.length > 0)) await drainOne();
      r0 = performance.now();
    }
    ms.read += performance.now() - r0;
    while (queue.length > 0) await drainOne();
    const c0 = performance.now();
    await stage.close();
    await writeDictionaries(writer, runNo, groups, stage.codes);
    const totals = stage.totals;
    const elapsedMs = Math.round(performance.now() - t0);
    await exec(
      writer,
      `UPDATE pricing_audit_run SET status = 'completed', finished_at = ?::TIMESTAMP + to_milliseconds(?), loans_audited = ?, loans_with_findings = ?, loans_without_rate = ?, findings = ?, elapsed_ms = ? WHERE run_id = ?`,
      [opts.startedAt.toISOString(), elapsedMs, totals.loans, totals.withFindings, totals.withoutRate, totals.findings, elapsedMs, runId],
    );
    await writer.run('COMMIT');
    ms.commit = performance.now() - c0;
    // The run's time includes the commit: record it again now that the rows are stored. The run is
    // complete whatever happens to this update (it keeps the time measured before the commit then).
    const totalMs = Math.round(performance.now() - t0);
    await exec(conn, `UPDATE pricing_audit_run SET finished_at = ?::TIMESTAMP + to_milliseconds(?), elapsed_ms = ? WHERE run_id = ?`, [opts.startedAt.toISOString(), totalMs, totalMs, runId]).catch(() => undefined);
    return {
      runId,
      source,
      loansAudited: totals.loans,
      loansWithFindings: totals.withFindings,
      loansWithoutRate: totals.withoutRate,
      findings: totals.findings,
      workers,
      elapsedMs: totalMs,
      loansPerSecond: totalMs > 0 ? Math.round((totals.loans * 1000) / totalMs) : totals.loans,
      phasesMs: { read: Math.round(ms.read), kernel: Math.round(ms.kernel), append: Math.round(ms.append), commit: Math.round(ms.commit) },
    };
  } catch (err) {
    // Queued inserts end (or fail) before the rollback; the staging folder goes with them.
    await out?.abort().catch(() => undefined);
    await writer.run('ROLLBACK').catch(() => undefined);
    await exec(conn, `UPDATE pricing_audit_run SET status = 'failed' WHERE run_id = ?`, [runId]).catch(() => undefined);
    // A loan without a number although the fingerprint said all were numbered: number afresh next time.
    if (err instanceof AppError && err.code === 'pricing.loan_not_numbered') await exec(conn, 'DELETE FROM workspace_meta WHERE key = ?', [LOAN_FINGERPRINT_KEY]).catch(() => undefined);
    if (err instanceof AppError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'pricing.audit_failed', en: `Audit run ${runId} failed: ${msg}`, zh: `审计运行 ${runId} 失败：${msg}`, cause: err });
  } finally {
    await pool?.close();
    await conn.run(`DROP TABLE IF EXISTS temp.${groupTable(runNo)}`).catch(() => undefined);
    writer.closeSync();
  }
}
