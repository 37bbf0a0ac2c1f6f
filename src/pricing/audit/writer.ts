/**
 * The bulk writer of the book audit: each audited batch is appended, 2,048 rows at a time, as whole
 * column vectors (DuckDB Appender + data chunks) straight into pricing_audit_result and
 * pricing_audit_finding, inside the caller's transaction. No staging table, no per-value calls for
 * numbers (a typed-array block copy per column and chunk), no strings (loans are referred to by their
 * pricing_audit_loan_ref number). Amounts are INTEGER fen and the flows of loans with findings an
 * INTEGER[] column filled as one block per chunk (migration 25); the rare loan with an amount or flow
 * that is not whole fen within INTEGER range, or is missing, gets a pricing_audit_result_wide row
 * with its exact values instead. The views of migration 25 give the former tables.
 */
import { createRequire } from 'node:module';
import { DOUBLE, DuckDBDataChunk, DuckDBListValue, INTEGER, LIST, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';
import { FINDING_VALUES, type BatchFindings, type BatchResult, type LoanBatch } from './batch.js';
import { AppError } from '../../domain/errors.js';
import { planFindings } from './evidence.js';
import type { BatchKeys } from './reader.js';

/** Column types of pricing_audit_result, in table order (migration 25). */
const RESULT_TYPES: readonly DuckDBType[] = [
  INTEGER, // run_no
  INTEGER, // seq
  INTEGER, // ref: pricing_audit_loan_ref
  INTEGER, // grp
  INTEGER, // originated_day
  INTEGER, // principal_fen (0 for a loan with a wide row)
  DOUBLE, // disclosed_apr
  INTEGER, // codes: status + 16 × court_cap + 256 × max_severity + 65536 × finding count
  DOUBLE, // periodic_irr
  DOUBLE, // effective_annual
  INTEGER, // net_disbursed_fen
  INTEGER, // total_interest_fen
  INTEGER, // total_fees_fen
  DOUBLE, // court_cap_rate
  INTEGER, // not_supported_fen
  LIST(INTEGER), // flows of loans with findings ([] for a loan with a wide row)
];

/** Column types of pricing_audit_finding (migration 26): run_no, seq, code (256 × code number + severity), x1…x3. */
const FINDING_TYPES: readonly DuckDBType[] = [INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE];

const CHUNK = 2048;
/** Findings one loan can have stored: the count is packed into the upper bits of an INTEGER. */
const MAX_FINDINGS_PER_LOAN = 32_767;

type Numbers = Float64Array | Int32Array | Uint8Array | Uint16Array;
interface WritableItems {
  items?: unknown;
  flush?: () => void;
}

/** Write `rows` numbers into a fresh chunk vector: one block copy when the driver exposes the item array. */
function setNumbers(chunk: DuckDBDataChunk, c: number, fill: (out: Numbers) => void): void {
  const v = chunk.getColumnVector(c) as DuckDBVector & WritableItems;
  const items = v.items;
  if (ArrayBuffer.isView(items) && !(items instanceof DataView) && typeof v.flush === 'function' && (items as Numbers).length === chunk.rowCount) {
    fill(items as Numbers);
    v.flush();
    return;
  }
  const tmp = new Float64Array(chunk.rowCount);
  fill(tmp);
  chunk.setColumnValues(c, Array.from(tmp));
}

/**
 * The C API calls of @duckdb/node-bindings (the native layer @duckdb/node-api is built on, resolved
 * as node-api's own dependency) that fill a LIST vector in blocks: reserve and size the child vector,
 * copy all amounts into it at once, then the (offset, length) entries. Null when they are missing
 * (another node-api version): the writer then goes through node-api's list values.
 */
interface ListBindings {
  data_chunk_get_vector(chunk: unknown, column: number): unknown;
  list_vector_reserve(vector: unknown, capacity: number): void;
  list_vector_set_size(vector: unknown, size: number): void;
  list_vector_get_child(vector: unknown): unknown;
  copy_data_to_vector(vector: unknown, byteOffset: number, buffer: ArrayBufferLike, sourceOffset: number, byteCount: number): void;
}

function loadListBindings(): ListBindings | null {
  try {
    const nodeApi = createRequire(import.meta.url).resolve('@duckdb/node-api');
    const b = createRequire(nodeApi)('@duckdb/node-bindings') as Partial<ListBindings>;
    const names = ['data_chunk_get_vector', 'list_vector_reserve', 'list_vector_set_size', 'list_vector_get_child', 'copy_data_to_vector'] as const;
    return names.every((n) => typeof b[n] === 'function') ? (b as ListBindings) : null;
  } catch {
    return null;
  }
}

const listBindings = loadListBindings();

/** A list column's data for one chunk: (offset, length) entries and the child values. */
interface ListBlock {
  /** DuckDB's list_entry_t {uint64 offset, uint64 length} per row, as 32-bit words (little-endian; high words 0). */
  entries: Uint32Array;
  values: Int32Array | Float64Array;
  /** Values in use (the child vector's size). */
  size: number;
}

/** Write a list block into a LIST chunk vector: one block copy of the child values and one of the entries. */
function setListBlock(chunk: DuckDBDataChunk, c: number, block: ListBlock, bindings: ListBindings | null): void {
  const { entries, values, size } = block;
  if (bindings && LITTLE_ENDIAN) {
    const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
    bindings.list_vector_reserve(vector, size);
    bindings.list_vector_set_size(vector, size);
    if (size > 0) bindings.copy_data_to_vector(bindings.list_vector_get_child(vector), 0, values.buffer, values.byteOffset, size * values.BYTES_PER_ELEMENT);
    bindings.copy_data_to_vector(vector, 0, entries.buffer, entries.byteOffset, entries.byteLength);
    return;
  }
  const v = chunk.getColumnVector(c);
  for (let i = 0; i < entries.length / 4; i++) {
    const from = entries[4 * i] ?? 0;
    v.setItem(i, new DuckDBListValue(Array.from(values.subarray(from, from + (entries[4 * i + 2] ?? 0)))));
  }
  v.flush();
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

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

/**
 * Write rows [off, off + rows) of CSR flows (offsets into amounts) into an INTEGER[] column of a
 * chunk; rows listed in `wide` (ascending, relative to `off`) get an empty list (their flows go to
 * the wide table).
 */
export function setFlowList(chunk: DuckDBDataChunk, c: number, offsets: Int32Array, amounts: Float64Array, off: number, rows: number, wide: readonly number[], bindings: ListBindings | null = listBindings): void {
  const first = offsets[off] ?? 0;
  const total = (offsets[off + rows] ?? first) - first;
  const ints: ListBlock = { entries: new Uint32Array(4 * rows), values: new Int32Array(total), size: 0 };
  const iv = ints.values;
  let w = 0;
  for (let i = 0; i < rows; i++) {
    ints.entries[4 * i] = ints.size;
    if (wide[w] === i) {
      w++;
      continue;
    }
    const from = offsets[off + i] ?? first;
    const to = offsets[off + i + 1] ?? from;
    ints.entries[4 * i + 2] = to - from;
    for (let k = from; k < to; k++) iv[ints.size++] = amounts[k] ?? 0;
  }
  setListBlock(chunk, c, ints, bindings);
}

/** Data chunks reused block after block: a full-size one (its vectors and item arrays are made once) and one per partial size. */
class ChunkAppender {
  private full: DuckDBDataChunk | null = null;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: readonly DuckDBType[],
  ) {}

  private chunk(rows: number): DuckDBDataChunk {
    if (rows !== CHUNK) return DuckDBDataChunk.create(this.types, rows);
    this.full ??= DuckDBDataChunk.create(this.types, CHUNK);
    return this.full;
  }

  /** Fill and append `rows` rows. */
  append(rows: number, fill: (chunk: DuckDBDataChunk) => void): void {
    const chunk = this.chunk(rows);
    fill(chunk);
    this.appender.appendDataChunk(chunk);
  }

  close(): void {
    this.appender.closeSync();
  }
}

const noPause = (): Promise<void> => Promise.resolve();

export interface WriterTotals {
  loans: number;
  withFindings: number;
  withoutRate: number;
  findings: number;
}

export class AuditWriter {
  private seq = 0;
  private readonly codeNo = new Map<string, number>();
  readonly totals: WriterTotals = { loans: 0, withFindings: 0, withoutRate: 0, findings: 0 };

  private constructor(
    private readonly runNo: number,
    private readonly results: ChunkAppender,
    private readonly findings: ChunkAppender,
    private readonly wide: DuckDBAppender,
    private readonly wideFindings: DuckDBAppender,
  ) {}

  /** Appenders on `conn` (begin the transaction first). */
  static async open(conn: DuckDBConnection, runNo: number): Promise<AuditWriter> {
    const results = new ChunkAppender(await conn.createAppender('pricing_audit_result'), RESULT_TYPES);
    const findings = new ChunkAppender(await conn.createAppender('pricing_audit_finding'), FINDING_TYPES);
    return new AuditWriter(runNo, results, findings, await conn.createAppender('pricing_audit_result_wide'), await conn.createAppender('pricing_audit_finding_wide'));
  }

  /** Finding codes seen so far, by number. */
  get codes(): string[] {
    const out: string[] = [];
    for (const [code, no] of this.codeNo) out[no] = code;
    return out;
  }

  /**
   * Append one audited batch, 2,048 rows at a time; `pause` is awaited after each block so that the
   * caller's other work (the next batch streaming out of DuckDB, worker replies) proceeds between
   * blocks instead of waiting for the whole batch.
   */
  async write(batch: LoanBatch, keys: BatchKeys, r: BatchResult, pause: () => Promise<void> = noPause): Promise<void> {
    const base = this.seq;
    const runNo = this.runNo;
    for (let i = 0; i < r.n; i++) {
      // codes holds the count in its upper 15 bits (migration 25); no rule set comes near this.
      if ((r.findingCount[i] ?? 0) > MAX_FINDINGS_PER_LOAN) throw new AppError({ code: 'pricing.too_many_findings', en: `a loan has ${r.findingCount[i] ?? 0} findings; at most ${MAX_FINDINGS_PER_LOAN} can be stored`, zh: `一笔贷款有 ${r.findingCount[i] ?? 0} 项发现，最多可存储 ${MAX_FINDINGS_PER_LOAN} 项` });
    }
    for (let off = 0; off < r.n; off += CHUNK) {
      const m = Math.min(CHUNK, r.n - off);
      const end = off + m;
      const wide = wideRows(batch.principal, r, off, m);
      this.results.append(m, (ch) => {
        const block = (c: number, src: Numbers): void => setNumbers(ch, c, (out) => out.set(src.subarray(off, end)));
        /** An amount column: INTEGER fen, 0 in the rows stored wide. */
        const amounts = (c: number, src: Float64Array): void =>
          setNumbers(ch, c, (out) => {
            out.set(src.subarray(off, end));
            for (const i of wide) out[i] = 0;
          });
        setNumbers(ch, 0, (out) => out.fill(runNo));
        setNumbers(ch, 1, (out) => {
          for (let i = 0; i < m; i++) out[i] = base + off + i;
        });
        block(2, keys.refs);
        block(3, keys.grp);
        block(4, batch.startDay);
        amounts(5, batch.principal);
        block(6, batch.disclosed);
        setNumbers(ch, 7, (out) => {
          for (let i = off; i < end; i++) out[i - off] = (r.status[i] ?? 0) + 16 * (r.courtCap[i] ?? 0) + 256 * (r.maxSeverity[i] ?? 0) + 65536 * (r.findingCount[i] ?? 0);
        });
        block(8, r.periodicIrr);
        block(9, r.effective);
        amounts(10, r.net);
        amounts(11, r.interest);
        amounts(12, r.fees);
        block(13, r.courtCapRate);
        amounts(14, r.notSupported);
        setFlowList(ch, 15, r.flowOffsets, r.flowAmounts, off, m, wide);
      });
      for (const w of wide) this.appendWide(base, batch, r, off + w);
      await pause();
    }
    await this.writeFindings(batch, r, base, pause);
    this.seq += r.n;
    const t = this.totals;
    t.loans += r.n;
    t.findings += r.findings.count;
    for (let i = 0; i < r.n; i++) {
      if ((r.findingCount[i] ?? 0) > 0) t.withFindings++;
      if (r.status[i] !== 0) t.withoutRate++;
    }
  }

  /** The exact amounts and flows of loan i (a rare row: value by value). */
  private appendWide(base: number, batch: LoanBatch, r: BatchResult, i: number): void {
    const a = this.wide;
    a.appendInteger(this.runNo);
    a.appendInteger(base + i);
    for (const x of [batch.principal[i], r.net[i], r.interest[i], r.fees[i], r.notSupported[i]]) a.appendDouble(x ?? Number.NaN);
    const from = r.flowOffsets[i] ?? 0;
    const to = r.flowOffsets[i + 1] ?? from;
    a.appendList(Array.from(r.flowAmounts.subarray(from, to)), LIST(DOUBLE));
    a.endRow();
  }

  /**
   * Findings go in 2,048-row blocks into pricing_audit_finding with only their own figures (x1…x3 per
   * LAYOUT of migration 26); the view rebuilds the others from the loan's row. A finding whose
   * rebuilt figures would not equal its own bit for bit is stored whole in pricing_audit_finding_wide.
   */
  private async writeFindings(batch: LoanBatch, r: BatchResult, base: number, pause: () => Promise<void>): Promise<void> {
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
    for (const k of plan.wide) this.appendWideFinding(base, codeNos, f, k);
    const { lean, extras } = plan;
    const n = lean.length;
    for (let off = 0; off < n; off += CHUNK) {
      const m = Math.min(CHUNK, n - off);
      const end = off + m;
      this.findings.append(m, (ch) => {
        setNumbers(ch, 0, (out) => out.fill(this.runNo));
        setNumbers(ch, 1, (out) => {
          for (let i = 0; i < m; i++) out[i] = base + (f.loan[lean[off + i] ?? 0] ?? 0);
        });
        setNumbers(ch, 2, (out) => {
          for (let i = 0; i < m; i++) {
            const k = lean[off + i] ?? 0;
            out[i] = 256 * (codeNos[f.code[k] ?? 0] ?? 0) + (f.severity[k] ?? 0);
          }
        });
        for (let x = 0; x < 3; x++) setNumbers(ch, 3 + x, (out) => out.set(extras.subarray(x * n + off, x * n + end)));
      });
      await pause();
    }
  }

  /** A finding stored whole (rare: value by value). */
  private appendWideFinding(base: number, codeNos: readonly number[], f: BatchFindings, k: number): void {
    const a = this.wideFindings;
    a.appendInteger(this.runNo);
    a.appendInteger(base + (f.loan[k] ?? 0));
    a.appendInteger(256 * (codeNos[f.code[k] ?? 0] ?? 0) + (f.severity[k] ?? 0));
    for (let v = 0; v < FINDING_VALUES; v++) a.appendDouble(f.values[k * FINDING_VALUES + v] ?? Number.NaN);
    a.endRow();
  }

  /** Flush and close the appenders (still inside the caller's transaction). */
  close(): void {
    this.results.close();
    this.findings.close();
    this.wide.closeSync();
    this.wideFindings.closeSync();
  }
}
