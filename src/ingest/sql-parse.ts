/**
 * Set-based value parsing in DuckDB SQL. Each builder turns a SQL expression holding a trimmed
 * VARCHAR (NULL when empty) into the typed value, NULL when it cannot be parsed. The semantics are
 * those of the domain parsers (parseYuan, parseDate) — a property test checks they agree — but
 * they run over millions of rows inside DuckDB instead of row by row in JS.
 */
import { PROVINCES } from '../domain/regions.js';
import { literal } from '../store/sql.js';
import type { EnumSpec } from './columns.js';

const FW_DIGITS = '０１２３４５６７８９';

/** Patterns of parseDate (src/domain/dates.ts), in the same order, as RE2 syntax. */
export const DATE_PATTERNS: readonly string[] = [
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`,
  String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$`,
  String.raw`^(\d{4})\.(\d{1,2})\.(\d{1,2})$`,
  String.raw`^(\d{4})(\d{2})(\d{2})$`,
  String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日$`,
];

const MONEY_RE = String.raw`^([+-])?(\d{1,16}|\d{1,3}(?:,\d{3}){1,5})(?:\.(\d+))?$`;
const MAX_SAFE = '9007199254740991';

/*
 * Fast paths: the canonical spelling of a value (what a system export writes), checked with one
 * RE2 match and converted with one cast. readSql uses only these; values they do not accept are
 * parsed afterwards, row by row of the few that failed, with the full macros (slowPassSql in
 * stage-sql.ts). Whatever a fast path accepts, the full parser reads to the same value: the fast
 * patterns are subsets of the full ones (property tests check both against the domain parsers).
 */
/**
 * -?digits(.digits): DuckDB's cast to DECIMAL(15,2) rounds the decimal text half away from zero
 * at the third decimal, exactly as parseYuan does (9055.960000000001 → 905596 fen); 13 integer
 * digits keep every value below 2^53 fen (try_cast: 9999999999999.995 overflows to the slow path).
 */
export const MONEY_FAST_RE = String.raw`-?[0-9]{1,13}(\.[0-9]+)?`;
/** YYYY-MM-DD in the years parseDate accepts (1900–2199); an impossible day fails the cast. */
export const DATE_FAST_RE = String.raw`(19|2[01])[0-9]{2}-[0-9]{2}-[0-9]{2}`;
export const INT_FAST_RE = String.raw`-?[0-9]{1,9}`;
/** A plain decimal rate (the percent form goes through sr_rate). */
export const RATE_FAST_RE = String.raw`[+-]?([0-9]{1,9}(\.[0-9]{0,14})?|\.[0-9]{1,14})`;

/**
 * Temp macros used by the builders. Created once per connection before an import (CREATE OR
 * REPLACE, so re-running is harmless).
 */
export function parseMacrosSql(): string {
  const dateCases = DATE_PATTERNS.map((p) => `WHEN regexp_full_match(d, ${literal(p)}) THEN sr_ymd(regexp_extract(d, ${literal(p)}, ['y','m','d']))`).join(' ');
  const anyDate = DATE_PATTERNS.map((p) => `regexp_full_match(d, ${literal(p)})`).join(' OR ');
  return `
CREATE OR REPLACE TEMP MACRO sr_ymd(s) AS (
  CASE WHEN CAST(s.y AS INTEGER) BETWEEN 1900 AND 2199 THEN try_cast(s.y || '-' || s.m || '-' || s.d AS DATE) END);
CREATE OR REPLACE TEMP MACRO sr_date_slow(d) AS (CASE ${dateCases} END);
CREATE OR REPLACE TEMP MACRO sr_date_shaped(d) AS (${anyDate});
CREATE OR REPLACE TEMP MACRO sr_fold_digits(v) AS (translate(v, '${FW_DIGITS}', '0123456789'));
CREATE OR REPLACE TEMP MACRO sr_date_fast(v) AS (CASE WHEN regexp_full_match(v, ${literal(DATE_FAST_RE)}) THEN try_cast(v AS DATE) END);
CREATE OR REPLACE TEMP MACRO sr_date(v) AS (
  CASE WHEN v IS NULL THEN NULL
       WHEN sr_date_fast(v) IS NOT NULL THEN sr_date_fast(v)
       ELSE sr_date_slow(sr_fold_digits(trim(v))) END);
CREATE OR REPLACE TEMP MACRO sr_time_parts(d) AS (regexp_extract(d, '[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?', ['h','mi','s']));
CREATE OR REPLACE TEMP MACRO sr_ts_from(dt, t) AS (
  CASE WHEN dt IS NULL THEN NULL
       WHEN t.h = '' THEN CAST(dt AS TIMESTAMP)
       WHEN CAST(t.h AS INTEGER) < 24 AND CAST(t.mi AS INTEGER) < 60 AND CAST(coalesce(nullif(t.s, ''), '0') AS INTEGER) < 60
         THEN CAST(dt AS TIMESTAMP) + to_seconds(CAST(t.h AS INTEGER) * 3600 + CAST(t.mi AS INTEGER) * 60 + CAST(coalesce(nullif(t.s, ''), '0') AS INTEGER))
  END);
CREATE OR REPLACE TEMP MACRO sr_ts(v) AS (CASE WHEN v IS NULL THEN NULL ELSE sr_ts_from(sr_date(v), sr_time_parts(sr_fold_digits(trim(v)))) END);
CREATE OR REPLACE TEMP MACRO sr_money_clean(v) AS (
  replace(replace(regexp_replace(regexp_replace(regexp_replace(v, '[\\s\\x{00a0}\\x{3000}]', '', 'g'), '^(?i:人民币|RMB|CNY)?[¥￥]?', ''), '元$', ''), '，', ','), '．', '.'));
CREATE OR REPLACE TEMP MACRO sr_money_parts(c) AS (regexp_extract(c, ${literal(MONEY_RE)}, ['sign','int','frac']));
CREATE OR REPLACE TEMP MACRO sr_money_from(p) AS (
  CASE WHEN p.int = '' THEN NULL ELSE
    (CASE WHEN p.sign = '-' THEN -1 ELSE 1 END) * (
      CAST(replace(p.int, ',', '') AS HUGEINT) * 100
      + CAST(left(p.frac || '00', 2) AS HUGEINT)
      + CASE WHEN substr(p.frac, 3, 1) >= '5' THEN 1 ELSE 0 END) END);
CREATE OR REPLACE TEMP MACRO sr_money_big(v) AS (sr_money_from(sr_money_parts(sr_money_clean(v))));
CREATE OR REPLACE TEMP MACRO sr_money_fast(v) AS (CASE WHEN regexp_full_match(v, ${literal(MONEY_FAST_RE)}) THEN CAST(try_cast(v AS DECIMAL(15,2)) * 100 AS BIGINT) END);
CREATE OR REPLACE TEMP MACRO sr_money(v) AS (
  CASE WHEN v IS NULL THEN NULL
       WHEN sr_money_fast(v) IS NOT NULL THEN sr_money_fast(v)
       ELSE CASE WHEN abs(sr_money_big(v)) <= ${MAX_SAFE} THEN CAST(sr_money_big(v) AS BIGINT) END END);
CREATE OR REPLACE TEMP MACRO sr_rate_clean(v) AS (replace(replace(trim(v), '％', '%'), ' ', ''));
CREATE OR REPLACE TEMP MACRO sr_rate_from(c) AS (
  CASE WHEN regexp_full_match(c, '[+-]?(\\d{1,9}(\\.\\d{0,12})?|\\.\\d{1,12})%') THEN CAST(CAST(rtrim(c, '%') AS DECIMAL(30,14)) / 100 AS DOUBLE)
       WHEN regexp_full_match(c, '[+-]?(\\d{1,9}(\\.\\d{0,14})?|\\.\\d{1,14})') THEN CAST(CAST(c AS DECIMAL(30,14)) AS DOUBLE) END);
CREATE OR REPLACE TEMP MACRO sr_rate_fast(v) AS (CASE WHEN regexp_full_match(v, ${literal(RATE_FAST_RE)}) THEN CAST(CAST(v AS DECIMAL(30,14)) AS DOUBLE) END);
CREATE OR REPLACE TEMP MACRO sr_rate(v) AS (CASE WHEN v IS NULL THEN NULL ELSE sr_rate_from(sr_rate_clean(v)) END);
CREATE OR REPLACE TEMP MACRO sr_int_fast(v) AS (CASE WHEN regexp_full_match(v, ${literal(INT_FAST_RE)}) THEN CAST(v AS INTEGER) END);
CREATE OR REPLACE TEMP MACRO sr_int(v) AS (
  CASE WHEN CAST(try_cast(v AS INTEGER) AS VARCHAR) = v THEN CAST(v AS INTEGER)
       WHEN regexp_full_match(trim(v), '[+-]?\\d{1,9}(\\.0+)?') THEN CAST(regexp_extract(trim(v), '^[+-]?\\d+') AS INTEGER) END);
CREATE OR REPLACE TEMP MACRO sr_bool(v) AS (
  CASE WHEN lower(trim(v)) IN ('true', 't', '1', '1.0', 'yes', 'y', '是', '对') THEN true
       WHEN lower(trim(v)) IN ('false', 'f', '0', '0.0', 'no', 'n', '否', '不') THEN false END);
CREATE OR REPLACE TEMP MACRO sr_list(v) AS (
  CASE WHEN v IS NULL THEN NULL ELSE list_filter(list_transform(string_split(replace(v, '；', ';'), ';'), x -> trim(x)), x -> x <> '') END);
CREATE OR REPLACE TEMP MACRO sr_province(v) AS (${provinceCase('v')});
CREATE OR REPLACE TEMP TABLE sr_prov AS SELECT * FROM (VALUES ${provinceKeys()}) t(key, code);
`;
}

/** Exact spellings → code, for the fast join; other spellings fall back to sr_province. */
function provinceKeys(): string {
  const rows = new Map<string, string>();
  for (const p of PROVINCES) {
    for (const k of [p.code, p.name, p.short, p.en, p.en.toLowerCase(), p.en.toUpperCase()]) if (!rows.has(k)) rows.set(k, p.code);
  }
  return [...rows].map(([k, c]) => `(${literal(k)}, ${literal(c)})`).join(', ');
}

function provinceCase(v: string): string {
  const byCode = `CASE WHEN left(${v}, 2) IN (${PROVINCES.map((p) => literal(p.code)).join(', ')}) THEN left(${v}, 2) END`;
  const byName = PROVINCES.map(
    (p) => `WHEN ${v} = ${literal(p.name)} OR lower(${v}) = ${literal(p.en.toLowerCase())} OR starts_with(${v}, ${literal(p.short)}) THEN ${literal(p.code)}`,
  ).join(' ');
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN regexp_matches(${v}, '^\\d{2}') THEN ${byCode} ${byName} END`;
}

/** SQL mapping an enum spelling (canonical, any case, or an alias) to its canonical value. */
export function enumSql(v: string, spec: EnumSpec): string {
  const whens: string[] = [];
  const seen = new Set<string>();
  for (const [canon, aliases] of Object.entries(spec)) {
    for (const s of [canon, ...aliases]) {
      const k = s.normalize('NFKC').toLowerCase().replace(/ /g, '');
      if (seen.has(k)) continue;
      seen.add(k);
      whens.push(`WHEN ${literal(k)} THEN ${literal(canon)}`);
    }
  }
  return `CASE lower(replace(${v}, ' ', '')) ${whens.join(' ')} END`;
}
