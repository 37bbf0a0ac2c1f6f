/**
 * Reporting periods. The window is [from, to] (both inclusive, as users write them); internally
 * half-open [start, end). Periods follow the calendar grain and are clipped to the window; with a
 * rolling window of N periods each period's figure covers that period and the N−1 before it.
 */
import { addDays, addMonths, quarterOf, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';

export type Grain = 'month' | 'quarter' | 'year' | 'all';
export const GRAINS: readonly Grain[] = ['month', 'quarter', 'year', 'all'];

export interface Period {
  label: string;
  /** First day of the period (inclusive), clipped to the window. */
  start: IsoDate;
  /** Day after the last day (exclusive), clipped to the window. */
  end: IsoDate;
  /** First day the figure covers: `start`, or earlier for rolling windows. */
  windowStart: IsoDate;
  /** True when the period is cut by the window (a partial month/quarter/year). */
  partial: boolean;
}

export interface PeriodPlan {
  periods: Period[];
  /** Calendar buckets covering every period window: start of the earliest to the window end. */
  buckets: { start: IsoDate; end: IsoDate }[];
  /** Earliest date any figure covers. */
  coverStart: IsoDate;
  coverEnd: IsoDate;
}

export function grainMonths(grain: Exclude<Grain, 'all'>): number {
  return grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12;
}

/** First day of the calendar period containing `date`. */
export function periodStart(date: IsoDate, grain: Exclude<Grain, 'all'>): IsoDate {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  if (grain === 'month') return `${date.slice(0, 7)}-01`;
  if (grain === 'year') return `${y}-01-01`;
  const qm = Math.floor((m - 1) / 3) * 3 + 1;
  return `${y}-${String(qm).padStart(2, '0')}-01`;
}

export function periodLabel(start: IsoDate, grain: Exclude<Grain, 'all'>): string {
  if (grain === 'month') return start.slice(0, 7);
  if (grain === 'year') return start.slice(0, 4);
  return quarterOf(start);
}

/** Plan periods for [from, to] (inclusive). */
export function planPeriods(from: IsoDate, to: IsoDate, grain: Grain, rolling = 1): PeriodPlan {
  if (to < from) {
    throw new AppError({ code: 'metrics.window_empty', en: `The window ends (${to}) before it starts (${from})`, zh: `统计窗口的结束日期（${to}）早于开始日期（${from}）` });
  }
  if (!Number.isInteger(rolling) || rolling < 1 || rolling > 120) {
    throw new AppError({ code: 'metrics.rolling_invalid', en: `--rolling must be a whole number of periods from 1 to 120, got ${rolling}`, zh: `--rolling 必须是 1 到 120 之间的整数期数，实际为 ${rolling}` });
  }
  const end = addDays(to, 1);
  if (grain === 'all') {
    if (rolling > 1) throw new AppError({ code: 'metrics.rolling_all', en: 'A rolling window needs a grain (month, quarter or year)', zh: '滚动窗口需要指定粒度（月、季或年）' });
    return { periods: [{ label: `${from}..${to}`, start: from, end, windowStart: from, partial: false }], buckets: [{ start: from, end }], coverStart: from, coverEnd: end };
  }
  const step = grainMonths(grain);
  const periods: Period[] = [];
  for (let b = periodStart(from, grain); b < end; b = addMonths(b, step)) {
    const bEnd = addMonths(b, step);
    const start = b < from ? from : b;
    const pEnd = bEnd > end ? end : bEnd;
    const windowStart = rolling > 1 ? addMonths(b, -step * (rolling - 1)) : start;
    periods.push({ label: periodLabel(b, grain), start, end: pEnd, windowStart, partial: start !== b || pEnd !== bEnd });
  }
  const coverStart = periods.reduce((min, p) => (p.windowStart < min ? p.windowStart : min), from);
  const buckets: { start: IsoDate; end: IsoDate }[] = [];
  for (let b = periodStart(coverStart, grain); b < end; b = addMonths(b, step)) {
    const bEnd = addMonths(b, step);
    buckets.push({ start: b < coverStart ? coverStart : b, end: bEnd > end ? end : bEnd });
  }
  return { periods, buckets, coverStart, coverEnd: end };
}
