/**
 * The fast path of a bulk import (decision D13, docs/ingest.md): a clean CSV of installments or
 * repayments in canonical spelling is read once, typed by DuckDB's CSV reader, straight into a new
 * segment table, checked there set-based, and attached to the logical table in one short
 * transaction — no staging copy.
 *
 * It only ever stores a file the general path would store whole and unchanged: a byte scan on a
 * worker thread (canonical-scan.ts, alongside the read) proves every value is in the canonical
 * spelling the general path's fast parsers accept (sr_money_fast, sr_int_fast, sr_date_fast) —
 * where the typed reader reads them to the same values — and then every required value must be
 * present, every check of the kind pass, no key occur twice and none be stored already. Anything
 * else — a malformed line, a value needing the lenient parsers, one bad row, a re-import — drops
 * the segment and the file goes through the general path, which reports each row (so rejects,
 * duplicates and 'unchanged' rows are always its work).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ImportKind } from '../domain/import.js';
import { attachSegment, isSegmented, segmentName, SEGMENTED, type SegmentedTable } from '../store/segments.js';
import { exec, ident, literal, queryOne } from '../store/sql.js';
import { SCAN_DATE, SCAN_IGNORED, SCAN_INT, SCAN_MONEY, SCAN_TEXT, scanFileInWorker, type ScanResult, type ScanSpec } from './canonical-scan.js';
import { columnsOf, type ColumnSpec } from './columns.js';
import type { CheckContext, KindDef } from './kinds.js';
import { csvDialectOptions, type ReadPlan } from './stage-sql.js';

/** Column types the fast path reads; a file with another type present goes the general way. */
const FAST_TYPES = new Set<ColumnSpec['type']>(['id', 'text', 'int', 'date', 'money']);

export interface FastPlan {
  kind: ImportKind;
  def: KindDef;
  read: ReadPlan;
  present: ReadonlySet<string>;
  ctx: CheckContext;
  batchId: string;
}

/** Required on the fast path: the kind's required columns, and repayment ids (derived ids are the general path's). */
function requiredHere(c: ColumnSpec): boolean {
  return c.required === true || c.name === 'repayment_id';
}

/** Why the fast path does not apply to this file at all (null = it may). */
export function fastPathRefusal(p: FastPlan): string | null {
  if (process.env['SUITRATE_INGEST_FAST'] === '0') return 'disabled (SUITRATE_INGEST_FAST=0)';
  if (!isSegmented(p.def.table)) return `${p.kind} are not stored in segments`;
  if (p.read.lineColumn) return 'not a CSV file';
  const cols = columnsOf(p.kind);
  for (const c of cols) {
    if (!p.present.has(c.name)) {
      if (requiredHere(c)) return `column ${c.name} is missing`;
      continue;
    }
    if (!FAST_TYPES.has(c.type)) return `column ${c.name} needs the general parsers`;
  }
  return null;
}

/** `fail` raises a marker error (an empty required value): the file needs the general path. */
const fail = (why: string): string => `error(${literal('suitrate.fast_path: ' + why)})`;

/**
 * How the CSV reader types a source column, and the parsed value. The reader types values only on a
 * file whose canonical spelling the byte scan proves (canonical-scan.ts): there DECIMAL(15,2),
 * INTEGER and DATE read every value exactly as sr_money_fast, sr_int_fast and sr_date_fast do, and
 * text has nothing for trim() to remove. An empty field is NULL.
 */
function typedColumn(c: ColumnSpec | undefined): { csv: string; scan: number } {
  switch (c?.type) {
    case 'money':
      return { csv: 'DECIMAL(15,2)', scan: SCAN_MONEY };
    case 'int':
      return { csv: 'INTEGER', scan: SCAN_INT };
    case 'date':
      return { csv: 'DATE', scan: SCAN_DATE };
    case undefined:
      return { csv: 'VARCHAR', scan: SCAN_IGNORED };
    default:
      return { csv: 'VARCHAR', scan: SCAN_TEXT };
  }
}

function parsed(c: ColumnSpec, raw: string): string {
  return c.type === 'money' ? `CAST(${raw} * 100 AS BIGINT)` : raw;
}

/** The byte scan's view of the file: a kind per source column. */
export function scanSpecOf(p: FastPlan): ScanSpec {
  const specs = new Map(columnsOf(p.kind).map((c) => [c.name, c]));
  const keyFields = p.def.key.map((k) => p.read.canonical.indexOf(k));
  return {
    delimiter: p.read.delimiter.charCodeAt(0),
    hasHeaderRow: p.read.hasHeaderRow,
    kinds: p.read.canonical.map((name) => typedColumn(name === null ? undefined : specs.get(name)).scan),
    ...(keyFields.every((i) => i >= 0) ? { keyFields } : {}),
  };
}

