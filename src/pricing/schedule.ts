/**
 * Repayment schedules in integer fen, written into typed arrays (the audit calls this a million
 * times; no objects per period). Every amount is rounded half away from zero; the last period
 * absorbs the remainder so that principal repaid = principal lent exactly, and flat interest totals
 * P × rate × n exactly.
 *
 * Methods (periodic rate r per period):
 * - equal_installment (等额本息): payment A = P·r / (1 − (1+r)^−n), interest = balance × r.
 * - equal_principal (等额本金): principal P/n, interest = balance × r.
 * - interest_only (先息后本): interest P·r each period, principal at the end.
 * - flat (等本等息) and credit_card_installment: principal P/n, interest P·r per period (on the
 *   original principal; r = flat annual rate / periods a year).
 * - bullet (到期一次还本付息): P + P·r·n at the end (simple interest).
 * Per-period fees: a fixed amount plus a rate on the original principal, or a rate on the balance.
 */
import type { RepaymentMethod } from './contract.js';

const HALF = 0.5 - 1e-9;

/**
 * Round half away from zero to the fen — the same result as domain/money.ts roundHalfUp (the same
 * 1e-9 tolerance), without its checks: the schedule kernel calls it tens of millions of times on
 * finite values. Equivalence is property-tested in schedule.test.ts.
 */
export function roundFen(x: number): number {
  if (x >= 0) {
    const f = Math.floor(x);
    return x - f >= HALF ? f + 1 : f + 0;
  }
  const a = -x;
  const f = Math.floor(a);
  return -(a - f >= HALF ? f + 1 : f) + 0;
}

export interface ScheduleTerms {
  principalFen: number;
  n: number;
  method: RepaymentMethod;
  /** Interest rate per period (flat per-period rate for flat / credit-card methods). */
  periodicRate: number;
  /** Fee each period, already in fen (fixed amounts plus rates on the original principal, each rounded). */
  feeFixedFen: number;
  /** Fee each period as a share of the balance at the start of the period. */
  feeBalanceRate: number;
}

export interface ScheduleBuffers {
  principal: Float64Array;
  interest: Float64Array;
  fee: Float64Array;
}

export function allocBuffers(n: number): ScheduleBuffers {
  return { principal: new Float64Array(n), interest: new Float64Array(n), fee: new Float64Array(n) };
}

/** Equal split of `total` over n periods: round(total/n) each, the last takes the remainder. */
function splitEven(total: number, n: number, out: Float64Array): void {
  const each = roundFen(total / n);
  let used = 0;
  for (let k = 0; k < n - 1; k++) {
    const v = Math.min(each, total - used);
    out[k] = v;
    used += v;
  }
  out[n - 1] = total - used;
}

function annuityPayment(p: number, r: number, n: number): number {
  if (r === 0) return p / n;
  return (p * r) / -Math.expm1(-n * Math.log1p(r));
}

function fillEqualInstallment(t: ScheduleTerms, b: ScheduleBuffers): void {
  const { principalFen: p, n, periodicRate: r } = t;
  if (r === 0) {
    splitEven(p, n, b.principal);
    b.interest.fill(0, 0, n);
    return;
  }
  const pay = roundFen(annuityPayment(p, r, n));
  let bal = p;
  for (let k = 0; k < n - 1; k++) {
    const int = roundFen(bal * r);
    const prin = Math.min(bal, Math.max(0, pay - int));
    b.interest[k] = int;
    b.principal[k] = prin;
    bal -= prin;
  }
  b.interest[n - 1] = roundFen(bal * r);
  b.principal[n - 1] = bal;
}

function fillEqualPrincipal(t: ScheduleTerms, b: ScheduleBuffers): void {
  splitEven(t.principalFen, t.n, b.principal);
  let bal = t.principalFen;
  for (let k = 0; k < t.n; k++) {
    b.interest[k] = roundFen(bal * t.periodicRate);
    bal -= b.principal[k] ?? 0;
  }
}

function fillInterestOnly(t: ScheduleTerms, b: ScheduleBuffers): void {
  const int = roundFen(t.principalFen * t.periodicRate);
  b.principal.fill(0, 0, t.n);
  b.principal[t.n - 1] = t.principalFen;
  b.interest.fill(int, 0, t.n);
}

function fillFlat(t: ScheduleTerms, b: ScheduleBuffers): void {
  splitEven(t.principalFen, t.n, b.principal);
  splitEven(roundFen(t.principalFen * t.periodicRate * t.n), t.n, b.interest);
}

function fillBullet(t: ScheduleTerms, b: ScheduleBuffers): void {
  b.principal.fill(0, 0, t.n);
  b.interest.fill(0, 0, t.n);
  b.principal[t.n - 1] = t.principalFen;
  b.interest[t.n - 1] = roundFen(t.principalFen * t.periodicRate * t.n);
}

function fillFees(t: ScheduleTerms, b: ScheduleBuffers): void {
  let bal = t.principalFen;
  for (let k = 0; k < t.n; k++) {
    b.fee[k] = t.feeFixedFen + (t.feeBalanceRate === 0 ? 0 : roundFen(bal * t.feeBalanceRate));
    bal -= b.principal[k] ?? 0;
  }
}

/** Fill buffers[0..n) with the schedule (period k = index k, due at the end of period k+1). */
export function fillSchedule(t: ScheduleTerms, b: ScheduleBuffers): void {
  switch (t.method) {
    case 'equal_installment':
      fillEqualInstallment(t, b);
      break;
    case 'equal_principal':
      fillEqualPrincipal(t, b);
      break;
    case 'interest_only':
      fillInterestOnly(t, b);
      break;
    case 'flat':
    case 'credit_card_installment':
      fillFlat(t, b);
      break;
    case 'bullet':
      fillBullet(t, b);
      break;
  }
  fillFees(t, b);
}
