import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, tableCounts } from '../store/workspace.js';
import { queryOne } from '../store/sql.js';
import { importFile } from './import-file.js';
import { INSTITUTIONS_CSV, PRODUCTS_CSV, tempDir, writeText } from './test-support.js';

const LOANS = 5_000;
const CHILD = resolve(import.meta.dirname, 'crash-child.ts');

/** A workspace with 5,000 loans and an installments file of 60,000 rows waiting to be imported. */
async function buildBase(): Promise<{ db: string; file: string; dir: string }> {
  const dir = tempDir();
  const db = join(dir, 'ws.duckdb');
  const mem = await DuckDBInstance.create(':memory:');
  const c = await mem.connect();
  await c.run(`COPY (SELECT 'K' || i AS loan_id, 'I1' AS institution_id, 'P1' AS product_id, DATE '2023-01-01' + CAST(i % 300 AS INTEGER) AS originated_at, 1000 + i % 5000 AS principal, 12 AS term_months FROM range(${LOANS}) t(i)) TO '${join(dir, 'loans.csv')}' (HEADER)`);
  // Due dates written with a time of day ("2023-02-01 00:00:00"): the general path's parsers.
  await c.run(`COPY (SELECT 'K' || i AS loan_id, s AS seq, DATE '2023-01-01' + CAST(i % 300 AS INTEGER) + to_months(s) AS due_date, 100.5 AS principal_due, 9.25 AS interest_due FROM range(${LOANS}) t(i), range(1, 13) r(s)) TO '${join(dir, 'installments.csv')}' (HEADER)`);
  // The same rows in canonical spelling: the fast path (a segment table written before the transaction).
  await c.run(`COPY (SELECT 'K' || i AS loan_id, s AS seq, CAST(DATE '2023-01-01' + CAST(i % 300 AS INTEGER) + to_months(s) AS DATE) AS due_date, 100.5 AS principal_due, 9.25 AS interest_due FROM range(${LOANS}) t(i), range(1, 13) r(s)) TO '${join(dir, 'installments-canonical.csv')}' (HEADER)`);
  c.closeSync();
  mem.closeSync();
  const ws = await openWorkspace(db);
  await importFile(ws, { kind: 'institutions', file: writeText(dir, 'institutions.csv', INSTITUTIONS_CSV) });
  await importFile(ws, { kind: 'products', file: writeText(dir, 'products.csv', PRODUCTS_CSV) });
  const s = await importFile(ws, { kind: 'loans', file: join(dir, 'loans.csv'), asOf: '2025-06-30' });
  expect(s.stored).toBe(LOANS);
  ws.close();
  return { db, file: join(dir, 'installments.csv'), dir };
}

/** Row count and an order-independent checksum of every table. */
async function snapshot(db: string): Promise<Record<string, string>> {
  const ws = await openWorkspace(db, { mustExist: true });
  try {
    const out: Record<string, string> = {};
    for (const [table, n] of Object.entries(await tableCounts(ws.conn))) {
      const h = await queryOne<{ h: string }>(ws.conn, `SELECT CAST(coalesce(sum(hash(to_json(t))), 0) AS VARCHAR) AS h FROM "${table}" t`);
      out[table] = `${n}:${h?.h ?? ''}`;
    }
    return out;
  } finally {
    ws.close();
  }
}

