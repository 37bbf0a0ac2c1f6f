import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { luhnValid, pseudonymize, residentIdCheckChar } from '../domain/pii.js';
import { queryOne, queryRows } from '../store/sql.js';
import type { Workspace } from '../store/workspace.js';
import { importFile } from './import-file.js';
import { workspaceWithLoans, writeText } from './test-support.js';

const ID_A = '11010519900307123' + residentIdCheckChar('11010519900307123'); // Beijing, 1990, 17th digit 3 → male
const ID_B_BAD = '44030619851212002' + (residentIdCheckChar('44030619851212002') === '1' ? '2' : '1');
function luhnCard(prefix: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}
const CARD = luhnCard('622202123456789012');

/** Every VARCHAR (and VARCHAR[]) value in every user table. */
async function allText(ws: Workspace): Promise<string> {
  const cols = await queryRows<{ table_name: string; column_name: string }>(
    ws.conn,
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_catalog = current_database() AND (data_type = 'VARCHAR' OR data_type = 'VARCHAR[]' OR data_type = 'JSON')",
  );
  const parts: string[] = [];
  for (const c of cols) {
    const rows = await queryRows<{ v: unknown }>(ws.conn, `SELECT CAST("${c.column_name}" AS VARCHAR) AS v FROM "${c.table_name}"`);
    for (const r of rows) parts.push(String(r.v));
  }
  return parts.join('\n');
}

