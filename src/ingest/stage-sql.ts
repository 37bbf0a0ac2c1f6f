/**
 * The SQL of the validation pipeline (see docs/ingest.md):
 *   A. sr_raw — read_csv(all VARCHAR, store_rejects) → trimmed text (r_*) and parsed value (p_*)
 *               per canonical column; a pure projection, so rowid = record order in the file;
 *   B. sr_chk — reference lookups, the stored row with the same natural key, the values to store
 *               (t_*), a status per row (bad | new | unchanged | conflict_store) and, for bad rows
 *               only, the list of problems (errs) — one pass;
 *   C. duplicate keys among the 'new' rows (always, set-based: hashes first, exact keys only for
 *      repeated hashes; status dup → unchanged | conflict_file), then INSERT … SELECT of the 'new'
 *      rows. installment and repayment have no primary key (migration 0002, decision D6): this
 *      stage and the store join in B are what keep their natural keys unique.
 */
import type { ImportKind } from '../domain/import.js';
import { writeTableOf } from '../store/segments.js';
import { ident, literal } from '../store/sql.js';
import { columnsOf, type ColumnSpec } from './columns.js';
import type { CheckContext, KindDef, Target } from './kinds.js';
import { enumSql } from './sql-parse.js';


export interface ReadPlan {
  csvPath: string;
  hasHeaderRow: boolean;
  lineColumn: boolean;
  delimiter: string;
  /** Number of source columns (without the line column). */
  width: number;
  /** source column index → canonical name (null = ignored). */
  canonical: readonly (string | null)[];
}

/** Types whose text is kept in sr_raw only when it fails to parse. */
const TEXT_DROPPED = new Set(['money', 'rate', 'int', 'date', 'timestamp', 'bool']);

/** A message expression may name r_<column>; for typed columns that text is NULL once parsed, so show the value. */
function displayText(msg: string, cols: readonly ColumnSpec[]): string {
  let out = msg;
  for (const c of cols) {
    if (!TEXT_DROPPED.has(c.type)) continue;
    const shown = c.type === 'money' ? `format('{:.2f}', p_${c.name} / 100.0)` : `CAST(p_${c.name} AS VARCHAR)`;
    out = out.replace(new RegExp(`(?<![\\w"])r_${c.name}(?![\\w"])`, 'g'), `coalesce(r_${c.name}, ${shown})`);
  }
  return out;
}

/** Stage A: the file into sr_raw: trimmed text and parsed value per canonical column present. */
export function readSql(plan: ReadPlan, kind: ImportKind, storeRejects: boolean): string {
  const offset = plan.lineColumn ? 1 : 0;
  const specs = new Map(columnsOf(kind).map((c) => [c.name, c]));
  const select: string[] = [];
  if (plan.lineColumn) select.push('CAST(c0 AS BIGINT) AS src_line');
  plan.canonical.forEach((name, i) => {
    const spec = name === null ? undefined : specs.get(name);
    if (name === null || spec === undefined) return;
    // Keys, text and lookups are trimmed here; typed values are parsed from the raw text (their
    // fast paths accept only the canonical form; the slow paths trim), which saves a pass of trim.
    const raw = `c${i + offset}`;
    const trimmed = ['money', 'rate', 'int', 'date', 'timestamp', 'bool'].includes(spec.type) ? raw : `trim(${raw})`;
    select.push(`NULLIF(${trimmed}, '') AS ${ident('r_' + name)}`);
  });
  const inner = `SELECT ${select.length > 0 ? select.join(', ') : 'NULL::VARCHAR AS r__none'} FROM read_csv(${literal(plan.csvPath)}, ${readOptions(plan, storeRejects).join(', ')})`;
  const parsed = plan.canonical.flatMap((name) => {
    const spec = name === null ? undefined : specs.get(name);
    if (spec === undefined) return [];
    const r = ident('r_' + spec.name);
    const fast = FAST_PARSERS[spec.type];
    return [`${fast !== undefined ? `${fast}(${r})` : parseExpr(spec, r)} AS ${ident('p_' + spec.name)}`];
  });
  // Typed values keep their text only when it did not parse (for the message): no string copy of
  // every amount and date.
  const dropText = plan.canonical.flatMap((name) => {
    const spec = name === null ? undefined : specs.get(name);
    return spec !== undefined && TEXT_DROPPED.has(spec.type) ? [`CASE WHEN ${ident('p_' + spec.name)} IS NULL THEN ${ident('r_' + spec.name)} END AS ${ident('r_' + spec.name)}`] : [];
  });
  const withParsed = `SELECT *${parsed.length > 0 ? ', ' + parsed.join(', ') : ''} FROM (${inner})`;
  return `CREATE TEMP TABLE sr_raw AS SELECT *${dropText.length > 0 ? ` REPLACE (${dropText.join(', ')})` : ''} FROM (${withParsed})`;
}

