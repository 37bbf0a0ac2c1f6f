import { describe, expect, it } from 'vitest';
import { flowsText } from '../../pricing/audit/kernel.js';
import { queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import { atVersion } from './testing.js';

/** Flows as the former writer stored them (kernel flowsText), including amounts a book rarely has. */
const FLOWS: readonly number[][] = [
  [-99_000_00, 883_333, 883_333, 883_337],
  [-1_000_000, 0, 0, 1_200_000],
  [-150_000.5, 0.1 + 0.2, 1234.5, -0, 3_000_000_000, 2 ** 53 + 2, 1e20, 1e21, 1.5e-7],
  [],
];

describe('migration 0023: audit flows as DOUBLE[]', () => {
  it('converts stored flows text: the views return exactly the former text and BIGINT lists', async () => {
    await atVersion(22, async (conn) => {
    await conn.run(`INSERT INTO pricing_audit_run (run_id, started_at, status, flows_source, run_no) VALUES ('old', TIMESTAMP '2025-01-01 00:00:00', 'completed', 'contract', 1);
                    INSERT INTO pricing_audit_group VALUES (1, 0, 'I1', 'P1', 'licensed', 'irr')`);
    const texts = FLOWS.map((f) => flowsText(Float64Array.from(f), f.length));
    for (const [k, text] of texts.entries()) {
      await conn.run(`INSERT INTO pricing_audit_result VALUES (1, ?, ?, 0, 19000, 100000, 'NaN', 0, 0.01, 0.12, 99000, 100, 0, 0.24, 0, ?, ?)`, [k, `L${k}`, text === '' ? 0 : 1, text]);
    }
    const loans = "SELECT loan_id, flows_fen FROM pricing_audit_loan ORDER BY loan_id";
    const lists = "SELECT loan_id, flows_fen::VARCHAR AS flows FROM pricing_audit_flows WHERE loan_id <> 'L2' ORDER BY loan_id";
    const before = { loans: await queryRows(conn, loans), lists: await queryRows(conn, lists), all: await queryRows(conn, 'SELECT * FROM pricing_audit_loan ORDER BY loan_id') };
    expect(before.loans).toEqual([
      { loan_id: 'L0', flows_fen: '-9900000 883333 883333 883337' },
      { loan_id: 'L1', flows_fen: '-1000000 0 0 1200000' },
      { loan_id: 'L2', flows_fen: '-150000.5 0.30000000000000004 1234.5 0 3000000000 9007199254740994 100000000000000000000 1e+21 1.5e-7' },
      { loan_id: 'L3', flows_fen: null },
    ]);

    await migrate(
      conn,
      'mem',
      MIGRATIONS.filter((m) => m.version <= 23),
    );
    expect(await queryRows(conn, loans)).toEqual(before.loans);
    expect(await queryRows(conn, lists)).toEqual(before.lists);
    expect(await queryRows(conn, 'SELECT * FROM pricing_audit_loan ORDER BY loan_id')).toEqual(before.all);
    expect(await queryRows(conn, "SELECT flows::VARCHAR AS flows FROM pricing_audit_result WHERE loan_id IN ('L1', 'L3') ORDER BY loan_id")).toEqual([{ flows: '[-1000000.0, 0.0, 0.0, 1200000.0]' }, { flows: '[]' }]);
    });
  });
});
