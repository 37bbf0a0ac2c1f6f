/**
 * Repayment behaviour of one loan: a monthly Markov chain over delinquency buckets.
 *
 * At each due date a current account misses the installment with probability `missBase × MOB
 * curve` (the miss hazard already carries lender, product, vintage, province, channel, amount,
 * term and the customer's latent risk); otherwise it pays on time and may settle early. An account
 * in bucket b (oldest unpaid installment b months overdue: M1 = 1–30 DPD … M6 = 151–180) spends the
 * month until the next due date and either cures (pays all arrears with penalty), pays one
 * installment (stays in b), pays part of the oldest (rolls to b+1) or pays nothing (rolls to b+1).
 * Reaching bucket 4 means 90+ DPD; bucket 7 (DPD > 180) is charge-off, after which occasional
 * collection payments arrive. A suit decided on reaching 90+ DPD stops the chain on its filing
 * day unless the account cures first; litigation then takes over (lawsuits.ts).
 */
import type { Fen } from '../domain/money.js';
import { roundHalfUp } from '../domain/money.js';
import type { BucketOutcome } from './calibration.js';
import type { Ledger } from './ledger.js';
import type { Rng } from './prng.js';

export interface ChainParams {
  missBase: number;
  mobCurve: readonly number[];
  bucketOutcomes: readonly BucketOutcome[];
  /** Multiplier on cure probabilities for this customer (exp(−e·z)). */
  cureFactor: number;
  partialShare: readonly [number, number];
  cureDelay: readonly [number, number];
  earlySettleMonthly: number;
  penaltyDaily: number;
  /** Interest accrued per day on the balance at early settlement. */
  settleInterestDaily: number;
  /** Card installments charge all remaining fees on early settlement (a common complaint). */
  chargeRemainingFeesOnSettle: boolean;
  postChargeOffMonthly: number;
  postChargeOffShare: readonly [number, number];
  asOfDay: number;
}

/** Month-by-month trace for complaints and statistics. Bucket 0 = current, 1–6 = M1–M6, 7 = charged off. */
export interface Trace {
  monthDay: number[];
  monthBucket: number[];
  /** First day with 90+ DPD, or -1. */
  d90Day: number;
  /** Charge-off day (DPD > 180), or -1. */
  coDay: number;
  /** Day the chain handed over to litigation, or -1. */
  suitDay: number;
}

/** Decide on reaching 90+ DPD whether (and when) the lender will sue: the filing day, or null. */
export type SuitDecider = (outstandingPrincipal: Fen, d90Day: number) => number | null;

const NO_SUIT = -1;

function onTimeChannel(rng: Rng): string {
  return rng.chance(0.8) ? 'auto_debit' : 'app';
}

function lateChannel(rng: Rng): string {
  return rng.chance(0.7) ? 'app' : 'bank_transfer';
}

