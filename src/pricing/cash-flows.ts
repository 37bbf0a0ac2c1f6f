/**
 * Cash flows of one contract, in the lender's view: t = 0 is minus the amount the borrower actually
 * receives (principal − upfront deductions − upfront payments), then every repayment (principal +
 * interest + fees) as positive amounts. Pure: no I/O, no clock.
 */
import { addDays, addMonths, toEpochDay, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { roundHalfUp, type Fen } from '../domain/money.js';
import { FEE_LABELS, PERIODS_PER_YEAR, type Contract, type FeeKind, type FeeTiming, type PeriodUnit } from './contract.js';
import { allocBuffers, fillSchedule, type ScheduleBuffers, type ScheduleTerms } from './schedule.js';

export interface ScheduleRow {
  seq: number;
  dueDate: IsoDate | null;
  principalFen: Fen;
  interestFen: Fen;
  feeFen: Fen;
  paymentFen: Fen;
  /** Contract principal outstanding after this payment. */
  balanceAfterFen: Fen;
}

export interface FeeLine {
  kind: FeeKind;
  timing: FeeTiming;
  totalFen: Fen;
  /** Per period (per-period fees) or once (upfront). */
  eachFen: Fen | null;
  zh: string;
  en: string;
}

export interface CashFlows {
  /** periodic: flows at t = 0..n periods; dated: actual repayments on their dates (XIRR). */
  basis: 'periodic' | 'dated';
  period: PeriodUnit;
  periodsPerYear: number;
  /** Lender view: [−net disbursed, payment 1, …]. Fen. */
  amounts: Float64Array;
  /** Time of each amount in years from disbursement (k / periods a year, or Actual/365 for dated). */
  timesYears: Float64Array;
  /** Date of each amount when the contract has a start date (or the flows are dated). */
  dates: Array<IsoDate | null>;
  schedule: ScheduleRow[];
  fees: FeeLine[];
  principalFen: Fen;
  upfrontDeductedFen: Fen;
  upfrontPaidFen: Fen;
  /** What the borrower actually has in hand at the start. */
  netDisbursedFen: Fen;
  totalInterestFen: Fen;
  /** Upfront fees (other than interest deducted) plus per-period fees. */
  totalFeesFen: Fen;
  totalRepaidFen: Fen;
  /** Everything paid above what was received: repaid + upfront payments − principal received. */
  totalCostFen: Fen;
}

/** Due date of period k (1-based). */
export function dueDate(start: IsoDate, firstDue: IsoDate | null, period: PeriodUnit, k: number): IsoDate {
  const base = firstDue ?? start;
  const steps = firstDue ? k - 1 : k;
  switch (period) {
    case 'month':
      return addMonths(base, steps);
    case 'quarter':
      return addMonths(base, 3 * steps);
    case 'year':
      return addMonths(base, 12 * steps);
    case 'week':
      return addDays(base, 7 * steps);
    case 'biweek':
      return addDays(base, 14 * steps);
    case 'day':
      return addDays(base, steps);
  }
}

function upfrontAmount(c: Contract, timing: FeeTiming): { total: Fen; interest: Fen } {
  let total = 0;
  let interest = 0;
  for (const f of c.fees) {
    if (f.timing !== timing) continue;
    const amt = f.amountFen + roundHalfUp(f.rate * c.principalFen);
    total += amt;
    if (f.kind === 'interest_deducted') interest += amt;
  }
  return { total, interest };
}

/** Schedule terms of a contract (the numeric kernel's input). */
export function scheduleTerms(c: Contract): ScheduleTerms {
  let feeFixedFen = 0;
  let feeBalanceRate = 0;
  for (const f of c.fees) {
    if (f.timing !== 'per_period') continue;
    if (f.base === 'balance') feeBalanceRate += f.rate;
    else feeFixedFen += f.amountFen + roundHalfUp(f.rate * c.principalFen);
  }
  return { principalFen: c.principalFen, n: c.term, method: c.method, periodicRate: c.annualRate / PERIODS_PER_YEAR[c.period], feeFixedFen, feeBalanceRate };
}

function feeLines(c: Contract, b: ScheduleBuffers, n: number): FeeLine[] {
  const lines: FeeLine[] = [];
  for (const f of c.fees) {
    const label = FEE_LABELS[f.kind];
    const zh = f.label ?? label.zh;
    const en = f.label ?? label.en;
    if (f.timing !== 'per_period') {
      const amt = f.amountFen + roundHalfUp(f.rate * c.principalFen);
      lines.push({ kind: f.kind, timing: f.timing, totalFen: amt, eachFen: amt, zh, en });
    } else if (f.base === 'original') {
      const each = f.amountFen + roundHalfUp(f.rate * c.principalFen);
      lines.push({ kind: f.kind, timing: f.timing, totalFen: each * n, eachFen: each, zh, en });
    } else {
      let total = 0;
      let bal = c.principalFen;
      for (let k = 0; k < n; k++) {
        total += roundHalfUp(bal * f.rate);
        bal -= b.principal[k] ?? 0;
      }
      lines.push({ kind: f.kind, timing: f.timing, totalFen: total, eachFen: null, zh, en });
    }
  }
  return lines;
}

function explicitBuffers(c: Contract): ScheduleBuffers {
  const rows = c.schedule ?? [];
  const b = allocBuffers(rows.length);
  rows.forEach((r, k) => {
    b.principal[k] = r.principalFen;
    b.interest[k] = r.interestFen;
    b.fee[k] = r.feeFen;
  });
  return b;
}

function scheduleRows(c: Contract, b: ScheduleBuffers, n: number): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  let bal = b.principal.subarray(0, n).reduce((a, v) => a + v, 0);
  for (let k = 0; k < n; k++) {
    const p = b.principal[k] ?? 0;
    const i = b.interest[k] ?? 0;
    const f = b.fee[k] ?? 0;
    bal -= p;
    const given = c.schedule?.[k]?.dueDate ?? null;
    const date = given ?? (c.startDate ? dueDate(c.startDate, c.firstDueDate, c.period, k + 1) : null);
    rows.push({ seq: k + 1, dueDate: date, principalFen: p, interestFen: i, feeFen: f, paymentFen: p + i + f, balanceAfterFen: bal });
  }
  return rows;
}

