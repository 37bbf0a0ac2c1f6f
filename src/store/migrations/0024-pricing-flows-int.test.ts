import { describe, expect, it } from 'vitest';
import { queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

/** DOUBLE[] flows as 0023 stored them: whole fen in INTEGER range, beyond it, fractional, none. */
const FLOWS = ['[-9900000, 883333, 883333, 883337]', '[-2147483648, 2147483647]', '[-3000000000, 3100000000]', '[-150000.5, 0.30000000000000004, 1.5e-7]', '[]'];

describe('migration 0024: audit flows as INTEGER[] with a DOUBLE[] for the rest', () => {
  it('converts 0023 rows: whole-fen INTEGER-range flows become INTEGER[], the others stay exact; the views do not change', async () => {
    await atVersion(23, async (conn) => {
    await conn.run(`INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, run_no) VALUES ('old', TIMESTAMP '2025-01-01 00:00:00', 'completed', 'contract', 1);
                    INSERT INTO pricing_audit_group VALUES (1, 0, 'I1', 'P1', 'licensed', 'irr')`);
    for (const [k, flows] of FLOWS.entries()) {
      await conn.run(`INSERT INTO pricing_audit_result VALUES (1, ?, ?, 0, 19000, 100000, 'NaN', 0, 0.01, 0.12, 99000, 100, 0, 0.24, 0, 1, ?::DOUBLE[])`, [k, `L${k}`, flows]);
    }
    const views = async (): Promise<unknown[]> => [
      await queryRows(conn, 'SELECT * FROM pricing_audit_loan ORDER BY loan_id'),
      await queryRows(conn, "SELECT loan_id, flows_fen::VARCHAR AS flows FROM pricing_audit_flows WHERE loan_id <> 'L3' ORDER BY loan_id"),
    ];
    const before = await views();
    expect(await queryRows(conn, 'SELECT loan_id, flows_fen FROM pricing_audit_loan ORDER BY loan_id')).toEqual([
      { loan_id: 'L0', flows_fen: '-9900000 883333 883333 883337' },
      { loan_id: 'L1', flows_fen: '-2147483648 2147483647' },
      { loan_id: 'L2', flows_fen: '-3000000000 3100000000' },
      { loan_id: 'L3', flows_fen: '-150000.5 0.30000000000000004 1.5e-7' },
      { loan_id: 'L4', flows_fen: null },
    ]);

    await migrate(
      conn,
      'mem',
      MIGRATIONS.filter((m) => m.version <= 24),
    );
    expect(await views()).toEqual(before);
    expect(await queryRows(conn, 'SELECT loan_id, flows::VARCHAR AS flows, flows_wide::VARCHAR AS wide FROM pricing_audit_result ORDER BY loan_id')).toEqual([
      { loan_id: 'L0', flows: '[-9900000, 883333, 883333, 883337]', wide: '[]' },
      { loan_id: 'L1', flows: '[-2147483648, 2147483647]', wide: '[]' },
      { loan_id: 'L2', flows: '[]', wide: '[-3000000000.0, 3100000000.0]' },
      { loan_id: 'L3', flows: '[]', wide: '[-150000.5, 0.30000000000000004, 1.5e-07]' },
      { loan_id: 'L4', flows: '[]', wide: '[]' },
    ]);
    });
  });
});
