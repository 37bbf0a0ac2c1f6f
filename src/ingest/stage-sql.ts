/**
 * The SQL of the validation pipeline (see docs/ingest.md):
 *   1. sr_raw  — read_csv(all VARCHAR, store_rejects) → trimmed text per canonical column;
 *   2. sr_chk  — parsed values (p_*), reference lookups (j_*), stored values (t_*) and the list of
 *                problems per row (errs), in one pass;
 *   3. sr_dup / sr_cls — within-file duplicates and comparison with the store by natural key;
 *   4. INSERT … SELECT of the new rows.
 */
import type { ImportKind } from '../domain/import.js';
import { ident, literal } from '../store/sql.js';
import { columnsOf, type ColumnSpec } from './columns.js';
import type { CheckContext, KindDef, Target } from './kinds.js';
import { enumSql } from './sql-parse.js';

const TRIM_CHARS = `' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279)`;

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

/** Stage 1: the file into sr_raw (one VARCHAR per canonical column present), malformed records into sr_rej_err. */
export function readSql(plan: ReadPlan): string {
  const offset = plan.lineColumn ? 1 : 0;
  const cols: string[] = [];
  for (let i = 0; i < plan.width + offset; i++) cols.push(`'c${i}': 'VARCHAR'`);
  const select: string[] = [];
  if (plan.lineColumn) select.push('CAST(c0 AS BIGINT) AS src_line');
  plan.canonical.forEach((name, i) => {
    if (name !== null) select.push(`NULLIF(trim(c${i + offset}, ${TRIM_CHARS}), '') AS ${ident('r_' + name)}`);
  });
  if (select.length === 0) select.push('NULL::VARCHAR AS r__none');
  const opts = [
    `header=${plan.hasHeaderRow}`,
    `columns={${cols.join(', ')}}`,
    `delim=${literal(plan.delimiter)}`,
    `quote='"'`,
    `escape='"'`,
    'auto_detect=false',
    'store_rejects=true',
    `rejects_table='sr_rej_err'`,
    `rejects_scan='sr_rej_scan'`,
    'max_line_size=33554432',
  ];
  if (plan.lineColumn) opts.push('null_padding=true', 'parallel=false');
  return `CREATE TEMP TABLE sr_raw AS SELECT ${select.join(', ')} FROM read_csv(${literal(plan.csvPath)}, ${opts.join(', ')})`;
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
      return `sr_province(${r})`;
    case 'pii':
      return 'NULL::VARCHAR';
    default:
      return r;
  }
}

function typeCheck(c: ColumnSpec): string | null {
  const r = ident('r_' + c.name);
  const p = ident('p_' + c.name);
  const shown = `left(${r}, 40)`;
  const mk = (code: string, msg: string): string => `CASE WHEN ${r} IS NOT NULL AND ${p} IS NULL THEN {'col': ${literal(c.name)}, 'code': ${code}, 'msg': ${msg}} END`;
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
  ctx: CheckContext;
}