describe('personal identifiers', () => {
  it('stores only pseudonyms equal to pseudonymize() and masked forms, derives sex, birth year and province, rejects invalid identifiers without echoing them', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        '客户编号,姓名,身份证号,手机号,银行卡号,城市',
        `C1,张三丰,${ID_A},+86 138-1234-5678,${CARD},东城区`,
        `C2,李四,${ID_B_BAD},13912345678,,`,
        `C3,王五,,12345,,`,
        `C4,Zhao4,,,6222021234567890,`,
      ].join('\n');
      const s = await importFile(ws, { kind: 'customers', file: writeText(dir, 'customers.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 4, stored: 1, rejected: 3 });
      const row = await queryOne(ws.conn, "SELECT * EXCLUDE (batch_id) FROM customer WHERE customer_id = 'C1'");
      expect(row).toEqual({
        customer_id: 'C1',
        institution_id: null,
        name_hash: pseudonymize(ws.secret, 'name', '张三丰'),
        name_masked: '张**',
        id_number_hash: pseudonymize(ws.secret, 'id_number', ID_A),
        id_number_masked: `110***********${ID_A.slice(-4)}`,
        phone_hash: pseudonymize(ws.secret, 'phone', '13812345678'),
        phone_masked: '138****5678',
        card_hash: pseudonymize(ws.secret, 'card', CARD),
        card_masked: `622202*********${CARD.slice(-4)}`,
        sex: 'M',
        birth_year: 1990,
        province: '11',
        city: '东城区',
        created_at: null,
      });
      const rejectsText = readFileSync(s.rejectsFile ?? '', 'utf8');
      expect(rejectsText).toContain('pii.id_invalid');
      expect(rejectsText).toContain('pii.phone_invalid');
      expect(rejectsText).toContain('pii.name_invalid');
      expect(rejectsText).toContain('pii.card_invalid');
      for (const raw of [ID_B_BAD, '6222021234567890', '13912345678']) expect(rejectsText).not.toContain(raw);
      const everything = await allText(ws);
      for (const raw of [ID_A, ID_B_BAD, '13812345678', CARD, '张三丰', '李四', '13912345678']) expect(everything).not.toContain(raw);
    } finally {
      ws.dispose();
    }
  });

  it('masks identifiers inside complaint text and records the status history', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        'complaint_id,institution_id,loan_id,received_at,category,text,status,closed_at,escalated_to_regulator',
        `Q1,I1,L1,2024-03-01 09:30,催收,"本人身份证${ID_A}，手机13812345678，催收电话太多",已办结,2024-03-10 17:00:00,否`,
        `Q2,I1,L9,2024-03-02,fees,服务费不透明,received,,`,
        `Q3,I1,L1,2024-03-05 10:00,fees,太贵,closed,2024-03-01,是`,
      ].join('\n');
      const s = await importFile(ws, { kind: 'complaints', file: writeText(dir, 'complaints.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, codes: s.rejectCodes }).toEqual({ read: 3, stored: 1, rejected: 2, codes: { 'ref.unknown_loan': 1, 'range.closed_before_received': 1 } });
      const c = await queryOne<{ text: string; category: string; status: string; received_at: string; escalated_to_regulator: boolean }>(ws.conn, "SELECT text, category, status, received_at, escalated_to_regulator FROM complaint WHERE complaint_id = 'Q1'");
      expect(c).toEqual({ text: `本人身份证110***********${ID_A.slice(-4)}，手机138****5678，催收电话太多`, category: 'collection', status: 'closed', received_at: '2024-03-01T09:30:00Z', escalated_to_regulator: false });
      expect(await queryRows(ws.conn, 'SELECT seq, status FROM complaint_event ORDER BY seq')).toEqual([
        { seq: 1, status: 'received' },
        { seq: 2, status: 'closed' },
      ]);
    } finally {
      ws.dispose();
    }
  });

  it('parses 案号 of structured case rows, resolves institution parties by alias and pseudonymizes individuals', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        'case_number,court_name,doc_type,cause,institution_id,institution_role,plaintiff,defendant,filed_at,decided_at,claim_total,outcome,court_fee,loan_id',
        '（2023）渝0192民初12345号,重庆市渝北区人民法院,判决书,小额借款合同纠纷,I1,原告,重庆示例小额贷款有限公司渝北分公司,张三,2023-05-06,2023-07-01,"35,000.00",全部支持,337.50,L1',
        '（2023）渝0192民初1号之外,重庆市渝北区人民法院,judgment,,I1,plaintiff,重庆示例小额贷款有限公司,李四,2023-05-06,,1000,,,',
        '(2024)京0105民初7号,北京市朝阳区人民法院,judgment,,I2,defendant,王*5,示例银行股份有限公司北京朝阳支行,2024-01-02,2023-12-01,,,,',
      ].join('\n');
      const s = await importFile(ws, { kind: 'cases', file: writeText(dir, 'cases.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected, codes: s.rejectCodes }).toEqual({
        read: 3,
        stored: 1,
        rejected: 2,
        codes: { 'case.number_invalid': 1, 'pii.name_invalid': 1, 'range.decided_before_filed': 1 },
      });
      expect(await queryOne(ws.conn, 'SELECT case_id, case_number, case_year, court_code, court_province, case_type_code, case_seq, instance, doc_type, claim_total_fen, court_fee_fen, outcome FROM legal_case')).toEqual({
        case_id: '(2023)渝0192民初12345号:judgment',
        case_number: '(2023)渝0192民初12345号',
        case_year: 2023,
        court_code: '渝0192',
        court_province: '50',
        case_type_code: '民初',
        case_seq: 12345,
        instance: 'first',
        doc_type: 'judgment',
        claim_total_fen: 3500000,
        court_fee_fen: 33750,
        outcome: 'full_support',
      });
      expect(await queryRows(ws.conn, 'SELECT seq, role, party_kind, name_masked, name_hash, institution_id FROM case_party ORDER BY seq')).toEqual([
        { seq: 1, role: 'plaintiff', party_kind: 'institution', name_masked: '重庆示例小额贷款有限公司渝北分公司', name_hash: null, institution_id: 'I1' },
        { seq: 2, role: 'defendant', party_kind: 'individual', name_masked: '张*', name_hash: pseudonymize(ws.secret, 'name', '张三'), institution_id: null },
      ]);
      // rebuildDisputes (src/judgments/disputes.ts) ran in the import: the case belongs to one dispute.
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n, count(DISTINCT c.dispute_id) AS d FROM legal_case c JOIN dispute USING (dispute_id)')).toEqual({ n: 1, d: 1 });
      expect(s.notes).toContain('disputes rebuilt: 1');
    } finally {
      ws.dispose();
    }
  });

  it('an enforcement row (执 case number, no document type yet) is an enforcement ruling between applicant and respondent', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const csv = [
        'case_number,court_name,doc_type,instance,cause,institution_id,institution_role,plaintiff,defendant,filed_at,claim_total,loan_id',
        '（2024）渝0192执88号,重庆市渝北区人民法院,,,小额借款合同纠纷,I1,applicant,重庆示例小额贷款有限公司,张三,2024-03-01,"35,000.00",L1',
        '（2024）渝0192民初9号,重庆市渝北区人民法院,,执行,小额借款合同纠纷,I1,申请执行人,重庆示例小额贷款有限公司,李四,2024-03-02,"1,000.00",L1',
      ].join('\n');
      const s = await importFile(ws, { kind: 'cases', file: writeText(dir, 'cases.csv', csv), asOf: '2025-06-30' });
      expect({ read: s.read, stored: s.stored, rejected: s.rejected }).toEqual({ read: 2, stored: 2, rejected: 0 });
      expect(await queryRows(ws.conn, 'SELECT case_number, instance, doc_type FROM legal_case ORDER BY case_number')).toEqual([
        { case_number: '(2024)渝0192执88号', instance: 'enforcement', doc_type: 'enforcement_ruling' },
        { case_number: '(2024)渝0192民初9号', instance: 'enforcement', doc_type: 'enforcement_ruling' },
      ]);
      expect(await queryRows(ws.conn, 'SELECT c.case_number, p.role, p.role_label, p.party_kind, p.institution_id FROM case_party p JOIN legal_case c USING (case_id) ORDER BY c.case_number, p.seq')).toEqual([
        { case_number: '(2024)渝0192执88号', role: 'applicant', role_label: '申请执行人', party_kind: 'institution', institution_id: 'I1' },
        { case_number: '(2024)渝0192执88号', role: 'respondent', role_label: '被执行人', party_kind: 'individual', institution_id: null },
        { case_number: '(2024)渝0192民初9号', role: 'applicant', role_label: '申请执行人', party_kind: 'institution', institution_id: 'I1' },
        { case_number: '(2024)渝0192民初9号', role: 'respondent', role_label: '被执行人', party_kind: 'individual', institution_id: null },
      ]);
    } finally {
      ws.dispose();
    }
  });
});
