/**
 * The bulk writer of the book audit (decision D15): audited batches are copied, as whole typed-array
 * blocks, into staged segments of columns; each full segment is written as a Parquet file (PLAIN,
 * uncompressed: src/store/parquet-plain.ts, a copy of the arrays' bytes) into a private temporary
 * folder and stored by DuckDB itself with `INSERT INTO … SELECT … FROM read_parquet(…)`, on its own
 * threads and while this thread goes on auditing. DuckDB stores a value about twice as cheaply this
 * way as through an Appender fed from JavaScript, and in parallel; the main thread's share of the
 * storing drops from ~2.5 s to ~0.1 s per million loans. Everything happens inside the caller's
 * transaction (one connection, one statement at a time), so a failed run still leaves nothing.
 *
 * No strings (loans are referred to by their pricing_audit_loan_ref number), amounts are INTEGER fen
 * and the flows of loans with findings an INTEGER[] (migration 25); the rare loan with an amount or
 * flow that is not whole fen within INTEGER range, or is missing, gets a pricing_audit_result_wide row
 * with its exact values instead, and a finding whose figures the views would not rebuild bit for bit
 * a pricing_audit_finding_wide row (migration 26). Those rare rows are kept in memory and appended
 * value by value at the end. The views of migrations 25–26 give the former tables.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOUBLE, LIST, type DuckDBConnection } from '@duckdb/node-api';
import { FINDING_VALUES, type BatchResult, type LoanBatch } from './batch.js';
import { AppError } from '../../domain/errors.js';
import { writePlainParquet, type PlainColumn } from '../../store/parquet-plain.js';
import { planFindings } from './evidence.js';
import type { BatchKeys } from './reader.js';

/** Findings one loan can have stored: the count is packed into the upper bits of an INTEGER. */
const MAX_FINDINGS_PER_LOAN = 32_767;
/** DuckDB's row group size: a staged file of two row groups is stored by two threads. */
const ROW_GROUP = 122_880;

/** Fits an INTEGER exactly (no fraction, in range; -0 is 0; NaN does not). */
const isInt32 = (x: number): boolean => (x | 0) === x;

/**
 * Loans of rows [off, off + rows) whose principal, amounts or flows do not all fit INTEGER fen (or are
 * missing): they are stored in pricing_audit_result_wide. Returns their row numbers within the block.
 */
export function wideRows(principal: ArrayLike<number>, r: BatchResult, off: number, rows: number): number[] {
  const out: number[] = [];
  const { flowOffsets: fo, flowAmounts: fa } = r;
  for (let i = off; i < off + rows; i++) {
    let fits = isInt32(principal[i] ?? Number.NaN) && isInt32(r.net[i] ?? Number.NaN) && isInt32(r.interest[i] ?? Number.NaN) && isInt32(r.fees[i] ?? Number.NaN) && isInt32(r.notSupported[i] ?? Number.NaN);
    const to = fo[i + 1] ?? 0;
    for (let k = fo[i] ?? to; k < to && fits; k++) fits = isInt32(fa[k] ?? Number.NaN);
    if (!fits) out.push(i - off);
  }
  return out;
}

/** A growable Int32Array. */
class Ints {
  a: Int32Array;
  n = 0;

  constructor(capacity: number) {
    this.a = new Int32Array(Math.max(16, capacity));
  }

  room(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    let size = this.a.length * 2;
    while (size < this.n + extra) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.a.subarray(0, this.n));
    this.a = grown;
  }
}

/** The columns of pricing_audit_result staged for one file (run_no is a constant of the INSERT). */
class ResultSegment {
  n = 0;
  readonly seq: Int32Array;
  readonly ref: Int32Array;
  readonly grp: Int32Array;
  readonly day: Int32Array;
  readonly principal: Int32Array;
  readonly disclosed: Float64Array;
  readonly codes: Int32Array;
  readonly irr: Float64Array;
  readonly effective: Float64Array;
  readonly net: Int32Array;
  readonly interest: Int32Array;
  readonly fees: Int32Array;
  readonly capRate: Float64Array;
  readonly notSupported: Int32Array;
  readonly flowOffsets: Int32Array;
  readonly flows: Ints;