/** Types whose canonical spelling readSql parses with a fast macro; the rest go through slowPassSql. */
const FAST_PARSERS: Partial<Record<ColumnSpec['type'], string>> = { money: 'sr_money_fast', rate: 'sr_rate_fast', int: 'sr_int_fast', date: 'sr_date_fast' };

/**
 * Stage A, second step: the values the fast paths did not accept (their text is still in r_*)
 * parsed with the full macros; a value that parses loses its text, as in readSql. Scans two
 * columns per typed column and touches only the rows that need it (none in a canonical export).
 */
export function slowPassSql(plan: ReadPlan, kind: ImportKind): string | null {
  const specs = new Map(columnsOf(kind).map((c) => [c.name, c]));
  const cols = plan.canonical.flatMap((name) => {
    const spec = name === null ? undefined : specs.get(name);
    return spec !== undefined && FAST_PARSERS[spec.type] !== undefined ? [spec] : [];
  });
  if (cols.length === 0) return null;
  const pending = (c: ColumnSpec): string => `(${ident('p_' + c.name)} IS NULL AND ${ident('r_' + c.name)} IS NOT NULL)`;
  const sets = cols.flatMap((c) => {
    const p = ident('p_' + c.name);
    const r = ident('r_' + c.name);
    const full = parseExpr(c, r);
    return [`${p} = CASE WHEN ${pending(c)} THEN ${full} ELSE ${p} END`, `${r} = CASE WHEN ${pending(c)} AND ${full} IS NOT NULL THEN NULL ELSE ${r} END`];
  });
  return `UPDATE sr_raw SET ${sets.join(', ')} WHERE ${cols.map(pending).join(' OR ')}`;
}

/**
 * The read_csv options of the file's dialect (explicit, no sniffing) with columns c0, c1, … of the
 * given DuckDB types; the fast path reads the same file the same way, typed.
 */
export function csvDialectOptions(plan: ReadPlan, types: readonly string[]): string[] {
  return [
    `header=${plan.hasHeaderRow}`,
    `columns={${types.map((t, i) => `'c${i}': ${literal(t)}`).join(', ')}}`,
    `delim=${literal(plan.delimiter)}`,
    `quote='"'`,
    `escape='"'`,
    'auto_detect=false',
  ];
}

function readOptions(plan: ReadPlan, storeRejects: boolean): string[] {
  const offset = plan.lineColumn ? 1 : 0;
  const opts = csvDialectOptions(plan, Array.from({ length: plan.width + offset }, () => 'VARCHAR'));
  if (storeRejects) opts.push('store_rejects=true', `rejects_table='sr_rej_err'`, `rejects_scan='sr_rej_scan'`);
  if (plan.lineColumn) opts.push('null_padding=true', 'parallel=false');
  return opts;
}

function parseExpr(c: ColumnSpec, r: string): string {
  switch (c.type) {
    case 'money':
      return `sr_money(${r})`;
    case 'rate':
      return `sr_rate(${r})`;
    case 'int':
      return `sr_int(${r})`;
    case 'date':
      return `sr_date(${r})`;
    case 'timestamp':
      return `sr_ts(${r})`;
    case 'bool':
      return `sr_bool(${r})`;
    case 'enum':
      return enumSql(r, c.enumValues ?? {});
    case 'list':
      return `sr_list(${r})`;
    case 'province':
      return r; // resolved in stage B by a join with sr_prov (a 31-branch CASE per row is slow)
    case 'pii':
      return 'NULL::VARCHAR';
    default:
      return r;
  }
}

interface ErrSpec {
  cond: string;
  col: string;
  code: string;
  msg: string;
}

