/**
 * Is a CSV file in canonical spelling? One byte pass, on a worker thread while DuckDB reads the
 * same file typed (the fast path, D13). The typed CSV reader is only exact on canonical text — its
 * DECIMAL reader takes "- " as 0 and rounds "05e-5" up to 0.01, its INTEGER reader takes ".5" as
 * 1 — so the fast path keeps a typed read only when this scan proves every value has the spelling
 * the general path's fast parsers accept (sr_money_fast, sr_int_fast, sr_date_fast): then both
 * read every value to the same thing.
 *
 * Canonical: no quote characters, records end with LF or CRLF, no blank line, exactly `width`
 * fields per record; amounts `-?[0-9]{1,13}(\.[0-9]+)?`, whole numbers `-?[0-9]{1,9}`, dates
 * `(19|2[01])[0-9]{2}-[0-9]{2}-[0-9]{2}`, text without a leading or trailing space (any Unicode
 * space separator DuckDB's trim removes); any field may be empty. Anything else is "not canonical" and the file takes the general path.
 */
import { Worker } from 'node:worker_threads';
import { utf8CompleteLength } from './utf8.js';

/** Per source column: 0 text, 1 amount, 2 whole number, 3 date, 4 ignored. */
export const SCAN_TEXT = 0;
export const SCAN_MONEY = 1;
export const SCAN_INT = 2;
export const SCAN_DATE = 3;
export const SCAN_IGNORED = 4;

export interface ScanSpec {
  delimiter: number;
  hasHeaderRow: boolean;
  kinds: number[];
  /**
   * Source columns of the natural key, in key order (text compared bytewise, whole numbers by
   * value). The scan reports whether the keys strictly increase line by line — then no key repeats.
   */
  keyFields?: number[];
}

export interface ScanState {
  /** Physical line being scanned next (1-based). */
  line: number;
  /** The start of a line that continues in the next chunk. */
  carry: Uint8Array | null;
  /** True until the header line has been skipped. */
  inHeader: boolean;
  records: number;
  /** Set when the file is not canonical. */
  error: string | null;
  /** Keys strictly increasing so far. */
  sorted: boolean;
  /** The previous line's key: text fields' bytes and lengths, number fields' values. */
  prevBytes: Uint8Array[];
  prevLen: number[];
  prevNum: number[];
  /** The current line's field boundaries. */
  starts: Int32Array;
  ends: Int32Array;
}

export type ScanResult = { ok: true; records: number; sortedKeys: boolean; sha256?: string; utf8?: boolean } | { ok: false; reason: string };

const NOT_CANONICAL = ['text with surrounding spaces (which the general path trims)', 'an amount not written as -123.45', 'a number not written as -123', 'a date not written as YYYY-MM-DD (1900–2199)'];

/** Whether bytes [s, e) of `a` are a canonical value of `kind` (see the module comment). */
export function canonicalField(a: Uint8Array, s: number, e: number, kind: number): boolean {
  const n = e - s;
  if (n === 0 || kind === 4) return true;
  if (kind === 0) {
    // What DuckDB's trim() removes (the general path trims text): the Unicode space separators
    // U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000, at either end.
    const b0 = a[s] ?? 0;
    const b1 = a[s + 1] ?? 0;
    const b2 = a[s + 2] ?? 0;
    if (b0 === 32 || (b0 === 0xc2 && b1 === 0xa0 && n >= 2)) return false;
    if (n >= 3 && ((b0 === 0xe1 && b1 === 0x9a && b2 === 0x80) || (b0 === 0xe2 && ((b1 === 0x80 && (b2 <= 0x8a || b2 === 0xaf)) || (b1 === 0x81 && b2 === 0x9f))) || (b0 === 0xe3 && b1 === 0x80 && b2 === 0x80))) return false;
    const z = a[e - 1] ?? 0;
    const y = a[e - 2] ?? 0;
    const x = a[e - 3] ?? 0;
    if (z === 32 || (n >= 2 && y === 0xc2 && z === 0xa0)) return false;
    if (n >= 3 && ((x === 0xe1 && y === 0x9a && z === 0x80) || (x === 0xe2 && ((y === 0x80 && (z <= 0x8a || z === 0xaf)) || (y === 0x81 && z === 0x9f))) || (x === 0xe3 && y === 0x80 && z === 0x80))) return false;
    return true;
  }
  if (kind === 3) {
    if (n !== 10 || a[s + 4] !== 45 || a[s + 7] !== 45) return false;
    for (let k = 0; k < 10; k++) {
      if (k === 4 || k === 7) continue;
      const d = a[s + k] ?? 0;
      if (d < 48 || d > 57) return false;
    }
    const c = ((a[s] ?? 0) - 48) * 10 + ((a[s + 1] ?? 0) - 48);
    return c === 19 || c === 20 || c === 21;
  }
  let i = s;
  if (a[i] === 45) i++;
  const i0 = i;
  while (i < e && (a[i] ?? 0) >= 48 && (a[i] ?? 0) <= 57) i++;
  const digits = i - i0;
  if (kind === 2) return digits >= 1 && digits <= 9 && i === e;
  if (digits < 1 || digits > 13) return false;
  if (i === e) return true;
  if (a[i] !== 46) return false;
  i++;
  const j0 = i;
  while (i < e && (a[i] ?? 0) >= 48 && (a[i] ?? 0) <= 57) i++;
  return i === e && i > j0;
}

