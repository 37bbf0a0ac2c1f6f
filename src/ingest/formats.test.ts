import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { queryRows } from '../store/sql.js';
import { importFile } from './import-file.js';
import { workspaceWithLoans, writeText } from './test-support.js';

function rejectLines(path: string | null): string[][] {
  if (path === null) return [];
  return (parse(readFileSync(path, 'utf8').slice(1), { columns: true }) as Record<string, string>[]).map((r) => [r['line'] ?? '', r['column'] ?? '', r['code'] ?? '']);
}

describe('encodings and formats', () => {
  it('detects a GBK-encoded CSV with Chinese headers and reads it as GB18030', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const text = '借据号,期次,应还日期,应还本金,应还利息\r\nL1,1,2023/2/15,833.33,150.00\r\nL1,2,2023年3月15日,833.33,137.50\r\nL1,3,二〇二三年四月,1,1\r\n';
      const file = join(dir, 'gbk.csv');
      writeFileSync(file, iconv.encode(text, 'gbk'));
      const s = await importFile(ws, { kind: 'installments', file, asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, encoding: s.encoding }).toEqual({ read: 3, stored: 2, rejected: 1, encoding: 'gb18030' });
      expect(rejectLines(s.rejectsFile)).toEqual([['4', '应还日期', 'date.invalid']]);
      expect(readFileSync(s.rejectsFile ?? '', 'utf8')).toContain('二〇二三年四月');
      expect(await queryRows(ws.conn, 'SELECT seq, due_date FROM installment ORDER BY seq')).toEqual([
        { seq: 1, due_date: '2023-02-15' },
        { seq: 2, due_date: '2023-03-15' },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('reads a UTF-8 CSV with a BOM, semicolons and a quoted field spanning lines', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const text = '\ufeffloan_id;seq;due_date;principal_due;interest_due\nL1;1;2023-02-15;1;1\n"L1\n";2;2023-03-15;1;1\nL1;3;2023-02-30;1;1\n';
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'semi.csv', text), asOf: '2025-06-30' });
      // "L1\n" is trimmed to L1 only for spaces: the newline keeps it an unknown loan id, reported at its first line.
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 3, stored: 1, rejected: 2 });
      expect(rejectLines(s.rejectsFile)).toEqual([
        ['3', 'loan_id', 'ref.unknown_loan'],
        ['5', 'due_date', 'date.impossible'],
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('reads JSONL; a line that is not JSON is a reject with its line number, not a crash', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const lines = [
        JSON.stringify({ loan_id: 'L1', seq: 1, due_date: '2023-02-15', principal_due: 833.33, interest_due: 150 }),
        '',
        '{"loan_id": "L1", "seq": 2, "due_date": ',
        JSON.stringify({ loan_id: 'L1', seq: 3, due_date: '2023-04-15', principal_due: '833.33', interest_due: -1, fee_due: 0 }),
        '[1, 2]',
        JSON.stringify({ loan_id: 'L1', seq: 4, due_date: '2023-05-15', principal_due: 833.34, interest_due: 0 }),
      ];
      const s = await importFile(ws, { kind: 'installments', file: writeText(dir, 'inst.jsonl', lines.join('\n')), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 5, stored: 2, rejected: 3 });
      expect(rejectLines(s.rejectsFile)).toEqual([
        ['3', '', 'json.invalid'],
        ['4', 'interest_due', 'range.negative'],
        ['5', '', 'json.invalid'],
      ]);
      expect(await queryRows(ws.conn, 'SELECT seq, principal_due_fen FROM installment ORDER BY seq')).toEqual([
        { seq: 1, principal_due_fen: 83333 },
        { seq: 4, principal_due_fen: 83334 },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('reads XLSX with date cells, Excel date serials and text dates; lines are sheet rows', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('借据');
      sheet.addRow(['借据号', '机构编号', '产品编号', '放款日期', '借款金额', '期数']);
      sheet.addRow(['L40', 'I1', 'P1', new Date(Date.UTC(2024, 0, 31)), 1000, 6]);
      sheet.getCell('D2').numFmt = 'yyyy-mm-dd';
      sheet.addRow(['L41', 'I1', 'P1', 45352, 2000.5, 12]); // serial 45352 = 2024-03-01
      sheet.addRow([]);
      sheet.addRow(['L42', 'I1', 'P1', '2024-02-30', 3000, 3]);
      sheet.addRow(['L43', 'I1', 'P1', '2024/4/1', -1, 3]);
      const file = join(dir, 'loans.xlsx');
      await wb.xlsx.writeFile(file);
      const s = await importFile(ws, { kind: 'loans', file, asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, format: s.format }).toEqual({ read: 4, stored: 2, rejected: 2, format: 'xlsx' });
      expect(rejectLines(s.rejectsFile)).toEqual([
        ['5', '放款日期', 'date.impossible'],
        ['6', '借款金额', 'range.non_positive'],
      ]);
      expect(await queryRows(ws.conn, "SELECT loan_id, originated_at, principal_fen FROM loan WHERE loan_id IN ('L40', 'L41') ORDER BY loan_id")).toEqual([
        { loan_id: 'L40', originated_at: '2024-01-31', principal_fen: 100000 },
        { loan_id: 'L41', originated_at: '2024-03-01', principal_fen: 200050 },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('reads the sheet named by --sheet', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('说明').addRow(['本工作簿导出自核心系统']);
      const sheet = wb.addWorksheet('还款计划');
      sheet.addRow(['借据号', '期次', '应还日期', '应还本金', '应还利息']);
      sheet.addRow(['L1', 1, '2023-02-15', 833.33, 150]);
      const file = join(dir, 'book.xlsx');
      await wb.xlsx.writeFile(file);
      await expect(importFile(ws, { kind: 'installments', file })).rejects.toMatchObject({ code: 'import.missing_column' });
      const s = await importFile(ws, { kind: 'installments', file, sheet: '还款计划', asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored }).toEqual({ read: 1, stored: 1 });
    } finally {
      ws.dispose();
    }
  });
});
