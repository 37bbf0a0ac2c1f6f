import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec, queryOne, queryRows } from '../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { chainRankSql, rebuildDisputes } from './disputes.js';

interface CaseSpec {
  id: string;
  no?: string | null;
  type?: string | null;
  rank?: number | null;
  cls?: string;
  docType?: string;
  refs?: string[];
  court?: string;
  courtCode?: string | null;
  decided?: string | null;
  filed?: string | null;
  role?: string;
  originalRole?: string | null;
  lending?: boolean;
  category?: string;
  outcome?: string | null;
  claim?: number | null;
  parties?: string[];
}

async function addCase(ws: TempWorkspace, c: CaseSpec): Promise<void> {
  const refs = c.refs ?? [];
  await exec(
    ws.conn,
    `INSERT INTO legal_case (case_id, case_number, case_type_code, chain_rank, case_class, doc_type, court_name, court_code, decided_at, filed_at,
      institution_id, institution_role, original_role, is_lending, cause, cause_category, outcome, claim_total_fen, referenced_case_numbers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::DATE, ?::DATE, 'inst-1', ?, ?, ?, '金融借款合同纠纷', ?, ?, ?, ${refs.length ? `[${refs.map((r) => `'${r}'`).join(',')}]` : 'NULL'})`,
    [
      c.id,
      c.no === undefined ? null : c.no,
      c.type ?? null,
      c.rank ?? null,
      c.cls ?? (c.type?.startsWith('执') ? 'enforcement' : 'civil'),
      c.docType ?? 'judgment',
      c.court ?? '福州市鼓楼区人民法院',
      c.courtCode === undefined ? '闽0102' : c.courtCode,
      c.decided ?? null,
      c.filed ?? null,
      c.role ?? 'plaintiff',
      c.originalRole ?? null,
      c.lending ?? true,
      c.category ?? 'overdue_repayment',
      c.outcome ?? null,
      c.claim ?? null,
    ],
  );
  let seq = 0;
  for (const p of c.parties ?? []) {
    const isInst = p.startsWith('i:');
    await exec(ws.conn, 'INSERT INTO case_party (case_id, seq, role, party_kind, name_masked, name_hash, institution_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      c.id,
      seq++,
      seq === 1 ? 'plaintiff' : 'defendant',
      isInst ? 'institution' : 'individual',
      isInst ? p.slice(2) : '某*',
      isInst ? null : p,
      isInst ? p.slice(2) : null,
    ]);
  }
}

async function disputeOf(ws: TempWorkspace, caseId: string): Promise<string | null> {
  return (await queryOne<{ d: string | null }>(ws.conn, 'SELECT dispute_id AS d FROM legal_case WHERE case_id = ?', [caseId]))?.d ?? null;
}

