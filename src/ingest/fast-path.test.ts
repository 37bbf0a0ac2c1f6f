import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SEGMENTS } from '../store/segments.js';
import { exec, queryOne, queryRows } from '../store/sql.js';
import { openWorkspace } from '../store/workspace.js';
import type { ScanResult } from './canonical-scan.js';
import { stopWhenRefused } from './fast-path.js';
import { importFile } from './import-file.js';
import { workspaceWithLoans, writeText } from './test-support.js';

const INSTALLMENTS = `loan_id,seq,due_date,principal_due,interest_due,fee_due
L1,1,2023-02-15,833.33,150.00,0
L1,2,2023-03-15,833.33,137.50,
L2,1,2023-03-01,833.34,75.005,1.5
L3,1,2023-04-10,6666.83,200.01,100
`;

const REPAYMENTS = `repayment_id,loan_id,paid_at,amount,principal,interest,fee,penalty,channel
R1,L1,2023-02-15,983.33,833.33,150.00,0,0,app
R2,L2,2023-03-01,910.00,833.34,75.01,1.5,0,bank_transfer
`;

/** Rows of a logical table without the batch id, in key order. */
async function rowsOf(ws: { conn: Parameters<typeof queryRows>[0] }, table: 'installment' | 'repayment'): Promise<unknown[]> {
  const order = table === 'installment' ? 'loan_id, seq' : 'repayment_id';
  return queryRows(ws.conn, `SELECT * EXCLUDE (batch_id) FROM ${table} ORDER BY ${order}`);
}

async function segmentTables(ws: { conn: Parameters<typeof queryRows>[0] }): Promise<string[]> {
  const r = await queryRows<{ t: string }>(ws.conn, "SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'installment_s_%' OR table_name LIKE 'repayment_s_%' ORDER BY 1");
  return r.map((x) => x.t);
}

const saved = process.env['SUITRATE_INGEST_FAST'];
afterEach(() => {
  if (saved === undefined) delete process.env['SUITRATE_INGEST_FAST'];
  else process.env['SUITRATE_INGEST_FAST'] = saved;
});

