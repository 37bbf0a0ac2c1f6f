/**
 * What DuckDB charges per stored value, by type: the cost model behind the audit's storage layout
 * (decision D14, migration 25). Appends 1,000,000 rows × 4 columns of one type with the same
 * Appender + data-chunk path the audit writer uses, into a fresh on-disk database, one thread, one
 * transaction, and reports nanoseconds per value for the append and for the commit.
 *
 *   npx tsx bench/pricing/store-cost.ts [rows=1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBType } from '@duckdb/node-api';

const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const CH = 2048;
const K = 4;

interface Kind {
  sql: string;
  type: DuckDBType;
  /** Value of row r, column c (numbers go into the vector's item array; strings through setItem). */
  value: (r: number, c: number) => number | string;
}

const KINDS: Record<string, Kind> = {
  'INTEGER (amounts in fen)': { sql: 'INTEGER', type: INTEGER, value: (r, c) => ((r + c) * 7919) % 10_000_000 },
  'DOUBLE, whole numbers': { sql: 'DOUBLE', type: DOUBLE, value: (r, c) => ((r + c) * 7919) % 10_000_000 },
  'DOUBLE, rates': { sql: 'DOUBLE', type: DOUBLE, value: (r, c) => 0.01 + (((r + c) * 7919) % 1000) / 1e5 + 1e-9 * (r % 13) },
  'DOUBLE, NaN': { sql: 'DOUBLE', type: DOUBLE, value: () => Number.NaN },
  'VARCHAR (loan ids)': { sql: 'VARCHAR', type: VARCHAR, value: (r, c) => `L${String(r + c * 7).padStart(9, '0')}` },
};

async function measure(name: string, kind: Kind): Promise<{ appendNs: number; commitNs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'suitrate-store-cost-'));
  try {
    const instance = await DuckDBInstance.create(join(dir, 'cost.duckdb'), { threads: '1' });
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE t (${Array.from({ length: K }, (_, c) => `c${c} ${kind.sql} NOT NULL`).join(', ')})`);
    await conn.run('BEGIN TRANSACTION');
    const app = await conn.createAppender('t');
    let appendMs = 0;
    for (let off = 0; off < N; off += CH) {
      const rows = Math.min(CH, N - off);
      const chunk = DuckDBDataChunk.create(Array(K).fill(kind.type), rows);
      for (let c = 0; c < K; c++) {
        const v = chunk.getColumnVector(c) as unknown as { items?: unknown; setItem: (i: number, x: unknown) => void; flush: () => void };
        const items = v.items;
        if (kind.sql !== 'VARCHAR' && ArrayBuffer.isView(items)) {
          const out = items as Float64Array | Int32Array;
          for (let i = 0; i < rows; i++) out[i] = kind.value(off + i, c) as number;
        } else {
          for (let i = 0; i < rows; i++) v.setItem(i, kind.value(off + i, c));
        }
        v.flush();
      }
      const a0 = performance.now();
      app.appendDataChunk(chunk);
      appendMs += performance.now() - a0;
    }
    const a0 = performance.now();
    app.closeSync();
    appendMs += performance.now() - a0;
    const c0 = performance.now();
    await conn.run('COMMIT');
    const commitMs = performance.now() - c0;
    conn.closeSync();
    instance.closeSync();
    const values = N * K;
    console.error(`${name}: append ${((appendMs * 1e6) / values).toFixed(1)} ns/value, commit ${((commitMs * 1e6) / values).toFixed(1)} ns/value`);
    return { appendNs: (appendMs * 1e6) / values, commitNs: (commitMs * 1e6) / values };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: string[] = ['| type (values) | append, ns per value | commit, ns per value | total |', '|---|---:|---:|---:|'];
for (const [name, kind] of Object.entries(KINDS)) {
  const r = await measure(name, kind);
  rows.push(`| ${name} | ${r.appendNs.toFixed(0)} | ${r.commitNs.toFixed(0)} | ${(r.appendNs + r.commitNs).toFixed(0)} |`);
}
console.log(`${N.toLocaleString('en-US')} rows × ${K} columns per type, one DuckDB thread, on disk, ${new Date().toISOString()}\n`);
console.log(rows.join('\n'));