/** Tables matching `where`, read with plain DuckDB (opening a workspace would drop orphan segments first). */
async function rawCount(db: string, where: string): Promise<number> {
  const raw = await DuckDBInstance.create(db);
  const rc = await raw.connect();
  try {
    const r = await rc.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE ${where}`);
    return Number(r.getRows()[0]?.[0]);
  } finally {
    rc.closeSync();
    raw.closeSync();
  }
}

/** Start the CLI import in a child; resolve when its stderr shows `marker`, with the child. */
function startImport(db: string, file: string, marker: RegExp): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--db', db, 'import', 'installments', file, '--as-of', '2025-06-30'], {
    env: { ...process.env, SUITRATE_INGEST_TEST_PAUSE_MS: '60000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
  return new Promise((ready, fail) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (marker.test(stderr)) ready({ child, exited });
    });
    child.on('exit', () => fail(new Error(`child exited before "${marker.source}": ${stderr}`)));
  });
}

let base: { db: string; file: string };

/** A fresh copy of the base workspace (database file and its pseudonym key). */
function setup(): { db: string; file: string } {
  const db = join(tempDir(), 'ws.duckdb');
  for (const ext of ['', '.key', '.wal']) if (existsSync(base.db + ext)) copyFileSync(base.db + ext, db + ext);
  return { db, file: base.file };
}

beforeAll(async () => {
  base = await buildBase();
});

describe('atomic imports', () => {
  it('kill -9 after every row is written but before COMMIT leaves the store exactly as before; the re-run imports cleanly', async () => {
    const { db, file } = setup();
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, file, /committing/);
    child.kill('SIGKILL');
    const end = await exited;
    expect(end.signal).toBe('SIGKILL');
    expect(await snapshot(db)).toEqual(before);
    const ws = await openWorkspace(db);
    try {
      const s = await importFile(ws, { kind: 'installments', file, asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: LOANS * 12, stored: LOANS * 12, rejected: 0 });
    } finally {
      ws.close();
    }
  });

  it('kill -9 while the rows are being checked and inserted leaves the store exactly as before', async () => {
    const { db, file } = setup();
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, file, /storing/);
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await exited;
    expect(await snapshot(db)).toEqual(before);
  });

  it('fast path: kill -9 after the segment is written, before COMMIT, leaves the store as before (the orphan segment is dropped on open)', async () => {
    const { db, file } = setup();
    const canonical = file.replace('installments.csv', 'installments-canonical.csv');
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, canonical, /committing/);
    child.kill('SIGKILL');
    await exited;
    // The killed import had written its segment: an orphan, outside the view.
    expect(await rawCount(db, "table_name LIKE 'installment_s_%' AND table_name NOT IN (SELECT table_name FROM store_segment)")).toBe(1);
    expect(await snapshot(db)).toEqual(before);
    const ws = await openWorkspace(db);
    try {
      const s = await importFile(ws, { kind: 'installments', file: canonical, asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, notes: s.notes }).toEqual({ read: LOANS * 12, stored: LOANS * 12, rejected: 0, notes: [] });
      expect(await queryOne(ws.conn, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'installment_s_%'")).toEqual({ n: 1 });
    } finally {
      ws.close();
    }
  });

  it('fast path: kill -9 while the segment is being written leaves the store exactly as before', async () => {
    const { db, file } = setup();
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, file.replace('installments.csv', 'installments-canonical.csv'), /reading rows/);
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    expect(await snapshot(db)).toEqual(before);
  });

  it('fast path: Ctrl-C during the import (read, scan or before COMMIT) stores nothing and leaves no segment table behind', async () => {
    const { db, file } = setup();
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, file.replace('installments.csv', 'installments-canonical.csv'), /reading rows/);
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const end = await exited;
    expect(end.code).toBe(130);
    expect(end.stderr).toContain('nothing was stored');
    expect(await rawCount(db, "table_name LIKE 'installment_s_%'")).toBe(0);
    expect(await snapshot(db)).toEqual(before);
  });

  it('fast path: a cancel at any moment leaves no unattached segment table, whichever step it lands in', async () => {
    const { db, file } = setup();
    const canonical = file.replace('installments.csv', 'installments-canonical.csv');
    const ws = await openWorkspace(db);
    const outcomes: string[] = [];
    try {
      // Cancels spread over the whole import (read, scan, checks, the step between the checks and the
      // transaction, the transaction): none may leave a segment table that is not attached.
      for (let delay = 0; delay <= 1200; delay += 60) {
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), delay);
        let outcome = 'stored';
        try {
          await importFile(ws, { kind: 'installments', file: canonical, asOf: '2025-06-30', signal: ac.signal });
        } catch (err) {
          outcome = (err as { code?: string }).code ?? String(err);
        } finally {
          clearTimeout(timer);
        }
        outcomes.push(outcome);
        const orphans = await queryOne<{ n: number }>(ws.conn, "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name LIKE 'installment_s_%' AND table_name NOT IN (SELECT table_name FROM store_segment)");
        expect({ delay, outcome, orphans: orphans?.n }).toEqual({ delay, outcome, orphans: 0 });
        if (outcome === 'stored') break;
      }
    } finally {
      ws.close();
    }
    expect(outcomes[0]).toBe('import.cancelled');
    expect(outcomes.filter((o) => o !== 'import.cancelled' && o !== 'stored')).toEqual([]);
  });

  it('Ctrl-C (SIGINT) rolls back, says nothing was stored and exits 130', async () => {
    const { db, file } = setup();
    const before = await snapshot(db);
    const { child, exited } = await startImport(db, file, /committing/);
    child.kill('SIGINT');
    const end = await exited;
    expect(end.code).toBe(130);
    expect(end.stderr).toContain('nothing was stored');
    expect(await snapshot(db)).toEqual(before);
  });
});
