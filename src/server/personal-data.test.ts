/**
 * Personal data never reaches roles without the right, and every view by roles with it is audited.
 * The check is on raw response bodies, so no field can leak unnoticed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec } from '../store/sql.js';
import { ROLES, personalLevel } from './auth/roles.js';
import { startHarness, type Harness } from './test/harness.js';

const TEXT = '原告：甲消费金融股份有限公司。被告：张*，男，身份证号110***********123X，电话138****5678。原告诉称被告张*借款50000元未还。本院受理后，依法适用简易程序。';

async function seed(conn: DuckDBConnection): Promise<void> {
  await exec(conn, "INSERT INTO institution (institution_id, name, kind) VALUES ('A', '甲消费金融股份有限公司', 'consumer_finance')");
  await exec(conn, "INSERT INTO customer (customer_id, name_masked, id_number_masked, phone_masked) VALUES ('CUST-7F3A', '张*', '110***********123X', '138****5678')");
  await exec(conn, "INSERT INTO dispute (dispute_id, institution_id, institution_role, root_case_number, filed_at, document_count) VALUES ('D1', 'A', 'plaintiff', '（2023）京0491民初100号', '2023-03-01', 1)");
  const evidence = JSON.stringify({
    caseNumber: { value: '（2023）京0491民初100号', span: { start: 0, end: 5 } },
    parties: [{ value: '张*', span: { start: TEXT.indexOf('张*'), end: TEXT.indexOf('张*') + 2 } }],
    procedure: { value: 'simple', span: { start: TEXT.indexOf('简易程序'), end: TEXT.indexOf('简易程序') + 4 } },
  });
  await conn.run(
    `INSERT INTO legal_case (case_id, case_number, court_name, doc_type, instance, procedure, cause, cause_category, institution_id, institution_role, filed_at, claim_total_fen, outcome, dispute_id, customer_id, text, evidence)
     VALUES ('C1', '（2023）京0491民初100号', '北京互联网法院', 'judgment', 'first', 'simple', '金融借款合同纠纷', 'overdue_repayment', 'A', 'plaintiff', '2023-03-01', 5000000, 'full_support', 'D1', 'CUST-7F3A', $text, $ev::JSON)`,
    { text: TEXT, ev: evidence },
  );
  await exec(conn, "INSERT INTO case_party (case_id, seq, role, role_label, party_kind, name_masked, institution_id, customer_id) VALUES ('C1', 1, 'plaintiff', '原告', 'institution', '甲消费金融股份有限公司', 'A', NULL), ('C1', 2, 'defendant', '被告', 'individual', '张*', NULL, 'CUST-7F3A')");
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed });
});
afterAll(async () => h.dispose());

const PERSONAL = ['张*', 'CUST-7F3A', '110***********123X'];

async function bodies(role: (typeof ROLES)[number]): Promise<string[]> {
  const c = await h.as(role);
  const list = await (await c.raw('listCases', { query: {} })).text();
  const one = await (await c.raw('getCase', { params: { caseId: 'C1' } })).text();
  const search = await (await c.raw('listCases', { query: { q: '张' } })).text();
  return [list, one, search];
}

describe('personal data by role', () => {
  const hidden = ROLES.filter((r) => personalLevel(r) === 'hidden');
  const masked = ROLES.filter((r) => personalLevel(r) === 'masked');

  it('there are roles on both sides (the test would be empty otherwise)', () => {
    expect(hidden.length).toBeGreaterThan(0);
    expect(masked.length).toBeGreaterThan(0);
  });

  it.each(hidden)('%s never receives names, pseudonymous ids or masked identifiers', async (role) => {
    for (const body of await bodies(role)) for (const p of PERSONAL) expect(body, `${role}: ${p}`).not.toContain(p);
  });

  it.each(hidden)('%s still gets the evidence spans at the same offsets', async (role) => {
    const c = await (await h.as(role)).call('getCase', { params: { caseId: 'C1' } });
    const proc = c.spans.find((s) => s.field === 'procedure');
    expect(proc?.text).toBe('简易程序');
    const party = c.spans.find((s) => s.field.startsWith('parties'));
    expect(party?.text).toBe('＊＊');
    expect(party?.value).toBeNull();
    expect(c.text?.length).toBe(TEXT.length);
  });

  it.each(masked)('%s sees the masked forms, and each view is in the audit log', async (role) => {
    const before = (await (await h.as('auditor')).call('auditLog', { query: { action: 'personal.view', actor: role.replace('_', '-') } })).total;
    const [list, one] = await bodies(role);
    expect(list).toContain('张*');
    expect(one).toContain('张*');
    expect(one).toContain('CUST-7F3A');
    const log = await (await h.as('auditor')).call('auditLog', { query: { action: 'personal.view', actor: role.replace('_', '-') } });
    expect(log.total).toBe(before + 3);
    expect(log.entries.map((e) => e.target)).toContain('case:C1');
    expect(log.chain.ok).toBe(true);
  });
});