  constructor(readonly capacity: number) {
    const i32 = (): Int32Array => new Int32Array(capacity);
    const f64 = (): Float64Array => new Float64Array(capacity);
    this.seq = i32();
    this.ref = i32();
    this.grp = i32();
    this.day = i32();
    this.principal = i32();
    this.disclosed = f64();
    this.codes = i32();
    this.irr = f64();
    this.effective = f64();
    this.net = i32();
    this.interest = i32();
    this.fees = i32();
    this.capRate = f64();
    this.notSupported = i32();
    this.flowOffsets = new Int32Array(capacity + 1);
    this.flows = new Ints(16 * capacity);
  }

  /** Columns in pricing_audit_result order, as staged (file column names = table column names). */
  columns(): PlainColumn[] {
    const n = this.n;
    const i = (name: string, a: Int32Array): PlainColumn => ({ name, type: 'INT32', values: a.subarray(0, n) });
    const d = (name: string, a: Float64Array): PlainColumn => ({ name, type: 'DOUBLE', values: a.subarray(0, n) });
    return [
      i('seq', this.seq),
      i('ref', this.ref),
      i('grp', this.grp),
      i('originated_day', this.day),
      i('principal_fen', this.principal),
      d('disclosed_apr', this.disclosed),
      i('codes', this.codes),
      d('periodic_irr', this.irr),
      d('effective_annual', this.effective),
      i('net_disbursed_fen', this.net),
      i('total_interest_fen', this.interest),
      i('total_fees_fen', this.fees),
      d('court_cap_rate', this.capRate),
      i('not_supported_fen', this.notSupported),
      { name: 'flows', type: 'INT32_LIST', offsets: this.flowOffsets.subarray(0, n + 1), values: this.flows.a.subarray(0, this.flows.n) },
    ];
  }

  clear(): void {
    this.n = 0;
    this.flows.n = 0;
  }
}

const RESULT_COLUMNS = 'seq, ref, grp, originated_day, principal_fen, disclosed_apr, codes, periodic_irr, effective_annual, net_disbursed_fen, total_interest_fen, total_fees_fen, court_cap_rate, not_supported_fen, flows';

/** The columns of pricing_audit_finding staged for one file: seq, code (256 × code number + severity), x1…x3. */
class FindingSegment {
  n = 0;
  readonly seq: Int32Array;
  readonly code: Int32Array;
  readonly x: Float64Array[];

  constructor(readonly capacity: number) {
    this.seq = new Int32Array(capacity);
    this.code = new Int32Array(capacity);
    this.x = [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)];
  }

  columns(): PlainColumn[] {
    const n = this.n;
    return [
      { name: 'seq', type: 'INT32', values: this.seq.subarray(0, n) },
      { name: 'code', type: 'INT32', values: this.code.subarray(0, n) },
      ...this.x.map((a, k): PlainColumn => ({ name: `x${k + 1}`, type: 'DOUBLE', values: a.subarray(0, n) })),
    ];
  }
}

/** A loan stored whole (rare): its exact amounts and flows. */
interface WideLoan {
  seq: number;
  amounts: number[];
  flows: number[];
}

/** A finding stored whole (rare). */
interface WideFinding {
  seq: number;
  code: number;
  values: number[];
}

const noPause = (): Promise<void> => Promise.resolve();

export interface WriterTotals {
  loans: number;
  withFindings: number;
  withoutRate: number;
  findings: number;
}

export interface AuditWriterOptions {
  /** Loans (and findings) per staged file; default two DuckDB row groups (245,760). */
  segmentRows?: number;
  /** Rows per Parquet row group; default DuckDB's 122,880. */
  rowGroupRows?: number;
  /** Folder for the staging folder (default: the OS temporary folder, i.e. $TMPDIR). */
  tmpDir?: string;
}

const STAGING_PREFIX = 'suitrate-audit-';
/** A staging folder untouched this long, of a process that does not exist, is left over. */
const STALE_MS = 10 * 60 * 1000;

/** True when process `pid` exists on this machine (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove staging folders left in `base` by audit processes that no longer run (killed mid-run; a run
 * that ends, even by failing, removes its own) and untouched for 10 minutes. Best effort: a folder in
 * use or not ours is left alone.
 */
function removeStaleStaging(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^suitrate-audit-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      // Also untouched for a while: a live run adds and removes files every few seconds (and a process
      // in another pid namespace sharing this folder would look dead).
      const st = statSync(join(base, name));
      if (st.isDirectory() && Date.now() - st.mtimeMs > STALE_MS) rmSync(join(base, name), { recursive: true, force: true });
    } catch {
      // Another process removed it, or it is not ours to remove.
    }
  }
}

