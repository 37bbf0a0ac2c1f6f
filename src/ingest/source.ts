/**
 * Input preparation: whatever the user gives (CSV in UTF-8 with or without BOM, GBK/GB18030 CSV,
 * XLSX, JSONL) becomes a UTF-8 CSV that DuckDB's reader can scan, plus the header row. CSV files
 * are read in place (only transcoded when not UTF-8); XLSX and JSONL are converted in a streaming
 * pass to a header-less CSV whose first column is the source line (sheet row) number.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { AppError } from '../domain/errors.js';
import { utf8CompleteLength } from './utf8.js';
import type { RowProblem } from '../domain/errors.js';

export type SourceFormat = 'csv' | 'xlsx' | 'jsonl';

export interface ProgressEvent {
  phase: 'scan' | 'convert' | 'read' | 'validate' | 'store' | 'done';
  /** Bytes or rows done in this phase, when known. */
  done?: number;
  total?: number;
  message?: string;
}

export interface PreparedSource {
  format: SourceFormat;
  /** UTF-8 CSV for DuckDB. */
  csvPath: string;
  /** true: a header row is present in csvPath (direct CSV); false: converted, header-less. */
  hasHeaderRow: boolean;
  /** Converted files carry the source line in their first column. */
  lineColumn: boolean;
  headers: string[];
  delimiter: string;
  encoding: string;
  sha256: string;
  /** deferScan was honoured: sha256 is empty and UTF-8 validity judged by the head only. */
  deferred?: boolean;
  /** Problems found while converting (bad JSON lines). */
  problems: RowProblem[];
  /** Records seen by the converter (including rejected ones); undefined for direct CSV. */
  convertedRecords?: number;
  cleanup(): void;
}

export interface PrepareOptions {
  file: string;
  format?: SourceFormat;
  encoding?: string;
  sheet?: string;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Canonical type per source header, so XLSX date serials can be converted. */
  dateHeaders?: (headers: readonly string[]) => ReadonlySet<number>;
  /**
   * A UTF-8 CSV (judged by its first MiB) skips the SHA-256 / UTF-8 pass: the import's fast path
   * computes both in its own scan, and prepares again in full if it does not take the file.
   */
  deferScan?: boolean;
}

export function formatOf(file: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return 'csv';
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

export function cancelled(): AppError {
  return new AppError({ code: 'import.cancelled', en: 'Import cancelled; nothing was stored', zh: '导入已取消，未写入任何数据', exitCode: 130 });
}

/** One streaming pass: sha256 of the bytes and whether they are valid UTF-8. */
export async function scanFile(path: string, opts: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void } = {}): Promise<{ sha256: string; utf8: boolean; size: number }> {
  const size = statSync(path).size;
  const hash = createHash('sha256');
  let utf8 = true;
  let carry: Buffer = Buffer.alloc(0);
  let done = 0;
  let lastReport = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    checkAbort(opts.signal);
    const buf = chunk as Buffer;
    hash.update(buf);
    done += buf.length;
    if (utf8) {
      const joined = carry.length > 0 ? Buffer.concat([carry, buf]) : buf;
      // Hold back an incomplete multi-byte sequence at the end of the chunk.
      const cut = utf8CompleteLength(joined, joined.length);
      if (!isUtf8(joined.subarray(0, cut))) utf8 = false;
      carry = Buffer.from(joined.subarray(cut));
    }
    if (opts.onProgress && done - lastReport > 16 << 20) {
      lastReport = done;
      opts.onProgress({ phase: 'scan', done, total: size });
    }
  }
  if (carry.length > 0 && !isUtf8(carry)) utf8 = false;
  opts.onProgress?.({ phase: 'scan', done: size, total: size });
  return { sha256: hash.digest('hex'), utf8, size };
}

function readHead(path: string, bytes = 1 << 20): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The delimiter that occurs most often in the header line (comma on ties). */
export function detectDelimiter(headerLine: string): string {
  const candidates = [',', '\t', ';', '|'];
  let best = ',';
  let bestCount = 0;
  for (const c of candidates) {
    const count = headerLine.split(c).length - 1;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

function readCsvHeader(path: string, file: string): { headers: string[]; delimiter: string } {
  const head = readHead(path).replace(/^\ufeff/, '');
  const firstLine = head.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (firstLine === '') throw new AppError({ code: 'import.empty', en: `${file} is empty (no header row)`, zh: `${file} 是空文件（没有表头行）` });
  const delimiter = detectDelimiter(firstLine);
  let rows: string[][];
  try {
    rows = parseCsvSync(firstLine, { delimiter, relax_quotes: true, to_line: 1 }) as string[][];
  } catch (err) {
    throw new AppError({ code: 'import.header', en: `${file}: cannot read the header row`, zh: `${file}：无法读取表头行`, cause: err });
  }
  const headers = (rows[0] ?? []).map((h) => h.trim());
  return { headers, delimiter };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'suitrate-import-'));
}

