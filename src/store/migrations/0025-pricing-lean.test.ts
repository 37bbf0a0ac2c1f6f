import { describe, expect, it } from 'vitest';
import { streamLoanBatches } from '../../pricing/audit/reader.js';
import { runAudit } from '../../pricing/audit/run.js';
import { createGroupsSql, internLoansSql } from '../../pricing/audit/sql.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../pricing/audit/synthetic-book.js';
import { queryOne, queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

/**
 * 0024 rows: (seq, loan_id, principal, net, interest, fees, not supported, finding count, flows, flows_wide).
 * L0 ordinary; L1 flows beyond INTEGER; L2 a fractional amount; L3 a missing principal (NaN) and no
 * rate; L4 no findings; L0 again in run 2.
 */
const ROWS: ReadonlyArray<readonly [number, number, string, string, string, string, string, string, number, string, string]> = [
  [1, 0, 'L0', '100000', '99000', '2000', '1000', '0', 1, '[-99000, 34000, 34000, 34000]', '[]'],
  [1, 1, 'L1', '3000000000', '3000000000', '900000000', '0', '12345', 2, '[]', '[-3000000000.0, 3900000000.0]'],
  [1, 2, 'L2', '100000', '100000', '1500.5', '0', '0', 1, '[]', '[-100000.0, 101500.5]'],
  [1, 3, 'L3', "'NaN'", "'NaN'", "'NaN'", "'NaN'", '0', 1, '[]', '[]'],
  [1, 4, 'L4', '500000', '500000', '30000', '0', '0', 0, '[]', '[]'],
  [2, 0, 'L0', '100000', '99000', '2000', '1000', '0', 1, '[-99000, 34000, 34000, 34000]', '[]'],
];

describe('migration 0025: loan references, INTEGER amounts, a wide table for the rest', () => {
  it('converts 0024 rows: the views return exactly the former rows', async () => {
    await atVersion(24, async (conn) => {
      await conn.run(`INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, run_no) VALUES
                        ('one', TIMESTAMP '2025-01-01 00:00:00', 'completed', 'contract', 1), ('two', TIMESTAMP '2025-01-02 00:00:00', 'completed', 'contract', 2);
                      INSERT INTO pricing_audit_group VALUES (1, 0, 'I1', 'P1', 'licensed', 'irr'), (2, 0, 'I1', 'P1', 'licensed', 'irr');
                      INSERT INTO pricing_audit_code VALUES (1, 0, 'cap.licensed_24'), (1, 1, 'rate.unavailable'), (2, 0, 'disclosure.missing');`);
      for (const [run, seq, id, principal, net, interest, fees, notSupported, count, flows, wide] of ROWS) {
        const status = id === 'L3' ? 1 : 0;
        await conn.run(
          `INSERT INTO pricing_audit_result VALUES (${run}, ${seq}, '${id}', 0, 19000, ${principal}, 'NaN', ${status + 16 * 3 + 256 * (count > 0 ? 0 : 255)}, 0.02, 0.268,
             ${net}, ${interest}, ${fees}, 0.24, ${notSupported}, ${count}, ${flows}, ${wide})`,
        );
      }
      await conn.run(`INSERT INTO pricing_audit_finding VALUES (1, 0, 0, 0.3, 0.24, 0.06, 0, 'NaN'), (1, 1, 0, 0.36, 0.24, 0.12, 12345, 'NaN'),
                        (1, 1, 1, 0.36, 0.24, 0.12, 12345, 'NaN'), (1, 2, 0, 0.25, 0.24, 0.01, 0, 'NaN'), (1, 3, 256 + 0, 'NaN', 'NaN', 'NaN', 'NaN', 'NaN'),
                        (2, 0, 1, 0.3, 0.35, 'NaN', 'NaN', 'NaN')`);
      const views = async (): Promise<unknown[]> => [
        await queryRows(conn, 'SELECT * FROM pricing_audit_loan ORDER BY run_id, loan_id'),
        await queryRows(conn, 'SELECT run_id, loan_id, code, severity, excess_fen, evidence::VARCHAR AS evidence FROM pricing_finding ORDER BY run_id, loan_id, code, severity'),
        await queryRows(conn, 'SELECT run_id, loan_id, flows_fen::VARCHAR AS flows FROM pricing_audit_flows ORDER BY run_id, loan_id'),
      ];
      const before = await views();
      expect((before[0] as unknown[]).length).toBe(6);
      expect((before[1] as unknown[]).length).toBe(6);
      expect(before[2]).toEqual([
        { run_id: 'one', loan_id: 'L0', flows: '[-99000, 34000, 34000, 34000]' },
        { run_id: 'one', loan_id: 'L1', flows: '[-3000000000, 3900000000]' },
        { run_id: 'one', loan_id: 'L2', flows: '[-100000, 101500]' },
        { run_id: 'two', loan_id: 'L0', flows: '[-99000, 34000, 34000, 34000]' },
      ]);

      await migrate(conn, 'mem', MIGRATIONS);
      expect(await views()).toEqual(before);
      expect(await queryRows(conn, 'SELECT ref, loan_id FROM pricing_audit_loan_ref ORDER BY ref')).toEqual(['L0', 'L1', 'L2', 'L3', 'L4'].map((loan_id, ref) => ({ ref, loan_id })));
      expect(await queryRows(conn, 'SELECT run_no, seq, principal_fen, codes >> 16 AS finding_count, flows::VARCHAR AS flows FROM pricing_audit_result ORDER BY run_no, seq')).toEqual([
        { run_no: 1, seq: 0, principal_fen: 100000, finding_count: 1, flows: '[-99000, 34000, 34000, 34000]' },
        { run_no: 1, seq: 1, principal_fen: 0, finding_count: 2, flows: '[]' },
        { run_no: 1, seq: 2, principal_fen: 0, finding_count: 1, flows: '[]' },
        { run_no: 1, seq: 3, principal_fen: 0, finding_count: 1, flows: '[]' },
        { run_no: 1, seq: 4, principal_fen: 500000, finding_count: 0, flows: '[]' },
        { run_no: 2, seq: 0, principal_fen: 100000, finding_count: 1, flows: '[-99000, 34000, 34000, 34000]' },
      ]);
      expect(await queryRows(conn, 'SELECT seq, principal_fen, total_interest_fen, flows::VARCHAR AS flows FROM pricing_audit_result_wide ORDER BY run_no, seq')).toEqual([
        { seq: 1, principal_fen: 3000000000, total_interest_fen: 900000000, flows: '[-3000000000.0, 3900000000.0]' },
        { seq: 2, principal_fen: 100000, total_interest_fen: 1500.5, flows: '[-100000.0, 101500.5]' },
        { seq: 3, principal_fen: Number.NaN, total_interest_fen: Number.NaN, flows: '[]' },
      ]);
    });
  });

  it('a new run refers to loans by number, adds each loan id once however many runs audit it, and stores big amounts exactly in the wide table', async () => {
    await atVersion(null, async (conn, instance) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(300));
      await conn.run(`INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, repayment_method, nominal_rate, upfront_fee_fen, monthly_fee_fen, disclosed_apr)
                      VALUES ('BIG', 'P1', NULL, DATE '2023-07-01', 3000000000, 12, 'bullet', 0.3, 0, 0, NULL)`);
      const r = await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'new-run' });
      const counts = await queryOne<{ with_findings: number; with_flows: number; listed: number; same: number; wide: number }>(
        conn,
        `SELECT count(*) FILTER (WHERE finding_count > 0)::BIGINT AS with_findings, count(flows_fen)::BIGINT AS with_flows,
           (SELECT count(*) FROM pricing_audit_flows WHERE run_id = 'new-run')::BIGINT AS listed,
           (SELECT count(*) FROM pricing_audit_loan l JOIN pricing_audit_flows f USING (run_id, loan_id)
             WHERE l.flows_fen = array_to_string(f.flows_fen, ' '))::BIGINT AS same,
           (SELECT count(*) FROM pricing_audit_result_wide)::BIGINT AS wide
         FROM pricing_audit_loan WHERE run_id = 'new-run'`,
      );
      expect(counts).toEqual({ with_findings: r.loansWithFindings, with_flows: r.loansWithFindings, listed: r.loansWithFindings, same: r.loansWithFindings, wide: 1 });
      expect(await queryOne(conn, "SELECT principal_fen, total_cost_fen, flows_fen FROM pricing_audit_loan WHERE loan_id = 'BIG'")).toEqual({
        principal_fen: 3000000000,
        total_cost_fen: 900000000,
        flows_fen: '-3000000000 0 0 0 0 0 0 0 0 0 0 0 3900000000',
      });

      await conn.run("INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, repayment_method, nominal_rate, upfront_fee_fen, monthly_fee_fen) VALUES ('NEW', 'P1', NULL, DATE '2024-01-01', 100000, 12, 'bullet', 0.1, 0, 0)");
      await runAudit(instance, conn, { startedAt: new Date('2025-02-02T00:00:00Z'), workers: 0, runId: 'second-run' });
      expect(await queryOne(conn, 'SELECT count(*)::BIGINT AS refs, count(DISTINCT loan_id)::BIGINT AS ids, count(DISTINCT ref)::BIGINT AS numbers FROM pricing_audit_loan_ref')).toEqual({ refs: 302, ids: 302, numbers: 302 });
      expect(await queryOne(conn, "SELECT count(*)::BIGINT AS n FROM pricing_audit_loan WHERE run_id = 'second-run'")).toEqual({ n: 302 });
      expect(
        await queryOne(
          conn,
          `SELECT count(*)::BIGINT AS n FROM (SELECT * EXCLUDE (run_id) FROM pricing_audit_loan WHERE run_id = 'new-run'
             EXCEPT ALL SELECT * EXCLUDE (run_id) FROM pricing_audit_loan WHERE run_id = 'second-run')`,
        ),
      ).toEqual({ n: 0 });
    });
  });

  it('the read stops with a clear error on a loan the dictionary lacks, instead of storing it under a wrong number', async () => {
    await atVersion(null, async (conn) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(10));
      const groups = createGroupsSql(7);
      await conn.run(groups.sql, groups.params);
      const count = async (): Promise<number> => {
        let n = 0;
        for await (const { batch } of streamLoanBatches(conn, 'contract', 7, {}, 100)) n += batch.n;
        return n;
      };
      await expect(count()).rejects.toThrow(/no audit reference number/);
      const intern = internLoansSql();
      await conn.run(intern.sql, intern.params);
      expect(await count()).toBe(10);
    });
  });

  it('a re-run of an unchanged book skips the numbering; a loan the dictionary lost fails one run, then is numbered again', async () => {
    await atVersion(null, async (conn, instance) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(50));
      const fingerprint = async (): Promise<string | undefined> => (await queryOne<{ value: string }>(conn, "SELECT value FROM workspace_meta WHERE key = 'pricing.loan_ref.fingerprint'"))?.value;
      await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'fp-1' });
      const fp = await fingerprint();
      expect(fp).toMatch(/^50:-?\d+:\d+$/);
      // Take one loan out of the dictionary behind the audit's back: an unchanged book is not numbered
      // again (the fingerprint matches), so the read meets the loan without a number and the run fails…
      await conn.run("DELETE FROM pricing_audit_loan_ref WHERE loan_id = (SELECT min(loan_id) FROM loan)");
      await expect(runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'fp-2' })).rejects.toMatchObject({ code: 'pricing.loan_not_numbered' });
      expect(await fingerprint()).toBeUndefined();
      // …and the next run numbers the book again and stores every loan.
      const r = await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'fp-3' });
      expect(r.loansAudited).toBe(50);
      expect(await fingerprint()).toBe(fp);
      expect(await queryOne(conn, 'SELECT count(*)::BIGINT AS refs, count(DISTINCT loan_id)::BIGINT AS ids FROM pricing_audit_loan_ref')).toEqual({ refs: 50, ids: 50 });
      // A filtered run numbers its loans without the fingerprint (and leaves it alone).
      await conn.run("INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, repayment_method, nominal_rate, upfront_fee_fen, monthly_fee_fen) VALUES ('ZZ-NEW', 'B1', NULL, DATE '2024-01-01', 100000, 12, 'bullet', 0.1, 0, 0)");
      await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'fp-4', filter: { institutionId: 'B1' } });
      expect(await fingerprint()).toBe(fp);
      expect(await queryOne(conn, "SELECT count(*)::BIGINT AS n FROM pricing_audit_loan_ref WHERE loan_id = 'ZZ-NEW'")).toEqual({ n: 1 });
    });
  });

  it('runs started together add each new loan once', async () => {
    await atVersion(null, async (conn, instance) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(200));
      const other = await instance.connect();
      try {
        await Promise.all([
          runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'a' }),
          runAudit(instance, other, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'b' }),
        ]);
      } finally {
        other.closeSync();
      }
      expect(await queryOne(conn, 'SELECT count(*)::BIGINT AS refs, count(DISTINCT loan_id)::BIGINT AS ids FROM pricing_audit_loan_ref')).toEqual({ refs: 200, ids: 200 });
      expect(await queryRows(conn, 'SELECT run_id, count(*)::BIGINT AS n FROM pricing_audit_loan GROUP BY run_id ORDER BY run_id')).toEqual([
        { run_id: 'a', n: 200 },
        { run_id: 'b', n: 200 },
      ]);
    });
  });
});
