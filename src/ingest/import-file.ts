/**
 * importFile: one tabular file of one kind into the workspace, atomically (one DuckDB transaction
 * holds every write and the import_batch row), idempotently (natural keys; identical rows are
 * 'unchanged', different ones are `dup.conflict` rejects), losing nothing (every record is stored,
 * unchanged or in the rejects file: read = stored + unchanged + rejected).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, type RowProblem } from '../domain/errors.js';
import { addDays } from '../domain/dates.js';
import type { ImportKind, ImportSummary } from '../domain/import.js';
import { compactIfNeeded, isSegmented } from '../store/segments.js';
import { exec, literal, queryOne, queryRows } from '../store/sql.js';
import type { Workspace } from '../store/workspace.js';
import { columnsOf } from './columns.js';
import { enrichCases, enrichComplaints, enrichCustomers } from './enrich.js';
import { matchHeaders, readMappingFile, type HeaderMatch, type MappingFile } from './headers.js';
import { KINDS, type CheckContext, type KindDef, type Target } from './kinds.js';
import { mapLines } from './lines.js';
import { defaultRejectsPath, removeStaleRejects, sortProblems, writeRejects } from './rejects.js';
import { cancelled, prepareSource, type PrepareOptions, type PreparedSource, type ProgressEvent, type SourceFormat } from './source.js';
import { checkSql, compareDuplicatesSql, derivedIdSql, duplicateHashesSql, insertSql, markDuplicatesSql, readSql, slowPassSql } from './stage-sql.js';
import { parseMacrosSql } from './sql-parse.js';
import { afterCasesStored, caseNumberParser } from './cases-extra.js';
import { attachWritten, dropSegment, writeSegment, type FastPlan } from './fast-path.js';

export interface ImportFileOptions {
  kind: ImportKind;
  file: string;
  /** Path of a JSON mapping file {"source header": "canonical_name"}, or the mapping itself. */
  mapping?: string | MappingFile;
  /** Force a source encoding (gbk, gb18030, big5, utf-8); default: UTF-8, else GB18030 when not valid UTF-8. */
  encoding?: string;
  /** XLSX sheet name or 1-based index (default: the first sheet). */
  sheet?: string;
  /** Where to write rejects (default `<input dir>/<input name>.rejects.csv`). */
  rejectsPath?: string;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Reference date for "in the future" checks (default: today, UTC). */
  asOf?: string;
  /** Format override (default: by extension). */
  format?: SourceFormat;
}

export interface FileImportSummary extends ImportSummary {
  format: SourceFormat | 'documents';
  encoding: string;
  /** Source headers that matched no canonical column (ignored). */
  ignoredColumns: string[];
  notes: string[];
}

const TEMP_TABLES = ['sr_raw', 'sr_chk', 'sr_dup_h', 'sr_dup', 'sr_rid', 'sr_enr', 'sr_enr_err', 'sr_party', 'sr_rej_err', 'sr_rej_scan'];

const PROFILE = process.env['SUITRATE_INGEST_PROFILE'] === '1';
let lastMark = 0;
let lastCpu = process.cpuUsage();
/**
 * Stage timings on stderr when SUITRATE_INGEST_PROFILE=1 (for the benchmark): wall clock and the
 * process's CPU time (all DuckDB threads), which a shared machine disturbs less.
 */
function mark(stage: string): void {
  if (!PROFILE) return;
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  if (lastMark > 0) process.stderr.write(`  [ingest] ${stage}: ${((now - lastMark) / 1000).toFixed(2)} s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)\n`);
  lastMark = now;
  lastCpu = process.cpuUsage();
}

