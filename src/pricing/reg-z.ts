/**
 * US Regulation Z (12 CFR 1026) appendix J: the actuarial method with unit periods and odd days.
 *
 * General equation (appendix J (b)(8)), every amount discounted to the earliest advance:
 *   Σ_advances A_k / ((1 + f_k·i)(1 + i)^t_k) = Σ_payments P_j / ((1 + f_j·i)(1 + i)^t_j)
 * where t is the number of full unit periods and f the fraction of a unit period between the
 * beginning of the term and the flow, i the rate per unit period, and APR = i × unit periods a year.
 *
 * Unit period (J(b)(4)): the term for a single-advance single-payment transaction (at most a year);
 * otherwise the most frequent interval between payments. Counting (J(b)(5)): for monthly unit
 * periods, full months are counted back from the later date and the remaining days divided by 30;
 * for unit periods in days (weeks, …), full unit periods of days and the remainder over their length.
 * Multiples of a month (quarter, half-year, year) count months the same way, the remainder being
 * (whole months + days/30) / months per unit. Semimonthly schedules are treated as 15-day units.
 */
import { addMonths, daysBetween, splitIso, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { brent } from './root-find.js';

export interface RegZFlow {
  date: IsoDate;
  /** Dollars (or any unit); positive. */
  amount: number;
}

export type UnitPeriod = { kind: 'months'; months: number } | { kind: 'days'; days: number };

export interface RegZTerm {
  date: IsoDate;
  amount: number;
  /** Full unit periods from the beginning of the term. */
  t: number;
  /** Fraction of a unit period (odd days). */
  f: number;
}

export interface RegZResult {
  /** Annual percentage rate (decimal), unrounded. */
  apr: number;
  /** APR rounded to the published two decimals of a percent (e.g. 0.0969). */
  aprRounded: number;
  ratePerUnitPeriod: number;
  unitPeriod: UnitPeriod;
  unitPeriodsPerYear: number;
  advances: RegZTerm[];
  payments: RegZTerm[];
  definition: { zh: string; en: string };
}

function sameDayStep(a: IsoDate, b: IsoDate): number | null {
  for (const m of [1, 2, 3, 6, 12]) if (addMonths(a, m) === b) return m;
  return null;
}

/** The most frequent interval between consecutive payments (J(b)(4)(ii)). */
function commonUnitPeriod(dates: readonly IsoDate[]): UnitPeriod {
  const counts = new Map<string, { unit: UnitPeriod; n: number }>();
  for (let k = 1; k < dates.length; k++) {
    const a = dates[k - 1] ?? '';
    const b = dates[k] ?? '';
    const months = sameDayStep(a, b);
    const days = daysBetween(a, b);
    const unit: UnitPeriod = months !== null ? { kind: 'months', months } : days >= 14 && days <= 16 && splitIso(a)[2] <= 16 !== splitIso(b)[2] <= 16 ? { kind: 'days', days: 15 } : { kind: 'days', days: Math.max(1, days) };
    const key = unit.kind === 'months' ? `m${unit.months}` : `d${unit.days}`;
    const e = counts.get(key);
    if (e) e.n++;
    else counts.set(key, { unit, n: 1 });
  }
  let best: { unit: UnitPeriod; n: number } | undefined;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return best?.unit ?? { kind: 'months', months: 1 };
}

export function unitPeriodsPerYear(u: UnitPeriod): number {
  if (u.kind === 'months') return 12 / u.months;
  if (u.days === 7) return 52;
  if (u.days === 14) return 26;
  if (u.days === 15) return 24;
  return 365 / u.days;
}

/** Full unit periods and odd-day fraction from `start` to `date` (J(b)(5)). */
export function unitPeriodsBetween(start: IsoDate, date: IsoDate, u: UnitPeriod): { t: number; f: number } {
  if (u.kind === 'days') {
    const days = daysBetween(start, date);
    const t = Math.floor(days / u.days);
    return { t, f: (days - t * u.days) / u.days };
  }
  let months = 0;
  while (addMonths(date, -(months + 1)) >= start) months++;
  const days = daysBetween(start, addMonths(date, -months));
  const t = Math.floor(months / u.months);
  const wholeMonthsLeft = months - t * u.months;
  return { t, f: (wholeMonthsLeft + days / 30) / u.months };
}

function pv(terms: readonly RegZTerm[], i: number): number {
  let s = 0;
  for (const x of terms) s += x.amount / ((1 + x.f * i) * Math.pow(1 + i, x.t));
  return s;
}

function badInput(en: string, zh: string): AppError {
  return new AppError({ code: 'pricing.regz_invalid', en: `Regulation Z: ${en}`, zh: `美国Z条例：${zh}` });
}

function validate(advances: readonly RegZFlow[], payments: readonly RegZFlow[]): void {
  if (advances.length === 0 || payments.length === 0) throw badInput('need at least one advance and one payment', '至少需要一笔放款和一笔还款');
  for (const x of [...advances, ...payments]) {
    if (!(x.amount > 0) || !Number.isFinite(x.amount)) throw badInput(`amounts must be positive (${x.date}: ${x.amount})`, `金额必须为正数（${x.date}：${x.amount}）`);
  }
}

/**
 * APR by the actuarial method of appendix J. `unitPeriod` may be forced; otherwise it is chosen as
 * the regulation says.
 */
export function regZApr(advances: readonly RegZFlow[], payments: readonly RegZFlow[], unitPeriod?: UnitPeriod): RegZResult {
  validate(advances, payments);
  const adv = [...advances].sort((a, b) => (a.date < b.date ? -1 : 1));
  const pay = [...payments].sort((a, b) => (a.date < b.date ? -1 : 1));
  const start = adv[0]?.date ?? '';
  const lastPay = pay[pay.length - 1]?.date ?? start;
  if (pay[0] && pay[0].date < start) throw badInput('a payment precedes the first advance', '还款早于首次放款');
  let unit = unitPeriod;
  if (!unit) {
    if (adv.length === 1 && pay.length === 1) {
      const term = daysBetween(start, lastPay);
      unit = term >= 365 || term <= 0 ? { kind: 'months', months: 12 } : { kind: 'days', days: term };
    } else {
      unit = commonUnitPeriod(pay.map((p) => p.date));
    }
  }
  const u = unit;
  const toTerm = (x: RegZFlow): RegZTerm => ({ date: x.date, amount: x.amount, ...unitPeriodsBetween(start, x.date, u) });
  const advTerms = adv.map(toTerm);
  const payTerms = pay.map(toTerm);
  const g = (i: number): number => pv(payTerms, i) - pv(advTerms, i);
  let lo = 0;
  let hi = 0.01;
  if (g(0) < 0) {
    lo = -0.5;
    while (g(lo) < 0 && lo > -0.999999) lo = (lo - 1) / 2;
    hi = 0;
  } else {
    while (g(hi) > 0 && hi < 1e6) hi *= 2;
  }
  const r = brent(g, lo, hi, 1e-15);
  if (!r.converged) throw badInput('no rate solves the equation (check dates and amounts)', '无解（请检查日期与金额）');
  const w = unitPeriodsPerYear(u);
  const apr = r.root * w;
  return {
    apr,
    aprRounded: Math.round(apr * 1e4) / 1e4,
    ratePerUnitPeriod: r.root,
    unitPeriod: u,
    unitPeriodsPerYear: w,
    advances: advTerms,
    payments: payTerms,
    definition: {
      zh: '美国Z条例附录J精算法（单位期间与零头天数）：APR = 每单位期间利率 × 每年单位期间数',
      en: 'Regulation Z appendix J actuarial method (unit periods, odd days): APR = rate per unit period × unit periods a year',
    },
  };
}
