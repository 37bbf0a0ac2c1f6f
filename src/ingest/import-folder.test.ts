import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTempWorkspace } from '../store/temp-workspace.js';
import { queryRows } from '../store/sql.js';
import { importFolder } from './import-folder.js';
import { INSTITUTIONS_CSV, LOANS_CSV, PRODUCTS_CSV, tempDir, writeText } from './test-support.js';

function bookFolder(): string {
  const dir = tempDir();
  writeText(dir, 'institutions.csv', INSTITUTIONS_CSV);
  writeText(dir, 'products.csv', PRODUCTS_CSV);
  writeText(dir, 'customers.csv', 'customer_id,institution_id,name,province\nC1,I1,张三,重庆\n');
  writeText(dir, 'loans.csv', LOANS_CSV.replace('L1,I1,P1,,', 'L1,I1,P1,C1,'));
  writeText(dir, 'installments.csv', 'loan_id,seq,due_date,principal_due,interest_due\nL1,1,2023-02-15,833.33,150\nL9,1,2023-02-15,1,1\n');
  writeText(dir, 'repayments.jsonl', JSON.stringify({ loan_id: 'L1', paid_at: '2023-02-14', amount: 983.33 }) + '\n');
  writeText(dir, 'complaints.csv', 'complaint_id,customer_id,received_at,status,text\nQ1,C1,2024-01-02,received,太贵了\n');
  writeText(dir, 'cases.csv', 'case_number,court_name,institution_id,institution_role,plaintiff,defendant,loan_id,customer_id\n（2024）渝0192民初8号,重庆两江新区人民法院,I1,plaintiff,重庆示例小额贷款有限公司,张三,L1,C1\n');
  return dir;
}

describe('importFolder', () => {
  it('imports the generator layout in dependency order, one summary per file', async () => {
    const ws = await openTempWorkspace();
    try {
      const seen: string[] = [];
      const out = await importFolder(ws, bookFolder(), { asOf: '2025-06-30', onFile: (k) => seen.push(k) });
      expect(seen).toEqual(['institutions', 'products', 'customers', 'loans', 'installments', 'repayments', 'complaints', 'cases']);
      expect(out.map((s) => [s.kind, s.read, s.stored, s.rejected])).toEqual([
        ['institutions', 2, 2, 0],
        ['products', 2, 2, 0],
        ['customers', 1, 1, 0],
        ['loans', 3, 3, 0],
        ['installments', 2, 1, 1],
        ['repayments', 1, 1, 0],
        ['complaints', 1, 1, 0],
        ['cases', 1, 1, 0],
      ]);
      expect(await queryRows(ws.conn, 'SELECT customer_id, province FROM customer')).toEqual([{ customer_id: 'C1', province: '50' }]);
    } finally {
      ws.dispose();
    }
  });
});

describe('suitrate import (CLI)', () => {
  it('prints JSON when piped and exits 1 when rows were rejected, 0 with --accept-rejects', () => {
    const dir = bookFolder();
    const db = join(tempDir(), 'cli.duckdb');
    const child = resolve(import.meta.dirname, 'crash-child.ts');
    const run = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, ['--import', 'tsx', child, '--db', db, '--quiet', ...args], { encoding: 'utf8' });
    const first = run('import', 'all', dir, '--as-of', '2025-06-30');
    expect(first.status).toBe(1);
    const summaries = JSON.parse(String(first.stdout)) as { kind: string; rejected: number; rejectsFile: string | null }[];
    expect(summaries.find((s) => s.kind === 'installments')?.rejected).toBe(1);
    const again = run('import', 'installments', join(dir, 'installments.csv'), '--accept-rejects', '--as-of', '2025-06-30');
    expect(again.status).toBe(0);
    expect(JSON.parse(String(again.stdout))).toMatchObject({ kind: 'installments', read: 2, stored: 0, unchanged: 1, rejected: 1, rejectCodes: { 'ref.unknown_loan': 1 } });
  });
});
