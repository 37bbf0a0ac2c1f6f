import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { queryRows, queryOne } from '../store/sql.js';
import { importFile } from './import-file.js';
import { tempDir, workspaceWithLoans, writeText } from './test-support.js';

interface Reject {
  line: string;
  column: string;
  code: string;
  message: string;
}

function readRejects(path: string | null): Reject[] {
  if (path === null) return [];
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  return parse(text.slice(1), { columns: true }) as Reject[];
}

const BROKEN_LOANS = [
  'loan_id,institution_id,product_id,customer_id,originated_at,principal,term_months,nominal_rate,status',
  'L10,I1,P1,,2024-01-10,3000,6,0.18,active',
  'L11,I1,P1,,2023-02-30,3000,6,0.18,active',
  'L12,I1,P1,,2024-01-10,-100,6,0.18,active',
  'L13,I9,P1,,2024-01-10,3000,6,0.18,active',
  'L14,I1,P1,,2024-01-10,3000,0,0.18,active',
  'L15,I1,P1,,2024-01-10,3000,6,1800%,active',
  'L10,I1,P1,,2024-01-10,3000,6,0.18,active',
  'L10,I1,P1,,2024-01-10,3500,6,0.18,active',
  'L1,I1,P1,,2023-01-15,10000.00,12,0.18,active',
  'L2,I1,P1,,2023-02-01,5500,6,18%,settled',
  'L16,I1,P1,,2099-01-01,3000,6,0.18,active',
  '"L17",I1,P2,,2024-01-10,3000,6,0.18,active',
  'L18,I1,P1,,2024-01-10,"3,000.00",6,0.18,"act',
  'ive"',
  'L19,I1,P1,,2024-01-10,abc,6,0.18,active',
  'L20,I1,,,2024/1/5,1000,3,,',
  'L21,I1,P1,,2024-01-1',
].join('\n');

