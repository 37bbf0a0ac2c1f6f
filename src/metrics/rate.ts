/**
 * The lawsuit rate: compile (definition, slice, grain, window) into one DuckDB query, then attach
 * exact intervals, small-cell flags, ranks and a comparison of every slice against the rest of its
 * period. `computeRate` is what the CLI, the HTML report, the server and the demo all call.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, addMonths, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { queryRows } from '../store/sql.js';
import { checkDate, resolveAsOf } from './as-of.js';
import { metricsCacheStatus } from './cache.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { DENOMINATOR_INFO, definitionRef, resolveDefinition, type RateDefinition } from './definitions.js';
import { periodStart, planPeriods, type Grain, type PeriodPlan } from './periods.js';
import { isLoanDimension, parseDimensions, UNLINKED_LABEL, type Dimension } from './sql/dimensions.js';
import { compileRateSql, type RateSqlInput } from './sql/rate-sql.js';
import { garwood, rateRatio, wilson } from './stats/intervals.js';

type CompiledCache = RateSqlInput['cache'];

export interface RateQuery {
  /** `name@version`, `name`, or a full definition; default: the config's default definition. */
  definition?: string | RateDefinition;
  slice?: readonly string[];
  grain?: Grain;
  /** Window start (inclusive). */
  from?: string;
  /** Window end (inclusive); default asOf. */
  to?: string;
  rolling?: number;
  asOf?: string;
  filters?: Partial<Record<Dimension, readonly string[]>>;
  /** Use the rate cache when it is fresh (default true); false always reads the raw tables. */
  cache?: boolean;
}

export interface SliceComparison {
  /** Rate of this slice ÷ rate of all other slices of the period. */
  ratio: number;
  lower: number;
  upper: number;
  pValue: number;
  /** p < 1 − level. */
  significant: boolean;
}

export interface RateCell {
  period: string;
  periodStart: IsoDate;
  /** Last day of the period (inclusive). */
  periodEnd: IsoDate;
  /** First day the figure covers (earlier than periodStart for rolling windows). */
  windowStart: IsoDate;
  partial: boolean;
  slice: Record<string, string>;
  events: number;
  exposure: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
  small: boolean;
  smallReason: 'no_exposure' | 'few_events' | 'small_exposure' | null;
  /** 1 = highest rate among the period's cells that are not small; null when small or unsliced. */
  rank: number | null;
  vsRest: SliceComparison | null;
  /** Events dated by the fallback date because the date of the basis was unknown. */
  fallbackDates: number;
}

export interface ResolvedDefinition extends RateDefinition {
  ref: string;
  denominatorUnit: { zh: string; en: string };
  /** Multiply rates by `scale` and append `per` to show them (100 and '%', or 1 and 'per 10,000 yuan-years'). */
  display: { scale: number; per: { zh: string; en: string } };
}

export interface RateResult {
  definition: ResolvedDefinition;
  query: {
    slice: Dimension[];
    grain: Grain;
    from: IsoDate;
    to: IsoDate;
    asOf: IsoDate;
    rolling: number;
    filters: Partial<Record<Dimension, readonly string[]>>;
    level: number;
    smallCell: { minEvents: number; minExposure: number };
  };
  cells: RateCell[];
  /** One unsliced cell per period (includes disputes without a linked loan). */
  totals: RateCell[];
}

interface RawRow {
  ord: number;
  label: string;
  p_start: string;
  p_end: string;
  w_start: string;
  events: number;
  fallback_dates: number;
  exposure: number;
  [k: string]: unknown;
}

export function resolveDefinitionInput(def: string | RateDefinition | undefined, config: MetricsConfig): ResolvedDefinition {
  const d = typeof def === 'object' ? def : resolveDefinition(def ?? config.defaultDefinition, config.definitions);
  const info = DENOMINATOR_INFO[d.denominator.kind];
  return { ...d, ref: definitionRef(d), denominatorUnit: info.unit, display: { scale: info.scale, per: info.per } };
}

