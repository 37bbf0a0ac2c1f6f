/**
 * The streaming read of the book audit: loans come out of DuckDB chunk by chunk (never all rows in JS
 * at once) into typed-array batches. Numeric columns are copied a whole vector at a time (the read
 * query guarantees no NULLs); each loan's pricing_audit_loan_ref number is kept beside the batch for
 * the writer (no strings cross from DuckDB to JavaScript).
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBListVector, DuckDBVector } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { roundHalfUp } from '../../domain/money.js';
import { allocLoanBatch, type FlowSource, type LoanBatch } from './batch.js';
import { READ_COLUMNS, readLoansSql, type AuditFilter } from './sql.js';

/** What the writer needs of each loan besides the kernel's results. */
export interface BatchKeys {
  /** pricing_audit_loan_ref number of each loan. */
  refs: Int32Array;
  /** (institution, product) group number. */
  grp: Int32Array;
}

export interface ReadBatch {
  batch: LoanBatch;
  keys: BatchKeys;
}

type Numeric = Float64Array | Int32Array;

/**
 * The values of a numeric vector as a typed array: the vector's own item array when the driver
 * exposes one (@duckdb/node-api keeps it in `items`), else copied value by value.
 */
export function vectorNumbers(v: DuckDBVector): Numeric {
  const items = (v as unknown as { items?: unknown }).items;
  if ((items instanceof Float64Array || items instanceof Int32Array) && items.length === v.itemCount) return items;
  const out = new Float64Array(v.itemCount);
  for (let r = 0; r < out.length; r++) {
    const x = v.getItem(r);
    out[r] = typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : Number.NaN;
  }
  return out;
}

const col = (name: (typeof READ_COLUMNS)[number]): number => READ_COLUMNS.indexOf(name);
const C = {
  ref: col('ref'),
  grp: col('grp'),
  principal: col('principal'),
  term: col('term'),
  method: col('method'),
  rate: col('rate'),
  upFen: col('upfront_fen'),
  upRate: col('upfront_rate'),
  moFen: col('monthly_fen'),
  moRate: col('monthly_rate'),
  disclosed: col('disclosed'),
  basis: col('basis'),
  startDay: col('start_day'),
  licensed: col('licensed'),
};
const LIST_AMOUNTS = READ_COLUMNS.length;
const LIST_EXTRA = READ_COLUMNS.length + 1;

interface Reader {
  batch: LoanBatch;
  keys: BatchKeys;
  fill: number;
  flowAmounts: number[];
  flowExtra: number[];
  flowOffsets: number[];
}

/**
 * Batches a consumer is done with (stored, and not referenced any more): the reader fills them again
 * instead of allocating new arrays for every batch — every column is rewritten, so nothing stale
 * remains. Only full-size batches with their buffers attached are taken.
 */
export type BatchPool = ReadBatch[];

function reusable(r: ReadBatch, size: number): boolean {
  const b = r.batch;
  return b.principal.length === size && b.principal.byteLength > 0 && r.keys.refs.length === size && r.keys.grp.length === size;
}

function newReader(size: number, source: FlowSource, pool?: BatchPool): Reader {
  const lists = { fill: 0, flowAmounts: [], flowExtra: [], flowOffsets: source === 'contract' ? [] : [0] };
  let spare = pool?.pop();
  while (spare && !reusable(spare, size)) spare = pool?.pop();
  if (spare) {
    const { principal, term, method, rate, upfrontFee, monthlyFee, disclosed, basis, startDay, licensed } = spare.batch;
    return { batch: { n: size, principal, term, method, rate, upfrontFee, monthlyFee, disclosed, basis, startDay, licensed }, keys: spare.keys, ...lists };
  }
  return { batch: allocLoanBatch(size), keys: { refs: new Int32Array(size), grp: new Int32Array(size) }, ...lists };
}

const num = (v: DuckDBVector, r: number): number => {
  const x = v.getItem(r);
  return typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : Number.NaN;
};

