/**
 * Trend of the monthly lawsuit rate: a log-linear Poisson regression on time with the exposure as
 * offset (quasi-Poisson errors), change points on the Poisson likelihood with a penalty, and a
 * plain-language verdict in Chinese and English ("rising since 2024-03, +38%/yr, 95% CI …").
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addMonths, type IsoDate } from '../domain/dates.js';
import { resolveAsOf } from './as-of.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { formatChange, formatLevel, formatRate } from './format.js';
import { periodStart } from './periods.js';
import { computeRate, type RateCell, type RateQuery, type ResolvedDefinition } from './rate.js';
import { poissonChangePoints } from './stats/changepoints.js';
import { fitPoissonTrend } from './stats/poisson-regression.js';

export interface TrendInputPoint {
  period: string;
  events: number;
  exposure: number;
}

export interface TrendFit {
  /** Relative change per year, exp(β) − 1. */
  annualChange: number;
  lower: number;
  upper: number;
  pValue: number;
  dispersion: number;
  /** First period of the fitted stretch. */
  since: string;
  months: number;
}

export interface ChangePoint {
  /** First period of the new level. */
  period: string;
  before: number;
  after: number;
  /** after ÷ before − 1. */
  change: number;
}

export type TrendDirection = 'rising' | 'falling' | 'flat' | 'insufficient';

export interface TrendAnalysis {
  points: (TrendInputPoint & { rate: number | null; fitted: number | null })[];
  /** Fit over the stretch the verdict speaks about (since the last change point when that stretch has ≥ 6 months). */
  fit: TrendFit | null;
  /** Fit over the whole series. */
  wholeFit: TrendFit | null;
  changePoints: ChangePoint[];
  segments: { from: string; to: string; events: number; exposure: number; rate: number }[];
  direction: TrendDirection;
  verdict: { zh: string; en: string };
  method: { trend: string; changePoints: string; penalty: number; minSegment: number; level: number };
}

export interface TrendOptions {
  level?: number;
  penalty?: number;
  minSegment?: number;
  display?: ResolvedDefinition['display'];
}

const PERCENT_DISPLAY: ResolvedDefinition['display'] = { scale: 100, per: { zh: '%', en: '%' } };

/** Fit the stretch of the series from `start` to the end; fitted rates are null before `start`. */
function fitStretch(points: TrendInputPoint[], start: number, level: number): { fit: TrendFit | null; fitted: (number | null)[] } {
  const pts = points.slice(start);
  const x = pts.map((_, i) => i / 12);
  const mean = x.reduce((s, v) => s + v, 0) / Math.max(1, x.length);
  const xc = x.map((v) => v - mean);
  const f = fitPoissonTrend(
    xc,
    pts.map((p) => p.events),
    pts.map((p) => p.exposure),
    level,
  );
  if (!f) return { fit: null, fitted: points.map(() => null) };
  return {
    fit: {
      annualChange: Math.exp(f.beta) - 1,
      lower: Math.exp(f.betaLower) - 1,
      upper: Math.exp(f.betaUpper) - 1,
      pValue: f.pValue,
      dispersion: f.dispersion,
      since: pts[0]?.period ?? '',
      months: pts.length,
    },
    fitted: points.map((pt, i) => (i < start || !(pt.exposure > 0) ? null : Math.exp(f.alpha + f.beta * (xc[i - start] ?? 0)))),
  };
}

function verdictText(direction: TrendDirection, fit: TrendFit | null, cps: ChangePoint[], totals: { events: number; months: number }, level: number, display: ResolvedDefinition['display']): { zh: string; en: string } {
  const lv = formatLevel(level);
  if (direction === 'insufficient' || !fit) {
    return {
      en: `Too few lawsuits to tell a trend: ${totals.events} in ${totals.months} months.`,
      zh: `纠纷太少，无法判断趋势：${totals.months}个月共${totals.events}件。`,
    };
  }
  const pct = formatChange(fit.annualChange);
  const ci = { en: `${lv} CI ${formatChange(fit.lower)} to ${formatChange(fit.upper)}`, zh: `${lv}置信区间 ${formatChange(fit.lower)} 至 ${formatChange(fit.upper)}` };
  let en: string;
  let zh: string;
  if (direction === 'rising') {
    en = `Rising since ${fit.since}: ${pct}/yr (${ci.en}).`;
    zh = `自${fit.since}起上升：年化${pct}（${ci.zh}）。`;
  } else if (direction === 'falling') {
    en = `Falling since ${fit.since}: ${pct}/yr (${ci.en}).`;
    zh = `自${fit.since}起下降：年化${pct}（${ci.zh}）。`;
  } else {
    en = `No significant trend since ${fit.since} (${pct}/yr, ${ci.en}).`;
    zh = `自${fit.since}以来无显著趋势（年化${pct}，${ci.zh}）。`;
  }
  const last = cps[cps.length - 1];
  if (last) {
    en += ` Change point at ${last.period}: ${formatRate(last.before, display, 'en')} → ${formatRate(last.after, display, 'en')} (${formatChange(last.change)}).`;
    zh += `${last.period} 出现变点：${formatRate(last.before, display, 'zh')} → ${formatRate(last.after, display, 'zh')}（${formatChange(last.change)}）。`;
  }
  return { en, zh };
}