describe('importFile: a deliberately broken loans file', () => {
  it('stores the good rows and reports every bad one with its physical line, column and code', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const s = await importFile(ws, { kind: 'loans', file: writeText(dir, 'broken-loans.csv', BROKEN_LOANS), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, unchanged: s.unchanged, rejected: s.rejected, conflicts: s.conflicts }).toEqual({ read: 16, stored: 2, unchanged: 2, rejected: 12, conflicts: 2 });
      expect(s.read).toBe(s.stored + s.unchanged + s.rejected);
      const rejects = readRejects(s.rejectsFile).map((r) => [r.line, r.column, r.code]);
      expect(rejects).toEqual([
        ['3', 'originated_at', 'date.impossible'],
        ['4', 'principal', 'range.non_positive'],
        ['5', 'institution_id', 'ref.unknown_institution'],
        ['6', 'term_months', 'range.term'],
        ['7', 'nominal_rate', 'range.rate'],
        ['9', '', 'dup.conflict'],
        ['11', '', 'dup.conflict'],
        ['12', 'originated_at', 'date.future'],
        ['13', 'product_id', 'ref.product_institution'],
        ['14', 'status', 'enum.invalid'],
        ['16', 'principal', 'money.invalid'],
        ['18', 'principal', 'csv.missing_columns'],
      ]);
      const byLine = new Map(readRejects(s.rejectsFile).map((r) => [r.line, r.message]));
      expect(byLine.get('9')).toBe('same key as line 2 of this file but different values: principal (first occurrence 3000.00 ≠ file 3500.00)');
      expect(byLine.get('11')).toBe('same key as a stored record but different values: principal (stored 5000.00 ≠ file 5500.00)');
      expect(byLine.get('18')).toBe('line has 5 of 9 columns (truncated or short line)');
      const stored = await queryRows(ws.conn, "SELECT loan_id, originated_at, principal_fen, term_months FROM loan WHERE loan_id IN ('L10', 'L20') ORDER BY loan_id");
      expect(stored).toEqual([
        { loan_id: 'L10', originated_at: '2024-01-10', principal_fen: 300000, term_months: 6 },
        { loan_id: 'L20', originated_at: '2024-01-05', principal_fen: 100000, term_months: 3 },
      ]);
      // The stored L2 was not overwritten.
      expect(await queryOne(ws.conn, "SELECT principal_fen FROM loan WHERE loan_id = 'L2'")).toEqual({ principal_fen: 500000 });
      expect(s.rejectCodes).toEqual({
        'date.impossible': 1,
        'range.non_positive': 1,
        'ref.unknown_institution': 1,
        'range.term': 1,
        'range.rate': 1,
        'dup.conflict': 2,
        'date.future': 1,
        'ref.product_institution': 1,
        'enum.invalid': 1,
        'money.invalid': 1,
        'csv.missing_columns': 1,
      });
    } finally {
      ws.dispose();
    }
  });

  it('re-importing the same file stores nothing new and counts the previously stored rows as unchanged', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const file = writeText(dir, 'broken-loans.csv', BROKEN_LOANS);
      await importFile(ws, { kind: 'loans', file, asOf: '2025-06-30' });
      const before = await queryRows(ws.conn, 'SELECT * EXCLUDE (batch_id) FROM loan ORDER BY loan_id');
      const again = await importFile(ws, { kind: 'loans', file, asOf: '2025-06-30' });
      expect({ read: again.read, stored: again.stored, unchanged: again.unchanged, rejected: again.rejected }).toEqual({ read: 16, stored: 0, unchanged: 4, rejected: 12 });
      expect(await queryRows(ws.conn, 'SELECT * EXCLUDE (batch_id) FROM loan ORDER BY loan_id')).toEqual(before);
      const batches = await queryRows(ws.conn, "SELECT rows_read, rows_stored, rows_unchanged, rows_rejected FROM import_batch WHERE kind = 'loans' ORDER BY started_at");
      expect(batches.slice(-2)).toEqual([
        { rows_read: 16, rows_stored: 2, rows_unchanged: 2, rows_rejected: 12 },
        { rows_read: 16, rows_stored: 0, rows_unchanged: 4, rows_rejected: 12 },
      ]);
    } finally {
      ws.dispose();
    }
  });
});

describe('importFile: installments', () => {
  it('rejects unknown loans, due dates before origination and out-of-term sequence numbers', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        'loan_id,seq,due_date,principal_due,interest_due,fee_due',
        'L1,1,2023-02-15,833.33,150,0',
        'L1,2,2023-03-15,833.33,137.5,',
        'LX,1,2023-02-15,800,150,0',
        'L1,13,2024-02-15,800,150,0',
        'L2,1,2023-01-01,800,75,0',
        'L3,0,2023-04-10,6666.83,200,0',
      ].join('\r\n');
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'inst.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 6, stored: 2, rejected: 4 });
      const rejects = readRejects(s.rejectsFile);
      expect(rejects.map((r) => [r.line, r.column, r.code])).toEqual([
        ['4', 'loan_id', 'ref.unknown_loan'],
        ['5', 'seq', 'range.seq'],
        ['6', 'due_date', 'range.due_before_origination'],
        ['7', 'seq', 'range.seq'],
      ]);
      expect(rejects[0]?.message).toBe('unknown loan LX (import its loan first)');
      expect(await queryRows(ws.conn, 'SELECT loan_id, seq, due_date, principal_due_fen, interest_due_fen, fee_due_fen FROM installment ORDER BY seq')).toEqual([
        { loan_id: 'L1', seq: 1, due_date: '2023-02-15', principal_due_fen: 83333, interest_due_fen: 15000, fee_due_fen: 0 },
        { loan_id: 'L1', seq: 2, due_date: '2023-03-15', principal_due_fen: 83333, interest_due_fen: 13750, fee_due_fen: 0 },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('a missing required column is a file-level error naming the file, the column and the closest header', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const file = writeText(dir, 'wrong-header.csv', 'loan_id,seq,due_dte,principal_due,interest_due\nL1,1,2023-02-15,1,1\n');
      await expect(importFile(ws, { kind: 'installments', file })).rejects.toMatchObject({
        code: 'import.missing_column',
        en: expect.stringMatching(/wrong-header\.csv: required column due_date \(应还日期\) not found in the header; closest header found: "due_dte"/) as unknown as string,
      });
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM installment')).toEqual({ n: 0 });
    } finally {
      ws.dispose();
    }
  });
});

