import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { chooseWorkers, runAudit } from './run.js';
import { BENCH_PRODUCTS, benchLoansSql } from './synthetic-book.js';
import { legacyAudit } from './test-support.js';
import type { BatchResult, LoanBatch } from './batch.js';
import { AuditWriter, wideRows } from './writer.js';

/**
 * The bulk writer (and the views of migration 22) against the former storage path
 * (test-support.ts: value-by-value Appender into staging, SQL publish by rowid, evidence JSON per
 * finding) on the same book: every column of every loan row and finding row must be identical.
 */

/** Loans the synthetic book lacks: no product, an unknown institution, odd bases, invalid terms, fees ≥ principal. */
const EDGE_ROWS = `
INSERT INTO institution (institution_id, name, kind, licensed) VALUES ('X1', 'Edge Lender', 'other', FALSE);
INSERT INTO product (product_id, institution_id, name, kind, repayment_method, nominal_rate, upfront_fee_rate, monthly_fee_rate, disclosed_apr, disclosed_rate_basis) VALUES
  ('X1-SIMPLE', 'X1', 'Simple', 'cash_loan', 'equal_installment', 0.20, NULL, NULL, 0.18, 'simple'),
  ('X1-ODD', 'X1', 'Odd basis', 'cash_loan', 'equal_principal', 0.10, 0.02, 0.001, NULL, 'headline'),
  ('X1-CARD', 'X1', 'Card', 'credit_card_installment', 'credit_card_installment', NULL, NULL, 0.006, NULL, NULL);
INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, repayment_method, nominal_rate, upfront_fee_fen, monthly_fee_fen, disclosed_apr) VALUES
  ('E01', 'X1', NULL, DATE '2021-03-04', 500000, 12, 'bullet', 0.3, 0, 0, NULL),
  ('E02', 'ZZ', NULL, DATE '2019-05-06', 800000, 6, 'equal_installment', 0.4, 0, 0, 0.36),
  ('E03', 'X1', 'X1-SIMPLE', DATE '2022-01-20', 1000000, 12, NULL, NULL, 0, 0, NULL),
  ('E04', 'X1', 'X1-SIMPLE', DATE '2022-01-20', 1000000, 12, NULL, NULL, 0, 0, 0.12),
  ('E05', 'X1', 'X1-ODD', DATE '2020-08-20', 1000000, 24, NULL, NULL, 0, 0, 0.10),
  ('E06', 'X1', 'X1-ODD', DATE '2020-08-19', 1000000, 0, NULL, NULL, 0, 0, NULL),
  ('E07', 'X1', 'X1-CARD', DATE '2023-07-01', 600000, 12, NULL, NULL, 0, 0, 0.072),
  ('E08', 'X1', NULL, DATE '2023-07-01', 100000, 12, 'equal_installment', 0.1, 100000, 0, 0.1),
  ('E09', 'X1', NULL, DATE '2023-07-01', 100000, 12, 'no_such_method', 0.1, 0, 0, 0.1);
INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen)
SELECT 'E05', k, DATE '2020-08-20' + INTERVAL (k) MONTH, 41667, 8333 - 300 * k, 1000 FROM range(1, 25) t(k);
INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen) VALUES
  ('R1', 'E01', DATE '2021-09-04', 300000), ('R2', 'E01', DATE '2022-03-04', 350000),
  ('R3', 'E02', DATE '2019-11-06', 1000000), ('R4', 'E08', DATE '2023-08-01', 0);
`;

let ws: TempWorkspace;

beforeAll(async () => {
  ws = await openTempWorkspace();
  await ws.conn.run(BENCH_PRODUCTS);
  await ws.conn.run(benchLoansSql(3000));
  await ws.conn.run(EDGE_ROWS);
});

afterAll(() => ws.dispose());

const LOAN_COLS = `loan_id, institution_id, product_id, lender_kind, originated_at, principal_fen, net_disbursed_fen, total_interest_fen, total_fees_fen,
  total_cost_fen, rate_status, periodic_irr, apr, effective_annual, disclosed_apr, disclosed_basis, court_cap_id, court_cap_rate, not_supported_fen,
  finding_count, max_severity, flows_fen`;
const FINDING_COLS = 'loan_id, code, severity, excess_fen, evidence::VARCHAR AS evidence';

