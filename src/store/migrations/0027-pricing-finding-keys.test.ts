import { describe, expect, it } from 'vitest';
import { runAudit } from '../../pricing/audit/run.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../pricing/audit/synthetic-book.js';
import { queryOne, queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

const COLS = 'run_id, loan_id, institution_id, product_id, code, severity, excess_fen, evidence::VARCHAR AS evidence, rate_status, apr, disclosed_apr, flows_fen';

describe('migration 27', () => {
  it('keeps every row and column of pricing_finding_detail and pricing_finding, and adds each finding’s run number and loan position', async () => {
    await atVersion(26, async (conn, instance) => {
      await conn.run(BENCH_PRODUCTS);
      await conn.run(benchLoansSql(800));
      // Migration 27 adds no table, so the current writer stores a run into a version-26 database.
      const run = await runAudit(instance, conn, { startedAt: new Date('2025-03-01T00:00:00Z'), workers: 0, runId: 'm27' });
      const before = await queryRows(conn, `SELECT ${COLS} FROM pricing_finding_detail ORDER BY ALL`);
      const beforeShort = await queryRows(conn, 'SELECT run_id, loan_id, code, severity, excess_fen, evidence::VARCHAR AS evidence FROM pricing_finding ORDER BY ALL');
      await migrate(conn, 'mem', MIGRATIONS);
      expect(await queryRows(conn, `SELECT ${COLS} FROM pricing_finding_detail ORDER BY ALL`)).toEqual(before);
      expect(await queryRows(conn, 'SELECT run_id, loan_id, code, severity, excess_fen, evidence::VARCHAR AS evidence FROM pricing_finding ORDER BY ALL')).toEqual(beforeShort);
      expect(before.length).toBe(run.findings);
      // run_no and seq are the stored finding's keys: each view row matches one stored finding.
      const keys = await queryOne<{ rows: number; matched: number }>(
        conn,
        `SELECT count(*)::INTEGER AS rows,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pricing_audit_finding f JOIN pricing_audit_code c ON c.run_no = f.run_no AND c.code_no = f.code >> 8
                                               WHERE f.run_no = d.run_no AND f.seq = d.seq AND c.code = d.code))::INTEGER AS matched
         FROM pricing_finding_detail d`,
      );
      expect(keys).toEqual({ rows: run.findings, matched: run.findings });
    });
  });
});