/** Default window: 12 months (month/all grain), 8 quarters or 5 years ending at `to`. */
export function defaultFrom(to: IsoDate, grain: Grain): IsoDate {
  if (grain === 'quarter') return periodStart(addMonths(to, -21), 'quarter');
  if (grain === 'year') return periodStart(addMonths(to, -48), 'year');
  if (grain === 'month') return periodStart(addMonths(to, -11), 'month');
  return addDays(addMonths(to, -12), 1);
}

function intervalFor(def: RateDefinition, events: number, exposure: number, level: number): { rate: number | null; lower: number | null; upper: number | null } {
  if (!(exposure > 0)) return { rate: null, lower: null, upper: null };
  if (def.interval === 'wilson') {
    const n = Math.round(exposure);
    const w = wilson(Math.min(events, n), n, level);
    return { rate: w.estimate, lower: w.lower, upper: w.upper };
  }
  const g = garwood(events, exposure, level);
  return { rate: g.estimate, lower: g.lower, upper: g.upper };
}

function toCells(rows: RawRow[], dims: Dimension[], def: RateDefinition, query: RateResult['query']): RateCell[] {
  const { level, smallCell } = query;
  const plan = planPeriods(query.from, query.to, query.grain, query.rolling);
  return rows.map((r) => {
    const slice: Record<string, string> = {};
    dims.forEach((d, i) => {
      slice[d] = String(r[`d${i}`]);
    });
    const iv = intervalFor(def, r.events, r.exposure, level);
    const smallReason = !(r.exposure > 0) ? 'no_exposure' : r.events < smallCell.minEvents ? 'few_events' : r.exposure < smallCell.minExposure ? 'small_exposure' : null;
    return {
      period: r.label,
      periodStart: r.p_start,
      periodEnd: addDays(r.p_end, -1),
      windowStart: r.w_start,
      partial: plan.periods[r.ord]?.partial ?? false,
      slice,
      events: r.events,
      exposure: r.exposure,
      ...iv,
      small: smallReason !== null,
      smallReason,
      rank: null,
      vsRest: null,
      fallbackDates: r.fallback_dates,
    };
  });
}

/** Per-period sums of sliced rows (periods without any row get zeros, as the unsliced query gives). */
function sumByPeriod(rows: RawRow[], plan: PeriodPlan): RawRow[] {
  const out: RawRow[] = plan.periods.map((per, ord) => ({ ord, label: per.label, p_start: per.start, p_end: per.end, w_start: per.windowStart, events: 0, fallback_dates: 0, exposure: 0 }));
  for (const r of rows) {
    const t = out[r.ord];
    if (!t) continue;
    t.events += r.events;
    t.fallback_dates += r.fallback_dates;
    t.exposure += r.exposure;
  }
  return out;
}

/** Rank the non-small cells of each period by rate, highest first. */
function rankCells(cells: RateCell[]): void {
  const byPeriod = new Map<string, RateCell[]>();
  for (const c of cells) byPeriod.set(c.period, [...(byPeriod.get(c.period) ?? []), c]);
  for (const group of byPeriod.values()) {
    const ranked = group.filter((c) => !c.small && c.rate !== null).sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
    ranked.forEach((c, i) => {
      c.rank = i + 1;
    });
  }
}

/**
 * Compare each slice with the rest of its period (exact conditional test). Only for loan
 * dimensions and additive denominators (dispute dimensions share one denominator, and customers
 * may sit in several slices), and not for small cells, which are flagged instead.
 */
