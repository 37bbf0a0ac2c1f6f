/**
 * One loan, start to finish: terms → customer row (first loan) → schedule → repayment chain →
 * lawsuits and complaints → loan, installment and repayment rows. Everything for a loan is drawn
 * from the loan's own random stream (seed, 'loan', index), so the book is reproducible and the
 * loans are independent apart from the bounded repeat-borrower pools and court counters.
 */
import type { IsoDate } from '../domain/dates.js';
import type { Calibration } from './calibration.js';
import type { CaseNumberer } from './courts.js';
import { generateComplaints } from './complaints.js';
import type { Customer } from './customers.js';
import { addMonthsDay, dayOfIso, isoDay } from './days.js';
import { loanDisclosure } from './disclosure.js';
import { fen, rate } from './format.js';
import { type CaseEnv, type CaseLoan, type CaseStats, fileBorrowerSuit, fileLenderSuit } from './lawsuits.js';
import { Ledger } from './ledger.js';
import type { LoanFactory, LoanTerms } from './loan-factory.js';
import { simulateLoan, type ChainParams, type SuitDecider, type Trace } from './performance.js';
import type { Rng } from './prng.js';
import { provinceOf } from './geography.js';
import { buildSchedule } from './schedule.js';
import type { Cell, FileSink } from './writer.js';

export interface BookSinks {
  customers: FileSink;
  loans: FileSink;
  installments: FileSink;
  repayments: FileSink;
  complaints: FileSink;
  cases: FileSink;
}

export interface KindStats {
  loans: number;
  eligible12m: number;
  dpd90in12m: number;
}

export interface BookStats {
  byKind: Record<string, KindStats>;
  byVintage: Record<string, KindStats>;
  complaints: number;
  loanMonths: number;
  repayments: number;
  cases: CaseStats;
}

export interface BookContext {
  cal: Calibration;
  factory: LoanFactory;
  numberer: CaseNumberer;
  sinks: BookSinks;
  asOf: IsoDate;
  asOfDay: number;
  stats: BookStats;
  caseEnv: CaseEnv;
  nextRepaymentId: () => string;
  nextComplaintId: () => string;
}

function customerRow(c: Customer): Cell[] {
  return [
    c.id, c.institutionId, c.name, c.idNumber, c.phone, c.card, provinceOf(c.district.provinceCode).name, c.district.city, c.createdAt, c.sex, String(c.birthDate.y),
  ];
}

function chainParams(ctx: BookContext, t: LoanTerms): ChainParams {
  const r = ctx.cal.risk;
  const card = t.product.template.kind === 'credit_card_installment';
  return {
    missBase: t.missBase,
    mobCurve: r.monthOnBookCurve.value,
    bucketOutcomes: r.bucketOutcomes.value,
    cureFactor: Math.exp(-r.latentCureEffect.value * t.customer.z),
    partialShare: r.partialPaymentShare.value,
    cureDelay: r.cureDelayDays.value,
    earlySettleMonthly: r.earlySettlementMonthly.value[t.product.template.kind],
    penaltyDaily: penaltyDaily(ctx.cal, t),
    settleInterestDaily: t.annualRate / 360,
    chargeRemainingFeesOnSettle: card,
    postChargeOffMonthly: r.postChargeOffPaymentMonthly.value,
    postChargeOffShare: r.postChargeOffPaymentShare.value,
    asOfDay: ctx.asOfDay,
  };
}

function penaltyDaily(cal: Calibration, t: LoanTerms): number {
  if (t.annualRate <= 0 || t.product.template.kind === 'credit_card_installment') return cal.risk.cardPenaltyDailyRate.value;
  return (t.annualRate * cal.risk.penaltyRateMultiplier.value) / 360;
}

function suitDecider(ctx: BookContext, t: LoanTerms, rng: Rng): SuitDecider {
  const l = ctx.cal.lawsuits;
  return (outstandingFen, d90Day) => {
    const yuan = outstandingFen / 100;
    if (yuan < l.minBalanceYuan.value) return null;
    const p = l.suitPropensity.value[t.lender.kind] * Math.min(1, Math.pow(yuan / l.balanceReferenceYuan.value, l.balanceExponent.value));
    if (!rng.chance(p)) return null;
    const [lo, hi] = l.filingLagRangeDays.value;
    const lag = Math.round(Math.min(hi, Math.max(lo, rng.lognormal(l.filingLagMedianDays.value, l.filingLagSigma.value))));
    return d90Day + lag;
  };
}

function loanStatus(ctx: BookContext, ledger: Ledger, trace: Trace, rng: Rng): string {
  if (ledger.paidOff) return 'settled';
  let co = trace.coDay;
  if (co < 0 && ledger.oldestDueDay() + 181 <= ctx.asOfDay) co = ledger.oldestDueDay() + 181;
  if (co < 0) return 'active';
  const r = ctx.cal.risk;
  return co + r.writeOffAfterDays.value <= ctx.asOfDay && rng.chance(r.writeOffShare.value) ? 'written_off' : 'charged_off';
}