function checkPrincipal(c: Contract, b: ScheduleBuffers, n: number): void {
  if (!c.schedule) return;
  const repaid = b.principal.subarray(0, n).reduce((a, v) => a + v, 0);
  if (repaid !== c.principalFen) {
    throw new AppError({
      code: 'pricing.schedule_principal_mismatch',
      en: `schedule: principal due adds up to ${repaid} fen but the principal is ${c.principalFen} fen`,
      zh: `还款计划：应还本金合计 ${repaid} 分，与借款本金 ${c.principalFen} 分不一致`,
    });
  }
}

/** Build the cash flows of a contract (generated schedule, explicit schedule, or actual repayments). */
export function buildCashFlows(c: Contract): CashFlows {
  const n = c.schedule ? c.schedule.length : c.term;
  const b = c.schedule ? explicitBuffers(c) : allocBuffers(n);
  if (!c.schedule) fillSchedule(scheduleTerms(c), b);
  checkPrincipal(c, b, n);
  const schedule = scheduleRows(c, b, n);
  const deducted = upfrontAmount(c, 'upfront_deducted');
  const paid = upfrontAmount(c, 'upfront_paid');
  const net = c.principalFen - deducted.total - paid.total;
  const ppy = PERIODS_PER_YEAR[c.period];
  const scheduledInterest = schedule.reduce((a, r) => a + r.interestFen, 0);
  const scheduledFees = schedule.reduce((a, r) => a + r.feeFen, 0);
  const upfrontInterest = deducted.interest + paid.interest;
  const base = {
    period: c.period,
    periodsPerYear: ppy,
    schedule,
    fees: feeLines(c, b, n),
    principalFen: c.principalFen,
    upfrontDeductedFen: deducted.total,
    upfrontPaidFen: paid.total,
    netDisbursedFen: net,
    totalInterestFen: scheduledInterest + upfrontInterest,
    totalFeesFen: scheduledFees + deducted.total + paid.total - upfrontInterest,
  };
  if (c.repayments) return datedFlows(c, base, net);
  const amounts = new Float64Array(n + 1);
  const timesYears = new Float64Array(n + 1);
  amounts[0] = -net;
  schedule.forEach((r, k) => {
    amounts[k + 1] = r.paymentFen;
    timesYears[k + 1] = (k + 1) / ppy;
  });
  const totalRepaid = schedule.reduce((a, r) => a + r.paymentFen, 0);
  const dates = [c.startDate, ...schedule.map((r) => r.dueDate)];
  return { ...base, basis: 'periodic', amounts, timesYears, dates, totalRepaidFen: totalRepaid, totalCostFen: totalRepaid - net };
}

type FlowBase = Omit<CashFlows, 'basis' | 'amounts' | 'timesYears' | 'dates' | 'totalRepaidFen' | 'totalCostFen'>;

function datedFlows(c: Contract, base: FlowBase, net: Fen): CashFlows {
  if (!c.startDate) {
    throw new AppError({ code: 'pricing.start_date_required', en: 'actual repayments need the contract start_date (disbursement date)', zh: '按实际还款计算需要合同起始日（放款日）start_date' });
  }
  const start = c.startDate;
  const reps = [...(c.repayments ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = reps[0];
  if (first && first.date < start) {
    throw new AppError({ code: 'pricing.repayment_before_start', en: `repayment on ${first.date} is before the start date ${start}`, zh: `还款日期 ${first.date} 早于放款日 ${start}` });
  }
  const amounts = new Float64Array(reps.length + 1);
  const timesYears = new Float64Array(reps.length + 1);
  amounts[0] = -net;
  const d0 = toEpochDay(start);
  reps.forEach((r, k) => {
    amounts[k + 1] = r.amountFen;
    timesYears[k + 1] = (toEpochDay(r.date) - d0) / 365;
  });
  const totalRepaid = reps.reduce((a, r) => a + r.amountFen, 0);
  return { ...base, basis: 'dated', amounts, timesYears, dates: [start, ...reps.map((r) => r.date)], totalRepaidFen: totalRepaid, totalCostFen: totalRepaid - net };
}
