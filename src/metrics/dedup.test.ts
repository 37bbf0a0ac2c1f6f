import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildDisputes } from '../judgments/disputes.js';
import { queryRows } from '../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { computeRate } from './rate.js';
import { insertLoans, insertRows, type RowValues } from './testing/insert.js';

function doc(id: string, caseNumber: string, type: string, fields: RowValues): RowValues {
  return {
    case_id: id,
    case_number: caseNumber,
    case_type_code: type,
    doc_type: type.startsWith('执') ? 'enforcement_ruling' : 'judgment',
    instance: type === '民初' ? 'first' : type === '民终' ? 'second' : 'enforcement',
    court_name: '重庆市渝北区人民法院',
    court_code: '渝0112',
    institution_id: 'A',
    institution_role: type.startsWith('执') ? 'applicant' : 'plaintiff',
    is_lending: true,
    cause: '金融借款合同纠纷',
    cause_category: 'overdue_repayment',
    ...fields,
  };
}

describe('a dispute is counted once across first instance, appeal and enforcement (via rebuildDisputes)', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await insertLoans(ws.conn, [
      { loan_id: 'x1', originated_at: '2023-02-01', principal_fen: 5_000_000 },
      { loan_id: 'x2', originated_at: '2023-03-01', principal_fen: 5_000_000 },
      { loan_id: 'x3', originated_at: '2023-03-05', principal_fen: 5_000_000 },
      { loan_id: 'x4', originated_at: '2023-04-01', principal_fen: 5_000_000 },
    ]);
    await insertRows(ws.conn, 'legal_case', [
      // Dispute 1: judgment, appeal and enforcement of loan x1 — three documents, one lawsuit.
      doc('c1', '(2023)渝0112民初101号', '民初', { filed_at: '2023-05-10', decided_at: '2023-07-01', loan_id: 'x1', link_confidence: 1 }),
      doc('c2', '(2023)渝01民终202号', '民终', { court_code: '渝01', decided_at: '2023-10-01', institution_role: 'appellee', original_role: 'plaintiff', referenced_case_numbers: ['(2023)渝0112民初101号'] }),
      doc('c3', '(2024)渝0112执303号', '执', { decided_at: '2024-01-15', referenced_case_numbers: ['(2023)渝0112民初101号'] }),
      // Dispute 2: an enforcement ruling whose judgment we never saw: not a new lawsuit.
      doc('c4', '(2023)渝0112执404号', '执', { decided_at: '2023-06-20', loan_id: 'x2', link_confidence: 1, referenced_case_numbers: ['(2022)渝0112民初999号'] }),
      // Dispute 3: a plain first-instance judgment of loan x3.
      doc('c5', '(2023)渝0112民初505号', '民初', { filed_at: '2023-06-01', decided_at: '2023-06-30', loan_id: 'x3', link_confidence: 1 }),
    ]);
    await rebuildDisputes(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('rebuildDisputes made three disputes out of five documents', async () => {
    const rows = await queryRows<{ document_count: number; counts_as_lawsuit: boolean }>(ws.conn, 'SELECT document_count, counts_as_lawsuit FROM dispute ORDER BY document_count DESC, counts_as_lawsuit');
    expect(rows).toEqual([
      { document_count: 3, counts_as_lawsuit: true },
      { document_count: 1, counts_as_lawsuit: false },
      { document_count: 1, counts_as_lawsuit: true },
    ]);
  });

  it('2023: 2 lawsuits (dispute 1 once, dispute 3) ÷ 4 loans; the enforcement-only dispute is not counted', async () => {
    const r = await computeRate(ws.conn, { from: '2023-01-01', to: '2023-12-31', asOf: '2024-06-30' });
    expect(r.cells[0]).toMatchObject({ events: 2, exposure: 4, rate: 0.5 });
  });

  it('the appeal and the enforcement ruling in 2023-Q4 and 2024-Q1 add nothing to those quarters', async () => {
    const r = await computeRate(ws.conn, { from: '2023-01-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'quarter' });
    expect(r.cells.map((c) => [c.period, c.events])).toEqual([
      ['2023-Q1', 0],
      ['2023-Q2', 2],
      ['2023-Q3', 0],
      ['2023-Q4', 0],
      ['2024-Q1', 0],
    ]);
  });
});