/** p_<name> of the column a target is stored from (targets are `p_x` or `coalesce(p_x, default)`). */
function sourceOf(expr: string): string | null {
  return /^(?:coalesce\()?(p_\w+)/.exec(expr)?.[1] ?? null;
}

/** CREATE TABLE <segment> AS the file's rows in the logical table's columns. */
export function segmentSql(p: FastPlan, segment: string): string {
  const specs = new Map(columnsOf(p.kind).map((c) => [c.name, c]));
  const types: string[] = [];
  const select: string[] = [];
  p.read.canonical.forEach((name, i) => {
    const spec = name === null ? undefined : specs.get(name);
    types.push(typedColumn(spec).csv);
    if (spec === undefined) return;
    const value = parsed(spec, `c${i}`);
    select.push(`${requiredHere(spec) ? `coalesce(${value}, ${fail(spec.name)})` : value} AS ${ident('p_' + spec.name)}`);
  });
  for (const c of columnsOf(p.kind)) if (!p.present.has(c.name)) select.push(`NULL AS ${ident('p_' + c.name)}`);
  const logical = p.def.table as SegmentedTable;
  const byCol = new Map(p.def.targets.map((t) => [t.col, t.expr]));
  const out = SEGMENTED[logical].map((col) => (col === 'batch_id' ? `${literal(p.batchId)} AS batch_id` : `${byCol.get(col) ?? 'NULL'} AS ${ident(col)}`));
  return `CREATE TABLE ${ident(segment)} AS SELECT ${out.join(', ')} FROM (SELECT ${select.join(', ')} FROM read_csv(${literal(p.read.csvPath)}, ${csvDialectOptions(p.read, types).join(', ')}))`;
}

/** Rows of the segment and rows failing a check of the kind (one pass with the reference joins). */
export function segmentCheckSql(p: FastPlan, segment: string): string {
  const aliases = p.def.targets.flatMap((t) => {
    const src = sourceOf(t.expr);
    return src === null ? [] : [`${ident(t.col)} AS ${ident(src)}`];
  });
  const checks = p.def.checks(p.ctx).map((c) => `coalesce((${c.when}), false)`);
  const bad = checks.length > 0 ? checks.join(' OR ') : 'false';
  return `SELECT count(*) AS n, count(*) FILTER (WHERE ${bad}) AS bad
FROM (SELECT p.*${p.def.joinCols ? ', ' + p.def.joinCols : ''} FROM (SELECT s.*, ${aliases.join(', ')} FROM ${ident(segment)} s) p ${p.def.joins}) q`;
}

/**
 * Whether two rows of the segment have the same key hash (equal keys have equal hashes, so false
 * proves the keys unique; a true — a duplicate or, rarely, a collision — sends the file to the
 * general path, which compares the keys themselves). Sorting the hashes and comparing neighbours
 * was cheaper than grouping 16 M keys (BENCHMARKS.md).
 */
export function repeatedKeySql(p: FastPlan, segment: string): string {
  const key = p.def.key.map(ident).join(', ');
  return `SELECT count(*) > 0 AS repeated FROM (SELECT h = lag(h) OVER (ORDER BY h) AS same FROM (SELECT hash(${key}) AS h FROM ${ident(segment)})) WHERE same`;
}

/**
 * Interrupt the statement running on `conn` (the typed read) as soon as the scan refuses the file,
 * instead of letting it read to the end a file the general path will read anyway. The interrupt is
 * repeated every 50 ms until `done()`: one that reaches DuckDB before the statement has started is
 * not kept.
 */
export function stopWhenRefused(conn: DuckDBConnection, scan: Promise<ScanResult>, aborted: () => boolean = () => false): { done: () => void; interrupted: () => boolean } {
  let running = true;
  let interrupted = false;
  void scan.then((r) => {
    if (r.ok || aborted()) return;
    const stop = (): void => {
      if (!running) return;
      interrupted = true;
      conn.interrupt();
      setTimeout(stop, 50).unref();
    };
    stop();
  });
  return {
    done: () => {
      running = false;
    },
    interrupted: () => interrupted,
  };
}

/**
 * Drop a segment table the import will not attach. A second attempt follows a failed first: Ctrl-C
 * interrupts the connection, and an interrupt landing on the DROP itself would otherwise leave the
 * table behind (harmless — an unattached segment is dropped when the workspace next opens — but the
 * store should be as before at once).
 */
export async function dropSegment(conn: DuckDBConnection, segment: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await exec(conn, `DROP TABLE IF EXISTS ${ident(segment)}`);
      return;
    } catch {
      // interrupted (or the connection is gone): try once more, then leave it to the next open
    }
  }
}