describe('importFile: repayments', () => {
  it('derives ids from loan, date, amount and occurrence, so identical payments on one day are kept apart and re-imports are unchanged', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = ['loan_id,paid_at,amount,principal,interest', 'L1,2023-02-15,983.33,833.33,150', 'L1,2023-02-15,983.33,833.33,150', 'L1,2023-01-10,10,,', 'L1,2023-03-15,-5,,', 'LZ,2023-03-15,5,,', 'L1,2023-03-15,100,90,20'].join('\n');
      const file = writeText(dir, 'rep.csv', csv);
      const s = await importFile(ws, { kind: 'repayments', file, asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 6, stored: 2, rejected: 4 });
      expect(readRejects(s.rejectsFile).map((r) => [r.line, r.column, r.code])).toEqual([
        ['4', 'paid_at', 'range.paid_before_origination'],
        ['5', 'amount', 'range.non_positive'],
        ['6', 'loan_id', 'ref.unknown_loan'],
        ['7', 'amount', 'range.allocation'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT repayment_id, amount_fen FROM repayment ORDER BY repayment_id')).toEqual([
        { repayment_id: 'L1|2023-02-15|98333|1', amount_fen: 98333 },
        { repayment_id: 'L1|2023-02-15|98333|2', amount_fen: 98333 },
      ]);
      const again = await importFile(ws, { kind: 'repayments', file, asOf: '2025-06-30' });
      expect({ stored: again.stored, unchanged: again.unchanged, rejected: again.rejected }).toEqual({ stored: 0, unchanged: 2, rejected: 4 });
    } finally {
      ws.dispose();
    }
  });
});

describe('importFile: headers', () => {
  it('reads Chinese headers, full-width and unit-suffixed variants, and lists unknown columns', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = '借据号,机构编号,产品编号,放款日期,借款金额（元）,期数,年利率,备注\nL30,I1,P1,2024年3月5日,"¥1,234.56",12,18%,无\n';
      const s = await importFile(ws, { kind: 'loans', file: writeText(dir, 'zh.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 1, stored: 1, rejected: 0 });
      expect(s.ignoredColumns).toEqual(['备注']);
      expect(await queryOne(ws.conn, "SELECT originated_at, principal_fen, nominal_rate FROM loan WHERE loan_id = 'L30'")).toEqual({ originated_at: '2024-03-05', principal_fen: 123456, nominal_rate: 0.18 });
    } finally {
      ws.dispose();
    }
  });

  it('applies a mapping file over the aliases', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const map = writeText(dir, 'map.json', JSON.stringify({ LoanNo: 'loan_id', Lender: 'institution_id', Booked: 'originated_at', Amt: 'principal', Months: 'term_months' }));
      const csv = 'LoanNo,Lender,Booked,Amt,Months\nL31,I2,2024-02-01,500,3\n';
      const s = await importFile(ws, { kind: 'loans', file: writeText(dir, 'mapped.csv', csv), mapping: map, asOf: '2025-06-30' });
      expect(s.stored).toBe(1);
      expect(await queryOne(ws.conn, "SELECT institution_id, principal_fen, term_months FROM loan WHERE loan_id = 'L31'")).toEqual({ institution_id: 'I2', principal_fen: 50000, term_months: 3 });
    } finally {
      ws.dispose();
    }
  });

  it('rejects a mapping to an unknown canonical column', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const map = writeText(dir, 'bad-map.json', JSON.stringify({ LoanNo: 'loan_number' }));
      await expect(importFile(ws, { kind: 'loans', file: writeText(dir, 'x.csv', 'LoanNo\nL1\n'), mapping: map })).rejects.toMatchObject({ code: 'import.mapping' });
    } finally {
      ws.dispose();
    }
  });
});

