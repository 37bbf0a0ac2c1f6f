/**
 * XIRR for dated flows, Actual/365 (as spreadsheet XIRR): Σ c_i / (1 + r)^((d_i − d_0)/365) = 0,
 * with d_0 the earliest date. The rate is an effective annual rate.
 */
import { isValidYmd, splitIso, toEpochDay, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { irrTimed, type IrrResult } from './irr.js';

export interface DatedFlow {
  date: IsoDate;
  /** Amount in fen (sign: lender's view — negative out, positive in — or the reverse, consistently). */
  amount: number;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Flows sorted by date with their times in years (Actual/365) from the first date. */
export function timesActual365(flows: readonly DatedFlow[]): { amounts: Float64Array; times: Float64Array; sorted: DatedFlow[] } {
  for (const [i, f] of flows.entries()) {
    if (typeof f.date !== 'string' || !ISO_RE.test(f.date) || !isValidYmd(...splitIso(f.date))) {
      throw new AppError({ code: 'pricing.bad_date', en: `Flow #${i + 1} has no valid date: "${String(f.date).slice(0, 20)}"`, zh: `第 ${i + 1} 笔现金流日期无效：「${String(f.date).slice(0, 20)}」` });
    }
  }
  const sorted = flows.map((f, i) => ({ f, i })).sort((a, b) => (a.f.date < b.f.date ? -1 : a.f.date > b.f.date ? 1 : a.i - b.i)).map((x) => x.f);
  const amounts = new Float64Array(sorted.length);
  const times = new Float64Array(sorted.length);
  const d0 = sorted[0] ? toEpochDay(sorted[0].date) : 0;
  sorted.forEach((f, i) => {
    amounts[i] = f.amount;
    times[i] = (toEpochDay(f.date) - d0) / 365;
  });
  return { amounts, times, sorted };
}

/** Effective annual rate of dated flows (Actual/365). */
export function xirr(flows: readonly DatedFlow[]): IrrResult {
  const { amounts, times } = timesActual365(flows);
  return irrTimed(amounts, times);
}