describe('rebuildDisputes', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await openTempWorkspace();
  });
  afterEach(() => ws.dispose());

  it('groups first instance, appeal and enforcement by references into one dispute', async () => {
    await addCase(ws, { id: 'a', no: '(2017)闽0102民初1424号', type: '民初', rank: 1, filed: '2017-03-02', decided: '2017-06-30', outcome: 'full_support', claim: 5_000_000 });
    await addCase(ws, { id: 'b', no: '(2018)闽01民终1237号', type: '民终', rank: 2, courtCode: '闽01', decided: '2018-04-01', role: 'appellee', originalRole: 'plaintiff', refs: ['(2017)闽0102民初1424号'], outcome: 'upheld' });
    await addCase(ws, { id: 'c', no: '(2018)闽0102执555号', type: '执', rank: 4, docType: 'enforcement_ruling', decided: '2018-09-01', role: 'applicant', refs: ['(2017)闽0102民初1424号'] });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 1 });
    const d = await queryOne(ws.conn, 'SELECT * FROM dispute');
    expect(d).toMatchObject({
      root_case_number: '(2017)闽0102民初1424号',
      institution_role: 'plaintiff',
      filed_at: '2017-03-02',
      decided_at: '2017-06-30',
      first_outcome: 'full_support',
      final_outcome: 'upheld',
      claim_total_fen: 5_000_000,
      has_appeal: true,
      has_retrial: false,
      has_enforcement: true,
      document_count: 3,
      chain_kind: 'litigation',
      counts_as_lawsuit: true,
      enforcement_only: false,
      first_instance_present: true,
      first_case_id: 'a',
      count_date: '2017-03-02',
      count_date_basis: 'first_instance_filed',
      latest_decided_at: '2018-09-01',
      link_method: 'reference',
    });
  });

  it('folds references written with full-width brackets and digits onto the normalized case number', async () => {
    await addCase(ws, { id: 'a', no: '(2023)渝0192民初12345号', type: '民初', rank: 1, courtCode: '渝0192', filed: '2023-02-01', decided: '2023-05-01' });
    await addCase(ws, { id: 'b', no: '(2023)渝01民终777号', type: '民终', rank: 2, courtCode: '渝01', decided: '2023-09-01', refs: ['（2023）渝0192民初１２３４５号'] });
    await addCase(ws, { id: 'c', no: '(2024)渝0192执88号', type: '执', rank: 4, courtCode: '渝0192', docType: 'enforcement_ruling', decided: '2024-01-10', role: 'applicant', refs: ['（ 2023 ）渝0192民初12345号'] });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 1 });
    expect(await disputeOf(ws, 'b')).toBe(await disputeOf(ws, 'a'));
    expect(await disputeOf(ws, 'c')).toBe(await disputeOf(ws, 'a'));
  });

  it('links the dispute to its loan when the documents carry a loan id without a link confidence', async () => {
    await addCase(ws, { id: 'a', no: '(2023)渝0192民初1号', type: '民初', rank: 1, courtCode: '渝0192', filed: '2023-02-01' });
    await exec(ws.conn, "UPDATE legal_case SET loan_id = 'L-9', customer_id = 'C-9', link_confidence = NULL WHERE case_id = 'a'");
    await rebuildDisputes(ws.conn);
    expect(await queryOne(ws.conn, 'SELECT loan_id, customer_id FROM dispute')).toEqual({ loan_id: 'L-9', customer_id: 'C-9' });
  });

  it('flags an enforcement-only dispute and keeps its id when the judgment arrives later', async () => {
    await addCase(ws, { id: 'e', no: '(2019)京0491执77号', type: '执', rank: 4, courtCode: '京0491', docType: 'enforcement_ruling', decided: '2019-08-01', role: 'applicant', refs: ['(2018)京0491民初9号'] });
    await rebuildDisputes(ws.conn);
    const before = await queryOne(ws.conn, 'SELECT dispute_id, enforcement_only, counts_as_lawsuit, institution_role, filed_at, root_case_number, chain_kind FROM dispute');
    expect(before).toMatchObject({ enforcement_only: true, counts_as_lawsuit: false, institution_role: 'plaintiff', filed_at: null, root_case_number: '(2018)京0491民初9号', chain_kind: 'enforcement_only' });
    await addCase(ws, { id: 'j', no: '(2018)京0491民初9号', type: '民初', rank: 1, courtCode: '京0491', filed: '2018-01-05', decided: '2018-05-05' });
    await rebuildDisputes(ws.conn);
    const after = await queryRows(ws.conn, 'SELECT dispute_id, enforcement_only, counts_as_lawsuit, document_count FROM dispute');
    expect(after).toEqual([{ dispute_id: before?.['dispute_id'], enforcement_only: false, counts_as_lawsuit: true, document_count: 2 }]);
  });

  it('keeps two first-instance suits between the same parties apart, and a 民初 citing another 民初 apart', async () => {
    const parties = ['i:inst-1', 'h1'];
    await addCase(ws, { id: 'x', no: '(2020)沪0115民初1号', type: '民初', rank: 1, courtCode: '沪0115', decided: '2020-05-01', parties });
    await addCase(ws, { id: 'y', no: '(2020)沪0115民初2号', type: '民初', rank: 1, courtCode: '沪0115', decided: '2020-06-01', parties, refs: ['(2020)沪0115民初1号'] });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 2 });
  });

  it('links an enforcement ruling without references by parties, court chain and cause when unambiguous', async () => {
    const parties = ['i:inst-1', 'h1'];
    await addCase(ws, { id: 'f', no: '(2020)浙0192民初100号', type: '民初', rank: 1, courtCode: '浙0192', decided: '2020-05-01', parties });
    await addCase(ws, { id: 'g', no: '(2021)浙0192执200号', type: '执', rank: 4, courtCode: '浙0192', docType: 'enforcement_ruling', decided: '2021-02-01', role: 'applicant', parties });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 1 });
    expect(await disputeOf(ws, 'g')).toBe(await disputeOf(ws, 'f'));
    expect((await queryOne(ws.conn, 'SELECT link_method FROM dispute'))?.['link_method']).toBe('parties');
  });

  it('does not link by parties when two first-instance suits would fit', async () => {
    const parties = ['i:inst-1', 'h1'];
    await addCase(ws, { id: 'f1', no: '(2020)浙0192民初100号', type: '民初', rank: 1, courtCode: '浙0192', decided: '2020-05-01', parties });
    await addCase(ws, { id: 'f2', no: '(2020)浙0192民初101号', type: '民初', rank: 1, courtCode: '浙0192', decided: '2020-05-03', parties });
    await addCase(ws, { id: 'g', no: '(2021)浙0192执200号', type: '执', rank: 4, courtCode: '浙0192', docType: 'enforcement_ruling', decided: '2021-02-01', role: 'applicant', parties });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 3 });
  });

  it('does not link by parties outside the time window or across cause categories', async () => {
    const parties = ['i:inst-1', 'h1'];
    await addCase(ws, { id: 'f', no: '(2012)浙0192民初100号', type: '民初', rank: 1, courtCode: '浙0192', decided: '2012-05-01', parties });
    await addCase(ws, { id: 'g', no: '(2021)浙0192执200号', type: '执', rank: 4, courtCode: '浙0192', docType: 'enforcement_ruling', decided: '2021-02-01', parties });
    await addCase(ws, { id: 'h', no: '(2013)浙01民终5号', type: '民终', rank: 2, courtCode: '浙01', decided: '2013-02-01', parties, category: 'contract_dispute' });
    expect(await rebuildDisputes(ws.conn)).toEqual({ disputes: 3 });
  });

  it('counts documents without a case number as their own dispute and is idempotent', async () => {
    await addCase(ws, { id: 'p1', no: null, type: null, rank: null, courtCode: null, decided: null });
    await addCase(ws, { id: 'p2', no: null, type: null, rank: null, courtCode: null, decided: null });
    const first = await rebuildDisputes(ws.conn);
    const ids1 = await queryRows(ws.conn, 'SELECT case_id, dispute_id FROM legal_case ORDER BY case_id');
    const second = await rebuildDisputes(ws.conn);
    const ids2 = await queryRows(ws.conn, 'SELECT case_id, dispute_id FROM legal_case ORDER BY case_id');
    expect(first).toEqual({ disputes: 2 });
    expect(second).toEqual(first);
    expect(ids2).toEqual(ids1);
  });

  it('derives the chain rank of referenced case numbers in SQL', async () => {
    const r = await queryRows<{ r: number }>(
      ws.conn,
      `SELECT ${chainRankSql('x')} AS r FROM (VALUES ('(2017)闽0102民初1424号'), ('(2018)闽01民终1237号'), ('(2019)最高法民申12号'), ('(2007)昌执字第774-3号'), ('(2019)京0491执恢3号'), ('(2003)民二终字第47号'), (NULL)) t(x)`,
    );
    expect(r.map((x) => x.r)).toEqual([1, 2, 3, 4, 4, 2, 1]);
  });
});

describe('rebuildDisputes inside a caller transaction', () => {
  it('joins the open transaction instead of failing', async () => {
    const ws = await openTempWorkspace();
    try {
      await exec(ws.conn, "INSERT INTO legal_case (case_id, case_number, case_type_code, chain_rank, is_lending) VALUES ('a', '(2020)沪0115民初1号', '民初', 1, true)");
      await ws.conn.run('BEGIN TRANSACTION');
      const r = await rebuildDisputes(ws.conn);
      await ws.conn.run('ROLLBACK');
      expect(r).toEqual({ disputes: 1 });
      expect((await queryOne<{ n: number }>(ws.conn, 'SELECT count(*)::INTEGER AS n FROM dispute'))?.n).toBe(0);
    } finally {
      ws.dispose();
    }
  });
});