/** Rows in one set and not the other (both ways, with multiplicity). */
async function difference(a: string, b: string): Promise<{ onlyA: number; onlyB: number; a: number; b: number }> {
  const row = await queryOne<{ only_a: number; only_b: number; a: number; b: number }>(
    ws.conn,
    `WITH a AS (${a}), b AS (${b})
     SELECT (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b))::BIGINT AS only_a,
            (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a))::BIGINT AS only_b,
            (SELECT count(*) FROM a)::BIGINT AS a, (SELECT count(*) FROM b)::BIGINT AS b`,
  );
  return { onlyA: row?.only_a ?? -1, onlyB: row?.only_b ?? -1, a: row?.a ?? -1, b: row?.b ?? -1 };
}

describe.each(['contract', 'schedule', 'actual'] as const)('bulk writer = former writer (%s flows)', (source) => {
  it('stores the same loan rows and the same findings', async () => {
    const runId = `fast-${source}`;
    const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-01T00:00:00Z'), workers: 0, batchSize: 1000, source, runId });
    await legacyAudit(ws.conn, 'legacy', { source, batchSize: 700 });
    const loans = await difference(`SELECT ${LOAN_COLS} FROM pricing_audit_loan WHERE run_id = '${runId}'`, `SELECT ${LOAN_COLS} FROM legacy_audit_loan`);
    const findings = await difference(`SELECT ${FINDING_COLS} FROM pricing_finding WHERE run_id = '${runId}'`, `SELECT ${FINDING_COLS} FROM legacy_finding`);
    expect(loans).toEqual({ onlyA: 0, onlyB: 0, a: 3009, b: 3009 });
    expect(findings.onlyA + findings.onlyB).toBe(0);
    expect(findings.a).toBe(r.findings);
    expect(r.loansAudited).toBe(3009);
  });
});

describe('a worker run', () => {
  it('stores the same rows as the inline run, with result buffers handed back to the worker and reused', async () => {
    const inline = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-03T00:00:00Z'), workers: 0, batchSize: 300, runId: 'inline-300' });
    const worker = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-03T00:00:00Z'), workers: 1, batchSize: 300, runId: 'worker-300' });
    expect(worker.workers).toBe(1);
    const cols = `${LOAN_COLS}, (SELECT list(code || ' ' || evidence::VARCHAR ORDER BY code, evidence::VARCHAR) FROM pricing_finding f WHERE f.run_id = l.run_id AND f.loan_id = l.loan_id)::VARCHAR AS findings`;
    const loans = await difference(`SELECT ${cols} FROM pricing_audit_loan l WHERE run_id = 'worker-300'`, `SELECT ${cols} FROM pricing_audit_loan l WHERE run_id = 'inline-300'`);
    expect(loans).toEqual({ onlyA: 0, onlyB: 0, a: 3009, b: 3009 });
    expect({ ...worker, runId: '', workers: 0, elapsedMs: 0, loansPerSecond: 0, phasesMs: null }).toEqual({ ...inline, runId: '', elapsedMs: 0, loansPerSecond: 0, phasesMs: null });
  });
});

