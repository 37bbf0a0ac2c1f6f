/**
 * Compile a rate definition + slice + grain + window into ONE DuckDB query. The query returns one
 * row per (period, slice) with the event count and the exposure (every period when unsliced); intervals are added in JS over
 * these aggregated cells. Identifiers come from whitelists; every user value is a bound parameter.
 */
import type { IsoDate } from '../../domain/dates.js';
import type { SqlParam } from '../../store/sql.js';
import type { RateDefinition } from '../definitions.js';
import type { Grain, PeriodPlan } from '../periods.js';
import { disputeSideSql, isLoanDimension, loanSideSql, type Dimension, type DimensionOptions, type LoanDimension } from './dimensions.js';
import { balanceSegmentsCte, firstDelinquencyCte, loanSpanCte, scheduleAndPaymentsCtes } from './loan-facts.js';
import { SqlParams } from './params.js';

export interface RateSqlInput {
  definition: RateDefinition;
  dims: readonly Dimension[];
  plan: PeriodPlan;
  grain: Grain;
  asOf: IsoDate;
  /** Keep only these values of a dimension (e.g. institution → ['A']). */
  filters: Partial<Record<Dimension, readonly string[]>>;
  options: DimensionOptions & { toleranceFen: number };
  /**
   * Read from the fresh rate cache (cache.ts): disputes from metrics_dispute_fact; for the
   * originated denominator, whole months [fullStart, fullEnd) from metrics_loan_month and the
   * partial months at the window's edges from loan.
   */
  cache?: { loanMonths: { fullStart: IsoDate; fullEnd: IsoDate } | null } | null;
}

export interface CompiledRateSql {
  sql: string;
  params: SqlParam[];
  /** Output columns d0, d1, … correspond to these dimensions. */
  dims: Dimension[];
}

const DAYS_PER_YEAR = 365;
const FEN_PER_10K_YUAN = 1_000_000;

function col(i: number): string {
  return `d${i}`;
}

/** SQL of the bucket a date belongs to: its calendar period start, clipped to the covered window. */
function bucketOf(dateSql: string, grain: Grain, coverStartSql: string): string {
  if (grain === 'all') return coverStartSql;
  return `greatest(date_trunc('${grain}', ${dateSql})::DATE, ${coverStartSql})`;
}

interface Ctx {
  p: SqlParams;
  input: RateSqlInput;
  asOf: string;
  coverStart: string;
  coverEnd: string;
  /** Bound lazily: unused parameters are an error in DuckDB. */
  tol(): string;
  loanDims: { dim: LoanDimension; i: number }[];
  allDims: { dim: Dimension; i: number }[];
}

/** WHERE clauses restricting loans (alias l, product pr) by the loan-dimension filters. */
function loanFilterSql(c: Ctx): string {
  const parts: string[] = [];
  for (const [dim, values] of Object.entries(c.input.filters)) {
    if (!values || values.length === 0 || !isLoanDimension(dim)) continue;
    parts.push(`${loanSideSql(dim, c.p, c.input.options)} IN ${c.p.textList(values)}`);
  }
  return parts.length > 0 ? parts.map((s) => `AND ${s}`).join(' ') : '';
}

/**
 * WHERE conditions (over dispute `d`) of a definition's numerator: counts as a lawsuit, not
 * enforcement only, role, lending, cause, court and procedure filters.
 */
export function numeratorFilterSql(def: RateDefinition, p: SqlParams): string[] {
  const { numerator } = def;
  const parts: string[] = ['coalesce(d.counts_as_lawsuit, TRUE)', 'NOT coalesce(d.enforcement_only, FALSE)'];
  if (numerator.role === 'either') parts.push("d.institution_role IN ('plaintiff', 'defendant')");
  else if (numerator.role === 'any') parts.push("coalesce(d.institution_role, 'none') NOT IN ('none')");
  else parts.push(`d.institution_role = ${p.text(numerator.role)}`);
  if (numerator.lendingOnly) parts.push('coalesce(d.is_lending, TRUE)');
  if (numerator.causeCategories) parts.push(`d.cause_category IN ${p.textList(numerator.causeCategories)}`);
  if (numerator.courts) {
    const list = p.textList(numerator.courts);
    parts.push(`(d.court_name IN ${list} OR d.court_code IN ${list})`);
  }
  if (numerator.procedures) parts.push(`d.procedure IN ${p.textList(numerator.procedures)}`);
  return parts;
}

