/**
 * Repayment schedules exact in fen. Interest per period is rounded half up on the balance; the
 * last installment absorbs all rounding so principal parts sum exactly to the principal.
 *
 * - equal_installment 等额本息: level payment P·r/(1−(1+r)^−n), rounded to the fen;
 * - equal_principal 等额本金: principal/n per period plus interest on the balance;
 * - interest_only 先息后本: interest each period, principal at maturity;
 * - flat 等本等息: principal/n plus flat interest on the original principal (rate/12) per period;
 * - bullet 到期一次还本付息: one payment at maturity.
 * A per-period fee (card installment fee, guarantee or membership fee) is added as fee_due.
 */
import type { IsoDate } from '../domain/dates.js';
import { roundHalfUp, type Fen } from '../domain/money.js';
import { addMonthsDay, dayOfIso } from './days.js';
import type { RepaymentMethod } from './products.js';

export interface Schedule {
  /** Due dates as epoch days (see days.ts isoDay). */
  dueDay: number[];
  principal: Fen[];
  interest: Fen[];
  fee: Fen[];
}

export interface ScheduleInput {
  method: RepaymentMethod;
  principalFen: Fen;
  termMonths: number;
  /** Nominal annual rate (flat annual rate for `flat`), decimal. */
  annualRate: number;
  feePerPeriodFen: Fen;
  originatedAt: IsoDate;
}

function levelPayment(p: Fen, r: number, n: number): Fen {
  if (r < 1e-9) return roundHalfUp(p / n);
  return roundHalfUp((p * r) / -Math.expm1(-n * Math.log1p(r)));
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const { method, principalFen: p, termMonths: n, annualRate, feePerPeriodFen, originatedAt } = input;
  if (!Number.isSafeInteger(p) || p <= 0) throw new RangeError(`principal must be a positive integer fen amount, got ${p}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`term must be a positive integer, got ${n}`);
  const r = annualRate / 12;
  const periods = method === 'bullet' ? 1 : n;
  const s: Schedule = { dueDay: [], principal: [], interest: [], fee: [] };
  const originDay = dayOfIso(originatedAt);
  const even = roundHalfUp(p / n);
  const payment = method === 'equal_installment' ? levelPayment(p, r, n) : 0;
  let balance = p;
  for (let k = 1; k <= periods; k++) {
    const last = k === periods;
    let prin: Fen;
    let int: Fen;
    switch (method) {
      case 'equal_installment':
        int = roundHalfUp(balance * r);
        prin = last ? balance : Math.min(balance, payment - int);
        break;
      case 'equal_principal':
        int = roundHalfUp(balance * r);
        prin = last ? balance : Math.min(balance, even);
        break;
      case 'interest_only':
        int = roundHalfUp(balance * r);
        prin = last ? balance : 0;
        break;
      case 'flat':
        int = roundHalfUp(p * r);
        prin = last ? balance : Math.min(balance, even);
        break;
      case 'bullet':
        int = roundHalfUp(p * r * n);
        prin = balance;
        break;
    }
    s.dueDay.push(addMonthsDay(originDay, method === 'bullet' ? n : k));
    s.principal.push(prin);
    s.interest.push(int);
    s.fee.push(method === 'bullet' ? feePerPeriodFen * n : feePerPeriodFen);
    balance -= prin;
  }
  return s;
}

/**
 * Monthly IRR of a loan: `net` received at time 0, `payments[k]` paid at the end of month k+1.
 * Newton's method from the flat-rate guess, with bisection as the safety net. Loan-shaped flows
 * (one outflow then inflows) have exactly one root above −1.
 */
export function monthlyIrr(net: number, payments: readonly number[]): number {
  const f = (r: number): [number, number] => {
    let v = 0;
    let d = 0;
    let disc = 1;
    for (let k = 0; k < payments.length; k++) {
      disc /= 1 + r;
      const a = payments[k] ?? 0;
      v += a * disc;
      d -= ((k + 1) * a * disc) / (1 + r);
    }
    return [v - net, d];
  };
  let lo = -0.99;
  let hi = 10;
  let r = 0.01;
  for (let i = 0; i < 100; i++) {
    const [v, d] = f(r);
    if (Math.abs(v) < 1e-9 * Math.max(1, net)) return r;
    if (v > 0) lo = r;
    else hi = r;
    let next = d !== 0 ? r - v / d : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    r = next;
  }
  return r;
}