/** Analyse a monthly series of counts and exposures (pure). */
export function analyzeTrend(series: readonly TrendInputPoint[], opts: TrendOptions = {}): TrendAnalysis {
  const level = opts.level ?? 0.95;
  const minSegment = opts.minSegment ?? 6;
  const display = opts.display ?? PERCENT_DISPLAY;
  // Leading months without exposure (before the book started) are not part of the series.
  const first = series.findIndex((p) => p.exposure > 0);
  const points = first < 0 ? [] : series.slice(first);
  const months = points.filter((p) => p.exposure > 0).length;
  const events = points.reduce((s, p) => s + p.events, 0);
  const penalty = opts.penalty ?? 3 * Math.log(Math.max(points.length, 2));
  const base = { method: { trend: 'log-linear Poisson regression with exposure offset, quasi-Poisson standard errors', changePoints: 'optimal partitioning of piecewise log-linear Poisson segments (penalised deviance, robust dispersion)', penalty, minSegment, level } };
  if (months < 6 || events < 5) {
    return {
      ...base,
      points: points.map((p) => ({ ...p, rate: p.exposure > 0 ? p.events / p.exposure : null, fitted: null })),
      fit: null,
      wholeFit: null,
      changePoints: [],
      segments: [],
      direction: 'insufficient',
      verdict: verdictText('insufficient', null, [], { events, months }, level, display),
    };
  }
  const whole = fitStretch(points, 0, level);
  const wholeFit = whole.fit;
  const segs = poissonChangePoints(
    points.map((p) => p.events),
    points.map((p) => p.exposure),
    { penalty, minSegment, model: 'trend' },
  );
  const changePoints: ChangePoint[] = segs.slice(1).map((s, i) => {
    const before = segs[i]?.rate ?? NaN;
    return { period: points[s.start]?.period ?? '', before, after: s.rate, change: s.rate / before - 1 };
  });
  const lastSeg = segs[segs.length - 1];
  const start = changePoints.length > 0 && lastSeg && lastSeg.end - lastSeg.start >= 6 ? lastSeg.start : 0;
  const stretch = start === 0 ? whole : fitStretch(points, start, level);
  const fit = stretch.fit;
  const alpha = 1 - level;
  const direction: TrendDirection = !fit ? 'insufficient' : fit.pValue < alpha && fit.annualChange > 0 ? 'rising' : fit.pValue < alpha && fit.annualChange < 0 ? 'falling' : 'flat';
  const fitted = stretch.fitted;
  return {
    ...base,
    points: points.map((p, i) => ({ ...p, rate: p.exposure > 0 ? p.events / p.exposure : null, fitted: fitted[i] ?? null })),
    fit,
    wholeFit,
    changePoints,
    segments: segs.map((s) => ({ from: points[s.start]?.period ?? '', to: points[s.end - 1]?.period ?? '', events: s.events, exposure: s.exposure, rate: s.rate })),
    direction,
    verdict: verdictText(direction, fit, changePoints, { events, months }, level, display),
  };
}

export interface TrendQuery extends Omit<RateQuery, 'grain' | 'rolling' | 'from' | 'to' | 'slice'> {
  /** Months in the series ending at asOf (default: config.trend.months). */
  months?: number;
}

export interface TrendResult extends TrendAnalysis {
  definition: ResolvedDefinition;
  asOf: IsoDate;
  /** The monthly cells the trend was fitted on (same numbers as `computeRate` by month). */
  cells: RateCell[];
}

/** Monthly series of the rate up to asOf and its trend analysis. */
export async function computeTrend(conn: DuckDBConnection, query: TrendQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<TrendResult> {
  const asOf = await resolveAsOf(conn, query.asOf);
  const months = query.months ?? config.trend.months;
  const from = periodStart(addMonths(asOf, -(months - 1)), 'month');
  const rate = await computeRate(conn, { ...query, asOf, from, to: asOf, grain: 'month' }, config);
  const analysis = analyzeTrend(
    rate.totals.map((c) => ({ period: c.period, events: c.events, exposure: c.exposure })),
    { level: config.level, minSegment: config.trend.minSegment, display: rate.definition.display, ...(config.trend.penalty !== undefined ? { penalty: config.trend.penalty } : {}) },
  );
  return { ...analysis, definition: rate.definition, asOf, cells: rate.totals };
}