function typeCheck(c: ColumnSpec): ErrSpec | null {
  const r = ident('r_' + c.name);
  const p = ident('p_' + c.name);
  const shown = `left(${r}, 40)`;
  const mk = (code: string, msg: string): ErrSpec => ({ cond: `${r} IS NOT NULL AND ${p} IS NULL`, col: literal(c.name), code, msg });
  switch (c.type) {
    case 'money':
      return mk(`'money.invalid'`, `'not an amount in yuan: "' || ${shown} || '"'`);
    case 'rate':
      return mk(`'rate.invalid'`, `'not a rate (0.18 or 18%): "' || ${shown} || '"'`);
    case 'int':
      return mk(`'int.invalid'`, `'not a whole number: "' || ${shown} || '"'`);
    case 'date':
    case 'timestamp': {
      const shaped = `sr_date_shaped(sr_fold_digits(${r}))`;
      return mk(
        `CASE WHEN ${shaped} THEN 'date.impossible' ELSE 'date.invalid' END`,
        `CASE WHEN ${shaped} THEN 'impossible date: "' || ${shown} || '"' ELSE 'not a date (2024-01-05, 2024/1/5, 20240105, 2024年1月5日): "' || ${shown} || '"' END`,
      );
    }
    case 'bool':
      return mk(`'bool.invalid'`, `'not a yes/no value (true/false, 1/0, 是/否): "' || ${shown} || '"'`);
    case 'enum':
      return mk(`'enum.invalid'`, `'"' || ${shown} || '" is not one of ${Object.keys(c.enumValues ?? {}).join(', ')}'`);
    case 'province':
      return mk(`'province.unknown'`, `'unknown province: "' || ${shown} || '"'`);
    default:
      return null;
  }
}

export interface CheckPlan {
  kind: ImportKind;
  def: KindDef;
  present: ReadonlySet<string>;
  lineColumn: boolean;
  hasEnrichment: boolean;
  /** Repayments: rows without an id get one from sr_rid. */
  derivedIds: boolean;
  ctx: CheckContext;
  sourceName: (t: Target) => string;
}

/** Repayments without an id: `loan|date|amount fen|occurrence` (occurrence in file order). */
export function derivedIdSql(): string {
  return `CREATE TEMP TABLE sr_rid AS SELECT rowid AS ord, p_loan_id || '|' || CAST(p_paid_at AS VARCHAR) || '|' || CAST(p_amount AS VARCHAR) || '|' ||
    CAST(row_number() OVER (PARTITION BY p_loan_id, p_paid_at, p_amount ORDER BY rowid) AS VARCHAR) AS rid
  FROM sr_raw WHERE p_repayment_id IS NULL AND p_loan_id IS NOT NULL AND p_paid_at IS NOT NULL AND p_amount IS NOT NULL`;
}

function shown(t: Target, v: string): string {
  return t.show === 'money' ? `format('{:.2f}', ${v} / 100.0)` : `left(CAST(${v} AS VARCHAR), 40)`;
}

/**
 * A list of "column (stored X ≠ file Y)" for the targets that differ between `a.t_*` (file) and
 * the other side — personal data shown by name only.
 */
export function diffListSql(targets: readonly Target[], sourceName: (t: Target) => string, a: string, bCol: (t: Target) => string, bLabel: string): string {
  const items = targets.map((t) => {
    const name = literal(sourceName(t));
    const mine = `${a}.${ident('t_' + t.col)}`;
    const detail = t.show === 'hide' ? name : `${name} || ' (${bLabel} ' || coalesce(${shown(t, bCol(t))}, 'empty') || ' ≠ file ' || coalesce(${shown(t, mine)}, 'empty') || ')'`;
    return `CASE WHEN ${mine} IS DISTINCT FROM ${bCol(t)} THEN ${detail} END`;
  });
  return items.length > 0 ? `list_filter([${items.join(', ')}], x -> x IS NOT NULL)` : '[]::VARCHAR[]';
}

/** Targets compared on re-import: those fed by a column present in the file. */
export function comparedTargets(plan: { def: KindDef; present: ReadonlySet<string>; kind: ImportKind }): Target[] {
  const ts = plan.def.targets.filter((t) => t.from.some((f) => plan.present.has(f)));
  if (plan.kind === 'institutions' && plan.present.has('aliases')) ts.push({ col: 'aliases', expr: '', from: ['aliases'], show: 'value' });
  return ts;
}

