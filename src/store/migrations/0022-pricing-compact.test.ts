import { describe, expect, it } from 'vitest';
import { COURT_CAPS, RATE_STATUSES, SEVERITIES } from '../../pricing/audit/batch.js';
import { runAudit } from '../../pricing/audit/run.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../pricing/audit/synthetic-book.js';
import { legacyAudit } from '../../pricing/audit/test-support.js';
import { FINDING_FIELDS } from '../../pricing/findings.js';
import { queryOne, queryRows } from '../sql.js';
import { FROZEN } from './0022-pricing-compact.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

describe('migration 0022: compact pricing audit storage', () => {
  it('freezes the code lists the pricing area uses today', () => {
    expect(FROZEN.RATE_STATUSES).toEqual([...RATE_STATUSES]);
    expect(FROZEN.COURT_CAPS).toEqual([...COURT_CAPS]);
    expect(FROZEN.SEVERITIES).toEqual([...SEVERITIES]);
    const fields = Object.fromEntries(Object.entries(FINDING_FIELDS).filter(([code]) => code !== 'rate.unavailable'));
    expect(Object.fromEntries(FROZEN.EVIDENCE_FIELDS)).toEqual(fields);
  });

  it('converts the runs stored before it: the views return exactly the former rows', async () => {
    await atVersion(21, async (conn, instance) => {
    await conn.run(BENCH_PRODUCTS);
    await conn.run(benchLoansSql(400));
    await conn.run("INSERT INTO loan (loan_id, institution_id, product_id, originated_at, principal_fen, term_months, upfront_fee_fen) VALUES ('Z1', 'P1', NULL, DATE '2020-01-01', 100, 0, 0)");
    await legacyAudit(conn, 'old-run');
    await conn.run(`INSERT INTO pricing_audit_run (run_id, started_at, finished_at, status, flows_source, loans_audited, findings)
                    VALUES ('old-run', TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-01-01 00:00:01', 'completed', 'contract', 401, 0)`);
    await conn.run('INSERT INTO pricing_audit_loan SELECT * FROM legacy_audit_loan; INSERT INTO pricing_finding SELECT * FROM legacy_finding');
    const before = await queryOne<{ loans: number; findings: number }>(conn, 'SELECT (SELECT count(*) FROM pricing_audit_loan)::BIGINT AS loans, (SELECT count(*) FROM pricing_finding)::BIGINT AS findings');
    expect(before?.loans).toBe(401);
    expect(before?.findings).toBeGreaterThan(300);

    await migrate(conn, 'mem', MIGRATIONS);
    const diff = async (view: string, legacy: string, cols: string): Promise<number | undefined> =>
      (
        await queryOne<{ n: number }>(
          conn,
          `SELECT (SELECT count(*) FROM (SELECT ${cols} FROM ${view} EXCEPT ALL SELECT ${cols} FROM ${legacy}))
                + (SELECT count(*) FROM (SELECT ${cols} FROM ${legacy} EXCEPT ALL SELECT ${cols} FROM ${view})) AS n`,
        )
      )?.n;
    expect(await diff('pricing_audit_loan', 'legacy_audit_loan', '*')).toBe(0);
    expect(await diff('pricing_finding', 'legacy_finding', 'run_id, loan_id, code, severity, excess_fen, evidence::VARCHAR')).toBe(0);
    const withFlows = await queryOne(conn, 'SELECT count(*)::BIGINT AS n FROM legacy_audit_loan WHERE flows_fen IS NOT NULL');
    expect(await queryOne(conn, 'SELECT count(*)::BIGINT AS n FROM pricing_audit_flows')).toEqual(withFlows);

    const r = await runAudit(instance, conn, { startedAt: new Date('2025-02-01T00:00:00Z'), workers: 0, runId: 'new-run' });
    expect(await queryRows(conn, 'SELECT run_id, run_no FROM pricing_audit_run ORDER BY run_no')).toEqual([
      { run_id: 'old-run', run_no: 1 },
      { run_id: 'new-run', run_no: 2 },
    ]);
    expect(await diff("(SELECT * EXCLUDE (run_id) FROM pricing_audit_loan WHERE run_id = 'new-run')", "(SELECT * EXCLUDE (run_id) FROM pricing_audit_loan WHERE run_id = 'old-run')", '*')).toBe(0);
    expect(r.loansAudited).toBe(401);
    });
  });
});