export type FastResult = { taken: true; rows: number; segment: string; sha256: string } | { taken: false; reason: string };

/**
 * Write and check the segment (outside any transaction). When taken, the caller attaches it in its
 * transaction (attachSegment) — or drops it.
 */
export async function writeSegment(conn: DuckDBConnection, p: FastPlan, signal: AbortSignal | undefined, mark: (stage: string) => void = () => undefined): Promise<FastResult> {
  const aborted = (): boolean => signal?.aborted === true;
  const refusal = fastPathRefusal(p);
  if (refusal !== null) return { taken: false, reason: refusal };
  const logical = p.def.table as SegmentedTable;
  const segment = segmentName(logical, p.batchId);
  const giveUp = async (reason: string): Promise<FastResult> => {
    await dropSegment(conn, segment);
    return { taken: false, reason };
  };
  if (p.read.delimiter.length !== 1 || p.read.delimiter.charCodeAt(0) > 127) return { taken: false, reason: 'delimiter is not one ASCII character' };
  // The byte scan runs on a worker thread while DuckDB reads the file typed; both must succeed.
  const scan = scanFileInWorker(p.read.csvPath, scanSpecOf(p), signal);
  const stopper = stopWhenRefused(conn, scan, aborted);
  try {
    await exec(conn, segmentSql(p, segment)).finally(stopper.done);
    mark('fast path: typed read → segment (scan alongside)');
  } catch (err) {
    const scannedFirst = await scan;
    if (!scannedFirst.ok && !aborted()) return giveUp(`not in canonical spelling (${scannedFirst.reason})${stopper.interrupted() ? '; the typed read was stopped there' : ''}`);
    if (aborted()) {
      await giveUp('cancelled');
      throw err;
    }
    const msg = err instanceof Error ? err.message : String(err);
    const marker = /suitrate\.fast_path: ([^\n"']+)/.exec(msg);
    return giveUp(marker ? `a required value is empty (${marker[1]})` : `the CSV reader refused the file (${msg.split('\n')[0]?.slice(0, 120) ?? ''})`);
  }
  const scanned = await scan;
  mark('fast path: canonical scan');
  if (!scanned.ok) return giveUp(`not in canonical spelling (${scanned.reason})`);
  if (scanned.utf8 === false) return giveUp('not valid UTF-8');
  try {
    const r = await queryOne<{ n: number; bad: number }>(conn, segmentCheckSql(p, segment));
    mark('fast path: checks');
    const n = r?.n ?? 0;
    if (n === 0) return await giveUp('no rows');
    if (n !== scanned.records) return await giveUp(`the scan counted ${scanned.records} records, the reader ${n}`);
    if ((r?.bad ?? 0) > 0) return await giveUp(`${r?.bad ?? 0} rows fail a check`);
    // Keys that strictly increase through the file (an export sorted by key) cannot repeat;
    // otherwise the sorted key hashes decide.
    if (!scanned.sortedKeys) {
      const dup = await queryOne<{ repeated: boolean }>(conn, repeatedKeySql(p, segment));
      mark('fast path: key hashes');
      if (dup?.repeated) return await giveUp('a key occurs more than once');
    }
    const keyJoin = p.def.key.map((k) => `x.${ident(k)} = s.${ident(k)}`).join(' AND ');
    const stored = await queryOne<{ hit: boolean }>(conn, `SELECT EXISTS (SELECT 1 FROM ${ident(logical)} x JOIN ${ident(segment)} s ON ${keyJoin}) AS hit`);
    mark('fast path: keys against the store');
    if (stored?.hit) return await giveUp('some keys are stored already');
    return { taken: true, rows: n, segment, sha256: scanned.sha256 ?? '' };
  } catch (err) {
    await giveUp('error');
    throw err;
  }
}

/** Attach a written segment (inside the import's transaction). */
export async function attachWritten(conn: DuckDBConnection, p: FastPlan, r: { rows: number; segment: string }): Promise<void> {
  await attachSegment(conn, p.def.table as SegmentedTable, r.segment, p.batchId, r.rows);
}