/** Minimal CSV quoting for our converted files. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

async function transcode(path: string, encoding: string, out: string, opts: PrepareOptions): Promise<void> {
  const size = statSync(path).size;
  let done = 0;
  const src = createReadStream(path, { highWaterMark: 1 << 20 });
  src.on('data', (c) => {
    done += (c as Buffer).length;
    opts.onProgress?.({ phase: 'convert', done, total: size, message: `transcoding ${encoding} → UTF-8` });
  });
  await pipeline(src, iconv.decodeStream(encoding), iconv.encodeStream('utf8'), createWriteStream(out), { signal: opts.signal });
}

/** Whether the first MiB of `path` is valid UTF-8 (an incomplete character at its end is fine). */
function headIsUtf8(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return isUtf8(buf.subarray(0, utf8CompleteLength(buf, n)));
  } finally {
    closeSync(fd);
  }
}

export async function prepareSource(opts: PrepareOptions): Promise<PreparedSource> {
  const format = opts.format ?? formatOf(opts.file);
  const requestedUtf8 = opts.encoding === undefined || ['utf8', 'utf-8', 'utf-8-sig'].includes(opts.encoding.toLowerCase().replace(/_/g, '-'));
  if (opts.deferScan && format === 'csv' && requestedUtf8 && headIsUtf8(opts.file)) {
    const { headers, delimiter } = readCsvHeader(opts.file, opts.file);
    return { format, csvPath: opts.file, hasHeaderRow: true, lineColumn: false, headers, delimiter, encoding: 'utf-8', sha256: '', deferred: true, problems: [], cleanup: () => undefined };
  }
  const scan = await scanFile(opts.file, opts);
  const dirs: string[] = [];
  const cleanup = (): void => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    if (format === 'xlsx') {
      const { convertXlsx } = await import('./xlsx.js');
      const dir = tempDir();
      dirs.push(dir);
      const conv = await convertXlsx(opts, join(dir, 'sheet.csv'));
      return { format, csvPath: join(dir, 'sheet.csv'), hasHeaderRow: false, lineColumn: true, headers: conv.headers, delimiter: ',', encoding: 'xlsx', sha256: scan.sha256, problems: [], convertedRecords: conv.records, cleanup };
    }
    let path = opts.file;
    let encoding = 'utf-8';
    const requested = opts.encoding?.toLowerCase().replace(/_/g, '-');
    if (requested && !['utf8', 'utf-8', 'utf-8-sig'].includes(requested)) {
      if (!iconv.encodingExists(requested)) {
        throw new AppError({ code: 'import.encoding', en: `Unknown encoding "${opts.encoding}" (try gbk, gb18030, big5, utf-8)`, zh: `未知编码“${opts.encoding}”（可用 gbk、gb18030、big5、utf-8）` });
      }
      encoding = requested;
    } else if (!requested && !scan.utf8) {
      encoding = 'gb18030'; // a superset of GBK and GB2312
    }
    if (encoding !== 'utf-8') {
      const dir = tempDir();
      dirs.push(dir);
      path = join(dir, 'utf8.csv');
      await transcode(opts.file, encoding, path, opts);
    }
    checkAbort(opts.signal);
    if (format === 'jsonl') {
      const dir = tempDir();
      dirs.push(dir);
      const conv = await convertJsonl(path, opts.file, join(dir, 'rows.csv'), opts);
      return { format, csvPath: join(dir, 'rows.csv'), hasHeaderRow: false, lineColumn: true, headers: conv.headers, delimiter: ',', encoding, sha256: scan.sha256, problems: conv.problems, convertedRecords: conv.records, cleanup };
    }
    const { headers, delimiter } = readCsvHeader(path, opts.file);
    return { format, csvPath: path, hasHeaderRow: true, lineColumn: false, headers, delimiter, encoding, sha256: scan.sha256, problems: [], cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function jsonCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/**
 * JSONL → header-less CSV (`line, field1, field2, …`). Fields are added in order of first
 * appearance; rows written before a field appeared are shorter and padded with NULLs on read. A
 * line that is not a JSON object is a reject (`json.invalid`), not a crash.
 */
async function convertJsonl(path: string, file: string, out: string, opts: PrepareOptions): Promise<{ headers: string[]; problems: RowProblem[]; records: number }> {
  const headers: string[] = [];
  const index = new Map<string, number>();
  const problems: RowProblem[] = [];
  const ws = createWriteStream(out);
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let records = 0;
  for await (const raw of rl) {
    line++;
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    records++;
    if (records % 50_000 === 0) {
      checkAbort(opts.signal);
      opts.onProgress?.({ phase: 'convert', done: records, message: 'reading JSONL' });
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 120) : 'invalid JSON';
      problems.push({ file, line, column: '', code: 'json.invalid', message: `not valid JSON: ${why}` });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      problems.push({ file, line, column: '', code: 'json.invalid', message: 'a JSONL line must be one JSON object' });
      continue;
    }
    const cells: string[] = new Array<string>(headers.length).fill('');
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      let i = index.get(k);
      if (i === undefined) {
        i = headers.length;
        headers.push(k);
        index.set(k, i);
      }
      cells[i] = jsonCell(v);
    }
    if (!ws.write(String(line) + ',' + cells.map(csvField).join(',') + '\n')) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
  return { headers, problems, records };
}
