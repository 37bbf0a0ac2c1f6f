/**
 * Streaming output of the synthetic book: one file per import kind, CSV (RFC 4180 quoting) or
 * JSONL, UTF-8 or GBK. Rows are appended to a string buffer that is encoded and written in
 * ~256 KB chunks; when a stream signals backpressure the generator awaits `drain()` before
 * producing more, so memory stays bounded whatever the number of loans. A SHA-256 of the bytes
 * written is kept per file (the manifest lists it; determinism tests compare them).
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { AppError } from '../domain/errors.js';
import type { ImportKind } from '../domain/import.js';
import { COLUMNS, type ColumnSpec } from './columns.js';

export type OutputFormat = 'csv' | 'jsonl';
export type OutputEncoding = 'utf8' | 'gbk';
/** A formatted cell; null = empty. Numbers are given as their decimal text ('1234.56'). */
export type Cell = string | null;

export interface FileStats {
  kind: ImportKind;
  /** null when the kind was not written (--only). */
  file: string | null;
  rows: number;
  bytes: number;
  sha256: string | null;
}

const FLUSH_AT = 256 * 1024;
const CHUNK_BYTES = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(v: Cell): string {
  if (v === null) return '';
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function jsonCell(v: Cell, spec: ColumnSpec): string {
  if (v === null || v === '') return 'null';
  if (spec.type === 'num') return v;
  if (spec.type === 'bool') return v === 'true' ? 'true' : 'false';
  return JSON.stringify(v);
}

export class FileSink {
  private buf = '';
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private readonly stream: WriteStream | null;
  private readonly hash: Hash | null;
  private readonly specs: readonly ColumnSpec[];
  private readonly keys: string[];
  /** Columns that never need CSV quoting (numbers, booleans). */
  private readonly plain: boolean[];
  private error: Error | null = null;
  private needDrain = false;
  rows = 0;
  bytes = 0;

  constructor(
    readonly kind: ImportKind,
    readonly path: string | null,
    private readonly format: OutputFormat,
    private readonly encoding: OutputEncoding,
  ) {
    this.specs = COLUMNS[kind];
    this.keys = this.specs.map((c) => `${JSON.stringify(c.name)}:`);
    this.plain = this.specs.map((c) => c.type !== 'str');
    this.stream = path === null ? null : createWriteStream(path, { highWaterMark: 1 << 20 });
    this.hash = path === null ? null : createHash('sha256');
    this.stream?.on('error', (err) => {
      this.error = err;
    });
    if (format === 'csv') this.append(this.specs.map((c) => c.name).join(',') + '\n');
  }

  row(cells: readonly Cell[]): void {
    this.rows++;
    if (this.stream === null) return;
    let line = '';
    if (this.format === 'csv') {
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i] ?? null;
        const text = v === null ? '' : this.plain[i] ? v : csvCell(v);
        line += i === 0 ? text : ',' + text;
      }
      line += '\n';
    } else {
      line = '{';
      for (let i = 0; i < this.specs.length; i++) line += (i > 0 ? ',' : '') + this.keys[i] + jsonCell(cells[i] ?? null, this.specs[i] as ColumnSpec);
      line += '}\n';
    }
    this.append(line);
  }

  private append(text: string): void {
    if (this.encoding === 'gbk') {
      this.buf += text;
      if (this.buf.length >= FLUSH_AT) this.flush();
      return;
    }
    // UTF-8: encode straight into a chunk (≤ 3 bytes per UTF-16 unit).
    if (this.pos + text.length * 3 > this.chunk.length) {
      this.flush();
      if (text.length * 3 > this.chunk.length) this.chunk = Buffer.allocUnsafe(text.length * 3);
    }
    this.pos += this.chunk.write(text, this.pos, 'utf8');
  }

  private flush(): void {
    if (this.stream === null) return;
    let bytes: Buffer;
    if (this.encoding === 'gbk') {
      if (this.buf === '') return;
      bytes = iconv.encode(this.buf, 'gbk');
      this.buf = '';
    } else {
      if (this.pos === 0) return;
      bytes = this.chunk.subarray(0, this.pos);
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.pos = 0;
    }
    this.hash?.update(bytes);
    this.bytes += bytes.length;
    if (!this.stream.write(bytes)) this.needDrain = true;
  }

  private check(): void {
    if (this.error) {
      throw new AppError({ code: 'synth.write', en: `Cannot write ${this.path}: ${this.error.message}`, zh: `无法写入 ${this.path}：${this.error.message}`, cause: this.error });
    }
  }

  /** True when the stream asked the producer to wait (call drain()). */
  get waiting(): boolean {
    return this.needDrain || this.error !== null;
  }

  /** Resolve when the stream can take more (backpressure). */
  async drain(): Promise<void> {
    this.check();
    if (!this.needDrain || this.stream === null) return;
    this.needDrain = false;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
    this.check();
  }

  async close(): Promise<FileStats> {
    this.flush();
    if (this.stream !== null) {
      const done = once(this.stream, 'close');
      this.stream.end();
      await done;
    }
    this.check();
    return { kind: this.kind, file: this.path, rows: this.rows, bytes: this.bytes, sha256: this.hash ? this.hash.digest('hex') : null };
  }

  /** Close without caring about the result (after another error). */
  destroy(): void {
    this.stream?.destroy();
  }
}
