/**
 * Physical line numbers. DuckDB's CSV reader numbers records, not lines, and drops blank lines and
 * malformed records from its output; a quoted field may span several lines. When rejects need line
 * numbers, this scanner walks the file once (RFC 4180 quoting, as DuckDB parses it) and maps
 * DuckDB's output row ordinals and its rejected record numbers (reject_errors.line: records counted
 * from the header = 1, blank lines included; its byte positions are not exact) to the 1-based
 * physical line where each record starts (header = line 1).
 */
import { openSync, readSync, closeSync } from 'node:fs';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export interface LineMapInput {
  path: string;
  delimiter: number;
  /** Record numbers DuckDB rejected (reject_errors.line). */
  rejectedRecords: ReadonlySet<number>;
  /** Output row ordinals (0-based, header excluded) whose lines are wanted. */
  ordinals: readonly number[];
}

export interface LineMap {
  /** ordinal → physical line */
  byOrdinal: Map<number, number>;
  /** rejected record number → physical line */
  byRecord: Map<number, number>;
  /** Records seen (header, blank lines and rejected records excluded) up to the last wanted ordinal. */
  consistent: boolean;
}

/**
 * Scan records. A record is blank (DuckDB skips it) when it is empty or only '\r'. Scanning stops
 * once every wanted ordinal and offset has been resolved.
 */
export function mapLines(input: LineMapInput): LineMap {
  const wanted = new Set(input.ordinals);
  const maxOrdinal = input.ordinals.reduce((m, o) => Math.max(m, o), -1);
  const byOrdinal = new Map<number, number>();
  const byRecord = new Map<number, number>();
  let recordsLeft = input.rejectedRecords.size;
  const fd = openSync(input.path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let base = 0; // file offset of buf[0]
  let line = 1;
  let recLine = 1;
  let recEmpty = true; // no byte other than \r seen in this record
  let inQuotes = false;
  let atFieldStart = true;
  let afterQuote = false; // just saw a quote while in quotes (maybe "" escape or the closing quote)
  let recordNo = 0; // DuckDB's record number: header = 1, blank lines counted
  let ordinal = -1;
  const done = (): boolean => ordinal >= maxOrdinal && recordsLeft === 0;
  const endRecord = (): void => {
    recordNo++;
    if (recEmpty) return; // blank line: DuckDB skips it (but counts it)
    if (recordNo === 1) return; // header
    if (input.rejectedRecords.has(recordNo)) {
      byRecord.set(recordNo, recLine);
      recordsLeft--;
      return;
    }
    ordinal++;
    if (wanted.has(ordinal)) byOrdinal.set(ordinal, recLine);
  };
  try {
    let n: number;
    outer: while ((n = readSync(fd, buf, 0, buf.length, base)) > 0) {
      for (let i = 0; i < n; i++) {
        const b = buf[i] as number;
        if (inQuotes) {
          if (afterQuote) {
            afterQuote = false;
            if (b === QUOTE) continue; // "" escape
            inQuotes = false; // closing quote; fall through to unquoted handling of b
          } else {
            if (b === QUOTE) afterQuote = true;
            else if (b === NL) line++;
            continue;
          }
        }
        if (b === NL) {
          endRecord();
          if (done()) break outer;
          line++;
          recLine = line;
          recEmpty = true;
          atFieldStart = true;
          continue;
        }
        if (b !== CR) recEmpty = false;
        if (b === QUOTE && atFieldStart) {
          inQuotes = true;
          atFieldStart = false;
          continue;
        }
        atFieldStart = b === input.delimiter;
      }
      base += n;
    }
    if (!done()) endRecord();
  } finally {
    closeSync(fd);
  }
  return { byOrdinal, byRecord, consistent: byOrdinal.size === wanted.size && recordsLeft === 0 };
}
