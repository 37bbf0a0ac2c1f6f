/**
 * `importCaseDocuments(ws, path, opts)`: court documents from a folder (recursively) or a file
 * (.txt, .html/.htm, .docx, .json, .jsonl/.ndjson with a text field) into legal_case and
 * case_party, then customer/loan linking and rebuildDisputes.
 *
 * - Idempotent: the natural key is the source document id (else 案号 + document type, else the
 *   content hash). A document whose key and content are already stored is `unchanged`; the same key
 *   with different content is a conflict (rejected, reported); the same content parsed by an older
 *   parser version is re-parsed and replaced.
 * - Every document that cannot be read (empty, binary, bad JSON, no text field) is rejected with a
 *   reason; every stored document with expected fields that could not be extracted gets one
 *   `field.missing` line per field in the same report file (those documents are stored, and counted
 *   in `incomplete`).
 * - Work is done in batches of 500 documents, each in its own transaction; the signal is checked
 *   between batches.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError, type RowProblem } from '../domain/errors.js';
import type { ImportSummary } from '../domain/import.js';
import { defaultRejectsPath, removeStaleRejects, sortProblems, writeRejects } from '../ingest/rejects.js';
import { exec, inTransaction, queryRows } from '../store/sql.js';
import type { Workspace } from '../store/workspace.js';
import { buildCaseRows, sha256, type CasePartyRow, type CaseRows, type LegalCaseRow, type LinkKeyRow } from './case-rows.js';
import { rebuildDisputes } from './disputes.js';
import { decodeBytes, docxToText, documentFromRecord, documentsFromJson, htmlToText, looksLikeHtml, type SourceDocument } from './extract.js';
import { linkLoans, loadInstitutionIndex, type InstitutionIndex } from './link.js';
import { PARSER_VERSION, parseDocument } from './parse-document.js';

/** Documents processed so far and the documents expected (the total may grow while JSON arrays are read). */
export type ProgressCallback = (done: number, total: number) => void;

export interface ImportCaseOptions {
  onProgress?: ProgressCallback;
  rejectsPath?: string;
  signal?: AbortSignal;
}

export interface CaseImportSummary extends ImportSummary {
  /** Stored documents with at least one expected field missing (reported as field.missing lines). */
  incomplete: number;
  missingFields: Record<string, number>;
  disputes: number;
  linkedToLoans: number;
}

const EXTS = new Set(['.txt', '.html', '.htm', '.docx', '.json', '.jsonl', '.ndjson']);
const BATCH = 500;
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAX_DOC_CHARS = 5_000_000;

interface Item {
  file: string;
  line: number;
  doc: SourceDocument | null;
  problem: RowProblem | null;
}

function listFiles(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && EXTS.has(extname(e.name).toLowerCase()) && !e.name.endsWith('.rejects.csv')) out.push(p);
    }
  };
  walk(path, 0);
  return out;
}

function problem(file: string, line: number, column: string, code: string, message: string): RowProblem {
  return { file, line, column, code, message };
}

function countLines(buf: Uint8Array): number {
  let n = 0;
  let nonEmpty = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 10) {
      if (nonEmpty) n++;
      nonEmpty = false;
    } else if (c !== 13 && c !== 32) nonEmpty = true;
  }
  return nonEmpty ? n + 1 : n;
}

function plausibleText(text: string): string | null {
  if (text.trim() === '') return 'empty document';
  if (text.length > MAX_DOC_CHARS) return `document longer than ${MAX_DOC_CHARS} characters`;
  let bad = 0;
  const n = Math.min(text.length, 20_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 10 && c !== 13 && c !== 9)) bad++;
  }
  if (bad > n * 0.1) return 'binary or undecodable content';
  return null;
}