function disputeFilterSql(c: Ctx): string {
  const parts = numeratorFilterSql(c.input.definition, c.p);
  for (const [dim, values] of Object.entries(c.input.filters)) {
    if (!values || values.length === 0) continue;
    parts.push(`${disputeSideSql(dim as Dimension, c.p, c.input.options)} IN ${c.p.textList(values)}`);
  }
  return parts.join('\n    AND ');
}

/** The event date of a dispute under the definition's date basis. */
export function eventDateSql(def: RateDefinition): string {
  return def.numerator.dateBasis === 'filed' ? 'coalesce(d.filed_at, d.count_date)' : 'coalesce(d.decided_at, d.latest_decided_at)';
}

/** The product join is only needed for product attributes (product_kind). */
function needsProduct(c: Ctx): boolean {
  return c.allDims.some((d) => d.dim === 'product_kind') || (c.input.filters.product_kind?.length ?? 0) > 0;
}

function productJoin(c: Ctx): string {
  return needsProduct(c) ? ' LEFT JOIN product pr ON pr.product_id = l.product_id' : '';
}

/**
 * The cached dispute facts as `d`, with the loan and product attributes as struct columns `l` and
 * `pr`, so the same expressions (l.product_id, pr.kind) work on both paths: DuckDB reads `l.x` as
 * a struct field when no table is called l.
 */
const CACHED_DISPUTES = `(
    SELECT f.*,
      {'loan_id': f.loan_id, 'institution_id': f.l_institution_id, 'product_id': f.l_product_id, 'province': f.l_province,
       'channel': f.l_channel, 'originated_at': f.l_originated_at, 'principal_fen': f.l_principal_fen} AS l,
      {'kind': f.l_product_kind} AS pr
    FROM metrics_dispute_fact f
  ) d`;

function disputeFrom(c: Ctx): string {
  if (c.input.cache) return CACHED_DISPUTES;
  return `dispute d LEFT JOIN loan l ON l.loan_id = d.loan_id${productJoin(c)}`;
}

/** Loans (alias l, product pr) with a `loans` weight column: cached months plus raw edge days. */
function loanFrom(c: Ctx): string {
  const months = c.input.cache?.loanMonths;
  if (!months) return `loan l${productJoin(c)}`;
  const fs = c.p.date(months.fullStart);
  const fe = c.p.date(months.fullEnd);
  return `(SELECT l0.*, {'kind': l0.product_kind} AS pr FROM (
    SELECT originated_at, institution_id, product_id, province, channel, principal_fen, loans, product_kind FROM metrics_loan_month
    WHERE originated_at >= ${fs} AND originated_at < ${fe}
    UNION ALL
    SELECT l.originated_at, l.institution_id, l.product_id, l.province, l.channel, l.principal_fen, 1 AS loans, p.kind AS product_kind
    FROM loan l LEFT JOIN product p ON p.product_id = l.product_id
    WHERE (l.originated_at >= ${c.coverStart} AND l.originated_at < ${fs}) OR (l.originated_at >= ${fe} AND l.originated_at < ${c.coverEnd})
  ) l0) l`;
}

function dimSelect(c: Ctx, side: 'dispute' | 'loan'): string {
  const dims = side === 'dispute' ? c.allDims : c.loanDims;
  return dims.map(({ dim, i }) => `, ${side === 'dispute' ? disputeSideSql(dim, c.p, c.input.options) : loanSideSql(dim as LoanDimension, c.p, c.input.options)} AS ${col(i)}`).join('');
}

function dimCols(dims: { i: number }[], prefix = ''): string {
  return dims.map(({ i }) => `, ${prefix}${col(i)}`).join('');
}

/** Numerator per bucket: `num_b(b, d…, events, fallback_dates)`. */
function numeratorCte(c: Ctx): string {
  const def = c.input.definition;
  const date = eventDateSql(def);
  if (def.numerator.basis === 'cohort') {
    return `num_b AS (
  SELECT ${bucketOf('l.originated_at', c.input.grain, c.coverStart)} AS b${dimSelect(c, 'dispute')},
    count(DISTINCT l.loan_id) AS events, 0 AS fallback_dates
  FROM ${disputeFrom(c)}
  WHERE l.loan_id IS NOT NULL AND l.originated_at >= ${c.coverStart} AND l.originated_at < ${c.coverEnd} AND l.originated_at <= ${c.asOf}
    AND ${date} <= ${c.asOf}
    AND ${disputeFilterSql(c)}
    ${loanFilterSql(c)}
  GROUP BY ALL
)`;
  }
  return `num_b AS (
  SELECT ${bucketOf('ev', c.input.grain, c.coverStart)} AS b${dimCols(c.allDims)},
    count(*) AS events, count(*) FILTER (WHERE fallback) AS fallback_dates
  FROM (
    SELECT ${date} AS ev, ${def.numerator.dateBasis === 'filed' ? 'd.filed_at IS NULL' : 'd.decided_at IS NULL'} AS fallback${dimSelect(c, 'dispute')}
    FROM ${disputeFrom(c)}
    WHERE ${disputeFilterSql(c)}
  ) x
  WHERE ev >= ${c.coverStart} AND ev < ${c.coverEnd} AND ev <= ${c.asOf}
  GROUP BY ALL
)`;
}