async function dropTemps(ws: Workspace): Promise<void> {
  await ws.conn.run(TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS temp.main.${t};`).join(' ')).catch(() => undefined);
}

/** The parsing macros are per connection; create them once. */
const withMacros = new WeakSet<object>();
async function ensureMacros(ws: Workspace): Promise<void> {
  if (withMacros.has(ws.conn)) return;
  await ws.conn.run(parseMacrosSql());
  withMacros.add(ws.conn);
}

/**
 * Duplicate keys among the rows about to be stored, before the insert (installment and repayment
 * have no primary key to refuse them, decision D6): first occurrence wins; a later identical row
 * is 'unchanged', a different one 'conflict_file'. Only the hash pass runs when keys are unique.
 */
async function sortOutDuplicates(ws: Workspace, plan: { def: KindDef; present: ReadonlySet<string>; kind: ImportKind; sourceName: (t: Target) => string }): Promise<void> {
  await exec(ws.conn, duplicateHashesSql(plan.def));
  const repeated = await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM sr_dup_h');
  if ((repeated?.n ?? 0) === 0) return;
  for (const sql of markDuplicatesSql(plan.def)) await exec(ws.conn, sql);
  await exec(ws.conn, compareDuplicatesSql(plan));
}

/**
 * Crash tests (kill -9, Ctrl-C) need a moment when every row is written but not committed:
 * SUITRATE_INGEST_TEST_PAUSE_MS holds the import there. Unset in normal use.
 */
async function pauseForCrashTests(signal: AbortSignal | undefined): Promise<void> {
  const ms = Number(process.env['SUITRATE_INGEST_TEST_PAUSE_MS'] ?? 0);
  if (!(ms > 0)) return;
  await new Promise<void>((done) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      done();
    });
  });
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function abortable(opts: ImportFileOptions): void {
  if (opts.signal?.aborted) throw cancelled();
}

interface Counts {
  rawRows: number;
}

const CSV_ERROR_CODES: Record<string, string> = {
  'MISSING COLUMNS': 'csv.missing_columns',
  'TOO MANY COLUMNS': 'csv.too_many_columns',
  'UNQUOTED VALUE': 'csv.quote',
  'INVALID ENCODING': 'csv.encoding',
  'INVALID UNICODE': 'csv.encoding',
  'LINE SIZE OVER MAXIMUM': 'csv.line_too_long',
};

function csvErrorMessage(type: string, raw: string, width: number): string {
  const m = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(raw);
  if (type === 'MISSING COLUMNS' && m) return `line has ${m[2]} of ${width} columns (truncated or short line)`;
  if (type === 'TOO MANY COLUMNS' && m) return `line has more than ${width} columns (unquoted delimiter?)`;
  if (type === 'UNQUOTED VALUE') return 'bad quoting: a quoted value is not closed properly (everything up to the next valid line break belongs to this record)';
  if (type === 'INVALID ENCODING' || type === 'INVALID UNICODE') return 'invalid characters for the file encoding';
  return `malformed line (${type.toLowerCase()})`;
}

interface RejectRow {
  ord: number | null;
  line: number | null;
  /** DuckDB record number of a malformed record. */
  rec: number | null;
  col: string;
  code: string;
  msg: string;
}

/** The import running (or last run) per database instance; the next one waits for it. */
const running = new WeakMap<object, Promise<unknown>>();

/**
 * Imports into one workspace run one at a time, in call order: each holds the connection's
 * transaction and temp tables, and — installment and repayment having no primary key (D6) — each
 * must see the rows the previous one committed for its duplicate checks. (Another process cannot
 * write the file: DuckDB locks it.)
 */
export async function importFile(ws: Workspace, opts: ImportFileOptions): Promise<FileImportSummary> {
  const before = running.get(ws.instance) ?? Promise.resolve();
  const mine = before.then(() => importFileNow(ws, opts));
  const settled = mine.catch(() => undefined);
  running.set(ws.instance, settled);
  try {
    return await mine;
  } finally {
    if (running.get(ws.instance) === settled) running.delete(ws.instance);
  }
}

async function importFileNow(ws: Workspace, opts: ImportFileOptions): Promise<FileImportSummary> {
  const started = Date.now();
  const file = resolve(opts.file);
  if (!existsSync(file)) {
    throw new AppError({ code: 'import.not_found', en: `No such file: ${file}`, zh: `文件不存在：${file}` });
  }
  if (opts.kind === 'cases') {
    const { isDocumentInput, importDocuments } = await import('./documents.js');
    if (await isDocumentInput(file)) return importDocuments(ws, file, opts);
  }
  if (statSync(file).isDirectory()) {
    throw new AppError({ code: 'import.is_folder', en: `${file} is a folder; use \`suitrate import all <folder>\``, zh: `${file} 是文件夹；请使用 \`suitrate import all <文件夹>\`` });
  }
  lastMark = performance.now();
  lastCpu = process.cpuUsage();
  const mapping = typeof opts.mapping === 'string' ? readMappingFile(opts.mapping, opts.kind) : (opts.mapping ?? {});
  const dateTypes = new Set(['date', 'timestamp']);
  const fastKinds: readonly ImportKind[] = ['installments', 'repayments'];
  const prepareOpts: PrepareOptions = {
    file,
    format: opts.format,
    encoding: opts.encoding,
    sheet: opts.sheet,
    signal: opts.signal,
    onProgress: opts.onProgress,
    dateHeaders: (headers) => {
      const m = matchHeaders(opts.kind, headers, file, mapping);
      const types = new Map(columnsOf(opts.kind).map((c) => [c.name, c.type]));
      return new Set(m.canonical.flatMap((name, i) => (name !== null && dateTypes.has(types.get(name) ?? '') ? [i] : [])));
    },
  };
  let prepared = await prepareSource({ ...prepareOpts, deferScan: fastKinds.includes(opts.kind) && process.env['SUITRATE_INGEST_FAST'] !== '0' });
  mark('prepare (hash, utf-8 check, convert)');
  const onAbort = (): void => ws.conn.interrupt();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const first = await runImport(ws, opts, file, prepared, mapping, started, null);
    if ('summary' in first) return first.summary;
    // The fast path did not take the file and the SHA-256 / UTF-8 pass was skipped: prepare in full
    // (the encoding may turn out not to be UTF-8) and take the general path.
    prepared.cleanup();
    prepared = await prepareSource(prepareOpts);
    mark('prepare (hash, utf-8 check, convert)');
    const second = await runImport(ws, opts, file, prepared, mapping, started, first.retry);
    if ('summary' in second) return second.summary;
    throw new AppError({ code: 'import.internal', en: 'internal error: the general path asked for another pass', zh: '内部错误：常规路径要求再次处理' });
  } catch (err) {
    if (opts.signal?.aborted) throw cancelled();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    prepared.cleanup();
    await dropTemps(ws);
  }
}