/** Generate loan number `index` (0-based) originated on `originatedAt`, writing all its rows. */
export function generateLoan(ctx: BookContext, index: number, originatedAt: IsoDate, rng: Rng): void {
  const t = ctx.factory.make(rng, originatedAt);
  const { sinks, cal } = ctx;
  if (t.isNewCustomer) sinks.customers.row(customerRow(t.customer));
  const loanId = `LN${String(index + 1).padStart(10, '0')}`;
  const tpl = t.product.template;
  const schedule = buildSchedule({ method: tpl.method, principalFen: t.principalFen, termMonths: t.termMonths, annualRate: t.annualRate, feePerPeriodFen: t.feePerPeriodFen, originatedAt });
  const disclosed = loanDisclosure({ template: tpl, principalFen: t.principalFen, upfrontFeeFen: t.upfrontFeeFen, annualRate: t.annualRate, monthlyFeeRate: t.monthlyFeeRate, schedule });
  const ledger = new Ledger(schedule, originatedAt);
  const params = chainParams(ctx, t);
  const trace = simulateLoan(ledger, params, rng, suitDecider(ctx, t, rng));
  const caseLoan: CaseLoan = { loanId, lender: t.lender, product: t.product, customer: t.customer, principalFen: t.principalFen, upfrontFeeFen: t.upfrontFeeFen, penaltyDaily: params.penaltyDaily, ledger };
  if (trace.suitDay >= 0) fileLenderSuit(ctx.caseEnv, caseLoan, trace.suitDay, rng);
  if (trace.d90Day >= 0) t.customer.blocked = true;

  const complaints = generateComplaints(
    { cal, asOfDay: ctx.asOfDay, nextId: ctx.nextComplaintId, emit: (cells) => sinks.complaints.row(cells) },
    {
      loanId, institutionId: t.lender.id, customerId: t.customer.id, feeHeavy: t.product.feeHeavy, lenderShortName: t.lender.shortName, productName: t.product.name,
      originatedAt, principalFen: t.principalFen, upfrontFeeFen: t.upfrontFeeFen, monthlyFeeFen: t.feePerPeriodFen, feeLabel: tpl.feeLabel ?? '服务费',
      nominalRate: t.annualRate, phone: t.customer.phone, dailyHeadline: tpl.disclosure === 'daily',
    },
    trace,
    rng,
  );
  otherSuits(ctx, caseLoan, t, trace, complaints, rng);

  const status = loanStatus(ctx, ledger, trace, rng);
  sinks.loans.row([
    loanId, t.lender.id, t.product.id, t.customer.id, `${t.lender.code}${originatedAt.replace(/-/g, '')}${String(index + 1).padStart(9, '0')}`, t.channel,
    provinceOf(t.customer.district.provinceCode).name, t.customer.district.city, originatedAt, isoDay(addMonthsDay(ledger.originatedDay, t.termMonths)), fen(t.principalFen),
    String(t.termMonths), tpl.method, rate(t.annualRate), fen(t.upfrontFeeFen), fen(t.feePerPeriodFen), rate(disclosed.disclosedApr), status, t.purpose,
  ]);
  for (let k = 0; k < ledger.n; k++) {
    sinks.installments.row([loanId, String(k + 1), isoDay(ledger.dueDay[k] ?? 0), fen(ledger.dueP[k] ?? 0), fen(ledger.dueI[k] ?? 0), fen(ledger.dueF[k] ?? 0)]);
  }
  for (const p of ledger.payments) {
    sinks.repayments.row([ctx.nextRepaymentId(), loanId, isoDay(p.day), fen(p.principal + p.interest + p.fee + p.penalty), fen(p.principal), fen(p.interest), fen(p.fee), fen(p.penalty), p.channel]);
  }
  record(ctx, t, originatedAt, trace, complaints.length, ledger.payments.length);
}

/** Suits by borrowers (after fee or collection complaints, or spontaneously) and contract disputes. */
function otherSuits(ctx: BookContext, loan: CaseLoan, t: LoanTerms, trace: Trace, complaints: readonly { day: number; category: string }[], rng: Rng): void {
  const l = ctx.cal.lawsuits;
  for (const c of complaints) {
    if (c.category === 'fees' && rng.chance(l.borrowerFeeSuitAfterComplaint.value)) fileBorrowerSuit(ctx.caseEnv, loan, 'fee_transparency', c.day + rng.int(30, 180), rng);
    else if (c.category === 'collection' && rng.chance(l.conductSuitAfterCollectionComplaint.value)) fileBorrowerSuit(ctx.caseEnv, loan, 'service_conduct', c.day + rng.int(30, 180), rng);
  }
  const months = trace.monthDay.length;
  if (t.product.feeHeavy && months > 0 && rng.chance(1 - Math.pow(1 - l.borrowerFeeSuitMonthlyRate.value, months))) {
    fileBorrowerSuit(ctx.caseEnv, loan, 'fee_transparency', (trace.monthDay[rng.int(0, months - 1)] ?? 0) + rng.int(0, 29), rng);
  }
  if (months > 1 && rng.chance(l.contractDisputeRate.value)) {
    fileBorrowerSuit(ctx.caseEnv, loan, 'contract_dispute', (trace.monthDay[rng.int(1, months - 1)] ?? 0) + rng.int(0, 29), rng);
  }
}

function record(ctx: BookContext, t: LoanTerms, originatedAt: IsoDate, trace: Trace, complaints: number, repayments: number): void {
  const s = ctx.stats;
  const horizon = addMonthsDay(dayOfIso(originatedAt), 12);
  const bad = trace.d90Day >= 0 && trace.d90Day <= horizon;
  for (const [map, key] of [[s.byKind, t.lender.kind], [s.byVintage, originatedAt.slice(0, 4)]] as const) {
    let k = map[key];
    if (!k) {
      k = { loans: 0, eligible12m: 0, dpd90in12m: 0 };
      map[key] = k;
    }
    k.loans++;
    if (horizon <= ctx.asOfDay) {
      k.eligible12m++;
      if (bad) k.dpd90in12m++;
    }
  }
  s.complaints += complaints;
  s.repayments += repayments;
  for (const b of trace.monthBucket) if (b < 7) s.loanMonths++;
}