async function* itemsOf(file: string): AsyncGenerator<Item> {
  const ext = extname(file).toLowerCase();
  const size = statSync(file).size;
  if (size > MAX_FILE_BYTES) {
    yield { file, line: 1, doc: null, problem: problem(file, 1, '', 'file.too_large', `file larger than ${MAX_FILE_BYTES} bytes`) };
    return;
  }
  const bytes = readFileSync(file);
  if (ext === '.docx') {
    try {
      yield { file, line: 1, doc: { sourceId: null, title: null, text: await docxToText(bytes) }, problem: null };
    } catch (err) {
      yield { file, line: 1, doc: null, problem: problem(file, 1, '', 'docx.invalid', `cannot read DOCX: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200)) };
    }
    return;
  }
  const { text } = decodeBytes(bytes);
  if (ext === '.jsonl' || ext === '.ndjson') {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = (lines[i] ?? '').trim();
      if (l === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(l);
      } catch {
        yield { file, line: i + 1, doc: null, problem: problem(file, i + 1, '', 'json.invalid', 'line is not valid JSON') };
        continue;
      }
      const doc = rec && typeof rec === 'object' && !Array.isArray(rec) ? documentFromRecord(rec as Record<string, unknown>) : null;
      yield doc ? { file, line: i + 1, doc, problem: null } : { file, line: i + 1, doc: null, problem: problem(file, i + 1, 'text', 'document.no_text', 'no text field (text, DocContent, jsonHtmlData, qwContent …)') };
    }
    return;
  }
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { file, line: 1, doc: null, problem: problem(file, 1, '', 'json.invalid', 'file is not valid JSON') };
      return;
    }
    const docs = documentsFromJson(value);
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] ?? null;
      yield doc ? { file, line: i + 1, doc, problem: null } : { file, line: i + 1, doc: null, problem: problem(file, i + 1, 'text', 'document.no_text', 'record has no text field') };
    }
    return;
  }
  const body = ext === '.html' || ext === '.htm' || looksLikeHtml(text) ? htmlToText(text) : text;
  yield { file, line: 1, doc: { sourceId: null, title: null, text: body }, problem: null };
}

function progress(cb: ProgressCallback | undefined, done: number, total: number): void {
  cb?.(done, total);
}

const LC_COLS: ReadonlyArray<readonly [keyof LegalCaseRow, string]> = [
  ['case_id', 'VARCHAR'], ['case_number', 'VARCHAR'], ['case_year', 'INTEGER'], ['court_code', 'VARCHAR'], ['court_province', 'VARCHAR'],
  ['case_type_code', 'VARCHAR'], ['case_seq', 'INTEGER'], ['court_name', 'VARCHAR'], ['doc_type', 'VARCHAR'], ['instance', 'VARCHAR'],
  ['procedure', 'VARCHAR'], ['cause', 'VARCHAR'], ['cause_category', 'VARCHAR'], ['is_lending', 'BOOLEAN'], ['institution_id', 'VARCHAR'],
  ['institution_role', 'VARCHAR'], ['filed_at', 'DATE'], ['decided_at', 'DATE'], ['claim_principal_fen', 'BIGINT'], ['claim_interest_fen', 'BIGINT'],
  ['claim_penalty_fen', 'BIGINT'], ['claim_compound_fen', 'BIGINT'], ['claim_fee_fen', 'BIGINT'], ['claim_lawyer_fee_fen', 'BIGINT'],
  ['claim_total_fen', 'BIGINT'], ['outcome', 'VARCHAR'], ['awarded_total_fen', 'BIGINT'], ['court_fee_fen', 'BIGINT'], ['court_fee_charged_fen', 'BIGINT'],
  ['court_fee_payer', 'VARCHAR'], ['absent_defendant', 'BOOLEAN'], ['recovered_fen', 'BIGINT'], ['referenced_case_numbers', 'VARCHAR[]'],
  ['source_file', 'VARCHAR'], ['source_doc_id', 'VARCHAR'], ['text', 'VARCHAR'], ['evidence', 'JSON'], ['batch_id', 'VARCHAR'], ['doc_title', 'VARCHAR'],
  ['case_class', 'VARCHAR'], ['chain_rank', 'INTEGER'], ['cited_case_numbers', 'VARCHAR[]'], ['original_role', 'VARCHAR'], ['institution_name', 'VARCHAR'],
  ['institution_match_reason', 'VARCHAR'], ['institution_match_score', 'DOUBLE'], ['cause_sentence', 'VARCHAR'], ['judges', 'VARCHAR[]'], ['clerk', 'VARCHAR'],
  ['rates', 'JSON'], ['max_annual_rate', 'DOUBLE'], ['court_fee_reduction', 'VARCHAR'], ['missing_fields', 'VARCHAR[]'], ['content_sha256', 'VARCHAR'],
  ['parser_version', 'VARCHAR'],
];
const CP_COLS: ReadonlyArray<readonly [keyof CasePartyRow, string]> = [
  ['case_id', 'VARCHAR'], ['seq', 'INTEGER'], ['role', 'VARCHAR'], ['role_label', 'VARCHAR'], ['party_kind', 'VARCHAR'], ['name_masked', 'VARCHAR'],
  ['name_hash', 'VARCHAR'], ['institution_id', 'VARCHAR'], ['head_office', 'VARCHAR'], ['agents', 'VARCHAR[]'],
];
const LK_COLS: ReadonlyArray<readonly [keyof LinkKeyRow, string]> = [
  ['case_id', 'VARCHAR'], ['seq', 'INTEGER'], ['name_hash', 'VARCHAR'], ['id_hash', 'VARCHAR'], ['principal_fen', 'BIGINT'], ['contract_dates', 'DATE[]'],
];

/** Stage column type: lists and JSON travel as JSON text, dates as text; the INSERT casts. */
function stageType(t: string): string {
  if (t.endsWith('[]') || t === 'JSON' || t === 'DATE') return 'VARCHAR';
  return t;
}

function castFrom(col: string, t: string): string {
  if (t.endsWith('[]')) return `CAST(from_json(${col}, '["VARCHAR"]') AS ${t})`;
  if (t === 'JSON') return `CAST(${col} AS JSON)`;
  if (t === 'DATE') return `CAST(${col} AS DATE)`;
  return col;
}

async function stage<T extends object>(conn: DuckDBConnection, table: string, cols: ReadonlyArray<readonly [keyof T, string]>, rows: readonly T[]): Promise<void> {
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${table} (${cols.map(([c, t]) => `${String(c)} ${stageType(t)}`).join(', ')})`);
  const app = await conn.createAppender(table, 'main', 'temp');
  for (const r of rows) {
    for (const [c, t] of cols) {
      const v = (r as Record<string, unknown>)[String(c)];
      if (v === null || v === undefined) app.appendNull();
      else if (t.endsWith('[]')) app.appendVarchar(JSON.stringify(v));
      else if (t === 'BIGINT') app.appendBigInt(BigInt(Math.round(Number(v))));
      else if (t === 'INTEGER') app.appendInteger(Number(v));
      else if (t === 'DOUBLE') app.appendDouble(Number(v));
      else if (t === 'BOOLEAN') app.appendBoolean(Boolean(v));
      else app.appendVarchar(String(v));
    }
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

function insertFrom<T>(table: string, stageTable: string, cols: ReadonlyArray<readonly [keyof T, string]>, where = ''): string {
  return `INSERT INTO ${table} (${cols.map(([c]) => String(c)).join(', ')}) SELECT ${cols.map(([c, t]) => castFrom(String(c), t)).join(', ')} FROM ${stageTable} ${where}`;
}

interface Counts {
  read: number;
  stored: number;
  unchanged: number;
  rejected: number;
  conflicts: number;
  incomplete: number;
}

interface Pending {
  item: Item;
  rows: CaseRows;
}

async function writeBatch(conn: DuckDBConnection, pending: Pending[], counts: Counts, problems: RowProblem[], missing: Record<string, number>): Promise<void> {
  if (pending.length === 0) return;
  const byId = new Map<string, Pending>();
  const keep: Pending[] = [];
  for (const p of pending) {
    const prev = byId.get(p.rows.legal.case_id);
    if (!prev) {
      byId.set(p.rows.legal.case_id, p);
      keep.push(p);
    } else if (prev.rows.legal.content_sha256 === p.rows.legal.content_sha256) {
      counts.unchanged++;
    } else {
      counts.rejected++;
      counts.conflicts++;
      problems.push(problem(p.item.file, p.item.line, '', 'case.conflict', `same document key ${p.rows.legal.case_id} as line ${prev.item.line} of ${basename(prev.item.file)} with different content`));
    }
  }
  await inTransaction(conn, async () => {
    await stage(conn, '_lc_ids', [['case_id', 'VARCHAR']] as const, keep.map((p) => ({ case_id: p.rows.legal.case_id })));
    const existing = await queryRows<{ case_id: string; content_sha256: string | null; parser_version: string | null; source_file: string | null }>(
      conn,
      'SELECT l.case_id, l.content_sha256, l.parser_version, l.source_file FROM legal_case l JOIN _lc_ids s USING (case_id)',
    );
    const old = new Map(existing.map((e) => [e.case_id, e]));
    const write: Pending[] = [];
    const replace: string[] = [];
    for (const p of keep) {
      const e = old.get(p.rows.legal.case_id);
      if (!e) write.push(p);
      else if (e.content_sha256 === p.rows.legal.content_sha256 && e.parser_version === p.rows.legal.parser_version) counts.unchanged++;
      else if (e.content_sha256 === p.rows.legal.content_sha256 || e.content_sha256 === null) {
        write.push(p);
        replace.push(p.rows.legal.case_id);
      } else {
        counts.rejected++;
        counts.conflicts++;
        problems.push(problem(p.item.file, p.item.line, '', 'case.conflict', `document key ${p.rows.legal.case_id} is already stored with different content (from ${e.source_file ?? 'another import'})`));
      }
    }
    for (const p of write) {
      counts.stored++;
      if (p.rows.legal.missing_fields.length > 0) {
        counts.incomplete++;
        for (const f of p.rows.legal.missing_fields) {
          missing[f] = (missing[f] ?? 0) + 1;
          problems.push(problem(p.item.file, p.item.line, f, 'field.missing', `stored, but ${f} could not be extracted (document ${p.rows.legal.case_id})`));
        }
      }
    }
    if (replace.length > 0) {
      await stage(conn, '_lc_replace', [['case_id', 'VARCHAR']] as const, replace.map((case_id) => ({ case_id })));
      await exec(conn, 'DELETE FROM case_party WHERE case_id IN (SELECT case_id FROM _lc_replace)');
      await exec(conn, 'DELETE FROM legal_case WHERE case_id IN (SELECT case_id FROM _lc_replace)');
    }
    await stage(conn, '_lc_stage', LC_COLS, write.map((p) => p.rows.legal));
    await stage(conn, '_cp_stage', CP_COLS, write.flatMap((p) => p.rows.parties));
    await stage(conn, '_lk_stage', LK_COLS, write.flatMap((p) => p.rows.links));
    await exec(conn, insertFrom<LegalCaseRow>('legal_case', '_lc_stage', LC_COLS));
    await exec(conn, insertFrom<CasePartyRow>('case_party', '_cp_stage', CP_COLS));
    await exec(conn, `INSERT INTO _case_link SELECT ${LK_COLS.map(([c, t]) => castFrom(String(c), t)).join(', ')} FROM _lk_stage`);
  });
}

/** Import court documents from a folder or a file. See the module comment. */
export async function importCaseDocuments(ws: Workspace, path: string, opts: ImportCaseOptions = {}): Promise<CaseImportSummary> {
  const started = Date.now();
  const full = resolve(path);
  let files: string[];
  try {
    files = listFiles(full);
  } catch (err) {
    throw new AppError({ code: 'import.not_found', en: `Cannot read ${full}: ${err instanceof Error ? err.message : String(err)}`, zh: `无法读取 ${full}`, cause: err });
  }
  if (files.length === 1 && files[0] === full && !EXTS.has(extname(full).toLowerCase())) {
    throw new AppError({ code: 'import.unsupported', en: `${full}: court documents must be .txt, .html, .htm, .docx, .json or .jsonl`, zh: `${full}：裁判文书须为 .txt、.html、.htm、.docx、.json 或 .jsonl 文件` });
  }
  const batchId = `cases-${randomUUID()}`;
  const institutions: InstitutionIndex = await loadInstitutionIndex(ws.conn);
  let total = 0;
  for (const f of files) {
    const ext = extname(f).toLowerCase();
    total += ext === '.jsonl' || ext === '.ndjson' ? countLines(readFileSync(f)) : 1;
  }
  await exec(ws.conn, 'CREATE OR REPLACE TEMP TABLE _case_link (case_id VARCHAR, seq INTEGER, name_hash VARCHAR, id_hash VARCHAR, principal_fen BIGINT, contract_dates DATE[])');
  const counts: Counts = { read: 0, stored: 0, unchanged: 0, rejected: 0, conflicts: 0, incomplete: 0 };
  const problems: RowProblem[] = [];
  const missing: Record<string, number> = {};
  const hash = sha256(files.map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`).join('\n'));
  let raw: { item: Item & { doc: SourceDocument }; sha: string }[] = [];
  const flush = async (): Promise<void> => {
    // Documents whose exact content this parser version already stored are unchanged: skip parsing them.
    await stage(ws.conn, '_lc_sha', [['sha', 'VARCHAR']] as const, raw.map((r) => ({ sha: r.sha })));
    const known = new Set(
      (await queryRows<{ sha: string }>(ws.conn, 'SELECT DISTINCT content_sha256 AS sha FROM legal_case WHERE parser_version = ? AND content_sha256 IN (SELECT sha FROM _lc_sha)', [PARSER_VERSION])).map((r) => r.sha),
    );
    const pending: Pending[] = [];
    for (const { item, sha } of raw) {
      if (known.has(sha)) {
        counts.unchanged++;
        continue;
      }
      const parsed = parseDocument(item.doc.text, item.doc.title ? { title: item.doc.title } : {});
      pending.push({ item, rows: buildCaseRows(parsed, { secret: ws.secret, batchId, sourceFile: item.file, sourceDocId: item.doc.sourceId, contentSha256: sha, institutions }) });
    }
    await writeBatch(ws.conn, pending, counts, problems, missing);
    raw = [];
    progress(opts.onProgress, counts.read, Math.max(total, counts.read));
  };
  for (const file of files) {
    for await (const item of itemsOf(file)) {
      if (opts.signal?.aborted) throw new AppError({ code: 'import.aborted', en: 'Import aborted; documents stored so far are kept (re-running the import is safe).', zh: '导入已中止；已写入的文书保留（可安全地重新导入）。' });
      counts.read++;
      if (item.problem || !item.doc) {
        counts.rejected++;
        if (item.problem) problems.push(item.problem);
        continue;
      }
      const why = plausibleText(item.doc.text);
      if (why) {
        counts.rejected++;
        problems.push(problem(item.file, item.line, 'text', 'document.unreadable', why));
        continue;
      }
      raw.push({ item: { ...item, doc: item.doc }, sha: sha256(`${item.doc.title ?? ''}\n${item.doc.text}`) });
      if (raw.length >= BATCH) await flush();
    }
  }
  await flush();
  const linked = counts.stored > 0 ? (await linkLoans(ws.conn)).linked : 0;
  const disputes = (await rebuildDisputes(ws.conn)).disputes;
  await exec(ws.conn, 'DROP TABLE IF EXISTS _case_link');
  const rejectsPath = problems.length > 0 ? resolve(opts.rejectsPath ?? defaultRejectsPath(full)) : null;
  const sorted = sortProblems(problems);
  const rejectCodes: Record<string, number> = {};
  for (const p of sorted) rejectCodes[p.code] = (rejectCodes[p.code] ?? 0) + 1;
  if (rejectsPath) writeRejects(rejectsPath, sorted.map((p) => ({ ...p, column: p.column, message: `${basename(p.file)}: ${p.message}` })));
  else removeStaleRejects(defaultRejectsPath(full));
  await exec(
    ws.conn,
    `INSERT INTO import_batch (batch_id, kind, source_file, source_sha256, started_at, finished_at, rows_read, rows_stored, rows_unchanged, rows_rejected, rejects_file)
     VALUES (?, 'cases', ?, ?, to_timestamp(?), current_timestamp, ?, ?, ?, ?, ?)`,
    [batchId, full, hash, started / 1000, counts.read, counts.stored, counts.unchanged, counts.rejected, rejectsPath],
  );
  progress(opts.onProgress, counts.read, counts.read);
  return {
    kind: 'cases',
    source: path,
    batchId,
    read: counts.read,
    stored: counts.stored,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
    conflicts: counts.conflicts,
    rejectsFile: rejectsPath,
    rejectCodes,
    durationMs: Date.now() - started,
    incomplete: counts.incomplete,
    missingFields: missing,
    disputes,
    linkedToLoans: linked,
  };
}

/** The documents of one file (for `suitrate case parse`); unreadable records are skipped with their reason. */
export async function readSourceDocuments(file: string, limit = Number.POSITIVE_INFINITY): Promise<{ docs: { line: number; doc: SourceDocument }[]; problems: RowProblem[] }> {
  const docs: { line: number; doc: SourceDocument }[] = [];
  const problems: RowProblem[] = [];
  for await (const item of itemsOf(resolve(file))) {
    if (item.doc) docs.push({ line: item.line, doc: item.doc });
    else if (item.problem) problems.push(item.problem);
    if (docs.length >= limit) break;
  }
  return { docs, problems };
}