/**
 * Import a prepared file. `fastRefused` (the reason) when the fast path already declined it: the
 * general path then runs directly. Returns `retry` when the fast path declined a file whose
 * preparation was deferred (the caller prepares it in full and calls again).
 */
async function runImport(ws: Workspace, opts: ImportFileOptions, file: string, src: PreparedSource, mapping: MappingFile, started: number, fastRefused: string | null): Promise<{ summary: FileImportSummary } | { retry: string }> {
  const kind = opts.kind;
  const def = KINDS[kind];
  const match = matchHeaders(kind, src.headers, file, mapping);
  const present = new Set(match.sourceOf.keys());
  const notes: string[] = [];
  if (match.unknown.length > 0) notes.push(`ignored columns: ${match.unknown.join(', ')}`);
  if (src.encoding !== 'utf-8' && src.encoding !== 'xlsx') notes.push(`decoded from ${src.encoding}`);
  await dropTemps(ws);
  await ensureMacros(ws);
  opts.onProgress?.({ phase: 'read', message: 'reading rows' });
  const plan = { csvPath: src.csvPath, hasHeaderRow: src.hasHeaderRow, lineColumn: src.lineColumn, delimiter: src.delimiter, width: src.headers.length, canonical: match.canonical };
  const asOf = opts.asOf ?? today();
  const ctx: CheckContext = { eventMax: addDays(asOf, 1), scheduleMax: addDays(asOf, 365 * 60), asOfYear: Number(asOf.slice(0, 4)), present };
  const batchId = randomUUID();
  const fastPlan: FastPlan = { kind, def, read: plan, present, ctx, batchId };
  const fast = fastRefused === null ? await writeSegment(ws.conn, fastPlan, opts.signal, mark) : { taken: false as const, reason: fastRefused };
  // Ctrl-C after the segment was written and checked: it is not attached, so it goes now.
  if (fast.taken && opts.signal?.aborted) await dropSegment(ws.conn, fast.segment);
  abortable(opts);
  if (fast.taken) return { summary: await finishFast(ws, opts, { file, src, match, fastPlan, fast, started, notes }) };
  if (src.deferred) return { retry: fast.reason };
  if (isSegmented(def.table)) notes.push(`general path: ${fast.reason}`);
  try {
    // Strict read first (fast); a malformed record makes it fail, and the second read stores
    // malformed records in sr_rej_err (with their record numbers) and keeps the rest.
    await exec(ws.conn, readSql(plan, kind, false));
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    await exec(ws.conn, 'DROP TABLE IF EXISTS sr_raw');
    await exec(ws.conn, readSql(plan, kind, true));
  }
  abortable(opts);
  const slowPass = slowPassSql(plan, kind);
  if (slowPass !== null) await exec(ws.conn, slowPass);
  abortable(opts);
  mark('read_csv + parse → sr_raw');
  const counts: Counts = { rawRows: (await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM sr_raw'))?.n ?? 0 };
  opts.onProgress?.({ phase: 'validate', done: 0, total: counts.rawRows, message: 'checking rows' });
  const hasEnrichment = def.enrich !== undefined;
  const enrichCtx = { conn: ws.conn, secret: ws.secret, present, signal: opts.signal, onRows: (n: number) => opts.onProgress?.({ phase: 'validate', done: n, total: counts.rawRows }) };
  if (def.enrich === 'customers') await enrichCustomers(enrichCtx);
  else if (def.enrich === 'complaints') await enrichComplaints(enrichCtx);
  else if (def.enrich === 'cases') await enrichCases(enrichCtx, caseNumberParser());
  let derivedIds = false;
  if (kind === 'repayments') {
    const missing = present.has('repayment_id') ? ((await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM sr_raw WHERE p_repayment_id IS NULL'))?.n ?? 0) : counts.rawRows;
    if (missing > 0) {
      if (!present.has('repayment_id')) await exec(ws.conn, 'ALTER TABLE sr_raw ADD COLUMN p_repayment_id VARCHAR');
      await exec(ws.conn, derivedIdSql());
      derivedIds = true;
    }
  }
  abortable(opts);
  mark('enrich');
  const sourceName = (t: Target): string => {
    const f = t.from.find((c) => present.has(c)) ?? t.from[0] ?? t.col;
    return match.sourceOf.get(f) ?? f;
  };
  opts.onProgress?.({ phase: 'store', message: 'storing' });
  // The staging tables are built before the transaction: a temp table created inside it lives in
  // the transaction's local storage, which DuckDB scans on one thread (the duplicate grouping and
  // the insert took 2–3× longer). Nothing else writes the store meanwhile (imports run one at a
  // time, DuckDB locks out other processes), so the checks still see what the insert writes over.
  await exec(ws.conn, checkSql({ kind, def, present, lineColumn: src.lineColumn, hasEnrichment, derivedIds, ctx, sourceName }));
  abortable(opts);
  mark('check → sr_chk');
  await exec(ws.conn, 'DROP TABLE sr_raw'); // frees memory before the insert
  await sortOutDuplicates(ws, { def, present, kind, sourceName });
  abortable(opts);
  mark('duplicates');
  await ws.conn.run('BEGIN TRANSACTION');
  try {
    await exec(ws.conn, insertSql(def, batchId));
    mark('insert');
    await storeExtras(ws, kind, batchId);
    abortable(opts);
    const cls = await queryRows<{ status: string; n: number }>(ws.conn, 'SELECT status, count(*) AS n FROM sr_chk GROUP BY status');
    const by = (s: string): number => cls.find((r) => r.status === s)?.n ?? 0;
    const problems = await collectProblems(ws, src, match, file, kind);
    const badRows = new Set<string>();
    for (const p of problems.rows) badRows.add(p.key);
    const rejected = badRows.size;
    const read = counts.rawRows + problems.extraRecords;
    const stored = by('new');
    const unchanged = by('unchanged');
    if (read !== stored + unchanged + rejected) {
      throw new AppError({ code: 'import.internal', en: `internal accounting error: read ${read} ≠ stored ${stored} + unchanged ${unchanged} + rejected ${rejected}`, zh: `内部计数错误：读取 ${read} ≠ 写入 ${stored} + 未变 ${unchanged} + 拒绝 ${rejected}` });
    }
    const rejectsPath = rejected > 0 ? resolve(opts.rejectsPath ?? defaultRejectsPath(file)) : null;
    const list = sortProblems(problems.rows.map((r) => r.problem));
    const rejectCodes: Record<string, number> = {};
    for (const p of list) rejectCodes[p.code] = (rejectCodes[p.code] ?? 0) + 1;
    await exec(
      ws.conn,
      `INSERT INTO import_batch (batch_id, kind, source_file, source_sha256, started_at, finished_at, rows_read, rows_stored, rows_unchanged, rows_rejected, rejects_file)
       VALUES (?, ?, ?, ?, to_timestamp(?), current_timestamp, ?, ?, ?, ?, ?)`,
      [batchId, kind, file, src.sha256, started / 1000, read, stored, unchanged, rejected, rejectsPath],
    );
    if (kind === 'cases' && stored > 0) notes.push(...(await afterCasesStored(ws)));
    abortable(opts);
    if (rejectsPath) writeRejects(rejectsPath, list);
    else removeStaleRejects(defaultRejectsPath(file));
    mark('problems + batch');
    opts.onProgress?.({ phase: 'store', message: 'committing' });
    await pauseForCrashTests(opts.signal);
    abortable(opts);
    await ws.conn.run('COMMIT');
    mark('commit');
    if (problems.approximateLines) notes.push('line numbers of rejects are approximate (the file could not be re-scanned consistently)');
    opts.onProgress?.({ phase: 'done', done: read, total: read });
    const summary: FileImportSummary = {
      kind,
      source: opts.file,
      batchId,
      read,
      stored,
      unchanged,
      rejected,
      conflicts: by('conflict_store') + by('conflict_file'),
      rejectsFile: rejectsPath,
      rejectCodes,
      durationMs: Date.now() - started,
      format: src.format,
      encoding: src.encoding,
      ignoredColumns: match.unknown,
      notes,
    };
    return { summary };
  } catch (err) {
    await rollback(ws.conn);
    throw err;
  }
}

/**
 * End the open transaction after a failure. Ctrl-C interrupts the connection and may land on the
 * ROLLBACK itself, which would leave the transaction open for the next statement; a second attempt
 * ends it (its error, if any, only says no transaction was left).
 */
async function rollback(conn: Workspace['conn']): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await conn.run('ROLLBACK');
      return;
    } catch {
      // interrupted, or no transaction left
    }
  }
}

interface FastDone {
  file: string;
  src: PreparedSource;
  match: HeaderMatch;
  fastPlan: FastPlan;
  fast: { rows: number; segment: string; sha256: string };
  started: number;
  notes: string[];
}

/** The fast path's transaction: attach the checked segment and record the batch (every row stored). */
async function finishFast(ws: Workspace, opts: ImportFileOptions, d: FastDone): Promise<FileImportSummary> {
  const { kind, batchId } = d.fastPlan;
  const read = d.fast.rows;
  opts.onProgress?.({ phase: 'store', message: 'committing' });
  try {
    await ws.conn.run('BEGIN TRANSACTION');
    try {
      await attachWritten(ws.conn, d.fastPlan, d.fast);
      await exec(
        ws.conn,
        `INSERT INTO import_batch (batch_id, kind, source_file, source_sha256, started_at, finished_at, rows_read, rows_stored, rows_unchanged, rows_rejected, rejects_file)
         VALUES (?, ?, ?, ?, to_timestamp(?), current_timestamp, ?, ?, 0, 0, NULL)`,
        [batchId, kind, d.file, d.fast.sha256, d.started / 1000, read, read],
      );
      await pauseForCrashTests(opts.signal);
      abortable(opts);
      await ws.conn.run('COMMIT');
    } catch (err) {
      await rollback(ws.conn);
      throw err;
    }
  } catch (err) {
    // Drop the segment only when it is known not to be attached: dropping an attached one would leave
    // the logical view pointing at a missing table (an unattached one left here is dropped on open).
    const attached = await queryOne<{ n: number }>(ws.conn, 'SELECT count(*)::INTEGER AS n FROM store_segment WHERE table_name = ?', [d.fast.segment]).catch(() => null);
    if (attached?.n === 0) await dropSegment(ws.conn, d.fast.segment);
    throw err;
  }
  mark('commit');
  removeStaleRejects(defaultRejectsPath(d.file));
  const logical = d.fastPlan.def.table;
  if (isSegmented(logical) && (await compactIfNeeded(ws.conn, logical)) > 0) d.notes.push(`merged the segments of ${logical} into one table`);
  opts.onProgress?.({ phase: 'done', done: read, total: read });
  return {
    kind,
    source: opts.file,
    batchId,
    read,
    stored: read,
    unchanged: 0,
    rejected: 0,
    conflicts: 0,
    rejectsFile: null,
    rejectCodes: {},
    durationMs: Date.now() - d.started,
    format: d.src.format,
    encoding: d.src.encoding,
    ignoredColumns: d.match.unknown,
    notes: d.notes,
  };
}

async function storeExtras(ws: Workspace, kind: ImportKind, batchId: string): Promise<void> {
  const newRows = `FROM sr_chk c WHERE c.status = 'new'`;
  if (kind === 'institutions') {
    await exec(
      ws.conn,
      `INSERT INTO institution_alias (institution_id, alias, alias_kind)
       SELECT DISTINCT ON (institution_id, alias) institution_id, alias,
         CASE WHEN alias = name THEN 'head_office' WHEN alias = short_name THEN 'short'
              WHEN regexp_matches(alias, '(支行|分行|分公司|营业部|分理处)') THEN 'branch' ELSE 'other' END
       FROM (SELECT c.t_institution_id AS institution_id, c.t_name AS name, c.t_short_name AS short_name, unnest(c.t_aliases) AS alias ${newRows})
       ORDER BY institution_id, alias`,
    );
  } else if (kind === 'complaints') {
    await exec(
      ws.conn,
      `INSERT INTO complaint_event (complaint_id, seq, event_at, status, actor, note)
       SELECT c.t_complaint_id, 1, c.t_received_at, 'received', 'import', ${literal('batch ')} || ${literal(batchId)} ${newRows}
       UNION ALL
       SELECT c.t_complaint_id, 2, c.t_closed_at, c.t_status, 'import', c.t_resolution ${newRows} AND c.t_closed_at IS NOT NULL`,
    );
  } else if (kind === 'cases') {
    await exec(
      ws.conn,
      `INSERT INTO case_party (case_id, seq, role, role_label, party_kind, name_masked, name_hash, institution_id, head_office, customer_id, agents)
       SELECT c.t_case_id, sp.seq, sp.role, sp.role_label, sp.party_kind, sp.name_masked, sp.name_hash, sp.institution_id, sp.head_office, sp.customer_id, []::VARCHAR[]
       FROM sr_party sp JOIN sr_chk c ON c.ord = sp.ord WHERE c.status = 'new'`,
    );
  }
}

interface CollectedProblems {
  rows: { key: string; problem: RowProblem }[];
  /** Records outside sr_raw: malformed CSV records, bad JSON lines. */
  extraRecords: number;
  approximateLines: boolean;
}

async function collectProblems(ws: Workspace, src: PreparedSource, match: HeaderMatch, file: string, kind: ImportKind): Promise<CollectedProblems> {
  const header = (canonical: string): string => match.sourceOf.get(canonical) ?? (canonical === '' ? '' : canonical);
  const lineExpr = src.lineColumn ? 'c.src_line' : 'NULL::BIGINT';
  const rows = await queryRows<{ ord: number; line: number | null; col: string; code: string; msg: string }>(
    ws.conn,
    `SELECT ord, line, e.col AS col, e.code AS code, e.msg AS msg FROM (SELECT c.ord, ${lineExpr} AS line, unnest(c.errs) AS e FROM sr_chk c WHERE len(c.errs) > 0)
     UNION ALL
     SELECT r.ord, ${src.lineColumn ? 'c.src_line' : 'NULL::BIGINT'}, r.col, r.code, r.msg FROM ${KINDS[kind].enrich ? 'sr_enr_err' : '(SELECT NULL::BIGINT AS ord, NULL AS col, NULL AS code, NULL AS msg WHERE false)'} r JOIN sr_chk c ON c.ord = r.ord
     UNION ALL
     SELECT c.ord, ${lineExpr}, '', 'dup.conflict',
       CASE WHEN c.status = 'conflict_store' THEN 'same key as a stored record but different values: ' ELSE 'same key as line {first} of this file but different values: ' END || array_to_string(c.diff, '; ')
     FROM sr_chk c WHERE c.status IN ('conflict_store', 'conflict_file')`,
  );
  const csvErrs = await queryRows<{ rec: number; col: string | null; type: string; msg: string }>(
    ws.conn,
    `SELECT line AS rec, arg_min(column_name, column_idx) AS col, arg_min(error_type, column_idx) AS type, arg_min(error_message, column_idx) AS msg
     FROM sr_rej_err GROUP BY line ORDER BY line`,
  ).catch(() => []);
  const firstOrds = await queryRows<{ ord: number; first_ord: number }>(ws.conn, `SELECT ord, first_ord FROM sr_chk WHERE status = 'conflict_file'`);
  const firstOf = new Map(firstOrds.map((r) => [r.ord, r.first_ord]));
  const all: RejectRow[] = rows.map((r) => ({ ord: r.ord, line: r.line, rec: null, col: r.col, code: r.code, msg: r.msg }));
  for (const e of csvErrs) {
    const colIdx = e.col ? Number(e.col.slice(1)) - (src.lineColumn ? 1 : 0) : -1;
    const canon = colIdx >= 0 ? (src.headers[colIdx] ?? '') : '';
    all.push({ ord: null, line: null, rec: e.rec, col: canon, code: CSV_ERROR_CODES[e.type] ?? 'csv.malformed', msg: csvErrorMessage(e.type, e.msg, src.headers.length) });
  }
  // Physical lines for direct CSV files.
  let approximateLines = false;
  let byOrd = new Map<number, number>();
  let byRecord = new Map<number, number>();
  if (!src.lineColumn && all.length > 0) {
    const wantedOrds = [...new Set(all.flatMap((r) => (r.ord === null ? [] : [r.ord])).concat([...firstOf.values()]))].sort((a, b) => a - b);
    const map = mapLines({ path: src.csvPath, delimiter: src.delimiter.charCodeAt(0), rejectedRecords: new Set(csvErrs.map((e) => e.rec)), ordinals: wantedOrds });
    byOrd = map.byOrdinal;
    byRecord = map.byRecord;
    approximateLines = !map.consistent;
  }
  const srcLineOf = new Map<number, number>();
  if (src.lineColumn && firstOf.size > 0) {
    const r = await queryRows<{ ord: number; line: number }>(ws.conn, `SELECT ord, src_line AS line FROM sr_chk WHERE ord IN (SELECT first_ord FROM sr_chk WHERE status = 'conflict_file')`);
    for (const x of r) srcLineOf.set(x.ord, x.line);
  }
  const lineOfOrd = (ord: number): number => (src.lineColumn ? (srcLineOf.get(ord) ?? 0) : (byOrd.get(ord) ?? ord + 2));
  const out: { key: string; problem: RowProblem }[] = [];
  for (const r of all) {
    const line = r.ord !== null ? (src.lineColumn ? (r.line ?? 0) : lineOfOrd(r.ord)) : (byRecord.get(r.rec ?? -1) ?? r.rec ?? 0);
    let msg = r.msg;
    if (r.ord !== null && msg.includes('{first}')) msg = msg.replace('{first}', String(lineOfOrd(firstOf.get(r.ord) ?? -1)));
    const column = r.code.startsWith('csv.') ? r.col : r.col === '' ? '' : header(r.col);
    out.push({ key: r.ord !== null ? `o${r.ord}` : `r${r.rec ?? -1}`, problem: { file, line, column, code: r.code, message: msg } });
  }
  for (const p of src.problems) out.push({ key: `l${p.line}`, problem: p });
  return { rows: out, extraRecords: csvErrs.length + src.problems.length, approximateLines };
}