/** Denominator per bucket `den_b(b, d…, expo)` in additive units, or per period for customers. */
function denominatorCtes(c: Ctx): string {
  const kind = c.input.definition.denominator.kind;
  const lf = loanFilterSql(c);
  const g = c.input.grain;
  switch (kind) {
    case 'originated':
      return `den_b AS (
  SELECT ${bucketOf('l.originated_at', g, c.coverStart)} AS b${dimSelect(c, 'loan')}, ${c.input.cache?.loanMonths ? 'sum(l.loans)' : 'count(*)'}::DOUBLE AS expo
  FROM ${loanFrom(c)}
  WHERE l.originated_at >= ${c.coverStart} AND l.originated_at < ${c.coverEnd} AND l.originated_at <= ${c.asOf} ${lf}
  GROUP BY ALL
)`;
    case 'dpd90':
      return `${scheduleAndPaymentsCtes(c.asOf, c.tol())},
${firstDelinquencyCte(c.asOf, c.tol())},
den_b AS (
  SELECT ${bucketOf('f.first90_at', g, c.coverStart)} AS b${dimSelect(c, 'loan')}, count(*)::DOUBLE AS expo
  FROM m_first_dpd f JOIN loan l ON l.loan_id = f.loan_id${productJoin(c)}
  WHERE f.first90_at >= ${c.coverStart} AND f.first90_at < ${c.coverEnd} ${lf}
  GROUP BY ALL
)`;
    case 'active_avg':
      return `${scheduleAndPaymentsCtes(c.asOf, c.tol())},
${loanSpanCte(c.asOf)},
den_b AS (
  SELECT k.b_start AS b${dimCols(c.loanDims)},
    sum(date_diff('day', greatest(s.start_date, k.b_start), least(coalesce(s.end_date, k.b_end), k.b_end)))::DOUBLE AS expo
  FROM (SELECT s.*${dimSelect(c, 'loan')} FROM m_span s JOIN loan l ON l.loan_id = s.loan_id${productJoin(c)} WHERE TRUE ${lf}) s
  JOIN bkt k ON s.start_date < k.b_end AND (s.end_date IS NULL OR s.end_date > k.b_start)
  GROUP BY ALL
)`;
    case 'balance':
      return `${balanceSegmentsCte(c.asOf)},
den_b AS (
  SELECT k.b_start AS b${dimCols(c.loanDims)},
    sum(s.balance_fen::DOUBLE * date_diff('day', greatest(s.seg_start, k.b_start), least(s.seg_end, k.b_end))) AS expo
  FROM (SELECT s.*${dimSelect(c, 'loan')} FROM m_balance_seg s JOIN loan l ON l.loan_id = s.loan_id${productJoin(c)} WHERE s.balance_fen > 0 ${lf}) s
  JOIN bkt k ON s.seg_start < k.b_end AND s.seg_end > k.b_start
  GROUP BY ALL
)`;
    case 'customers':
      return `${scheduleAndPaymentsCtes(c.asOf, c.tol())},
${loanSpanCte(c.asOf)},
den_p AS (
  SELECT per.ord${dimCols(c.loanDims, 's.')}, count(DISTINCT s.customer_id)::DOUBLE AS expo
  FROM (SELECT s.*, l.customer_id${dimSelect(c, 'loan')} FROM m_span s JOIN loan l ON l.loan_id = s.loan_id${productJoin(c)} WHERE l.customer_id IS NOT NULL ${lf}) s
  JOIN per ON s.start_date < per.p_end AND (s.end_date IS NULL OR s.end_date > per.w_start)
  GROUP BY ALL
)`;
  }
}

/** Buckets feeding a period: the one bucket it is (equality join), or the rolling window's buckets. */
function bucketJoin(c: Ctx): string {
  const rolling = c.input.plan.periods.some((p) => p.windowStart !== p.start);
  return rolling ? 'x.b >= per.w_start AND x.b < per.p_end' : 'x.b = per.w_start';
}

