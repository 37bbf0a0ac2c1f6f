import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pseudonymize, residentIdCheckChar } from '../domain/pii.js';
import { exec, queryOne, queryRows } from '../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { importCaseDocuments } from './ingest.js';
import { renderEnforcement, renderJudgment, renderWithdrawal, synthCases, type SynthCase } from './synth-documents.js';

async function docx(text: string): Promise<Buffer> {
  const zip = new JSZip();
  const body = text
    .split('\n')
    .map((l) => `<w:p><w:r><w:t xml:space="preserve">${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`)
    .join('');
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

function html(text: string): string {
  return `<html><head><style>p{}</style></head><body>${text.split('\n').map((l) => `<p>${l.replace(/&/g, '&amp;')}</p>`).join('')}</body></html>`;
}

describe('importCaseDocuments', () => {
  let ws: TempWorkspace;
  let dir: string;
  let cases: SynthCase[];
  beforeEach(async () => {
    ws = await openTempWorkspace();
    dir = join(ws.dir, 'docs');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    cases = synthCases(40, 11).filter((c) => c.outcome === 'full_support' && c.enforcementNumber !== null).slice(0, 3);
    expect(cases.length).toBe(3);
  });
  afterEach(() => ws.dispose());

  async function writeInputs(): Promise<void> {
    const [a, b, c] = cases as [SynthCase, SynthCase, SynthCase];
    writeFileSync(join(dir, 'a-judgment.txt'), renderJudgment(a));
    writeFileSync(join(dir, 'a-enforcement.html'), html(renderEnforcement(a) ?? ''));
    writeFileSync(join(dir, 'sub', 'b-judgment.docx'), await docx(renderJudgment(b)));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ 文书ID: 'cjo-c', 案件名称: `${c.lender}与${c.borrower}${c.cause}一审民事判决书`, jsonHtmlData: JSON.stringify({ Title: 'x', Html: html(renderJudgment(c)) }) }));
    const lines = [
      JSON.stringify({ id: 'w-1', DocContent: html(renderWithdrawal({ ...c, outcome: 'withdrawn', caseNumber: c.caseNumber.replace('民初', '民初9') })) }),
      '{not json',
      JSON.stringify({ id: 'no-text', title: 'x' }),
      JSON.stringify({ id: 'empty', text: '   ' }),
    ];
    writeFileSync(join(dir, 'batch.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 31)));
  }

  it('imports every supported container, reports rejects and links the book', async () => {
    const [a] = cases as [SynthCase];
    await exec(ws.conn, "INSERT INTO institution (institution_id, name, kind) VALUES ('inst-a', ?, 'bank')", [a.lender]);
    await exec(ws.conn, "INSERT INTO customer (customer_id, institution_id, name_hash) VALUES ('cust-a', 'inst-a', ?)", [pseudonymize(ws.secret, 'name', a.borrower)]);
    await exec(ws.conn, "INSERT INTO loan (loan_id, institution_id, customer_id, originated_at, principal_fen, term_months) VALUES ('loan-a', 'inst-a', 'cust-a', ?::DATE, ?, 12)", [a.contractDate, a.principalFen]);
    await writeInputs();
    const rejects = join(ws.dir, 'report.csv');
    const seen: number[] = [];
    const s = await importCaseDocuments(ws, dir, { rejectsPath: rejects, onProgress: (done) => seen.push(done) });
    expect(s).toMatchObject({ kind: 'cases', read: 9, stored: 5, unchanged: 0, rejected: 4, conflicts: 0, rejectsFile: rejects });
    expect(s.read).toBe(s.stored + s.unchanged + s.rejected);
    expect(s.rejectCodes).toMatchObject({ 'json.invalid': 1, 'document.no_text': 2, 'document.unreadable': 1 });
    expect(seen[seen.length - 1]).toBe(9);
    const report = readFileSync(rejects, 'utf8');
    expect(report).toContain('json.invalid');
    expect(report).toContain('batch.jsonl');

    const judgment = await queryOne<Record<string, unknown>>(ws.conn, "SELECT * FROM legal_case WHERE source_file LIKE '%a-judgment.txt'");
    expect(judgment).toMatchObject({
      case_number: a.caseNumber.replace('（', '(').replace('）', ')'),
      doc_type: 'judgment',
      instance: 'first',
      institution_id: 'inst-a',
      institution_role: 'plaintiff',
      claim_principal_fen: a.principalFen,
      filed_at: a.filedAt,
      decided_at: a.decidedAt,
      loan_id: 'loan-a',
      customer_id: 'cust-a',
      link_confidence: 0.9,
      is_lending: true,
    });
    expect(String(judgment?.['institution_match_reason'])).toContain('branch of head office');
    expect(String(judgment?.['text'])).not.toContain(a.borrower);
    const evidence = JSON.parse(String(judgment?.['evidence'])) as Record<string, { start: number; end: number; text: string }>;
    for (const key of ['caseNumber', 'court', 'decidedAt', 'claimPrincipal', 'courtFee']) {
      const e = evidence[key];
      expect(e, key).toBeDefined();
      expect(String(judgment?.['text']).slice(e?.start, e?.end)).toBe(e?.text);
    }
    const party = await queryOne<Record<string, unknown>>(ws.conn, "SELECT * FROM case_party WHERE case_id = ? AND role = 'defendant'", [String(judgment?.['case_id'])]);
    expect(party).toMatchObject({ party_kind: 'individual', name_masked: a.borrower[0] + '*'.repeat(a.borrower.length - 1), name_hash: pseudonymize(ws.secret, 'name', a.borrower), customer_id: 'cust-a' });

    const dispute = await queryOne<Record<string, unknown>>(ws.conn, 'SELECT * FROM dispute WHERE dispute_id = ?', [String(judgment?.['dispute_id'])]);
    expect(dispute).toMatchObject({ document_count: 2, has_enforcement: true, counts_as_lawsuit: true, enforcement_only: false, institution_id: 'inst-a', institution_role: 'plaintiff', loan_id: 'loan-a' });
    const docxRow = await queryOne<Record<string, unknown>>(ws.conn, "SELECT doc_type, case_number FROM legal_case WHERE source_file LIKE '%b-judgment.docx'");
    expect(docxRow?.['doc_type']).toBe('judgment');
    const json = await queryOne<Record<string, unknown>>(ws.conn, "SELECT source_doc_id, doc_type FROM legal_case WHERE case_id = 'doc:cjo-c'");
    expect(json).toEqual({ source_doc_id: 'cjo-c', doc_type: 'judgment' });
    const batch = await queryOne<Record<string, unknown>>(ws.conn, 'SELECT kind, rows_read, rows_stored, rows_rejected FROM import_batch WHERE batch_id = ?', [s.batchId]);
    expect(batch).toEqual({ kind: 'cases', rows_read: 9, rows_stored: 5, rows_rejected: 4 });
  });

  it('re-importing changes nothing; a changed document under the same id is a conflict', async () => {
    await writeInputs();
    const first = await importCaseDocuments(ws, dir, { rejectsPath: join(ws.dir, 'r1.csv') });
    const count = async (): Promise<number> => (await queryOne<{ n: number }>(ws.conn, 'SELECT count(*)::INTEGER AS n FROM legal_case'))?.n ?? -1;
    const before = await count();
    const again = await importCaseDocuments(ws, dir, { rejectsPath: join(ws.dir, 'r2.csv') });
    expect(again).toMatchObject({ stored: 0, unchanged: first.stored, rejected: first.rejected, conflicts: 0 });
    expect(await count()).toBe(before);
    const c = cases[2] as SynthCase;
    const changed = join(ws.dir, 'changed.json');
    writeFileSync(changed, JSON.stringify({ 文书ID: 'cjo-c', text: renderJudgment({ ...c, interestFen: c.interestFen + 100 }) }));
    const conflict = await importCaseDocuments(ws, changed, { rejectsPath: join(ws.dir, 'r3.csv') });
    expect(conflict).toMatchObject({ read: 1, stored: 0, rejected: 1, conflicts: 1 });
    expect(conflict.rejectCodes).toEqual({ 'case.conflict': 1 });
    expect(await count()).toBe(before);
  });

  it('links a case to a customer by a pseudonymized resident ID number found in the party details', async () => {
    const [a] = cases as [SynthCase];
    const first17 = '11010519900101123';
    const id = first17 + residentIdCheckChar(first17);
    await exec(ws.conn, "INSERT INTO customer (customer_id, id_number_hash) VALUES ('cust-id', ?)", [pseudonymize(ws.secret, 'id_number', id)]);
    const text = renderJudgment(a).replace(`${a.borrower}，${a.borrowerSex}，`, `${a.borrower}，${a.borrowerSex}，公民身份号码${id}，`);
    writeFileSync(join(dir, 'with-id.txt'), text);
    await importCaseDocuments(ws, join(dir, 'with-id.txt'), { rejectsPath: join(ws.dir, 'r.csv') });
    const row = await queryOne<Record<string, unknown>>(ws.conn, 'SELECT customer_id, link_confidence, link_reason, text FROM legal_case');
    expect(row).toMatchObject({ customer_id: 'cust-id', link_confidence: 0.99, link_reason: 'pseudonymized ID number matches customer' });
    expect(String(row?.['text'])).not.toContain(id);
  });

  it('refuses unsupported files and stops when aborted', async () => {
    const csv = join(ws.dir, 'x.csv');
    writeFileSync(csv, 'a,b\n');
    await expect(importCaseDocuments(ws, csv)).rejects.toMatchObject({ code: 'import.unsupported' });
    await writeInputs();
    const ctl = new AbortController();
    ctl.abort();
    await expect(importCaseDocuments(ws, dir, { signal: ctl.signal })).rejects.toMatchObject({ code: 'import.aborted' });
    const rows = await queryRows(ws.conn, 'SELECT * FROM legal_case');
    expect(rows).toEqual([]);
  });
});
