/**
 * Complaints of one loan, month by month along its delinquency trace: a few per 10,000 customers
 * a month for a current account on a plain product, many more for delinquent borrowers
 * (collection, hardship) and fee-heavy products (fees). Channels include regulator transfers;
 * handling times follow the 2020 complaint rules (15 days; complex cases up to 60).
 */
import { splitIso } from '../domain/dates.js';
import type { Calibration } from './calibration.js';
import { isoDay } from './days.js';
import { complaintResolution, complaintText, type ComplaintCategory } from './complaint-text.js';
import type { Rng } from './prng.js';
import type { Trace } from './performance.js';
import type { Cell } from './writer.js';

export interface ComplaintLoan {
  loanId: string;
  institutionId: string;
  customerId: string;
  feeHeavy: boolean;
  lenderShortName: string;
  productName: string;
  originatedAt: string;
  principalFen: number;
  upfrontFeeFen: number;
  monthlyFeeFen: number;
  feeLabel: string;
  nominalRate: number;
  phone: string;
  dailyHeadline: boolean;
}

export interface ComplaintEvent {
  day: number;
  category: ComplaintCategory;
}

export interface ComplaintEnv {
  cal: Calibration;
  asOfDay: number;
  nextId: () => string;
  emit: (cells: Cell[]) => void;
}

function timestamp(day: number, rng: Rng): string {
  const h = rng.int(8, 22);
  const m = rng.int(0, 59);
  const s = rng.int(0, 59);
  return `${isoDay(day)} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function chineseDate(iso: string): string {
  const [y, m, d] = splitIso(iso);
  return `${y}年${m}月${d}日`;
}

/** Emit the loan's complaints; returns them (day and category) so suits can follow some. */
export function generateComplaints(env: ComplaintEnv, loan: ComplaintLoan, trace: Trace, rng: Rng): ComplaintEvent[] {
  const c = env.cal.complaints;
  const events: ComplaintEvent[] = [];
  let chargedOffMonths = 0;
  for (let i = 0; i < trace.monthDay.length; i++) {
    const bucket = trace.monthBucket[i] ?? 0;
    if (bucket === 7 && ++chargedOffMonths > c.chargedOffMonths.value) break;
    const rate = c.baseMonthlyRate.value * (bucket > 0 ? c.delinquentMultiplier.value : 1) * (loan.feeHeavy ? c.feeHeavyMultiplier.value : 1);
    if (!rng.chance(rate)) continue;
    const day = (trace.monthDay[i] ?? 0) + rng.int(0, 29);
    if (day > env.asOfDay) break;
    const mix = bucket > 0 ? c.categoryMixDelinquent.value : loan.feeHeavy ? c.categoryMixFeeHeavy.value : c.categoryMixOther.value;
    const category = rng.weightedKey(mix) as ComplaintCategory;
    events.push({ day, category });
    emitComplaint(env, loan, day, category, bucket, rng);
  }
  return events;
}

function emitComplaint(env: ComplaintEnv, loan: ComplaintLoan, day: number, category: ComplaintCategory, bucket: number, rng: Rng): void {
  const c = env.cal.complaints;
  const channel = rng.weightedKey(c.channelMix.value);
  const complex = rng.chance(c.complexShare.value);
  const [lo, hi] = complex ? c.closeDaysComplex.value : c.closeDaysSimple.value;
  const closeDay = day + rng.int(lo, hi);
  const escalated = channel === 'regulator' || rng.chance(c.laterEscalationShare.value);
  const closed = closeDay <= env.asOfDay;
  const text = complaintText(
    category,
    {
      lender: loan.lenderShortName,
      product: loan.productName,
      loanDate: chineseDate(loan.originatedAt),
      principalFen: loan.principalFen,
      upfrontFeeFen: loan.upfrontFeeFen,
      monthlyFeeFen: loan.monthlyFeeFen,
      feeLabel: loan.feeLabel,
      nominalRate: loan.nominalRate,
      dpd: bucket > 0 ? bucket * 30 - rng.int(0, 29) : 0,
      phone: rng.chance(c.includeContactInTextShare.value) ? loan.phone : null,
      dailyHeadline: loan.dailyHeadline,
    },
    rng,
  );
  env.emit([
    env.nextId(),
    loan.institutionId,
    loan.customerId,
    loan.loanId,
    timestamp(day, rng),
    channel,
    category,
    text,
    closed ? 'closed' : escalated ? 'escalated' : 'in_progress',
    escalated ? 'true' : 'false',
    complex ? 'true' : 'false',
    closed ? timestamp(closeDay, rng) : null,
    closed ? complaintResolution(category, rng) : null,
  ]);
}
