import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exec, queryOne, queryRows } from '../sql.js';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';
import * as m0001 from './0001-core.js';

async function v1WithRows(): Promise<Awaited<ReturnType<DuckDBInstance['connect']>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await migrate(conn, 'mem', [m0001]);
  await exec(conn, "INSERT INTO installment VALUES ('L1', 1, DATE '2024-02-01', 10000, 150, 0, 'b1'), ('L1', 2, DATE '2024-03-01', 10000, 100, 5, 'b1')");
  await exec(conn, "INSERT INTO repayment VALUES ('R1', 'L1', DATE '2024-02-01', 10150, 10000, 150, 0, 0, 'app', 'b2')");
  return conn;
}

describe('migration 0002: installment and repayment without primary key', () => {
  it('keeps every stored row and column value', async () => {
    const conn = await v1WithRows();
    await migrate(conn, 'mem', MIGRATIONS);
    expect(await queryRows(conn, 'SELECT * FROM installment ORDER BY seq')).toEqual([
      { loan_id: 'L1', seq: 1, due_date: '2024-02-01', principal_due_fen: 10000, interest_due_fen: 150, fee_due_fen: 0, batch_id: 'b1' },
      { loan_id: 'L1', seq: 2, due_date: '2024-03-01', principal_due_fen: 10000, interest_due_fen: 100, fee_due_fen: 5, batch_id: 'b1' },
    ]);
    expect(await queryRows(conn, 'SELECT * FROM repayment')).toEqual([
      { repayment_id: 'R1', loan_id: 'L1', paid_at: '2024-02-01', amount_fen: 10150, principal_fen: 10000, interest_fen: 150, fee_fen: 0, penalty_fen: 0, channel: 'app', batch_id: 'b2' },
    ]);
  });

  it('drops only the keys: NOT NULL and defaults stay, the key index is gone', async () => {
    const conn = await v1WithRows();
    const keys = "SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name IN ('installment', 'repayment', 'installment_base', 'repayment_base') AND constraint_type = 'PRIMARY KEY'";
    expect(await queryOne(conn, keys)).toEqual({ n: 2 });
    await migrate(conn, 'mem', MIGRATIONS);
    expect(await queryOne(conn, keys)).toEqual({ n: 0 });
    await exec(conn, "INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen) VALUES ('L2', 1, DATE '2024-02-01', 1, 1)");
    expect(await queryOne(conn, "SELECT fee_due_fen FROM installment WHERE loan_id = 'L2'")).toEqual({ fee_due_fen: 0 });
    await expect(exec(conn, "INSERT INTO installment_base (loan_id, seq, due_date, principal_due_fen, interest_due_fen) VALUES ('L3', NULL, DATE '2024-02-01', 1, 1)")).rejects.toThrow(/NOT NULL/i);
    await expect(exec(conn, "INSERT INTO repayment_base (repayment_id, loan_id, paid_at, amount_fen) VALUES (NULL, 'L1', DATE '2024-02-01', 1)")).rejects.toThrow(/NOT NULL/i);
  });
});