/** Exposure of one period from the summed additive unit. */
function exposureScale(c: Ctx, sumSql: string): string {
  switch (c.input.definition.denominator.kind) {
    case 'active_avg':
      return `${sumSql} / date_diff('day', per.w_start, per.p_end)`;
    case 'balance':
      return `${sumSql} / (${FEN_PER_10K_YUAN} * ${DAYS_PER_YEAR}.0)`;
    default:
      return sumSql;
  }
}

function periodsCte(c: Ctx): string {
  const rows = c.input.plan.periods.map((per, ord) => `(${ord}, ${c.p.text(per.label)}, ${c.p.date(per.start)}, ${c.p.date(per.end)}, ${c.p.date(per.windowStart)})`);
  const buckets = c.input.plan.buckets.map((b) => `(${c.p.date(b.start)}, ${c.p.date(b.end)})`);
  return `per(ord, label, p_start, p_end, w_start) AS (VALUES ${rows.join(', ')}),
bkt(b_start, b_end) AS (VALUES ${buckets.join(', ')})`;
}

export function compileRateSql(input: RateSqlInput): CompiledRateSql {
  const p = new SqlParams();
  const allDims = input.dims.map((dim, i) => ({ dim, i }));
  const c: Ctx = {
    p,
    input,
    asOf: p.date(input.asOf),
    coverStart: p.date(input.plan.coverStart),
    coverEnd: p.date(input.plan.coverEnd),
    tol: () => p.int(input.options.toleranceFen),
    allDims,
    loanDims: allDims.filter((d): d is { dim: LoanDimension; i: number } => isLoanDimension(d.dim)),
  };
  const hasDisputeDims = c.loanDims.length < c.allDims.length;
  const loanJoin = c.loanDims.map(({ i }) => ` AND n.${col(i)} = e.${col(i)}`).join('');
  const allCols = c.allDims.map(({ i }) => `, coalesce(n.${col(i)}, e.${col(i)}) AS ${col(i)}`).join('');
  const disputeCols = c.allDims.filter((d) => !isLoanDimension(d.dim));
  const denPeriod =
    input.definition.denominator.kind === 'customers'
      ? ''
      : `,
den_p AS (
  SELECT per.ord${dimCols(c.loanDims, 'x.')}, ${exposureScale(c, 'sum(x.expo)')} AS expo
  FROM per JOIN den_b x ON ${bucketJoin(c)}
  GROUP BY per.ord, per.w_start, per.p_end${dimCols(c.loanDims, 'x.')}
)`;
  // With dispute dimensions the denominator is repeated for every value seen in the numerator.
  const denGrid = hasDisputeDims
    ? `,
den_g AS (
  SELECT e.*${disputeCols.map(({ i }) => `, v.${col(i)}`).join('')}
  FROM den_p e CROSS JOIN (SELECT DISTINCT ${disputeCols.map(({ i }) => col(i)).join(', ')} FROM num_p) v
)`
    : `,
den_g AS (SELECT * FROM den_p)`;
  const gridJoin = hasDisputeDims ? loanJoin + disputeCols.map(({ i }) => ` AND n.${col(i)} = e.${col(i)}`).join('') : loanJoin;
  const sql = `WITH ${periodsCte(c)},
${numeratorCte(c)},
num_p AS (
  SELECT per.ord${dimCols(c.allDims, 'x.')}, sum(x.events)::BIGINT AS events, sum(x.fallback_dates)::BIGINT AS fallback_dates
  FROM per JOIN num_b x ON ${bucketJoin(c)}
  GROUP BY ALL
),
${denominatorCtes(c)}${denPeriod}${denGrid}
SELECT per.ord, per.label, per.p_start, per.p_end, per.w_start${allCols},
  coalesce(n.events, 0)::BIGINT AS events, coalesce(n.fallback_dates, 0)::BIGINT AS fallback_dates, coalesce(e.expo, 0)::DOUBLE AS exposure
${
    c.allDims.length === 0
      ? 'FROM per LEFT JOIN num_p n ON n.ord = per.ord LEFT JOIN den_g e ON e.ord = per.ord'
      : `FROM num_p n FULL OUTER JOIN den_g e ON n.ord = e.ord${gridJoin}
JOIN per ON per.ord = coalesce(n.ord, e.ord)`
  }
ORDER BY per.ord${c.allDims.map(({ i }) => `, ${col(i)}`).join('')}`;
  return { sql, params: p.list(), dims: [...input.dims] };
}
