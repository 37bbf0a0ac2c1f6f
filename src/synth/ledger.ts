/**
 * The payment ledger of one loan: its schedule (which early settlement may rewrite), what remains
 * unpaid per installment, and the payments made so far. Payments are applied to the oldest unpaid
 * installment first and, within it, to the fee, then interest, then principal — so days past due
 * can be recomputed from the files alone (installments + repayments), exactly as the chain saw
 * them. Penalty interest (罚息) is charged on the principal of installments paid late.
 */
import type { IsoDate } from '../domain/dates.js';
import { roundHalfUp, type Fen } from '../domain/money.js';
import { addMonthsDay, dayOfIso, isoDay } from './days.js';
import type { Schedule } from './schedule.js';

export interface Payment {
  day: number;
  principal: Fen;
  interest: Fen;
  fee: Fen;
  penalty: Fen;
  channel: string;
}

export class Ledger {
  readonly dueDay: number[];
  readonly dueP: Fen[];
  readonly dueI: Fen[];
  readonly dueF: Fen[];
  private readonly remP: Fen[];
  private readonly remI: Fen[];
  private readonly remF: Fen[];
  /** Index of the oldest installment with anything unpaid (n when paid off). */
  oldest = 0;
  readonly payments: Payment[] = [];
  readonly originatedDay: number;

  constructor(s: Schedule, readonly originatedAt: IsoDate) {
    this.dueDay = s.dueDay.slice();
    this.dueP = s.principal.slice();
    this.dueI = s.interest.slice();
    this.dueF = s.fee.slice();
    this.remP = s.principal.slice();
    this.remI = s.interest.slice();
    this.remF = s.fee.slice();
    this.originatedDay = dayOfIso(originatedAt);
  }

  get n(): number {
    return this.dueDay.length;
  }

  get paidOff(): boolean {
    return this.oldest >= this.n;
  }

  /** Due day of installment k (0-based); after maturity, the monthly anniversaries continue. */
  cycleDay(k: number): number {
    return k < this.n ? (this.dueDay[k] as number) : addMonthsDay(this.originatedDay, k + 1);
  }

  oldestDueDay(): number {
    return this.dueDay[this.oldest] ?? Number.POSITIVE_INFINITY;
  }

  outstandingPrincipal(): Fen {
    let s = 0;
    for (let k = this.oldest; k < this.n; k++) s += this.remP[k] ?? 0;
    return s;
  }

  /** Unpaid interest and fees of installments due on or before `day`, and penalty accrued to it. */
  overdueCharges(day: number, penaltyDaily: number): { interest: Fen; fee: Fen; penalty: Fen } {
    let interest = 0;
    let fee = 0;
    let penalty = 0;
    for (let k = this.oldest; k < this.n && (this.dueDay[k] ?? 0) <= day; k++) {
      interest += this.remI[k] ?? 0;
      fee += this.remF[k] ?? 0;
      penalty += (this.remP[k] ?? 0) * penaltyDaily * (day - (this.dueDay[k] ?? day));
    }
    return { interest, fee, penalty: roundHalfUp(penalty) };
  }

  totalOutstanding(): Fen {
    let s = 0;
    for (let k = this.oldest; k < this.n; k++) s += (this.remP[k] ?? 0) + (this.remI[k] ?? 0) + (this.remF[k] ?? 0);
    return s;
  }

  private advance(): void {
    while (this.oldest < this.n && this.remP[this.oldest] === 0 && this.remI[this.oldest] === 0 && this.remF[this.oldest] === 0) this.oldest++;
  }

  /** Pay installments oldest..k (0-based, inclusive) in full on `day`, with penalty on late principal. */
  payThrough(k: number, day: number, penaltyDaily: number, channel: string): void {
    let p = 0;
    let i = 0;
    let f = 0;
    let pen = 0;
    const last = Math.min(k, this.n - 1);
    for (let j = this.oldest; j <= last; j++) {
      const late = day - (this.dueDay[j] ?? day);
      if (late > 0) pen += (this.remP[j] ?? 0) * penaltyDaily * late;
      p += this.remP[j] ?? 0;
      i += this.remI[j] ?? 0;
      f += this.remF[j] ?? 0;
      this.remP[j] = 0;
      this.remI[j] = 0;
      this.remF[j] = 0;
    }
    this.advance();
    if (p + i + f > 0) this.payments.push({ day, principal: p, interest: i, fee: f, penalty: roundHalfUp(pen), channel });
  }

  /**
   * Pay `amount` fen on `day`, oldest installment first (fee, interest, principal); whatever
   * exceeds everything outstanding is booked as penalty. Returns the amount applied.
   */
  payAmount(amount: Fen, day: number, channel: string): Fen {
    let left = amount;
    let p = 0;
    let i = 0;
    let f = 0;
    for (let j = this.oldest; j < this.n && left > 0; j++) {
      const pf = Math.min(left, this.remF[j] ?? 0);
      this.remF[j] = (this.remF[j] ?? 0) - pf;
      left -= pf;
      f += pf;
      const pi = Math.min(left, this.remI[j] ?? 0);
      this.remI[j] = (this.remI[j] ?? 0) - pi;
      left -= pi;
      i += pi;
      const pp = Math.min(left, this.remP[j] ?? 0);
      this.remP[j] = (this.remP[j] ?? 0) - pp;
      left -= pp;
      p += pp;
    }
    this.advance();
    if (amount > 0) this.payments.push({ day, principal: p, interest: i, fee: f, penalty: left, channel });
    return amount;
  }

  /** Share (0–1) of the oldest installment's remainder, as fen. */
  oldestRemainder(): Fen {
    const k = this.oldest;
    return (this.remP[k] ?? 0) + (this.remI[k] ?? 0) + (this.remF[k] ?? 0);
  }

  /**
   * Early settlement (提前结清) on `day` after installment k (0-based) was paid: the schedule is
   * rewritten so installment k+1 falls due on `day` with the remaining principal, the accrued
   * interest and `fee`; later installments disappear. Then it is paid.
   */
  settleEarly(k: number, day: number, interest: Fen, fee: Fen, channel: string): void {
    const principal = this.outstandingPrincipal();
    const keep = k + 1;
    this.dueDay.length = keep;
    this.dueP.length = keep;
    this.dueI.length = keep;
    this.dueF.length = keep;
    this.remP.length = keep;
    this.remI.length = keep;
    this.remF.length = keep;
    this.dueDay.push(day);
    this.dueP.push(principal);
    this.dueI.push(interest);
    this.dueF.push(fee);
    this.remP.push(principal);
    this.remI.push(interest);
    this.remF.push(fee);
    this.payThrough(keep, day, 0, channel);
  }

  dueDate(k: number): IsoDate {
    return isoDay(this.dueDay[k] ?? 0);
  }
}