/** Stage 2: sr_chk. */
export function checkSql(plan: CheckPlan): string {
  const cols = columnsOf(plan.kind);
  const pCols: string[] = ['s.rowid AS ord'];
  if (plan.lineColumn) pCols.push('s.src_line');
  for (const c of cols) {
    const r = plan.present.has(c.name) ? `s.${ident('r_' + c.name)}` : 'NULL::VARCHAR';
    pCols.push(`${r} AS ${ident('r_' + c.name)}`);
    const pName = plan.kind === 'repayments' && c.name === 'repayment_id' ? 'p_repayment_id_given' : 'p_' + c.name;
    pCols.push(`${parseExpr(c, r)} AS ${ident(pName)}`);
  }
  let pRel = `SELECT ${pCols.join(', ')} FROM sr_raw s`;
  if (plan.kind === 'repayments') {
    // Repayments without an id get `loan|date|amount fen|occurrence` (occurrence in file order).
    pRel = `SELECT *, coalesce(p_repayment_id_given, p_loan_id || '|' || CAST(p_paid_at AS VARCHAR) || '|' || CAST(p_amount AS VARCHAR) || '|' ||
      CAST(row_number() OVER (PARTITION BY p_loan_id, p_paid_at, p_amount, p_repayment_id_given IS NULL ORDER BY ord) AS VARCHAR)) AS p_repayment_id FROM (${pRel})`;
  }
  const jRel = `SELECT p.*${plan.def.joinCols ? ', ' + plan.def.joinCols : ''} FROM (${pRel}) p ${plan.def.joins}`;
  const errs: string[] = [];
  for (const c of cols) {
    if (!plan.present.has(c.name)) continue;
    const t = typeCheck(c);
    if (t) errs.push(t);
    if (c.required) errs.push(`CASE WHEN ${ident('r_' + c.name)} IS NULL THEN {'col': ${literal(c.name)}, 'code': 'required', 'msg': 'required value is empty'} END`);
  }
  for (const chk of plan.def.checks(plan.ctx)) {
    errs.push(`CASE WHEN coalesce((${chk.when}), false) THEN {'col': ${literal(chk.col)}, 'code': ${literal(chk.code)}, 'msg': coalesce(${chk.msg}, ${literal(chk.code)})} END`);
  }
  const targets = plan.def.targets.map((t) => `${t.expr} AS ${ident('t_' + t.col)}`);
  if (plan.kind === 'institutions') {
    targets.push(`list_sort(list_distinct(list_filter([p_name, p_short_name] || coalesce(p_aliases, []), a -> a IS NOT NULL))) AS t_aliases`);
  }
  const enrJoin = plan.hasEnrichment ? 'LEFT JOIN sr_enr e ON e.ord = j.ord' : '';
  const enrErr = plan.hasEnrichment ? '(j.ord IN (SELECT ord FROM sr_enr_err))' : 'false';
  const errList = errs.length > 0 ? `list_filter([${errs.join(',\n ')}], x -> x IS NOT NULL)` : `[]::STRUCT(col VARCHAR, code VARCHAR, msg VARCHAR)[]`;
  return `CREATE TEMP TABLE sr_chk AS
SELECT z.*, len(z.errs) = 0 AND NOT z.enr_bad AS ok FROM (
SELECT j.*, ${targets.join(', ')},
  ${errList} AS errs,
  ${enrErr} AS enr_bad
FROM (${jRel}) j ${enrJoin}) z`;
}

/** Targets compared on re-import: those fed by a column present in the file. */
export function comparedTargets(def: KindDef, present: ReadonlySet<string>): Target[] {
  return def.targets.filter((t) => t.from.some((f) => present.has(f)));
}

function shown(t: Target, v: string): string {
  return t.show === 'money' ? `format('{:.2f}', ${v} / 100.0)` : `left(CAST(${v} AS VARCHAR), 40)`;
}

/**
 * A list of "column (stored X ≠ file Y)" for the targets that differ between `a` (file) and `b`
 * (stored or first occurrence) — personal data shown by name only.
 */
export function diffListSql(targets: readonly Target[], sourceName: (t: Target) => string, a: string, bCol: (t: Target) => string, bDisplay: (t: Target) => string, bLabel: string): string {
  const items = targets.map((t) => {
    const name = literal(sourceName(t));
    const differs = `${a}.${ident('t_' + t.col)} IS DISTINCT FROM ${bCol(t)}`;
    const detail =
      t.show === 'hide'
        ? name
        : `${name} || ' (${bLabel} ' || coalesce(${bDisplay(t)}, 'empty') || ' ≠ file ' || coalesce(${shown(t, `${a}.${ident('t_' + t.col)}`)}, 'empty') || ')'`;
    return `CASE WHEN ${differs} THEN ${detail} END`;
  });
  return items.length > 0 ? `list_filter([${items.join(', ')}], x -> x IS NOT NULL)` : '[]::VARCHAR[]';
}

export interface ClassifyPlan {
  def: KindDef;
  present: ReadonlySet<string>;
  sourceName: (t: Target) => string;
  kind: ImportKind;
}