/** Run the chain on `ledger` (which receives the payments) up to the snapshot date. */
export function simulateLoan(ledger: Ledger, p: ChainParams, rng: Rng, decideSuit: SuitDecider): Trace {
  const trace: Trace = { monthDay: [], monthBucket: [], d90Day: -1, coDay: -1, suitDay: -1 };
  let bucket = 0;
  let suitDay = NO_SUIT;
  const n = ledger.n;
  const handOver = (): Trace => {
    trace.suitDay = suitDay <= p.asOfDay ? suitDay : -1;
    return trace;
  };
  // A suit is filed only while the account is 90+ DPD; payments since the decision may postpone it.
  const suitDue = (eventDay: number): boolean => {
    if (suitDay === NO_SUIT || eventDay < suitDay) return false;
    const ready = ledger.oldestDueDay() + 90;
    if (ready > suitDay) suitDay = ready + rng.int(0, 30);
    return eventDay >= suitDay;
  };
  for (let k = 0; ; k++) {
    const due = ledger.cycleDay(k);
    if (suitDue(due)) return handOver();
    if (due > p.asOfDay) break;
    trace.monthDay.push(due);
    trace.monthBucket.push(bucket);
    if (bucket === 0) {
      const mob = p.mobCurve[Math.min(k, p.mobCurve.length - 1)] ?? 1;
      if (!rng.chance(Math.min(1, p.missBase * mob))) {
        const early = rng.chance(0.25) ? rng.int(1, 3) : 0;
        const day = Math.max(ledger.originatedDay + 1, lastPaymentDay(ledger), due - early);
        ledger.payThrough(k, day, 0, onTimeChannel(rng));
        if (ledger.paidOff) break;
        if (k < n - 1 && rng.chance(p.earlySettleMonthly)) {
          const sday = due + rng.int(1, 27);
          if (sday <= p.asOfDay && sday < ledger.cycleDay(k + 1)) {
            const interest = roundHalfUp(ledger.outstandingPrincipal() * p.settleInterestDaily * (sday - due));
            let fee = 0;
            if (p.chargeRemainingFeesOnSettle) for (let j = k + 1; j < n; j++) fee += ledger.dueF[j] ?? 0;
            ledger.settleEarly(k, sday, interest, fee, 'app');
            break;
          }
        }
        continue;
      }
      bucket = 1;
      trace.monthBucket[trace.monthBucket.length - 1] = 1;
    }
    // A month spent delinquent in `bucket`, until the next cycle day.
    const next = ledger.cycleDay(k + 1);
    const [cure0, payOne, partial] = p.bucketOutcomes[bucket - 1] ?? [0, 0, 0];
    const cure = Math.min(1, cure0 * p.cureFactor);
    const u = rng.next();
    const day = Math.min(next - 1, due + rng.int(p.cureDelay[0], Math.min(MAX_CURE_DELAY, p.cureDelay[1])));
    if (u < cure + payOne + partial) {
      if (suitDue(day)) return handOver();
      if (day > p.asOfDay) break;
      if (u < cure) {
        ledger.payThrough(k, day, p.penaltyDaily, lateChannel(rng));
      } else if (u < cure + payOne) {
        ledger.payThrough(ledger.oldest, day, p.penaltyDaily, lateChannel(rng));
      } else {
        const share = rng.uniform(p.partialShare[0], p.partialShare[1]);
        ledger.payAmount(Math.max(1, roundHalfUp(ledger.oldestRemainder() * share)), day, lateChannel(rng));
      }
      if (ledger.paidOff) {
        suitDay = NO_SUIT;
        break;
      }
    }
    // Bucket at the next cycle day, from the ledger: months the oldest unpaid installment is overdue.
    const was = bucket;
    bucket = ledger.oldest <= k ? k + 2 - ledger.oldest : 0;
    if (bucket === 0) suitDay = NO_SUIT;
    if (was < 4 && bucket >= 4) {
      const d90 = ledger.oldestDueDay() + 90;
      if (d90 <= p.asOfDay) {
        if (trace.d90Day < 0) trace.d90Day = d90;
        suitDay = decideSuit(ledger.outstandingPrincipal(), d90) ?? NO_SUIT;
      }
    }
    if (bucket >= 7) {
      const co = ledger.oldestDueDay() + 181;
      if (co > p.asOfDay) break;
      trace.coDay = co;
      return afterChargeOff(ledger, p, rng, trace, suitDay);
    }
  }
  if (suitDue(p.asOfDay)) trace.suitDay = suitDay <= p.asOfDay ? suitDay : -1;
  return trace;
}

/** Cure payments arrive at most this many days after a cycle day, so buckets match DPD exactly. */
const MAX_CURE_DELAY = 25;

function lastPaymentDay(ledger: Ledger): number {
  const last = ledger.payments[ledger.payments.length - 1];
  return last ? last.day : 0;
}

/** Occasional collection payments after charge-off, until a suit is filed or the snapshot date. */
function afterChargeOff(ledger: Ledger, p: ChainParams, rng: Rng, trace: Trace, decidedSuitDay: number): Trace {
  let suitDay = decidedSuitDay;
  const suitDue = (eventDay: number): boolean => {
    if (suitDay === NO_SUIT || eventDay < suitDay) return false;
    const ready = ledger.oldestDueDay() + 90;
    if (ready > suitDay) suitDay = ready + rng.int(0, 30);
    return eventDay >= suitDay;
  };
  for (let m = 1; m <= 36; m++) {
    const day = trace.coDay + 30 * m - rng.int(0, 20);
    if (suitDue(day)) {
      trace.suitDay = suitDay <= p.asOfDay ? suitDay : -1;
      return trace;
    }
    if (day > p.asOfDay) break;
    trace.monthDay.push(day);
    trace.monthBucket.push(7);
    if (rng.chance(p.postChargeOffMonthly)) {
      const share = rng.uniform(p.postChargeOffShare[0], p.postChargeOffShare[1]);
      ledger.payAmount(Math.min(ledger.totalOutstanding(), Math.max(100, roundHalfUp(ledger.totalOutstanding() * share))), day, 'collection');
      if (ledger.paidOff) return trace;
    }
  }
  if (suitDue(p.asOfDay)) trace.suitDay = suitDay <= p.asOfDay ? suitDay : -1;
  return trace;
}