describe('the bulk writer', () => {
  it('keeps the NULLs of the former tables (no NaN reaches a reader)', async () => {
    const rows = await queryRows<{ loan_id: string; rate_status: string; apr: number | null; cost: number | null; parts: number | null; disclosed_basis: string; court_cap_id: string | null }>(
      ws.conn,
      `SELECT loan_id, rate_status, apr, total_cost_fen AS cost, total_interest_fen + total_fees_fen AS parts, disclosed_basis, court_cap_id
       FROM pricing_audit_loan WHERE run_id = 'fast-contract' AND loan_id IN ('E03', 'E05', 'E06', 'E08') ORDER BY loan_id`,
    );
    expect(rows.map((r) => [r.loan_id, r.rate_status, r.apr === null, r.cost === null, r.cost === r.parts, r.disclosed_basis, r.court_cap_id])).toEqual([
      ['E03', 'ok', false, false, true, 'simple', 'private_4lpr'],
      ['E05', 'ok', false, false, true, 'headline', 'private_4lpr'],
      ['E06', 'invalid_terms', true, true, true, 'headline', null],
      ['E08', 'fees_exceed_principal', true, false, true, 'unknown', null],
    ]);
  });

  it('writes nothing of a run that fails midway, and marks the run failed', async () => {
    const fail = (): never => {
      throw new Error('stop after the first batch');
    };
    await expect(runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-02T00:00:00Z'), workers: 0, batchSize: 500, runId: 'broken', onProgress: fail })).rejects.toThrow(/stop after the first batch/);
    const run = await queryOne<{ status: string; run_no: number }>(ws.conn, "SELECT status, run_no FROM pricing_audit_run WHERE run_id = 'broken'");
    expect(run?.status).toBe('failed');
    const rows = await queryOne<{ results: number; findings: number }>(
      ws.conn,
      'SELECT (SELECT count(*) FROM pricing_audit_result WHERE run_no = ?)::BIGINT AS results, (SELECT count(*) FROM pricing_audit_finding WHERE run_no = ?)::BIGINT AS findings',
      [run?.run_no ?? -1, run?.run_no ?? -1],
    );
    expect(rows).toEqual({ results: 0, findings: 0 });
  });
});

/** Run `fn` with a fresh staging folder, removed afterwards. */
async function inStaging(fn: (staging: string) => Promise<void>): Promise<void> {
  const staging = mkdtempSync(join(tmpdir(), 'suitrate-staging-test-'));
  try {
    await fn(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

describe('staged segments', () => {
  it('stores the same rows whatever the segment and row group sizes, and removes its staging folder', async () => {
    await inStaging(async (staging) => {
      // 3,009 loans and ~4,800 findings in segments of 500 rows (7 and 10 files), row groups of 128.
      const small = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-05T00:00:00Z'), workers: 0, batchSize: 700, runId: 'seg-small', staging: { segmentRows: 500, rowGroupRows: 128, tmpDir: staging } });
      const one = await runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-05T00:00:00Z'), workers: 0, batchSize: 700, runId: 'seg-one', staging: { tmpDir: staging } });
      expect(small.findings).toBe(one.findings);
      expect(small.findings).toBeGreaterThan(1000);
      const cols = `${LOAN_COLS}, (SELECT list(code || ' ' || evidence::VARCHAR ORDER BY code, evidence::VARCHAR) FROM pricing_finding f WHERE f.run_id = l.run_id AND f.loan_id = l.loan_id)::VARCHAR AS findings`;
      const loans = await difference(`SELECT ${cols} FROM pricing_audit_loan l WHERE run_id = 'seg-small'`, `SELECT ${cols} FROM pricing_audit_loan l WHERE run_id = 'seg-one'`);
      expect(loans).toEqual({ onlyA: 0, onlyB: 0, a: 3009, b: 3009 });
      const seqs = await queryOne<{ loans: number; distinct_seq: number; max_seq: number }>(
        ws.conn,
        "SELECT count(*)::INTEGER AS loans, count(DISTINCT seq)::INTEGER AS distinct_seq, max(seq) AS max_seq FROM pricing_audit_result WHERE run_no = (SELECT run_no FROM pricing_audit_run WHERE run_id = 'seg-small')",
      );
      expect(seqs).toEqual({ loans: 3009, distinct_seq: 3009, max_seq: 3008 });
      expect(readdirSync(staging)).toEqual([]);
    });
  });

  it('removes its staging folder when a run fails midway', async () => {
    await inStaging(async (staging) => {
      const fail = (done: number): void => {
        if (done >= 1500) throw new Error('stop at 1,500 loans');
      };
      await expect(runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-05T00:00:00Z'), workers: 0, batchSize: 500, runId: 'seg-broken', onProgress: fail, staging: { segmentRows: 400, rowGroupRows: 100, tmpDir: staging } })).rejects.toThrow(/stop at 1,500 loans/);
      expect(readdirSync(staging)).toEqual([]);
      const rows = await queryOne<{ n: number }>(ws.conn, "SELECT count(*)::INTEGER AS n FROM pricing_audit_result WHERE run_no = (SELECT run_no FROM pricing_audit_run WHERE run_id = 'seg-broken')");
      expect(rows?.n).toBe(0);
    });
  });

  it('accepts nothing once closed', async () => {
    await inStaging(async (staging) => {
      const w = AuditWriter.open(ws.conn, 999, { tmpDir: staging });
      await w.close();
      await expect(w.close()).rejects.toThrow(/the audit writer is closed/);
      await expect(w.write({ n: 0 } as LoanBatch, { refs: new Int32Array(0), grp: new Int32Array(0) }, { n: 0 } as BatchResult)).rejects.toThrow(/the audit writer is closed/);
      expect(readdirSync(staging)).toEqual([]);
    });
  });

  it('removes staging folders of audit processes that no longer run, and only those', async () => {
    await inStaging(async (staging) => {
      // A pid far above Linux's pid_max (4,194,304) names no process; ours is alive.
      const old = new Date(Date.now() - 3_600_000);
      const made = (name: string, age: Date | null): void => {
        mkdirSync(join(staging, name));
        writeFileSync(join(staging, name, 'pricing_audit_result-0.parquet'), 'x');
        if (age) utimesSync(join(staging, name), age, age);
      };
      made('suitrate-audit-99999999-AbC123', old); // a dead process, untouched for an hour: removed
      made('suitrate-audit-99999998-DeF456', null); // a dead process, touched just now: kept
      made(`suitrate-audit-${process.pid}-XyZ789`, old); // a live process: kept
      made('something-else', old);
      const w = AuditWriter.open(ws.conn, 998, { tmpDir: staging });
      expect(readdirSync(staging).filter((n) => !n.startsWith(`suitrate-audit-${process.pid}-`) || n.endsWith('XyZ789')).sort()).toEqual(['something-else', 'suitrate-audit-99999998-DeF456', `suitrate-audit-${process.pid}-XyZ789`].sort());
      await w.dispose();
    });
  });

  it('says where it could not stage', async () => {
    const missing = join(tmpdir(), 'suitrate-no-such-folder', 'deeper');
    await expect(runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-05T00:00:00Z'), workers: 0, runId: 'seg-nowhere', staging: { tmpDir: missing } })).rejects.toMatchObject({
      code: 'pricing.staging_unavailable',
      message: expect.stringContaining(`cannot create the audit's staging folder in ${missing}`),
    });
  });
});

describe('wideRows', () => {
  it('lists the loans with an amount or a flow that INTEGER fen cannot hold exactly, or a missing amount', () => {
    const n = 6;
    const col = (xs: number[]): Float64Array => Float64Array.from(xs);
    const r = {
      n,
      net: col([1, 2, 3, 4, 5, 6]),
      interest: col([0, 0, 0.5, 0, 0, 0]),
      fees: col([0, 0, 0, 0, 0, 0]),
      notSupported: col([0, Number.NaN, 0, 0, 0, 0]),
      flowOffsets: Int32Array.from([0, 2, 2, 2, 4, 4, 6]),
      flowAmounts: col([-100, 200, -100, 3e9, -2147483648, 2147483647]),
    } as unknown as BatchResult;
    const principal = col([100, 100, 100, 100, 2 ** 31, 100]);
    expect(wideRows(principal, r, 0, n)).toEqual([1, 2, 3, 4]);
    expect(wideRows(principal, r, 3, 3)).toEqual([0, 1]);
  });
});

describe('threads', () => {
  it("'auto' uses cores − 1 workers (1 to 8) for large books and audits small books inline", () => {
    expect(chooseWorkers('auto', 1_000_000, 2)).toBe(1);
    expect(chooseWorkers('auto', 1_000_000, 1)).toBe(1);
    expect(chooseWorkers('auto', 1_000_000, 4)).toBe(3);
    expect(chooseWorkers('auto', 1_000_000, 64)).toBe(8);
    expect(chooseWorkers('auto', 49_999, 64)).toBe(0);
    expect(chooseWorkers('auto', 50_000, 2)).toBe(1);
    expect(chooseWorkers(3, 10, 2)).toBe(3);
  });

  it("leaves DuckDB's thread setting as it was, over overlapping runs", async () => {
    await ws.conn.run('SET threads = 3');
    const threads = async (): Promise<number | undefined> => (await queryOne<{ t: number }>(ws.conn, "SELECT current_setting('threads')::INTEGER AS t"))?.t;
    const other = await ws.instance.connect();
    try {
      await Promise.all([
        runAudit(ws.instance, ws.conn, { startedAt: new Date('2025-01-04T00:00:00Z'), workers: 0, runId: 'threads-a', filter: { institutionId: 'X1' } }),
        runAudit(ws.instance, other, { startedAt: new Date('2025-01-04T00:00:00Z'), workers: 0, runId: 'threads-b', filter: { institutionId: 'B1' } }),
      ]);
    } finally {
      other.closeSync();
    }
    expect(await threads()).toBe(3);
  });
});