/** Stage B: sr_chk. */
export function checkSql(plan: CheckPlan): string {
  const def = plan.def;
  const cols = columnsOf(plan.kind);
  // Columns absent from the file are NULL so every expression can name them.
  const absent = cols.filter((c) => !plan.present.has(c.name)).flatMap((c) => [`NULL::VARCHAR AS ${ident('r_' + c.name)}`, `NULL AS ${ident('p_' + c.name)}`]);
  let base = `SELECT s.rowid AS ord, s.*${absent.length > 0 ? ', ' + absent.join(', ') : ''} FROM sr_raw s`;
  if (plan.kind === 'repayments' && plan.derivedIds) {
    // Only when some rows have no id: a join (even with an empty table) costs a pass over every row.
    base = `SELECT b.* REPLACE (coalesce(b.p_repayment_id, rid.rid) AS p_repayment_id) FROM (${base}) b LEFT JOIN sr_rid rid ON rid.ord = b.ord`;
  }
  const provinces = cols.filter((c) => c.type === 'province' && plan.present.has(c.name));
  if (provinces.length > 0) {
    const repl = provinces.map((c, i) => `coalesce(pv${i}.code, CASE WHEN b.${ident('r_' + c.name)} IS NOT NULL THEN sr_province(b.${ident('r_' + c.name)}) END) AS ${ident('p_' + c.name)}`);
    const joins = provinces.map((c, i) => `LEFT JOIN sr_prov pv${i} ON pv${i}.key = b.${ident('r_' + c.name)}`);
    base = `SELECT b.* REPLACE (${repl.join(', ')}) FROM (${base}) b ${joins.join(' ')}`;
  }
  const targets = def.targets.map((t) => `${t.expr} AS ${ident('t_' + t.col)}`);
  if (plan.kind === 'institutions') targets.push(`list_sort(list_distinct(list_filter([p_name, p_short_name] || coalesce(p_aliases, []), a -> a IS NOT NULL))) AS t_aliases`);
  const enrJoin = plan.hasEnrichment ? 'LEFT JOIN sr_enr e ON e.ord = p.ord' : '';
  const enrBad = plan.hasEnrichment ? 'p.ord IN (SELECT ord FROM sr_enr_err)' : 'false';
  // j: parsed row + references + enrichment + values to store.
  const j = `SELECT p.*${def.joinCols ? ', ' + def.joinCols : ''}${plan.hasEnrichment && def.enrichCols ? ', ' + def.enrichCols : ''}, ${targets.join(', ')}, ${enrBad} AS enr_bad
FROM (${base}) p ${def.joins} ${enrJoin}`;
  const errs: ErrSpec[] = [];
  for (const c of cols) {
    if (!plan.present.has(c.name)) continue;
    const t = typeCheck(c);
    if (t) errs.push(t);
    if (c.required) errs.push({ cond: `${ident('r_' + c.name)} IS NULL AND ${ident('p_' + c.name)} IS NULL`, col: literal(c.name), code: `'required'`, msg: `'required value is empty'` });
  }
  for (const chk of def.checks(plan.ctx)) errs.push({ cond: `coalesce((${chk.when}), false)`, col: literal(chk.col), code: literal(chk.code), msg: `coalesce(${displayText(chk.msg, cols)}, ${literal(chk.code)})` });
  const badExpr = errs.length > 0 ? errs.map((e) => `(${e.cond})`).join(' OR ') : 'false';
  const errList = errs.length > 0 ? `list_filter([${errs.map((e) => `CASE WHEN ${e.cond} THEN {'col': ${e.col}, 'code': ${e.code}, 'msg': ${e.msg}} END`).join(',\n  ')}], x -> x IS NOT NULL)` : 'NULL';
  // Stored row with the same key.
  const keyJoin = def.key.map((k) => `x.${ident(k)} = j.${ident('t_' + k)}`).join(' AND ');
  const compared = comparedTargets(plan);
  const xCols = compared.map((t) => (t.col === 'aliases' ? 'xa.aliases AS x_aliases' : `x.${ident(t.col)} AS ${ident('x_' + t.col)}`));
  const aliasJoin = plan.kind === 'institutions' ? 'LEFT JOIN (SELECT institution_id, list_sort(list(alias)) AS aliases FROM institution_alias GROUP BY 1) xa ON xa.institution_id = j.t_institution_id' : '';
  const firstKey = ident(def.key[0] ?? '');
  const diff = diffListSql(compared, plan.sourceName, 'k', (t) => `k.${ident('x_' + t.col)}`, 'stored');
  const k = `SELECT j.*, x.${firstKey} IS NOT NULL AS x_exists${xCols.length > 0 ? ', ' + xCols.join(', ') : ''}, (${badExpr}) OR j.enr_bad AS bad
FROM (${j}) j LEFT JOIN ${def.table} x ON ${keyJoin} ${aliasJoin}`;
  const tCols = [...def.targets.map((t) => ident('t_' + t.col)), ...(plan.kind === 'institutions' ? ['t_aliases'] : [])];
  return `CREATE TEMP TABLE sr_chk AS
SELECT ord, ${plan.lineColumn ? 'src_line, ' : ''}${tCols.join(', ')},
  CASE WHEN bad THEN ${errList} END AS errs,
  CASE WHEN NOT bad AND x_exists THEN ${diff} END AS diff,
  CASE WHEN bad THEN 'bad' WHEN x_exists THEN (CASE WHEN len(${diff}) = 0 THEN 'unchanged' ELSE 'conflict_store' END) ELSE 'new' END AS status,
  NULL::BIGINT AS first_ord
FROM (${k}) k`;
}