/**
 * Whether the current line's key (fields `keys` of `a`, bounds in state.starts/ends) is greater than
 * the previous line's; stores it as the previous one. The first line just stores.
 */
export function keyIncreases(state: ScanState, kinds: readonly number[], keys: readonly number[], a: Uint8Array, first: boolean): boolean {
  let order = first ? 1 : 0; // 0 = equal so far, 1 = greater, -1 = smaller
  for (let k = 0; k < keys.length; k++) {
    const col = keys[k] ?? 0;
    const s = state.starts[col] ?? 0;
    const e = state.ends[col] ?? 0;
    if (kinds[col] === 2) {
      let v = 0;
      let i = s;
      const neg = a[i] === 45;
      if (neg) i++;
      for (; i < e; i++) v = v * 10 + ((a[i] ?? 48) - 48);
      if (neg) v = -v;
      if (s === e) v = Number.NEGATIVE_INFINITY;
      if (order === 0) order = v > (state.prevNum[k] ?? 0) ? 1 : v < (state.prevNum[k] ?? 0) ? -1 : 0;
      state.prevNum[k] = v;
      continue;
    }
    let prev = state.prevBytes[k];
    const n = e - s;
    if (order === 0 && prev !== undefined) {
      const pn = state.prevLen[k] ?? 0;
      const m = n < pn ? n : pn;
      let i = 0;
      while (i < m && a[s + i] === prev[i]) i++;
      if (i < m) order = (a[s + i] ?? 0) > (prev[i] ?? 0) ? 1 : -1;
      else order = n > pn ? 1 : n < pn ? -1 : 0;
    }
    if (prev === undefined || prev.length < n) {
      prev = new Uint8Array(Math.max(n, 32));
      state.prevBytes[k] = prev;
    }
    for (let i = 0; i < n; i++) prev[i] = a[s + i] ?? 0;
    state.prevLen[k] = n;
  }
  return order > 0;
}

/**
 * Scan whole lines of `a[s..end)`; the last line only when `final` (else it is left for the next
 * chunk). Returns where the unscanned rest starts, or -1 when the file is not canonical.
 */
export function scanLines(state: ScanState, spec: ScanSpec, a: Uint8Array, s: number, end: number, final: boolean): number {
  const kinds = spec.kinds;
  const delim = spec.delimiter;
  const width = kinds.length;
  const keys = spec.keyFields ?? [];
  const starts = state.starts;
  const ends = state.ends;
  let f = 0;
  let fs = s;
  let lineStart = s;
  let records = state.records;
  let lineNo = state.line;
  let error: string | null = null;
  for (let p = s; p <= end; p++) {
    let b = 10; // past the end: the last line has no line feed
    if (p < end) {
      b = a[p] as number;
      if (b !== delim && b !== 10) {
        if (b === 34) {
          error = `line ${lineNo}: a quoted field`;
          break;
        }
        if (b === 13 && p + 1 < end && a[p + 1] !== 10) {
          error = `line ${lineNo}: a carriage return inside a line`;
          break;
        }
        continue;
      }
    } else if (!final || lineStart === end) break;
    let fe = p;
    if (b === 10 && fe > fs && a[fe - 1] === 13) fe--;
    if (b === 10 && p === lineStart + (fe < p ? 1 : 0)) {
      error = `line ${lineNo}: a blank line`;
      break;
    }
    if (f >= width) {
      error = `line ${lineNo}: more than ${width} fields`;
      break;
    }
    const kind = kinds[f] ?? 4;
    // Text starting and ending in ASCII other than a space is canonical without a call.
    if (fe > fs && kind !== 4 && (kind !== 0 || (a[fs] as number) >= 0x80 || a[fs] === 32 || (a[fe - 1] as number) >= 0x80 || a[fe - 1] === 32) && !canonicalField(a, fs, fe, kind)) {
      error = `line ${lineNo}, field ${f + 1}: ${NOT_CANONICAL[kind] ?? 'not canonical'}`;
      break;
    }
    starts[f] = fs;
    ends[f] = fe;
    f++;
    fs = p + 1;
    if (b === 10) {
      if (f !== width) {
        error = `line ${lineNo}: ${f} fields, expected ${width}`;
        break;
      }
      if (state.sorted && keys.length > 0) state.sorted = keyIncreases(state, kinds, keys, a, records === 0);
      records++;
      lineNo++;
      f = 0;
      lineStart = p + 1;
    }
  }
  state.records = records;
  state.line = lineNo;
  if (error !== null) {
    state.error = error;
    return -1;
  }
  return final ? end : lineStart;
}