/** Stage 3a: keys occurring more than once among the good rows. */
export function dupSql(def: KindDef): string {
  const keys = def.key.map((k) => ident('t_' + k)).join(', ');
  return `CREATE TEMP TABLE sr_dup AS SELECT ${keys}, min(ord) AS first_ord FROM sr_chk WHERE ok GROUP BY ${keys} HAVING count(*) > 1`;
}

/** Stage 3b: new / unchanged / conflict with the store / duplicate within the file. */
export function classifySql(plan: ClassifyPlan): string {
  const def = plan.def;
  const targets = comparedTargets(def, plan.present).concat(plan.kind === 'institutions' && plan.present.has('aliases') ? [{ col: 'aliases', expr: '', from: ['aliases'], show: 'value' as const }] : []);
  const keyJoin = (alias: string, prefix: string): string => def.key.map((k) => `${alias}.${ident(prefix + k)} = c.${ident('t_' + k)}`).join(' AND ');
  const stored = (t: Target): string => (t.col === 'aliases' ? 'xa.aliases' : `x.${ident(t.col)}`);
  const storedDisplay = (t: Target): string => shown(t, stored(t));
  const diff = diffListSql(targets, plan.sourceName, 'c', stored, storedDisplay, 'stored');
  const aliasJoin = plan.kind === 'institutions' ? `LEFT JOIN (SELECT institution_id, list_sort(list(alias)) AS aliases FROM institution_alias GROUP BY 1) xa ON xa.institution_id = c.t_institution_id` : '';
  const firstKey = ident(def.key[0] ?? '');
  return `CREATE TEMP TABLE sr_cls AS
SELECT c.ord, d.first_ord,
  CASE WHEN x.${firstKey} IS NOT NULL THEN CASE WHEN len(${diff}) = 0 THEN 'unchanged' ELSE 'conflict_store' END
       WHEN d.first_ord IS NULL OR d.first_ord = c.ord THEN 'new'
       ELSE 'dup' END AS status,
  CASE WHEN x.${firstKey} IS NOT NULL THEN ${diff} END AS diff
FROM sr_chk c
LEFT JOIN sr_dup d ON ${keyJoin('d', 't_')}
LEFT JOIN ${def.table} x ON ${keyJoin('x', '')}
${aliasJoin}
WHERE c.ok`;
}

/** Stage 3c: later duplicates within the file compared with the first occurrence. */
export function dupCompareSql(plan: ClassifyPlan): string {
  const targets = plan.def.targets.filter((t) => t.from.some((f) => plan.present.has(f)));
  const all = plan.kind === 'institutions' ? targets.concat([{ col: 'aliases', expr: '', from: ['aliases'], show: 'value' as const }]) : targets;
  const firstCol = (t: Target): string => `f.${ident('t_' + t.col)}`;
  const firstDisplay = (t: Target): string => shown(t, firstCol(t));
  const diff = diffListSql(all, plan.sourceName, 'c', firstCol, firstDisplay, 'first occurrence');
  return `UPDATE sr_cls SET status = CASE WHEN len(z.diff2) = 0 THEN 'unchanged' ELSE 'conflict_file' END, diff = z.diff2
FROM (SELECT k.ord, ${diff} AS diff2 FROM sr_cls k JOIN sr_chk c ON c.ord = k.ord JOIN sr_chk f ON f.ord = k.first_ord WHERE k.status = 'dup') z
WHERE sr_cls.ord = z.ord`;
}

/** Stage 4: insert the new rows. */
export function insertSql(def: KindDef, batchId: string): string {
  const cols = def.targets.map((t) => ident(t.col));
  const vals = def.targets.map((t) => `c.${ident('t_' + t.col)}`);
  return `INSERT INTO ${def.table} (${cols.join(', ')}, batch_id)
SELECT ${vals.join(', ')}, ${literal(batchId)} FROM sr_chk c JOIN sr_cls k ON k.ord = c.ord WHERE k.status = 'new' ORDER BY c.ord`;
}
