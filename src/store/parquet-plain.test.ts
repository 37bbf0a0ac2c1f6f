import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlainParquet, type PlainColumn } from './parquet-plain.js';

/** Files written here are read back by DuckDB (the reader they are made for), value for value. */

let dir: string;
let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suitrate-parquet-'));
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});

afterAll(() => {
  conn.closeSync();
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
const file = (): string => join(dir, `f${fileNo++}.parquet`);
const q = (path: string): string => `'${path.replaceAll("'", "''")}'`;

async function rows(path: string, select = '*'): Promise<Array<Record<string, unknown>>> {
  return (await conn.runAndReadAll(`SELECT ${select} FROM read_parquet(${q(path)})`)).getRowObjectsJS() as Array<Record<string, unknown>>;
}

async function schema(path: string): Promise<string[]> {
  const r = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(path)})`)).getRowObjectsJS();
  return r.map((x) => `${String(x['column_name'])} ${String(x['column_type'])}`);
}

/** The list rows of CSR columns, as plain arrays. */
function listRows(offsets: Int32Array, values: Int32Array): number[][] {
  const out: number[][] = [];
  for (let r = 0; r + 1 < offsets.length; r++) out.push(Array.from(values.subarray(offsets[r], offsets[r + 1])));
  return out;
}

describe('writePlainParquet', () => {
  it('writes INTEGER, DOUBLE and INTEGER[] columns that DuckDB reads back exactly, over several row groups', async () => {
    const ints = Int32Array.from([0, 1, -1, 2147483647, -2147483648, 42, 7, -7, 100000, 3]);
    const doubles = Float64Array.from([0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, 1.7976931348623157e308, -2.5, 1 / 3, 12.8]);
    const offsets = Int32Array.from([0, 0, 1, 4, 4, 4, 17, 18, 18, 20, 21]);
    const values = Int32Array.from({ length: 21 }, (_, k) => (k % 2 === 0 ? k * 1000 : -k));
    const path = file();
    const columns: PlainColumn[] = [
      { name: 'i', type: 'INT32', values: ints },
      { name: 'd', type: 'DOUBLE', values: doubles },
      { name: 'flows', type: 'INT32_LIST', offsets, values },
    ];
    const bytes = writePlainParquet(path, 10, columns, { rowGroupRows: 3 });
    expect(statSync(path).size).toBe(bytes);
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(await schema(path)).toEqual(['i INTEGER', 'd DOUBLE', 'flows INTEGER[]']);
    const got = await rows(path);
    expect(got.map((r) => r['i'])).toEqual(Array.from(ints));
    const ds = got.map((r) => r['d'] as number);
    ds.forEach((x, k) => expect(Object.is(x, doubles[k])).toBe(true));
    expect(got.map((r) => r['flows'])).toEqual(listRows(offsets, values));
    const groups = (await conn.runAndReadAll(`SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata(${q(path)})`)).getRowObjectsJS();
    expect(groups[0]?.['n']).toBe(4);
  });

  it('writes the rows a subarray holds (offsets that do not start at 0 included)', async () => {
    const big = Int32Array.from({ length: 100 }, (_, k) => k);
    const offsets = Int32Array.from([5, 5, 9, 12]).subarray(0);
    const path = file();
    writePlainParquet(path, 3, [
      { name: 'a', type: 'INT32', values: big.subarray(50, 53) },
      { name: 'l', type: 'INT32_LIST', offsets, values: big },
    ]);
    expect(await rows(path)).toEqual([
      { a: 50, l: [] },
      { a: 51, l: [5, 6, 7, 8] },
      { a: 52, l: [9, 10, 11] },
    ]);
  });

  it('writes a file of no rows, and many columns (the long form of Thrift list headers)', async () => {
    const empty = file();
    writePlainParquet(empty, 0, [
      { name: 'a', type: 'INT32', values: new Int32Array(0) },
      { name: 'l', type: 'INT32_LIST', offsets: Int32Array.of(0), values: new Int32Array(0) },
    ]);
    expect(await rows(empty, 'count(*)::INTEGER AS n')).toEqual([{ n: 0 }]);
    expect(await schema(empty)).toEqual(['a INTEGER', 'l INTEGER[]']);

    const wide = file();
    const cols: PlainColumn[] = Array.from({ length: 40 }, (_, c) => ({ name: `金额${c}`, type: 'DOUBLE', values: Float64Array.from([c, c + 0.5]) }));
    writePlainParquet(wide, 2, cols);
    const got = await rows(wide);
    expect(Object.keys(got[0] ?? {})).toHaveLength(40);
    expect(got[1]?.['金额39']).toBe(39.5);
  });

  it('round-trips any lists and numbers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ i: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), d: fc.double(), l: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }) }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (data, rowGroupRows) => {
          const offsets = new Int32Array(data.length + 1);
          data.forEach((r, k) => (offsets[k + 1] = (offsets[k] ?? 0) + r.l.length));
          const path = file();
          writePlainParquet(
            path,
            data.length,
            [
              { name: 'i', type: 'INT32', values: Int32Array.from(data.map((r) => r.i)) },
              { name: 'd', type: 'DOUBLE', values: Float64Array.from(data.map((r) => r.d)) },
              { name: 'l', type: 'INT32_LIST', offsets, values: Int32Array.from(data.flatMap((r) => r.l)) },
            ],
            { rowGroupRows },
          );
          const got = await rows(path);
          rmSync(path);
          expect(got.map((r) => r['i'])).toEqual(data.map((r) => r.i));
          expect(got.map((r) => r['l'])).toEqual(data.map((r) => r.l));
          got.forEach((r, k) => expect(Object.is(r['d'], data[k]?.d)).toBe(true));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses inconsistent input with the file, column and reason, before creating the file', () => {
    const cases: Array<[number, PlainColumn[], RegExp, Record<string, unknown>?]> = [
      [2, [{ name: 'a', type: 'INT32', values: Int32Array.of(1) }], /column a: 1 values for 2 rows/],
      [2, [{ name: 'l', type: 'INT32_LIST', offsets: Int32Array.of(0, 1), values: Int32Array.of(1) }], /column l: 2 offsets for 2 rows \(want 3\)/],
      [2, [{ name: 'l', type: 'INT32_LIST', offsets: Int32Array.of(0, 2, 1), values: Int32Array.of(1, 2) }], /column l: offsets decrease at row 1/, { row: 1 }],
      [1, [{ name: 'l', type: 'INT32_LIST', offsets: Int32Array.of(-1, 1), values: Int32Array.of(1, 2) }], /column l: offset 0 is negative/],
      [1, [{ name: 'l', type: 'INT32_LIST', offsets: Int32Array.of(0, 3), values: Int32Array.of(1, 2) }], /column l: offsets reach 3 but there are 2 values/],
      [1, [{ name: 'a', type: 'INT32', values: Int32Array.of(1) }, { name: 'a', type: 'DOUBLE', values: Float64Array.of(1) }], /column a appears twice/],
      [1, [{ name: 'a.b', type: 'INT32', values: Int32Array.of(1) }], /column name "a.b" is empty or has a control character or a dot/],
      [1, [{ name: '', type: 'INT32', values: Int32Array.of(1) }], /column name "" is empty/],
      [-1, [{ name: 'a', type: 'INT32', values: Int32Array.of(1) }], /row count must be a non-negative integer, got -1/],
      [1, [], /at least one column is needed/],
      [1, [{ name: 'a', type: 'INT32', values: Float64Array.of(1) as unknown as Int32Array }], /column a: values must be an Int32Array for type INT32, got Float64Array/],
      [1, [{ name: 'd', type: 'DOUBLE', values: Int32Array.of(1) as unknown as Float64Array }], /column d: values must be a Float64Array for type DOUBLE, got Int32Array/],
      [1, [{ name: 'l', type: 'INT32_LIST', offsets: [0, 1] as unknown as Int32Array, values: Int32Array.of(1) }], /column l: offsets must be an Int32Array for type INT32_LIST, got Array/],
      [1, [{ name: 'Amount', type: 'INT32', values: Int32Array.of(1) }, { name: 'amount', type: 'INT32', values: Int32Array.of(1) }], /column amount appears twice \(names are compared without regard to case\)/],
    ];
    for (const [n, cols, message, details] of cases) {
      const path = file();
      let err: unknown;
      try {
        writePlainParquet(path, n, cols);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'parquet.invalid_input', details: { path, ...details } });
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message.startsWith(`${path}: `)).toBe(true);
      expect(existsSync(path)).toBe(false);
    }
    expect(() => writePlainParquet(file(), 1, [{ name: 'a', type: 'INT32', values: Int32Array.of(1) }], { rowGroupRows: 0 })).toThrow(/rowGroupRows must be a positive integer, got 0/);
  });
});