/**
 * Scan the chunk `bytes[0..end)` (`last` = the file ends there); returns false once the file is
 * known not to be canonical (state.error says why). A line cut by the chunk end is carried over.
 */
export function scanChunk(state: ScanState, spec: ScanSpec, bytes: Uint8Array, end: number, last: boolean): boolean {
  let pos = 0;
  if (state.inHeader) {
    while (pos < end && bytes[pos] !== 10) pos++;
    if (pos === end) return true;
    state.inHeader = false;
    state.line++;
    pos++;
  }
  if (state.carry !== null) {
    let nl = pos;
    while (nl < end && bytes[nl] !== 10) nl++;
    const stop = nl < end ? nl + 1 : end;
    const joined = new Uint8Array(state.carry.length + stop - pos);
    joined.set(state.carry);
    joined.set(bytes.subarray(pos, stop), state.carry.length);
    state.carry = null;
    if (nl === end && !last) {
      state.carry = joined;
      return true;
    }
    if (scanLines(state, spec, joined, 0, joined.length, true) < 0) return false;
    pos = stop;
  }
  const rest = scanLines(state, spec, bytes, pos, end, last);
  if (rest < 0) return false;
  if (rest < end) state.carry = bytes.slice(rest, end);
  return true;
}

export function newScanState(spec: ScanSpec): ScanState {
  const width = spec.kinds.length;
  return { line: 1, carry: null, inHeader: spec.hasHeaderRow, records: 0, error: null, sorted: (spec.keyFields?.length ?? 0) > 0, prevBytes: [], prevLen: [], prevNum: [], starts: new Int32Array(width), ends: new Int32Array(width) };
}

const CHUNK = 1 << 22;

/** Scan a file synchronously (tests, small files). */
export function scanFileSync(path: string, spec: ScanSpec, read: (fd: number, buf: Uint8Array) => number, open: (p: string) => number, close: (fd: number) => void, onChunk?: (buf: Uint8Array, n: number) => void): ScanResult {
  const state = newScanState(spec);
  const buf = new Uint8Array(CHUNK);
  const fd = open(path);
  try {
    for (;;) {
      const n = read(fd, buf);
      if (onChunk) onChunk(buf, n);
      if (!scanChunk(state, spec, buf, n, n === 0)) return { ok: false, reason: state.error ?? 'not canonical' };
      if (n === 0) return { ok: true, records: state.records, sortedKeys: state.sorted };
    }
  } finally {
    close(fd);
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const __name = (f) => f; // esbuild's keepNames helper, when the sources below were compiled by tsx
const NOT_CANONICAL = ${JSON.stringify(NOT_CANONICAL)};
const utf8CompleteLength = ${utf8CompleteLength.toString()};
const canonicalField = ${canonicalField.toString()};
const keyIncreases = ${keyIncreases.toString()};
const scanLines = ${scanLines.toString()};
const scanChunk = ${scanChunk.toString()};
const newScanState = ${newScanState.toString()};
const scanFileSync = ${scanFileSync.toString()};
const CHUNK = ${CHUNK};
const { createHash } = require('node:crypto');
const { isUtf8 } = require('node:buffer');
// The file's SHA-256 and UTF-8 validity, from the same reads (the import skipped its own pass).
const hash = createHash('sha256');
let utf8 = true;
let held = new Uint8Array(0);
const onChunk = (buf, n) => {
  const chunk = buf.subarray(0, n);
  hash.update(chunk);
  if (!utf8) return;
  const joined = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
  const cut = n === 0 ? joined.length : utf8CompleteLength(joined, joined.length);
  if (!isUtf8(joined.subarray(0, cut))) utf8 = false;
  held = Uint8Array.from(joined.subarray(cut));
};
try {
  const r = scanFileSync(workerData.path, workerData.spec, (fd, buf) => fs.readSync(fd, buf, 0, buf.length, null), (p) => fs.openSync(p, 'r'), (fd) => fs.closeSync(fd), onChunk);
  parentPort.postMessage(r.ok ? { ...r, sha256: hash.digest('hex'), utf8 } : r);
} catch (err) {
  parentPort.postMessage({ ok: false, reason: 'scan failed: ' + (err && err.message ? err.message : String(err)) });
}
`;

/** Scan `path` on a worker thread; `signal` stops it (the result is then "cancelled"). */
export function scanFileInWorker(path: string, spec: ScanSpec, signal?: AbortSignal): Promise<ScanResult> {
  return new Promise((resolve) => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, spec } });
    let done = false;
    const onAbort = (): void => finish({ ok: false, reason: 'cancelled' });
    const finish = (r: ScanResult): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
      void w.terminate();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
    w.once('message', (r: ScanResult) => finish(r));
    w.once('error', (err) => finish({ ok: false, reason: `scan failed: ${err.message}` }));
    w.once('exit', () => finish({ ok: false, reason: 'scan worker exited' }));
  });
}