function readLists(chunk: DuckDBDataChunk, start: number, rows: number, rd: Reader): void {
  const amounts = chunk.getColumnVector(LIST_AMOUNTS) as DuckDBListVector;
  const extra = chunk.getColumnVector(LIST_EXTRA) as DuckDBListVector;
  for (let r = start; r < start + rows; r++) {
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
}

/** Copy rows [start, start + rows) of one DuckDB chunk into the reader's batch at its fill point. */
function fillFromChunk(chunk: DuckDBDataChunk, start: number, rd: Reader, source: FlowSource): number {
  const b = rd.batch;
  const rows = Math.min(chunk.rowCount - start, b.n - rd.fill);
  const at = rd.fill;
  const copy = (target: Float64Array | Int32Array | Uint8Array, c: number): Numeric => {
    const src = vectorNumbers(chunk.getColumnVector(c));
    target.set(src.subarray(start, start + rows), at);
    return src;
  };
  const principal = copy(b.principal, C.principal);
  copy(b.term, C.term);
  copy(b.method, C.method);
  copy(b.rate, C.rate);
  copy(b.disclosed, C.disclosed);
  copy(b.basis, C.basis);
  copy(b.startDay, C.startDay);
  copy(b.licensed, C.licensed);
  copy(rd.keys.grp, C.grp);
  const refs = copy(rd.keys.refs, C.ref);
  for (let r = start; r < start + rows; r++) {
    // Every loan read was numbered before the read (internLoans); a loan without a number would be
    // stored under a wrong one, so the run stops instead.
    if (refs[r] === -1) throw new AppError({ code: 'pricing.loan_not_numbered', en: 'a loan of the book has no audit reference number (was the book changed during the audit?); run the audit again', zh: '有贷款缺少审计编号（审计期间贷款表是否被修改？），请重新运行审计' });
  }
  const upFen = vectorNumbers(chunk.getColumnVector(C.upFen));
  const upRate = vectorNumbers(chunk.getColumnVector(C.upRate));
  const moFen = vectorNumbers(chunk.getColumnVector(C.moFen));
  const moRate = vectorNumbers(chunk.getColumnVector(C.moRate));
  for (let r = start; r < start + rows; r++) {
    const i = at + r - start;
    const p = principal[r] ?? Number.NaN;
    const uf = upFen[r] ?? Number.NaN;
    const mf = moFen[r] ?? Number.NaN;
    b.upfrontFee[i] = uf > 0 ? uf : roundHalfUp((upRate[r] ?? 0) * (p || 0));
    b.monthlyFee[i] = mf > 0 ? mf : roundHalfUp((moRate[r] ?? 0) * (p || 0));
  }
  if (source !== 'contract') readLists(chunk, start, rows, rd);
  rd.fill += rows;
  return rows;
}

function sealBatch(rd: Reader, source: FlowSource): ReadBatch {
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
  return { batch, keys: { refs: cut(rd.keys.refs), grp: cut(rd.keys.grp) } };
}

/**
 * The loans of the book as typed-array batches, streamed from DuckDB chunk by chunk (at most one
 * batch of rows in JS at a time). Needs the run's group table (createGroupsSql) on `conn`.
 */
export async function* streamLoanBatches(conn: DuckDBConnection, source: FlowSource, runNo: number, filter: AuditFilter, batchSize: number, pool?: BatchPool): AsyncGenerator<ReadBatch> {
  const read = readLoansSql(source, runNo, filter);
  const result = await conn.stream(read.sql, read.params);
  let rd = newReader(batchSize, source, pool);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    let start = 0;
    while (start < chunk.rowCount) {
      start += fillFromChunk(chunk, start, rd, source);
      if (rd.fill === batchSize) {
        yield sealBatch(rd, source);
        rd = newReader(batchSize, source, pool);
      }
    }
  }
  if (rd.fill > 0) yield sealBatch(rd, source);
}
