import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newScanState, scanChunk, scanFileInWorker, SCAN_DATE, SCAN_IGNORED, SCAN_INT, SCAN_MONEY, SCAN_TEXT, type ScanResult, type ScanSpec } from './canonical-scan.js';

const SPEC: ScanSpec = { delimiter: 44, hasHeaderRow: true, kinds: [SCAN_TEXT, SCAN_INT, SCAN_DATE, SCAN_MONEY, SCAN_IGNORED] };
const HEADER = 'id,n,d,amount,note\n';

/** Scan `text` cut into chunks at every position in `cuts` (a line may straddle them). */
function scan(text: string, cuts: readonly number[] = [], spec: ScanSpec = SPEC): ScanResult {
  const bytes = new TextEncoder().encode(text);
  const st = newScanState(spec);
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = bytes.slice(bounds[i], bounds[i + 1]);
    if (!scanChunk(st, spec, part, part.length, false)) return { ok: false, reason: st.error ?? '' };
  }
  if (!scanChunk(st, spec, new Uint8Array(0), 0, true)) return { ok: false, reason: st.error ?? '' };
  return { ok: true, records: st.records, sortedKeys: st.sorted };
}

describe('canonical scan', () => {
  const good = HEADER + 'L1,1,2024-01-05,12.50,x y\r\nL2,-2,1999-12-31,-3,\nL3,,,0.125,"\n'.replace('"', 'z') + '，中文,3,2100-01-01,9999999999999.99,\n';

  it('counts the records of a canonical file however it is cut into chunks (CRLF, empty fields, no final LF)', () => {
    const bytes = new TextEncoder().encode(good).length;
    for (let cut = 0; cut <= bytes; cut++) expect(scan(good, [cut])).toEqual({ ok: true, records: 4, sortedKeys: false });
    expect(scan(good.slice(0, -1))).toEqual({ ok: true, records: 4, sortedKeys: false });
    expect(scan(good, [3, 7, 11, 30, 31, 32, 60])).toEqual({ ok: true, records: 4, sortedKeys: false });
  });

  it.each([
    ['an amount with a thousands separator', 'L1,1,2024-01-05,"1,000.00",\n', 'line 2: a quoted field'],
    ['an amount in scientific notation', 'L1,1,2024-01-05,1e3,\n', 'line 2, field 4: an amount not written as -123.45'],
    ['"- " (DuckDB reads it as 0)', 'L1,1,2024-01-05,- ,\n', 'line 2, field 4: an amount not written as -123.45'],
    ['a trailing dot', 'L1,1,2024-01-05,5.,\n', 'line 2, field 4: an amount not written as -123.45'],
    ['14 integer digits', 'L1,1,2024-01-05,12345678901234,\n', 'line 2, field 4: an amount not written as -123.45'],
    ['a fractional number', 'L1,1.5,2024-01-05,1,\n', 'line 2, field 2: a number not written as -123'],
    ['a hexadecimal number', 'L1,0x10,2024-01-05,1,\n', 'line 2, field 2: a number not written as -123'],
    ['a slashed date', 'L1,1,2024/01/05,1,\n', 'line 2, field 3: a date not written as YYYY-MM-DD (1900–2199)'],
    ['a year before 1900', 'L1,1,1899-12-31,1,\n', 'line 2, field 3: a date not written as YYYY-MM-DD (1900–2199)'],
    ['"epoch"', 'L1,1,epoch,1,\n', 'line 2, field 3: a date not written as YYYY-MM-DD (1900–2199)'],
    ['a leading space in an id', ' L1,1,2024-01-05,1,\n', 'line 2, field 1: text with surrounding spaces (which the general path trims)'],
    ['a trailing no-break space', 'L1\u00a0,1,2024-01-05,1,\n', 'line 2, field 1: text with surrounding spaces (which the general path trims)'],
    ['a trailing ideographic space', 'L1\u3000,1,2024-01-05,1,\n', 'line 2, field 1: text with surrounding spaces (which the general path trims)'],
    ['a leading en space', '\u2002L1,1,2024-01-05,1,\n', 'line 2, field 1: text with surrounding spaces (which the general path trims)'],
    ['too few fields', 'L1,1,2024-01-05\n', 'line 2: 3 fields, expected 5'],
    ['too many fields', 'L1,1,2024-01-05,1,,\n', 'line 2: more than 5 fields'],
    ['a blank line', 'L1,1,2024-01-05,1,\n\nL2,1,2024-01-05,1,\n', 'line 3: a blank line'],
    ['a lone carriage return', 'L1,1,2024-01-05,1,a\rb\n', 'line 2: a carriage return inside a line'],
  ])('refuses %s', (_what, body, reason) => {
    expect(scan(HEADER + body)).toEqual({ ok: false, reason });
  });

  it('keeps text that only contains spaces or tabs inside, or a tab at an edge (trim() keeps tabs)', () => {
    expect(scan(HEADER + 'L 1,1,2024-01-05,1,a b\n\tL2,2,2024-01-05,1,\n')).toEqual({ ok: true, records: 2, sortedKeys: false });
  });

  it('says whether the keys strictly increase (text bytewise, numbers by value): then none repeats', () => {
    const keyed: ScanSpec = { ...SPEC, keyFields: [0, 1] };
    const body = (rows: string[]): string => HEADER + rows.map((r) => `${r},2024-01-05,1,`).join('\n') + '\n';
    // L2,1 then L2,02 (= 2) increases; L10 after L2 does not (text compares bytewise).
    expect(scan(body(['L1,1', 'L1,2', 'L1,10', 'L2,1', 'L2,02', 'L10,1']), [], keyed)).toEqual({ ok: true, records: 6, sortedKeys: false });
    expect(scan(body(['L1,1', 'L1,2', 'L1,10', 'L2,1', 'L2,02', 'L3,1']), [], keyed)).toEqual({ ok: true, records: 6, sortedKeys: true });
    expect(scan(body(['L1,1', 'L1,2', 'L1,02']), [], keyed)).toEqual({ ok: true, records: 3, sortedKeys: false }); // 02 is 2 again
    expect(scan(body(['L1,1', 'L1,1']), [], keyed)).toEqual({ ok: true, records: 2, sortedKeys: false });
    expect(scan(body(['L1,2', 'L1,1']), [], keyed)).toEqual({ ok: true, records: 2, sortedKeys: false });
    expect(scan(body(['L1,1', 'L11,1', 'L2,1']), [], keyed)).toEqual({ ok: true, records: 3, sortedKeys: true });
    const text = body(['L1,1', 'L1,2', 'L1,10', 'L2,1', 'L2,02', 'L3,1']);
    const n = new TextEncoder().encode(text).length;
    for (let cut = 0; cut <= n; cut++) expect(scan(text, [cut], keyed)).toEqual({ ok: true, records: 6, sortedKeys: true });
  });

  it('runs the same scan on a worker thread over a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-scan-'));
    try {
      writeFileSync(join(dir, 'a.csv'), good);
      writeFileSync(join(dir, 'b.csv'), HEADER + 'L1,1,2024-01-05,1e3,\n');
      // The worker also returns the file's SHA-256 and whether it is valid UTF-8 (from the same reads).
      expect(await scanFileInWorker(join(dir, 'a.csv'), SPEC)).toEqual({ ok: true, records: 4, sortedKeys: false, sha256: createHash('sha256').update(good).digest('hex'), utf8: true });
      writeFileSync(join(dir, 'c.csv'), Buffer.concat([Buffer.from(HEADER + 'L1,1,2024-01-05,1,'), Buffer.from([0xd2, 0xf8]), Buffer.from('\n')]));
      expect(await scanFileInWorker(join(dir, 'c.csv'), SPEC)).toMatchObject({ ok: true, records: 1, utf8: false });
      expect(await scanFileInWorker(join(dir, 'b.csv'), SPEC)).toEqual({ ok: false, reason: 'line 2, field 4: an amount not written as -123.45' });
      expect(await scanFileInWorker(join(dir, 'missing.csv'), SPEC)).toMatchObject({ ok: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