/**
 * Duplicate keys among the 'new' rows, step 1 (always runs): the 64-bit hashes of the keys that
 * occur more than once. Grouping integers is several times cheaper than grouping the key strings,
 * and an empty result proves the keys are unique (equal keys have equal hashes).
 */
export function duplicateHashesSql(def: KindDef): string {
  return `CREATE TEMP TABLE sr_dup_h AS SELECT ${keyHash(def, 'sr_chk')} AS h FROM sr_chk WHERE status = 'new' GROUP BY 1 HAVING count(*) > 1`;
}

function keyHash(def: KindDef, table: string): string {
  return `hash(${def.key.map((k) => `${table}.${ident('t_' + k)}`).join(', ')})`;
}

/**
 * Step 2 (only when step 1 found a hash): exact grouping of the rows with those hashes (a hash
 * collision of different keys is no duplicate); later occurrences become 'dup', compared next.
 */
export function markDuplicatesSql(def: KindDef): string[] {
  const keys = def.key.map((k) => ident('t_' + k));
  const match = def.key.map((k) => `sr_chk.${ident('t_' + k)} = d.${ident('t_' + k)}`).join(' AND ');
  return [
    `CREATE TEMP TABLE sr_dup AS SELECT ${keys.join(', ')}, min(ord) AS first_ord FROM sr_chk
     WHERE status = 'new' AND ${keyHash(def, 'sr_chk')} IN (SELECT h FROM sr_dup_h) GROUP BY ${keys.join(', ')} HAVING count(*) > 1`,
    `UPDATE sr_chk SET status = 'dup', first_ord = d.first_ord FROM sr_dup d WHERE ${match} AND sr_chk.status = 'new' AND sr_chk.ord <> d.first_ord`,
  ];
}

/** Later duplicates compared with the first occurrence: identical → unchanged, else conflict_file. */
export function compareDuplicatesSql(plan: { def: KindDef; present: ReadonlySet<string>; kind: ImportKind; sourceName: (t: Target) => string }): string {
  const diff = diffListSql(comparedTargets(plan), plan.sourceName, 'c', (t) => `f.${ident('t_' + t.col)}`, 'first occurrence');
  return `UPDATE sr_chk SET status = CASE WHEN len(z.diff2) = 0 THEN 'unchanged' ELSE 'conflict_file' END, diff = z.diff2
FROM (SELECT c.ord, ${diff} AS diff2 FROM sr_chk c JOIN sr_chk f ON f.ord = c.first_ord WHERE c.status = 'dup') z
WHERE sr_chk.ord = z.ord`;
}

/** Stage C: insert the new rows. */
export function insertSql(def: KindDef, batchId: string): string {
  const cols = def.targets.map((t) => ident(t.col));
  const vals = def.targets.map((t) => ident('t_' + t.col));
  // No ORDER BY: sorting 16 M rows for the key index cost more time and memory than it saved
  // (BENCHMARKS.md); rows arrive roughly in file order, which is usually key order.
  return `INSERT INTO ${writeTableOf(def.table)} (${cols.join(', ')}, batch_id) SELECT ${vals.join(', ')}, ${literal(batchId)} FROM sr_chk WHERE status = 'new'`;
}