function compareWithRest(cells: RateCell[], def: RateDefinition, dims: Dimension[], level: number): void {
  if (dims.length === 0 || !dims.every(isLoanDimension) || def.denominator.kind === 'customers') return;
  const byPeriod = new Map<string, RateCell[]>();
  for (const c of cells) if (c.exposure > 0) byPeriod.set(c.period, [...(byPeriod.get(c.period) ?? []), c]);
  for (const group of byPeriod.values()) {
    const events = group.reduce((s, c) => s + c.events, 0);
    const exposure = group.reduce((s, c) => s + c.exposure, 0);
    for (const c of group) {
      if (c.small) continue;
      const restE = exposure - c.exposure;
      if (!(restE > 0) || events === 0) continue;
      const rr = rateRatio(c.events, c.exposure, events - c.events, restE, level);
      c.vsRest = { ratio: rr.estimate, lower: rr.lower, upper: rr.upper, pValue: rr.pValue, significant: rr.pValue < 1 - level };
    }
  }
}

/** Whether and how to read the rate cache for this window (null: raw tables). */
async function cachePlan(conn: DuckDBConnection, config: MetricsConfig, definition: RateDefinition, plan: PeriodPlan, asOf: IsoDate): Promise<CompiledCache> {
  const status = await metricsCacheStatus(conn, config);
  if (status.state !== 'fresh') return null;
  if (definition.denominator.kind !== 'originated') return { loanMonths: null };
  const edgeEnd = plan.coverEnd < addDays(asOf, 1) ? plan.coverEnd : addDays(asOf, 1);
  const fullStart = plan.coverStart === periodStart(plan.coverStart, 'month') ? plan.coverStart : addMonths(periodStart(plan.coverStart, 'month'), 1);
  const fullEnd = periodStart(edgeEnd, 'month');
  return { loanMonths: fullStart < fullEnd ? { fullStart, fullEnd } : null };
}

export async function computeRate(conn: DuckDBConnection, query: RateQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<RateResult> {
  const definition = resolveDefinitionInput(query.definition, config);
  const dims = parseDimensions(query.slice ?? []);
  const grain = query.grain ?? 'all';
  const asOf = await resolveAsOf(conn, query.asOf);
  const toIn = query.to !== undefined ? checkDate(query.to, 'to') : asOf;
  const to = toIn > asOf ? asOf : toIn;
  const from = query.from !== undefined ? checkDate(query.from, 'from') : defaultFrom(to, grain);
  if (from > to) {
    throw new AppError({ code: 'metrics.window_empty', en: `The window ${from}..${to} is empty (asOf ${asOf})`, zh: `统计窗口 ${from}..${to} 为空（数据截止日 ${asOf}）` });
  }
  const rolling = query.rolling ?? 1;
  const plan = planPeriods(from, to, grain, rolling);
  const filters = query.filters ?? {};
  const q: RateResult['query'] = { slice: dims, grain, from, to, asOf, rolling, filters, level: config.level, smallCell: { ...config.smallCell } };
  const options = { vintageGrain: config.vintageGrain, amountBandsYuan: config.amountBandsYuan, toleranceFen: config.dpdToleranceFen };
  const cache = query.cache === false ? null : await cachePlan(conn, config, definition, plan, asOf);
  const run = async (d: Dimension[]): Promise<RawRow[]> => {
    const compiled = compileRateSql({ definition, dims: d, plan, grain, asOf, filters, options, cache });
    return queryRows<RawRow>(conn, compiled.sql, compiled.params);
  };
  const rows = await run(dims);
  const cells = toCells(rows, dims, definition, q);
  // Loan slices partition both the disputes and an additive denominator: the totals are the sums of
  // the cells (one query instead of two). Dispute slices repeat the denominator and customers can
  // sit in several slices, so those totals come from their own query.
  const additive = dims.every(isLoanDimension) && definition.denominator.kind !== 'customers';
  const totals = dims.length === 0 ? cells : toCells(additive ? sumByPeriod(rows, plan) : await run([]), [], definition, q);
  if (dims.length > 0) {
    rankCells(cells);
    compareWithRest(cells, definition, dims, config.level);
  }
  return { definition, query: q, cells, totals };
}

export { UNLINKED_LABEL };