/** Staged files written but not yet stored, at most: bounds the disk a run holds. */
const MAX_PENDING = 4;

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export class AuditWriter {
  private seq = 0;
  private readonly codeNo = new Map<string, number>();
  readonly totals: WriterTotals = { loans: 0, withFindings: 0, withoutRate: 0, findings: 0 };
  private readonly results: ResultSegment;
  private readonly findings: FindingSegment;
  private readonly wideLoans: WideLoan[] = [];
  private readonly wideFindings: WideFinding[] = [];
  private files = 0;
  /** Inserts not yet awaited, oldest first; they run one after another on the connection. */
  private readonly pending: Array<Promise<void>> = [];
  private chain: Promise<void> = Promise.resolve();
  /** Set by close() and dispose(): no more rows are accepted. */
  private closed = false;
  /** Set by abort(): queued inserts are skipped. */
  private aborted = false;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly runNo: number,
    private readonly dir: string,
    private readonly rowGroupRows: number,
    segmentRows: number,
  ) {
    this.results = new ResultSegment(segmentRows);
    this.findings = new FindingSegment(segmentRows);
  }

  /** A writer for run `runNo` on `conn` (begin the transaction first). */
  static open(conn: DuckDBConnection, runNo: number, opts: AuditWriterOptions = {}): AuditWriter {
    const rowGroupRows = opts.rowGroupRows ?? ROW_GROUP;
    const segmentRows = opts.segmentRows ?? 2 * rowGroupRows;
    if (!Number.isSafeInteger(segmentRows) || segmentRows < 1 || !Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) {
      throw new AppError({ code: 'pricing.bad_option', en: `segmentRows and rowGroupRows must be positive integers (got ${segmentRows}, ${rowGroupRows})`, zh: `segmentRows 与 rowGroupRows 必须是正整数（得到 ${segmentRows}、${rowGroupRows}）` });
    }
    const base = opts.tmpDir ?? tmpdir();
    let dir: string;
    try {
      removeStaleStaging(base);
      dir = mkdtempSync(join(base, `${STAGING_PREFIX}${process.pid}-`));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new AppError({ code: 'pricing.staging_unavailable', en: `cannot create the audit's staging folder in ${base}: ${reason} (set TMPDIR to a writable folder)`, zh: `无法在 ${base} 中创建审计暂存目录：${reason}（请将 TMPDIR 设为可写目录）`, cause: err });
    }
    return new AuditWriter(conn, runNo, dir, rowGroupRows, segmentRows);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the audit writer is closed');
  }

  /**
   * Stop a failed run: interrupt the insert DuckDB is running, let the queued ones end, remove the
   * staging folder. The caller rolls back afterwards.
   */
  async abort(): Promise<void> {
    this.closed = true;
    this.aborted = true;
    if (this.pending.length > 0) this.conn.interrupt();
    await this.dispose();
  }

  /** Finding codes seen so far, by number. */
  get codes(): string[] {
    const out: string[] = [];
    for (const [code, no] of this.codeNo) out[no] = code;
    return out;
  }

  /**
   * Stage one audited batch (its buffers may be reused as soon as this returns); full segments are
   * written and handed to DuckDB. `pause` is awaited once per batch so that the caller's other work
   * (the next batch streaming out of DuckDB, worker replies) proceeds.
   */
  async write(batch: LoanBatch, keys: BatchKeys, r: BatchResult, pause: () => Promise<void> = noPause): Promise<void> {
    this.assertOpen();
    for (let i = 0; i < r.n; i++) {
      // codes holds the count in its upper 15 bits (migration 25); no rule set comes near this.
      if ((r.findingCount[i] ?? 0) > MAX_FINDINGS_PER_LOAN) throw new AppError({ code: 'pricing.too_many_findings', en: `a loan has ${r.findingCount[i] ?? 0} findings; at most ${MAX_FINDINGS_PER_LOAN} can be stored`, zh: `一笔贷款有 ${r.findingCount[i] ?? 0} 项发现，最多可存储 ${MAX_FINDINGS_PER_LOAN} 项` });
    }
    const base = this.seq;
    const wide = wideRows(batch.principal, r, 0, r.n);
    for (const i of wide) this.keepWideLoan(base, batch, r, i);
    for (let off = 0; off < r.n; ) {
      const m = Math.min(r.n - off, this.results.capacity - this.results.n);
      this.stageLoans(batch, keys, r, base, off, m, wide);
      off += m;
      if (this.results.n === this.results.capacity) await this.flushResults();
    }
    await this.stageFindings(batch, r, base);
    this.seq += r.n;
    const t = this.totals;
    t.loans += r.n;
    t.findings += r.findings.count;
    for (let i = 0; i < r.n; i++) {
      if ((r.findingCount[i] ?? 0) > 0) t.withFindings++;
      if (r.status[i] !== 0) t.withoutRate++;
    }
    await pause();
  }

  /** Copy loans [off, off + m) of the batch into the result segment; `wide` lists the batch's wide rows (ascending). */
  private stageLoans(batch: LoanBatch, keys: BatchKeys, r: BatchResult, base: number, off: number, m: number, wide: readonly number[]): void {
    const s = this.results;
    const at = s.n;
    const end = off + m;
    for (let i = 0; i < m; i++) s.seq[at + i] = base + off + i;
    s.ref.set(keys.refs.subarray(off, end), at);
    s.grp.set(keys.grp.subarray(off, end), at);
    s.day.set(batch.startDay.subarray(off, end), at);
    s.disclosed.set(batch.disclosed.subarray(off, end), at);
    for (let i = off; i < end; i++) s.codes[at + i - off] = (r.status[i] ?? 0) + 16 * (r.courtCap[i] ?? 0) + 256 * (r.maxSeverity[i] ?? 0) + 65536 * (r.findingCount[i] ?? 0);
    s.irr.set(r.periodicIrr.subarray(off, end), at);
    s.effective.set(r.effective.subarray(off, end), at);
    s.capRate.set(r.courtCapRate.subarray(off, end), at);
    // Amounts: INTEGER fen (a wide row's are 0: its exact values are in the wide table).
    const amounts: Array<[Int32Array, Float64Array]> = [
      [s.principal, batch.principal],
      [s.net, r.net],
      [s.interest, r.interest],
      [s.fees, r.fees],
      [s.notSupported, r.notSupported],
    ];
    // Block copies (the Float64 → Int32 conversion is the typed arrays' own; wide rows are fixed below).
    for (const [to, from] of amounts) to.set(from.subarray(off, end), at);
    let w = 0;
    while (w < wide.length && (wide[w] ?? 0) < off) w++;
    const firstWide = w;
    for (; w < wide.length && (wide[w] ?? 0) < end; w++) {
      for (const [to] of amounts) to[at + (wide[w] ?? 0) - off] = 0;
    }
    // Flows of loans with findings (none for a wide row): one block copy when no row here is wide.
    const fo = r.flowOffsets;
    const fa = r.flowAmounts;
    const fl = s.flows;
    const from0 = fo[off] ?? 0;
    fl.room((fo[end] ?? from0) - from0);
    if (firstWide === w) {
      const shift = fl.n - from0;
      for (let i = off; i < end; i++) s.flowOffsets[at + i - off] = (fo[i] ?? from0) + shift;
      fl.a.set(fa.subarray(from0, fo[end] ?? from0), fl.n);
      fl.n += (fo[end] ?? from0) - from0;
    } else {
      const isWide = new Set(wide.slice(firstWide, w));
      for (let i = off; i < end; i++) {
        s.flowOffsets[at + i - off] = fl.n;
        if (isWide.has(i)) continue;
        const to = fo[i + 1] ?? 0;
        for (let k = fo[i] ?? to; k < to; k++) fl.a[fl.n++] = fa[k] ?? 0;
      }
    }
    s.n += m;
    s.flowOffsets[s.n] = fl.n;
  }

  private keepWideLoan(base: number, batch: LoanBatch, r: BatchResult, i: number): void {
    const from = r.flowOffsets[i] ?? 0;
    const to = r.flowOffsets[i + 1] ?? from;
    this.wideLoans.push({
      seq: base + i,
      amounts: [batch.principal[i], r.net[i], r.interest[i], r.fees[i], r.notSupported[i]].map((x) => x ?? Number.NaN),
      flows: Array.from(r.flowAmounts.subarray(from, to)),
    });
  }

  /**
   * Findings are staged with only their own figures (x1…x3 per LAYOUT of migration 26); the view
   * rebuilds the others from the loan's row. A finding whose rebuilt figures would not equal its own
   * bit for bit is kept for pricing_audit_finding_wide.
   */
  private async stageFindings(batch: LoanBatch, r: BatchResult, base: number): Promise<void> {
    const f = r.findings;
    const codeNos = f.codes.map((code) => {
      let no = this.codeNo.get(code);
      if (no === undefined) {
        no = this.codeNo.size;
        this.codeNo.set(code, no);
      }
      return no;
    });
    const plan = r.findingPlan ?? planFindings(batch, r);
    for (const k of plan.wide) {
      this.wideFindings.push({
        seq: base + (f.loan[k] ?? 0),
        code: 256 * (codeNos[f.code[k] ?? 0] ?? 0) + (f.severity[k] ?? 0),
        values: Array.from(f.values.subarray(k * FINDING_VALUES, (k + 1) * FINDING_VALUES)),
      });
    }
    const { lean, extras } = plan;
    const n = lean.length;
    const s = this.findings;
    for (let off = 0; off < n; ) {
      const m = Math.min(n - off, s.capacity - s.n);
      for (let i = 0; i < m; i++) {
        const k = lean[off + i] ?? 0;
        s.seq[s.n + i] = base + (f.loan[k] ?? 0);
        s.code[s.n + i] = 256 * (codeNos[f.code[k] ?? 0] ?? 0) + (f.severity[k] ?? 0);
      }
      for (let x = 0; x < 3; x++) s.x[x]?.set(extras.subarray(x * n + off, x * n + off + m), s.n);
      s.n += m;
      off += m;
      if (s.n === s.capacity) await this.flushFindings();
    }
  }

  private async flushResults(): Promise<void> {
    const s = this.results;
    if (s.n === 0) return;
    await this.store('pricing_audit_result', RESULT_COLUMNS, s.n, s.columns());
    s.clear();
  }

  private async flushFindings(): Promise<void> {
    const s = this.findings;
    if (s.n === 0) return;
    await this.store('pricing_audit_finding', 'seq, code, x1, x2, x3', s.n, s.columns());
    s.n = 0;
  }

  /** Write a staged file (synchronously: the segment's arrays are free again on return) and queue its INSERT. */
  private async store(table: string, columns: string, rows: number, data: PlainColumn[]): Promise<void> {
    // Back-pressure first, so that at most MAX_PENDING files exist at any time.
    while (this.pending.length >= MAX_PENDING) await this.pending.shift();
    const file = join(this.dir, `${table}-${this.files++}.parquet`);
    writePlainParquet(file, rows, data, { rowGroupRows: this.rowGroupRows });
    const sql = `INSERT INTO ${table} (run_no, ${columns}) SELECT ${this.runNo}::INTEGER, ${columns} FROM read_parquet(${sqlString(file)})`;
    const step = this.chain.then(async () => {
      try {
        if (this.aborted) return;
        await this.conn.run(sql);
      } finally {
        rmSync(file, { force: true });
      }
    });
    // A failure surfaces where the step is awaited; the chain only orders the steps.
    this.chain = step.catch(() => undefined);
    this.pending.push(step);
  }

  /** Store what is staged, wait for every insert, and append the rare wide rows (still inside the caller's transaction). */
  async close(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    await this.flushResults();
    await this.flushFindings();
    while (this.pending.length > 0) await this.pending.shift();
    if (this.wideLoans.length > 0) {
      const a = await this.conn.createAppender('pricing_audit_result_wide');
      for (const w of this.wideLoans) {
        a.appendInteger(this.runNo);
        a.appendInteger(w.seq);
        for (const x of w.amounts) a.appendDouble(x);
        a.appendList(w.flows, LIST(DOUBLE));
        a.endRow();
      }
      a.closeSync();
    }
    if (this.wideFindings.length > 0) {
      const a = await this.conn.createAppender('pricing_audit_finding_wide');
      for (const w of this.wideFindings) {
        a.appendInteger(this.runNo);
        a.appendInteger(w.seq);
        a.appendInteger(w.code);
        for (const x of w.values) a.appendDouble(x);
        a.endRow();
      }
      a.closeSync();
    }
    await this.dispose();
  }

  /** Wait for queued inserts to end (their errors ignored) and remove the staging folder; safe to call twice. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.chain;
    this.pending.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
