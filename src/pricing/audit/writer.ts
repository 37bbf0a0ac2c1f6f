/**
 * The bulk writer of the book audit: each audited batch is appended, 2,048 rows at a time, as whole
 * column vectors (DuckDB Appender + data chunks) straight into pricing_audit_result and
 * pricing_audit_finding, inside the caller's transaction. No staging table, no per-value calls for
 * numbers (a typed-array block copy per column and chunk); the only strings are the loan id and, for
 * loans with findings, the flows text. The views of migration 22 give the former tables.
 */
import { DOUBLE, DuckDBDataChunk, INTEGER, USMALLINT, VARCHAR, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';
import { FINDING_VALUES, type BatchResult, type LoanBatch } from './batch.js';
import type { BatchKeys } from './reader.js';

/** Column types of pricing_audit_result, in table order. */
const RESULT_TYPES: readonly DuckDBType[] = [
  INTEGER, // run_no
  INTEGER, // seq
  VARCHAR, // loan_id
  INTEGER, // grp
  INTEGER, // originated_day
  DOUBLE, // principal_fen
  DOUBLE, // disclosed_apr
  USMALLINT, // codes: status + 16 × court_cap + 256 × max_severity
  DOUBLE, // periodic_irr
  DOUBLE, // effective_annual
  DOUBLE, // net_disbursed_fen
  DOUBLE, // total_interest_fen
  DOUBLE, // total_fees_fen
  DOUBLE, // court_cap_rate
  DOUBLE, // not_supported_fen
  USMALLINT, // finding_count
  VARCHAR, // flows_fen
];

/** Column types of pricing_audit_finding, in table order. */
/** Column types of pricing_audit_finding, in table order: run_no, seq, code (256 × code number + severity), v1…v5. */
const FINDING_TYPES: readonly DuckDBType[] = [INTEGER, INTEGER, INTEGER, ...Array.from({ length: FINDING_VALUES }, () => DOUBLE)];

const CHUNK = 2048;
const REUSE_BLOCKS = 64;

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
 * Write strings into a chunk vector. In a reused chunk (every item written before, so the vector's
 * item cache is full) items equal to what it already holds are left alone: no native call.
 */
function setStrings(chunk: DuckDBDataChunk, c: number, values: readonly string[], reused: boolean): void {
  const v = chunk.getColumnVector(c);
  for (let i = 0; i < values.length; i++) {
    const s = values[i] ?? '';
    if (!reused || v.getItem(i) !== s) v.setItem(i, s);
  }
  v.flush();
}

/**
 * Data chunks reused block after block: a full-size one (its vectors and their item arrays are made
 * once and stay cached) and one per partial size. Chunks are replaced every REUSE_BLOCKS blocks so the
 * string heap of their VARCHAR vectors stays small.
 */
class ChunkAppender {
  private full: DuckDBDataChunk | null = null;
  private uses = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: readonly DuckDBType[],
  ) {}

  private chunk(rows: number): DuckDBDataChunk {
    if (rows !== CHUNK) return DuckDBDataChunk.create(this.types, rows);
    if (!this.full || this.uses >= REUSE_BLOCKS) {
      this.full = DuckDBDataChunk.create(this.types, CHUNK);
      this.uses = 0;
    }
    this.uses++;
    return this.full;
  }

  /** Fill and append `rows` rows; `reused` tells the filler that the chunk was filled before. */
  append(rows: number, fill: (chunk: DuckDBDataChunk, reused: boolean) => void): void {
    const chunk = this.chunk(rows);
    fill(chunk, rows === CHUNK && this.uses > 1);
    this.appender.appendDataChunk(chunk);
  }

  close(): void {
    this.appender.closeSync();
  }
}

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
  ) {}

  /** Appenders on `conn` (begin the transaction first). */
  static async open(conn: DuckDBConnection, runNo: number): Promise<AuditWriter> {
    const results = new ChunkAppender(await conn.createAppender('pricing_audit_result'), RESULT_TYPES);
    const findings = new ChunkAppender(await conn.createAppender('pricing_audit_finding'), FINDING_TYPES);
    return new AuditWriter(runNo, results, findings);
  }

  /** Finding codes seen so far, by number. */
  get codes(): string[] {
    const out: string[] = [];
    for (const [code, no] of this.codeNo) out[no] = code;
    return out;
  }

  /** Append one audited batch. */
  write(batch: LoanBatch, keys: BatchKeys, r: BatchResult): void {
    const base = this.seq;
    const runNo = this.runNo;
    for (let off = 0; off < r.n; off += CHUNK) {
      const m = Math.min(CHUNK, r.n - off);
      const end = off + m;
      this.results.append(m, (ch, reused) => {
        const block = (c: number, src: Numbers): void => setNumbers(ch, c, (out) => out.set(src.subarray(off, end)));
        setNumbers(ch, 0, (out) => out.fill(runNo));
        setNumbers(ch, 1, (out) => {
          for (let i = 0; i < m; i++) out[i] = base + off + i;
        });
        setStrings(ch, 2, keys.loanIds.slice(off, end), reused);
        block(3, keys.grp);
        block(4, batch.startDay);
        block(5, batch.principal);
        block(6, batch.disclosed);
        setNumbers(ch, 7, (out) => {
          for (let i = off; i < end; i++) out[i - off] = (r.status[i] ?? 0) + 16 * (r.courtCap[i] ?? 0) + 256 * (r.maxSeverity[i] ?? 0);
        });
        block(8, r.periodicIrr);
        block(9, r.effective);
        block(10, r.net);
        block(11, r.interest);
        block(12, r.fees);
        block(13, r.courtCapRate);
        block(14, r.notSupported);
        block(15, r.findingCount);
        const flows = new Array<string>(m);
        for (let i = 0; i < m; i++) flows[i] = r.flowsText[off + i] ?? '';
        setStrings(ch, 16, flows, reused);
      });
    }
    this.writeFindings(r, base);
    this.seq += r.n;
    const t = this.totals;
    t.loans += r.n;
    t.findings += r.findings.count;
    for (let i = 0; i < r.n; i++) {
      if ((r.findingCount[i] ?? 0) > 0) t.withFindings++;
      if (r.status[i] !== 0) t.withoutRate++;
    }
  }

  private writeFindings(r: BatchResult, base: number): void {
    const f = r.findings;
    const codeNos = f.codes.map((code) => {
      let no = this.codeNo.get(code);
      if (no === undefined) {
        no = this.codeNo.size;
        this.codeNo.set(code, no);
      }
      return no;
    });
    for (let off = 0; off < f.count; off += CHUNK) {
      const m = Math.min(CHUNK, f.count - off);
      this.findings.append(m, (ch) => {
        setNumbers(ch, 0, (out) => out.fill(this.runNo));
        setNumbers(ch, 1, (out) => {
          for (let i = 0; i < m; i++) out[i] = base + (f.loan[off + i] ?? 0);
        });
        setNumbers(ch, 2, (out) => {
          for (let i = 0; i < m; i++) out[i] = 256 * (codeNos[f.code[off + i] ?? 0] ?? 0) + (f.severity[off + i] ?? 0);
        });
        for (let v = 0; v < FINDING_VALUES; v++) {
          setNumbers(ch, 3 + v, (out) => {
            for (let i = 0; i < m; i++) out[i] = f.values[(off + i) * FINDING_VALUES + v] ?? Number.NaN;
          });
        }
      });
    }
  }

  /** Flush and close the appenders (still inside the caller's transaction). */
  close(): void {
    this.results.close();
    this.findings.close();
  }
}