describe('import fast path (typed read into a segment, D13)', () => {
  it('stores a clean canonical file as one segment, with exactly the rows the general path stores', async () => {
    const fast = await workspaceWithLoans();
    const general = await workspaceWithLoans();
    try {
      for (const [kind, name, text] of [['installments', 'i.csv', INSTALLMENTS], ['repayments', 'r.csv', REPAYMENTS]] as const) {
        const s = await importFile(fast.ws, { kind, file: writeText(fast.dir, name, text), asOf: '2025-06-30' });
        expect({ read: s.read, stored: s.stored, rejected: s.rejected, notes: s.notes }).toEqual({ read: kind === 'installments' ? 4 : 2, stored: kind === 'installments' ? 4 : 2, rejected: 0, notes: [] });
      }
      process.env['SUITRATE_INGEST_FAST'] = '0';
      for (const [kind, name, text] of [['installments', 'i.csv', INSTALLMENTS], ['repayments', 'r.csv', REPAYMENTS]] as const) {
        const s = await importFile(general.ws, { kind, file: writeText(general.dir, name, text), asOf: '2025-06-30' });
        expect(s.notes).toEqual(['general path: disabled (SUITRATE_INGEST_FAST=0)']);
      }
      expect(await queryRows(fast.ws.conn, 'SELECT logical, row_count FROM store_segment ORDER BY logical')).toEqual([
        { logical: 'installment', row_count: 4 },
        { logical: 'repayment', row_count: 2 },
      ]);
      expect(await queryRows(general.ws.conn, 'SELECT count(*) AS n FROM store_segment')).toEqual([{ n: 0 }]);
      expect(await rowsOf(fast.ws, 'installment')).toEqual(await rowsOf(general.ws, 'installment'));
      expect(await rowsOf(fast.ws, 'repayment')).toEqual(await rowsOf(general.ws, 'repayment'));
      // The values themselves: 75.005 rounds half up to 7501 fen, an empty fee is 0.
      expect(await queryRows(fast.ws.conn, "SELECT interest_due_fen, fee_due_fen FROM installment WHERE loan_id = 'L2'")).toEqual([{ interest_due_fen: 7501, fee_due_fen: 150 }]);
      expect(await queryOne(fast.ws.conn, "SELECT channel FROM repayment WHERE repayment_id = 'R1'")).toEqual({ channel: 'app' });
      const batch = await queryOne(fast.ws.conn, "SELECT rows_read, rows_stored, rows_rejected FROM import_batch WHERE kind = 'installments'");
      expect(batch).toEqual({ rows_read: 4, rows_stored: 4, rows_rejected: 0 });
    } finally {
      fast.ws.dispose();
      general.ws.dispose();
    }
  });

  it.each([
    ['a date in another spelling', INSTALLMENTS.replace('2023-03-15', '2023/3/15'), 'general path: not in canonical spelling (line 3, field 3: a date not written as YYYY-MM-DD', 4, 0],
    ['an amount with a thousands separator', INSTALLMENTS.replace('6666.83', '"6,666.83"'), 'general path: not in canonical spelling (line 5: a quoted field)', 4, 0],
    ['an amount DuckDB would misread ("- " is 0 to its DECIMAL reader)', INSTALLMENTS.replace('833.34', '- '), 'general path: not in canonical spelling (line 4, field 4: an amount not written as -123.45)', 3, 1],
    ['an id with a surrounding ideographic space', INSTALLMENTS.replace('L3,', 'L3\u3000,'), 'general path: not in canonical spelling (line 5, field 1: text with surrounding spaces', 4, 0],
    ['an impossible date', INSTALLMENTS.replace('2023-04-10', '2023-02-30'), 'general path: the CSV reader refused the file', 3, 1],
    ['a row for an unknown loan', INSTALLMENTS + 'L9,1,2023-02-15,1,1,0\n', 'general path: 1 rows fail a check', 4, 1],
    ['a key twice', INSTALLMENTS + 'L1,2,2023-03-15,833.33,137.50,0\n', 'general path: a key occurs more than once', 4, 0],
    ['a truncated last line', INSTALLMENTS + 'L3,2,2023-05-10', 'general path: not in canonical spelling (line 6: 3 fields, expected 6)', 4, 1],
  ])('hands a file with %s to the general path, which reports it (nothing left behind)', async (_what, text, note, stored, rejected) => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'i.csv', text), asOf: '2025-06-30' });
      expect(s.notes.some((n) => n.startsWith(note))).toBe(true);
      expect({ stored: s.stored, rejected: s.rejected, unchanged: s.unchanged }).toEqual({ stored, rejected, unchanged: s.read - stored - rejected });
      expect(await segmentTables(ws)).toEqual([]);
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM installment')).toEqual({ n: stored });
    } finally {
      ws.dispose();
    }
  });

  it('interrupts the typed read as soon as the scan refuses the file, instead of letting it read to the end', async () => {
    const { ws } = await workspaceWithLoans();
    try {
      // A statement that runs for many seconds stands in for the typed read of a large file.
      const long = exec(ws.conn, 'CREATE TABLE long_read AS SELECT i, i::VARCHAR AS s FROM range(2000000000) r(i)');
      const refused = new Promise<ScanResult>((resolve) => setTimeout(() => resolve({ ok: false, reason: 'line 2: a quoted field' }), 20));
      const stopper = stopWhenRefused(ws.conn, refused);
      await expect(long.finally(stopper.done)).rejects.toThrow(/INTERRUPT/);
      expect(stopper.interrupted()).toBe(true);
      expect(await queryOne(ws.conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'long_read'")).toEqual({ n: 0 });
      // A scan that accepts the file leaves the read alone, and the connection serves the next statement.
      const accepted = stopWhenRefused(ws.conn, Promise.resolve({ ok: true, records: 1, sortedKeys: true }));
      await exec(ws.conn, 'CREATE TABLE short_read AS SELECT i FROM range(1000) r(i)').finally(accepted.done);
      expect(accepted.interrupted()).toBe(false);
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM short_read')).toEqual({ n: 1000 });
    } finally {
      ws.dispose();
    }
  });

  it('records the SHA-256 of the file, computed by the scan instead of a separate pass', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const file = writeText(dir, 'i.csv', INSTALLMENTS);
      const s = await importFile(ws, { kind: 'installments', file, asOf: '2025-06-30' });
      expect(s.notes).toEqual([]);
      const want = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(await queryOne(ws.conn, 'SELECT source_sha256 FROM import_batch WHERE batch_id = ?', [s.batchId])).toEqual({ source_sha256: want });
    } finally {
      ws.dispose();
    }
  });

  it('a file that is UTF-8 in its first MiB but GBK further on is prepared again in full and decoded', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const header = 'repayment_id,loan_id,paid_at,amount,channel\n';
      const filler = Array.from({ length: 40_000 }, (_, i) => `F${String(i).padStart(6, '0')},L1,2023-02-15,1.00,app\n`).join('');
      const tail = iconv.encode('Z1,L1,2023-02-15,1.00,银行\n', 'gbk');
      const file = join(dir, 'r.csv');
      writeFileSync(file, Buffer.concat([Buffer.from(header + filler, 'utf8'), tail]));
      expect(Buffer.byteLength(header + filler)).toBeGreaterThan(1 << 20);
      const s = await importFile(ws, { kind: 'repayments', file, asOf: '2025-06-30' });
      expect({ stored: s.stored, rejected: s.rejected, encoding: s.encoding }).toEqual({ stored: 40_001, rejected: 0, encoding: 'gb18030' });
      expect(s.notes).toContain('decoded from gb18030');
      expect(await queryOne(ws.conn, "SELECT channel FROM repayment WHERE repayment_id = 'Z1'")).toEqual({ channel: '银行' });
      expect(await segmentTables(ws)).toEqual([]);
    } finally {
      ws.dispose();
    }
  });

  it('a re-import goes the general path: every row unchanged, no new segment', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const file = writeText(dir, 'i.csv', INSTALLMENTS);
      await importFile(ws, { kind: 'installments', file, asOf: '2025-06-30' });
      const again = await importFile(ws, { kind: 'installments', file, asOf: '2025-06-30' });
      expect({ stored: again.stored, unchanged: again.unchanged, notes: again.notes }).toEqual({ stored: 0, unchanged: 4, notes: ['general path: some keys are stored already'] });
      expect((await segmentTables(ws)).length).toBe(1);
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM installment')).toEqual({ n: 4 });
    } finally {
      ws.dispose();
    }
  });

  it('drops a segment left by a killed import on the next open, and keeps the attached ones', async () => {
    const { ws, dir } = await workspaceWithLoans();
    const path = ws.path;
    await importFile(ws, { kind: 'installments', file: writeText(dir, 'i.csv', INSTALLMENTS), asOf: '2025-06-30' });
    await exec(ws.conn, 'CREATE TABLE installment_s_0dead AS SELECT * FROM installment');
    ws.close();
    const again = await openWorkspace(path);
    try {
      const tables = await segmentTables(again);
      expect(tables.length).toBe(1);
      expect(tables[0]).not.toBe('installment_s_0dead');
      expect(await queryOne(again.conn, 'SELECT count(*) AS n FROM installment')).toEqual({ n: 4 });
    } finally {
      again.close();
      ws.dispose();
    }
  });

  it(`merges the segments into the base table once there are more than ${MAX_SEGMENTS}`, async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const lines = INSTALLMENTS.trim().split('\n');
      const header = lines[0] ?? '';
      // One file per import, each with different keys (installment numbers 1…9 of L1).
      for (let k = 1; k <= MAX_SEGMENTS + 1; k++) {
        const s = await importFile(ws, { kind: 'installments', file: writeText(dir, `i${k}.csv`, `${header}\nL1,${k},2023-02-15,1.00,0.10,0\n`), asOf: '2025-06-30' });
        expect(s.stored).toBe(1);
        if (k <= MAX_SEGMENTS) expect(s.notes).toEqual([]);
        else expect(s.notes).toEqual(['merged the segments of installment into one table']);
      }
      expect(await segmentTables(ws)).toEqual([]);
      expect(await queryRows(ws.conn, 'SELECT count(*) AS n FROM store_segment')).toEqual([{ n: 0 }]);
      expect(await queryRows(ws.conn, 'SELECT count(*) AS n, sum(seq) AS s FROM installment')).toEqual([{ n: MAX_SEGMENTS + 1, s: ((MAX_SEGMENTS + 1) * (MAX_SEGMENTS + 2)) / 2 }]);
      expect(await queryRows(ws.conn, 'SELECT count(*) AS n FROM installment_base')).toEqual([{ n: MAX_SEGMENTS + 1 }]);
    } finally {
      ws.dispose();
    }
  });
});
