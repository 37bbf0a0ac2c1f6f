/**
 * `suitrate case parse <file>`: parse a court document (.txt, .html, .docx, .json, .jsonl) and print
 * every field with its evidence (the text at the stated offsets); names of individuals are masked.
 * `suitrate case show <case_id>`: a stored case with its parties, dispute and evidence.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { readSourceDocuments } from '../../judgments/ingest.js';
import { parseDocument } from '../../judgments/parse-document.js';
import { describeDocument } from '../../judgments/report.js';
import { queryOne, queryRows } from '../../store/sql.js';
import { contextFrom, withWorkspace } from '../context.js';
import { emit } from '../output.js';

const clip = (s: string | null, n = 60): string | null => (s === null ? null : s.length > n ? `${s.slice(0, n)}…` : s);

async function parseCommand(file: string, opts: { index?: string }, cmd: Command): Promise<void> {
  const ctx = contextFrom(cmd);
  if (!existsSync(file)) throw new AppError({ code: 'case.not_found', en: `No such file: ${file}`, zh: `文件不存在：${file}` });
  const index = Math.max(0, Number(opts.index ?? 0) || 0);
  const { docs, problems } = await readSourceDocuments(file, index + 1);
  const item = docs[index];
  if (!item) {
    const why = problems[0] ? `${problems[0].code}: ${problems[0].message}` : 'no document found';
    throw new AppError({ code: 'case.no_document', en: `${file}: no readable document at index ${index} (${why})`, zh: `${file}：第 ${index} 份文书无法读取（${why}）` });
  }
  const parsed = parseDocument(item.doc.text, item.doc.title ? { title: item.doc.title } : {});
  const report = describeDocument(parsed);
  const json = { source: file, line: item.line, sourceId: item.doc.sourceId, truncated: report.truncated, missing: report.missing, fields: report.fields };
  emit(ctx.format, json, [
    { title: `${file}${item.doc.sourceId ? ` (${item.doc.sourceId})` : ''}`, columns: ['field', 'value', 'offsets', 'evidence'], rows: report.fields.map((f) => [f.field, f.value, f.start === null ? '' : `${f.start}-${f.end}`, clip(f.evidence)]) },
    { title: 'not extracted', columns: ['field'], rows: report.missing.map((m) => [m]) },
  ]);
}

async function showCommand(caseId: string, _opts: unknown, cmd: Command): Promise<void> {
  const ctx = contextFrom(cmd);
  await withWorkspace(
    ctx,
    async (ws) => {
      const row = await queryOne<Record<string, unknown>>(
        ws.conn,
        `SELECT case_id, case_number, court_name, doc_type, instance, procedure, cause, cause_category, is_lending, institution_id, institution_name, institution_role,
           filed_at, decided_at, claim_principal_fen, claim_total_fen, outcome, awarded_total_fen, court_fee_fen, court_fee_charged_fen, court_fee_payer,
           absent_defendant, referenced_case_numbers, dispute_id, loan_id, customer_id, link_confidence, link_reason, missing_fields, evidence
         FROM legal_case WHERE case_id = ?`,
        [caseId],
      );
      if (!row) throw new AppError({ code: 'case.unknown', en: `No case ${caseId} in the workspace`, zh: `工作区中没有案件 ${caseId}` });
      const parties = await queryRows(ws.conn, 'SELECT seq, role, role_label, party_kind, name_masked, institution_id, head_office, customer_id, agents FROM case_party WHERE case_id = ? ORDER BY seq', [caseId]);
      const dispute = row['dispute_id'] ? await queryOne(ws.conn, 'SELECT * FROM dispute WHERE dispute_id = ?', [String(row['dispute_id'])]) : null;
      const evidence = JSON.parse(String(row['evidence'] ?? '{}')) as Record<string, unknown>;
      const { evidence: _e, ...fields } = row;
      emit(ctx.format, { case: fields, parties, dispute, evidence }, [
        { title: caseId, columns: ['field', 'value', 'evidence'], rows: Object.entries(fields).map(([k, v]) => [k, v, clip(evidenceText(evidence, k))]) },
        { title: 'parties', columns: ['seq', 'role', 'kind', 'name', 'institution', 'head office'], rows: parties.map((p) => [p['seq'], p['role_label'] ?? p['role'], p['party_kind'], p['name_masked'], p['institution_id'], p['head_office']]) },
        ...(dispute ? [{ title: `dispute ${String(dispute['dispute_id'])}`, columns: ['field', 'value'], rows: Object.entries(dispute).map(([k, v]) => [k, v]) }] : []),
      ]);
    },
    { mustExist: true },
  );
}

const EVIDENCE_KEY: Record<string, string> = {
  case_number: 'caseNumber', court_name: 'court', doc_type: 'docType', procedure: 'procedure', cause: 'cause', cause_category: 'causeCategory', filed_at: 'filedAt',
  decided_at: 'decidedAt', claim_principal_fen: 'claimPrincipal', claim_total_fen: 'claimTotal', outcome: 'outcome', awarded_total_fen: 'awardedTotal',
  court_fee_fen: 'courtFee', court_fee_charged_fen: 'courtFeeCharged', court_fee_payer: 'courtFeePayer', absent_defendant: 'absentDefendant',
};

function evidenceText(ev: Record<string, unknown>, column: string): string | null {
  const e = ev[EVIDENCE_KEY[column] ?? ''];
  return e && typeof e === 'object' && 'text' in e ? String((e as { text: unknown }).text) : null;
}

export function registerCase(program: Command): void {
  const c = program.command('case').description('Court documents: parse one, or show a stored case with its evidence');
  c.command('parse <file>')
    .description('Parse a court document (.txt/.html/.docx/.json/.jsonl) and print every field with its evidence; personal names masked')
    .option('--index <n>', 'which document of a .json/.jsonl file (0-based)', '0')
    .action(parseCommand);
  c.command('show <case_id>').description('Show a stored case: fields, evidence, parties and its dispute').action(showCommand);
}