describe('importFile: empty and odd files', () => {
  it('a header-only file reads nothing and stores nothing', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'empty.csv', 'loan_id,seq,due_date,principal_due,interest_due\n') });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, rejectsFile: s.rejectsFile }).toEqual({ read: 0, stored: 0, rejected: 0, rejectsFile: null });
    } finally {
      ws.dispose();
    }
  });

  it('an empty file is a clear error', async () => {
    const { ws } = await workspaceWithLoans();
    const dir = tempDir();
    try {
      await expect(importFile(ws, { kind: 'loans', file: writeText(dir, 'nothing.csv', '') })).rejects.toMatchObject({ code: 'import.empty' });
    } finally {
      ws.dispose();
    }
  });
});

describe('importFile: duplicate keys (installment and repayment have no primary key, D6)', () => {
  const INST_HEADER = 'loan_id,seq,due_date,principal_due,interest_due,fee_due';

  it('an identical repeat of an installment (loan_id, seq) is unchanged, a different one is dup.conflict naming the first line', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        INST_HEADER,
        'L1,1,2023-02-15,833.33,150,0',
        'L1,2,2023-03-15,833.33,137.5,0',
        'L1,1,2023-02-15,833.33,150.00,0',
        'L1,2,2023-03-15,833.33,140,0',
        'L1,2,2023-03-15,833.33,137.5,0',
      ].join('\n');
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'dup-inst.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, unchanged: s.unchanged, rejected: s.rejected, conflicts: s.conflicts }).toEqual({ read: 5, stored: 2, unchanged: 2, rejected: 1, conflicts: 1 });
      const rejects = readRejects(s.rejectsFile);
      expect(rejects.map((r) => [r.line, r.column, r.code, r.message])).toEqual([
        ['5', '', 'dup.conflict', 'same key as line 3 of this file but different values: interest_due (first occurrence 137.50 ≠ file 140.00)'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT loan_id, seq, interest_due_fen, count(*) OVER (PARTITION BY loan_id, seq) AS copies FROM installment ORDER BY seq')).toEqual([
        { loan_id: 'L1', seq: 1, interest_due_fen: 15000, copies: 1 },
        { loan_id: 'L1', seq: 2, interest_due_fen: 13750, copies: 1 },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('installments already stored: identical rows are unchanged, different ones dup.conflict against the store, repeats in the file too', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      await importFile(ws, { kind: 'installments', file: writeText(dir, 'first.csv', [INST_HEADER, 'L1,1,2023-02-15,833.33,150,0', 'L1,2,2023-03-15,833.33,137.5,0'].join('\n')), asOf: '2025-06-30' });
      const csv = [
        INST_HEADER,
        'L1,1,2023-02-15,833.33,150,0',
        'L1,2,2023-03-20,833.33,137.5,0',
        'L1,3,2023-04-15,833.33,125,0',
        'L1,1,2023-02-15,833.33,150,0',
        'L1,3,2023-04-15,833.33,125,0',
        'L1,3,2023-04-15,833.34,125,0',
      ].join('\n');
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'second.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, unchanged: s.unchanged, rejected: s.rejected, conflicts: s.conflicts }).toEqual({ read: 6, stored: 1, unchanged: 3, rejected: 2, conflicts: 2 });
      expect(readRejects(s.rejectsFile).map((r) => [r.line, r.code, r.message])).toEqual([
        ['3', 'dup.conflict', 'same key as a stored record but different values: due_date (stored 2023-03-15 ≠ file 2023-03-20)'],
        ['7', 'dup.conflict', 'same key as line 4 of this file but different values: principal_due (first occurrence 833.33 ≠ file 833.34)'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT seq, due_date, principal_due_fen FROM installment ORDER BY seq')).toEqual([
        { seq: 1, due_date: '2023-02-15', principal_due_fen: 83333 },
        { seq: 2, due_date: '2023-03-15', principal_due_fen: 83333 },
        { seq: 3, due_date: '2023-04-15', principal_due_fen: 83333 },
      ]);
      const again = await importFile(ws, { kind: 'installments', file: writeText(dir, 'second.csv', csv), asOf: '2025-06-30' });
      expect({ stored: again.stored, unchanged: again.unchanged, rejected: again.rejected }).toEqual({ stored: 0, unchanged: 4, rejected: 2 });
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM installment')).toEqual({ n: 3 });
    } finally {
      ws.dispose();
    }
  });

  it('two imports started together on one workspace run one after the other: the second sees the first, no key is stored twice', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const first = writeText(dir, 'a.csv', [INST_HEADER, 'L1,1,2023-02-15,833.33,150,0', 'L1,2,2023-03-15,833.33,137.5,0'].join('\n'));
      const second = writeText(dir, 'b.csv', [INST_HEADER, 'L1,1,2023-02-15,833.33,160,0', 'L1,2,2023-03-15,833.33,137.5,0', 'L1,3,2023-04-15,833.33,125,0'].join('\n'));
      const [a, b] = await Promise.all([
        importFile(ws, { kind: 'installments', file: first, asOf: '2025-06-30' }),
        importFile(ws, { kind: 'installments', file: second, asOf: '2025-06-30' }),
      ]);
      expect({ stored: a.stored, unchanged: a.unchanged, rejected: a.rejected }).toEqual({ stored: 2, unchanged: 0, rejected: 0 });
      expect({ stored: b.stored, unchanged: b.unchanged, rejected: b.rejected, conflicts: b.conflicts }).toEqual({ stored: 1, unchanged: 1, rejected: 1, conflicts: 1 });
      expect(readRejects(b.rejectsFile).map((r) => [r.line, r.code, r.message])).toEqual([
        ['2', 'dup.conflict', 'same key as a stored record but different values: interest_due (stored 150.00 ≠ file 160.00)'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT seq, interest_due_fen, count(*) OVER (PARTITION BY loan_id, seq) AS copies FROM installment ORDER BY seq')).toEqual([
        { seq: 1, interest_due_fen: 15000, copies: 1 },
        { seq: 2, interest_due_fen: 13750, copies: 1 },
        { seq: 3, interest_due_fen: 12500, copies: 1 },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('repayment ids: a repeat in the file is unchanged or dup.conflict, an id already stored is compared with the store', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const header = 'repayment_id,loan_id,paid_at,amount,channel';
      await importFile(ws, { kind: 'repayments', file: writeText(dir, 'r1.csv', [header, 'R1,L1,2023-02-15,983.33,app'].join('\n')), asOf: '2025-06-30' });
      const csv = [header, 'R1,L1,2023-02-15,983.33,app', 'R1,L1,2023-02-15,983.33,bank', 'R2,L1,2023-03-15,983.33,app', 'R2,L1,2023-03-15,983.33,app', 'R2,L1,2023-03-16,983.33,app'].join('\n');
      const s = await importFile(ws, { kind: 'repayments', file: writeText(dir, 'r2.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, unchanged: s.unchanged, rejected: s.rejected }).toEqual({ read: 5, stored: 1, unchanged: 2, rejected: 2 });
      expect(readRejects(s.rejectsFile).map((r) => [r.line, r.code, r.message])).toEqual([
        ['3', 'dup.conflict', 'same key as a stored record but different values: channel (stored app ≠ file bank)'],
        ['6', 'dup.conflict', 'same key as line 4 of this file but different values: paid_at (first occurrence 2023-03-15 ≠ file 2023-03-16)'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT repayment_id, paid_at, channel FROM repayment ORDER BY repayment_id')).toEqual([
        { repayment_id: 'R1', paid_at: '2023-02-15', channel: 'app' },
        { repayment_id: 'R2', paid_at: '2023-03-15', channel: 'app' },
      ]);
    } finally {
      ws.dispose();
    }
  });
});
