/**
 * Lawsuits of the synthetic book (cases.csv), one row per court document:
 *
 * - lender suits against accounts 90+ DPD, filed months later at the lender's seat court, an
 *   internet court or (banks, through a branch) the borrower's domicile court; claims from the
 *   ledger on the filing day; procedure by amount and the province's small-claims threshold;
 *   outcome mix, absent borrowers, withdrawals and mediations; court fee by the real schedule;
 * - appeals (民终, referencing the first-instance number) and enforcement (执, referencing the
 *   judgment or mediation) as separate rows, so dispute grouping has work to do;
 * - borrower suits against the lender over fees (fee_transparency), collection conduct
 *   (service_conduct) and contract disputes.
 * Money recovered through the courts is paid into the loan's ledger (repayments.csv) as well.
 */

import { roundHalfUp, type Fen } from '../domain/money.js';
import { courtFee, enforcementFee } from '../metrics/cost/court-fees.js';
import type { Calibration } from './calibration.js';
import { civilFromDays, isoDay } from './days.js';
import { type CaseNumberer, type Court, districtCourt, INTERNET_COURTS } from './courts.js';
import type { Customer } from './customers.js';
import type { Ledger } from './ledger.js';
import type { Lender, Product } from './lenders.js';
import type { Rng } from './prng.js';
import { fen } from './format.js';
import type { Cell } from './writer.js';

export interface CaseLoan {
  loanId: string;
  lender: Lender;
  product: Product;
  customer: Customer;
  principalFen: Fen;
  upfrontFeeFen: Fen;
  penaltyDaily: number;
  ledger: Ledger;
}

export interface CaseStats {
  lenderSuits: number;
  borrowerSuits: number;
  appeals: number;
  enforcements: number;
  claimsInBand: number;
  judgments: number;
  absentJudgments: number;
  enforcedFen: number;
  recoveredInEnforcementFen: number;
}

export function emptyCaseStats(): CaseStats {
  return { lenderSuits: 0, borrowerSuits: 0, appeals: 0, enforcements: 0, claimsInBand: 0, judgments: 0, absentJudgments: 0, enforcedFen: 0, recoveredInEnforcementFen: 0 };
}

export interface CaseEnv {
  cal: Calibration;
  asOfDay: number;
  numberer: CaseNumberer;
  nextId: () => string;
  emit: (cells: Cell[]) => void;
  stats: CaseStats;
}

interface CaseRow {
  caseNumber: string;
  court: Court;
  docType: string | null;
  instance: 'first' | 'second' | 'enforcement';
  procedure: string | null;
  cause: string;
  causeCategory: string;
  institutionId: string;
  role: string;
  plaintiff: string;
  defendant: string;
  filedDay: number;
  decidedDay: number | null;
  claim: { principal: Fen | null; interest: Fen | null; penalty: Fen | null; fee: Fen | null; lawyer: Fen | null; total: Fen };
  outcome: string | null;
  awarded: Fen | null;
  courtFee: Fen | null;
  courtFeeCharged: Fen | null;
  payer: string | null;
  absent: boolean | null;
  recovered: Fen | null;
  loanId: string;
  customerId: string;
  referenced: string[];
}

const f = (x: Fen | null): Cell => (x === null ? null : fen(x));
const bool = (x: boolean | null): Cell => (x === null ? null : x ? 'true' : 'false');

function emitCase(env: CaseEnv, r: CaseRow): void {
  env.emit([
    env.nextId(), r.caseNumber, r.court.name, r.docType, r.instance, r.procedure, r.cause, r.causeCategory, r.institutionId, r.role, r.plaintiff, r.defendant,
    isoDay(r.filedDay), r.decidedDay === null ? null : isoDay(r.decidedDay),
    f(r.claim.principal), f(r.claim.interest), f(r.claim.penalty), f(r.claim.fee), f(r.claim.lawyer), fen(r.claim.total),
    r.outcome, f(r.awarded), f(r.courtFee), f(r.courtFeeCharged), r.payer, bool(r.absent), f(r.recovered), r.loanId, r.customerId,
    r.referenced.length > 0 ? r.referenced.join(';') : null,
  ]);
}

function causeFor(loan: CaseLoan): string {
  if (loan.product.template.kind === 'credit_card_installment') return '信用卡纠纷';
  if (loan.lender.kind === 'microlender') return '小额借款合同纠纷';
  if (loan.lender.kind === 'online_platform') return '借款合同纠纷';
  return '金融借款合同纠纷';
}

/** Small-claims ceiling in fen for a court province and filing year (50% of the prior-year average wage). */
export function smallClaimsLimitFen(cal: Calibration, provinceCode: string, year: number): Fen {
  const wages = cal.lawsuits.averageWageYuan.value;
  const years = Object.keys(wages).map(Number).sort((a, b) => a - b);
  const prior = years.filter((y) => y <= year - 1).pop() ?? years[0] ?? year - 1;
  const wage = wages[String(prior)] ?? 100000;
  const ratio = cal.lawsuits.provinceWageRatio.value[provinceCode] ?? 1;
  return roundHalfUp(wage * ratio * cal.lawsuits.smallClaimsWageShare.value * 100);
}

function chooseProcedure(env: CaseEnv, court: Court, filedDay: number, claimFen: Fen, rng: Rng): 'small_claims' | 'simple' | 'ordinary' {
  const l = env.cal.lawsuits;
  if (claimFen > l.ordinaryAboveYuan.value * 100) return 'ordinary';
  const [year] = civilFromDays(filedDay);
  if (claimFen <= smallClaimsLimitFen(env.cal, court.provinceCode, year) && rng.chance(l.smallClaimsUseShare.value)) return 'small_claims';
  return rng.chance(l.ordinaryShare.value) ? 'ordinary' : 'simple';
}

function decisionDay(env: CaseEnv, kind: string, from: number, rng: Rng): number {
  const [lo, hi] = env.cal.lawsuits.decisionDays.value[kind] ?? [30, 90];
  return from + rng.int(lo, hi);
}

function docTypeOf(outcome: string): string {
  if (outcome === 'mediated') return 'mediation';
  if (outcome === 'withdrawn') return 'ruling';
  return 'judgment';
}

function payerOf(outcome: string): string {
  if (outcome === 'full_support') return 'defendant';
  if (outcome === 'partial_support' || outcome === 'mediated') return 'shared';
  return 'plaintiff';
}

function chooseLenderCourt(env: CaseEnv, loan: CaseLoan, rng: Rng): { court: Court; plaintiff: string } {
  const l = env.cal.lawsuits;
  const where = rng.weightedKey(l.courtChoice.value[loan.lender.kind]);
  if (where === 'internet') return { court: INTERNET_COURTS[rng.weightedKey(l.internetCourtWeights.value)] ?? loan.lender.seatCourt, plaintiff: loan.lender.name };
  if (where === 'domicile') {
    const branch = loan.lender.branches.get(loan.customer.district.code);
    const plaintiff = branch && rng.chance(l.bankBranchPlaintiffShare.value) ? branch : loan.lender.name;
    return { court: districtCourt(loan.customer.district), plaintiff };
  }
  return { court: loan.lender.seatCourt, plaintiff: loan.lender.name };
}

/** Pay `amount` into the ledger on `day` if on or before the snapshot; returns what was paid. */
function courtPayment(env: CaseEnv, loan: CaseLoan, amount: Fen, day: number, channel: string): Fen {
  if (amount <= 0 || day > env.asOfDay) return 0;
  return loan.ledger.payAmount(amount, day, channel);
}

/** A lender's suit against a 90+ DPD account, filed on `filedDay`, with its appeal and enforcement. */
export function fileLenderSuit(env: CaseEnv, loan: CaseLoan, filedDay: number, rng: Rng): void {
  const l = env.cal.lawsuits;
  const { court, plaintiff } = chooseLenderCourt(env, loan, rng);
  const principal = loan.ledger.outstandingPrincipal();
  const charges = loan.ledger.overdueCharges(filedDay, loan.penaltyDaily);
  const lawyer = rng.chance(l.lawyerFeeClaimShare.value) ? Math.min(1_000_000, Math.max(100_000, roundHalfUp(principal * 0.03))) : 0;
  const total = principal + charges.interest + charges.fee + charges.penalty + lawyer;
  const procedure = chooseProcedure(env, court, filedDay, total, rng);
  const { caseNumber } = env.numberer.next(court, '民初', isoDay(filedDay));
  const decided = decisionDay(env, procedure, filedDay, rng);
  const pending = decided > env.asOfDay;
  const outcome = rng.weightedKey(l.outcomeMix.value);
  const judgment = outcome === 'full_support' || outcome === 'partial_support' || outcome === 'dismissed';
  const absent = judgment ? rng.chance(l.absentDefendantShare.value) : outcome === 'mediated' ? false : null;
  let awarded: Fen | null = null;
  if (outcome === 'full_support') awarded = total;
  else if (outcome === 'partial_support') awarded = roundHalfUp(total * rng.uniform(l.partialAwardShare.value[0], l.partialAwardShare.value[1]));
  else if (outcome === 'mediated') awarded = roundHalfUp(total * rng.uniform(l.mediatedAwardShare.value[0], l.mediatedAwardShare.value[1]));
  else if (outcome === 'dismissed') awarded = 0;
  const fee = courtFee(total, { procedure, outcome: pending ? null : outcome });

  env.stats.lenderSuits++;
  if (total >= 3_000_000 && total <= 10_000_000) env.stats.claimsInBand++;
  if (!pending && judgment) {
    env.stats.judgments++;
    if (absent) env.stats.absentJudgments++;
  }

  // Money that changes hands around the first instance.
  let recovered = 0;
  let unpaidAward = awarded ?? 0;
  if (outcome === 'withdrawn' && rng.chance(l.withdrawnSettledShare.value)) {
    recovered = courtPayment(env, loan, roundHalfUp(loan.ledger.totalOutstanding() * rng.uniform(0.5, 1)), rng.int(filedDay + 5, decided - 1), 'litigation_settlement');
  } else if (!pending && outcome === 'mediated' && awarded !== null) {
    const plan = rng.int(1, 12);
    const part = Math.ceil(awarded / plan);
    for (let k = 1; k <= plan && !rng.chance(l.mediationPlanMonthlyDefault.value); k++) recovered += courtPayment(env, loan, Math.min(part, awarded - recovered), decided + 30 * k, 'litigation_settlement');
    unpaidAward = awarded - recovered;
  }

  const row: CaseRow = {
    caseNumber, court, docType: pending ? null : docTypeOf(outcome), instance: 'first', procedure, cause: causeFor(loan), causeCategory: 'overdue_repayment',
    institutionId: loan.lender.id, role: 'plaintiff', plaintiff, defendant: loan.customer.name, filedDay, decidedDay: pending ? null : decided,
    claim: { principal, interest: charges.interest, penalty: charges.penalty, fee: charges.fee, lawyer: lawyer > 0 ? lawyer : null, total },
    outcome: pending ? null : outcome, awarded: pending ? null : awarded, courtFee: fee.fullFen, courtFeeCharged: pending ? null : fee.chargedFen,
    payer: pending ? null : payerOf(outcome), absent: pending ? null : absent, recovered: pending ? null : recovered,
    loanId: loan.loanId, customerId: loan.customer.id, referenced: [],
  };
  emitCase(env, row);
  if (pending) return;

  let finalDay = decided;
  const referenced = [caseNumber];
  const supported = outcome === 'full_support' || outcome === 'partial_support';
  // Borrowers who appeared are the ones who appeal; scale so the overall share matches.
  const appealP = Math.min(1, l.appealShare.value / Math.max(0.05, 1 - l.absentDefendantShare.value));
  if (supported && !absent && rng.chance(appealP)) {
    const appeal = fileAppeal(env, row, decided, rng);
    if (appeal === null) return;
    finalDay = appeal.decided;
    referenced.push(appeal.caseNumber);
    if (appeal.outcome === 'partial_support') unpaidAward = roundHalfUp(unpaidAward * 0.9);
  } else if (!supported && outcome !== 'mediated') {
    return;
  } else if (outcome === 'full_support' || outcome === 'partial_support') {
    if (rng.chance(l.voluntaryPaymentShare.value)) {
      const paid = courtPayment(env, loan, unpaidAward, decided + rng.int(20, 90), 'litigation_settlement');
      unpaidAward -= paid;
    }
  }
  if (unpaidAward > 0 && rng.chance(l.enforcementShare.value)) fileEnforcement(env, loan, row, referenced, finalDay, unpaidAward, rng);
}

/** Appeal (民终) at the intermediate court; null when still pending on the snapshot date. */
function fileAppeal(env: CaseEnv, first: CaseRow, decided: number, rng: Rng): { decided: number; outcome: string; caseNumber: string } | null {
  const l = env.cal.lawsuits;
  const appealCourt = first.court.appeal ?? first.court;
  const filed = decided + rng.int(15, 30);
  if (filed > env.asOfDay) return null;
  const { caseNumber } = env.numberer.next(appealCourt, '民终', isoDay(filed));
  const done = decisionDay(env, 'second_instance', filed, rng);
  const pending = done > env.asOfDay;
  const outcome = rng.weightedKey(l.appealOutcomeMix.value);
  const amount = first.awarded ?? first.claim.total;
  const fee = courtFee(amount, { procedure: 'second_instance', outcome: pending ? null : outcome });
  env.stats.appeals++;
  emitCase(env, {
    ...first,
    caseNumber, court: appealCourt, docType: pending ? null : outcome === 'withdrawn' ? 'ruling' : 'judgment', instance: 'second', procedure: 'second_instance',
    filedDay: filed, decidedDay: pending ? null : done, outcome: pending ? null : outcome,
    awarded: pending ? null : outcome === 'partial_support' ? roundHalfUp(amount * 0.9) : amount,
    courtFee: fee.fullFen, courtFeeCharged: pending ? null : fee.chargedFen, payer: pending ? null : outcome === 'partial_support' ? 'shared' : 'defendant',
    absent: pending ? null : false, recovered: null, referenced: [first.caseNumber],
  });
  return pending ? null : { decided: done, outcome, caseNumber };
}

/** Enforcement (执) at the first-instance court, referencing the judgment or mediation. */
function fileEnforcement(env: CaseEnv, loan: CaseLoan, first: CaseRow, judgments: string[], effectiveDay: number, amount: Fen, rng: Rng): void {
  const l = env.cal.lawsuits;
  const filed = effectiveDay + rng.int(30, 120);
  if (filed > env.asOfDay) return;
  const { caseNumber } = env.numberer.next(first.court, '执', isoDay(filed));
  const done = decisionDay(env, 'enforcement', filed, rng);
  const zero = l.zeroRecoveryShare.value;
  const mean = l.securedShareOfAwarded.value;
  let recovered = 0;
  if (!rng.chance(zero) && mean > 0 && zero < 1) {
    const k = Math.max(0, (1 - zero) / mean - 1);
    const target = roundHalfUp(amount * Math.pow(rng.next(), k));
    const chunks = rng.int(1, 3);
    for (let c = 1; c <= chunks; c++) {
      const day = filed + Math.round(((done - filed) * c) / (chunks + 1));
      recovered += courtPayment(env, loan, Math.min(target - recovered, Math.ceil(target / chunks)), day, 'enforcement');
    }
  }
  env.stats.enforcements++;
  env.stats.enforcedFen += amount;
  env.stats.recoveredInEnforcementFen += recovered;
  const pending = done > env.asOfDay;
  const fee = enforcementFee(amount);
  emitCase(env, {
    ...first,
    caseNumber, docType: pending ? null : 'enforcement_ruling', instance: 'enforcement', procedure: null, role: 'applicant',
    filedDay: filed, decidedDay: pending ? null : done,
    claim: { principal: null, interest: null, penalty: null, fee: null, lawyer: null, total: amount },
    outcome: pending ? null : 'other', awarded: null, courtFee: fee, courtFeeCharged: fee, payer: 'defendant', absent: null,
    recovered, referenced: judgments,
  });
}

export type BorrowerSuitKind = 'fee_transparency' | 'service_conduct' | 'contract_dispute';

/**
 * Case acceptance fee for personality-rights cases (《诉讼费用交纳办法》 art. 13(2)): 100 yuan
 * (the schedule allows 100–500; assumption: the minimum) plus 1% of damages from 50k to 100k and
 * 0.5% above 100k.
 */
export function personalityRightsFee(damagesFen: Fen): Fen {
  const over50 = Math.max(0, Math.min(damagesFen, 10_000_000) - 5_000_000);
  const over100 = Math.max(0, damagesFen - 10_000_000);
  return 10_000 + roundHalfUp(over50 * 0.01 + over100 * 0.005);
}

/** A suit by the borrower against the lender (or a lender's contract suit) on `day`. */
export function fileBorrowerSuit(env: CaseEnv, loan: CaseLoan, kind: BorrowerSuitKind, day: number, rng: Rng): void {
  if (day > env.asOfDay) return;
  const l = env.cal.lawsuits;
  const lenderPlaintiff = kind === 'contract_dispute' && rng.chance(0.5);
  const where = rng.weightedKey({ domicile: 0.5, seat: 0.3, internet: 0.2 });
  const court = where === 'domicile' ? districtCourt(loan.customer.district) : where === 'internet' ? (INTERNET_COURTS[rng.weightedKey(l.internetCourtWeights.value)] ?? loan.lender.seatCourt) : loan.lender.seatCourt;
  let claim: CaseRow['claim'];
  let cause: string;
  if (kind === 'fee_transparency') {
    // Refund of the fees paid; on a product without fees, of part of the interest paid as excessive.
    let feesPaid = loan.upfrontFeeFen;
    let interestPaid = 0;
    for (const p of loan.ledger.payments) {
      if (p.day > day) break;
      feesPaid += p.fee + p.penalty;
      interestPaid += p.interest;
    }
    if (feesPaid >= 10_000) {
      claim = { principal: null, interest: null, penalty: null, fee: feesPaid, lawyer: null, total: feesPaid };
    } else {
      const interestClaim = Math.max(10_000, roundHalfUp(interestPaid * rng.uniform(0.2, 0.5)));
      claim = { principal: null, interest: interestClaim, penalty: null, fee: feesPaid > 0 ? feesPaid : null, lawyer: null, total: interestClaim + feesPaid };
    }
    cause = loan.lender.kind === 'bank' || loan.lender.kind === 'consumer_finance' ? '金融借款合同纠纷' : '借款合同纠纷';
  } else if (kind === 'service_conduct') {
    const damages = rng.int(50, 500) * 10_000;
    claim = { principal: null, interest: null, penalty: null, fee: null, lawyer: null, total: damages };
    cause = rng.pick(['隐私权纠纷', '名誉权纠纷', '一般人格权纠纷']);
  } else {
    const principal = lenderPlaintiff ? loan.ledger.outstandingPrincipal() : loan.principalFen;
    claim = { principal, interest: null, penalty: null, fee: null, lawyer: null, total: Math.max(principal, 10_000) };
    cause = lenderPlaintiff ? causeFor(loan) : '确认合同无效纠纷';
  }
  const procedure = chooseProcedure(env, court, day, claim.total, rng);
  const { caseNumber } = env.numberer.next(court, '民初', isoDay(day));
  const decided = decisionDay(env, procedure, day, rng);
  const pending = decided > env.asOfDay;
  const mix = l.borrowerSuitOutcomeMix.value[lenderPlaintiff ? 'lender_contract' : kind] ?? { dismissed: 1 };
  const outcome = rng.weightedKey(mix);
  const fullFee = kind === 'service_conduct' ? personalityRightsFee(claim.total) : courtFee(claim.total).fullFen;
  const charged = kind === 'service_conduct' ? fullFee : courtFee(claim.total, { procedure, outcome }).chargedFen;
  let awarded: Fen | null = null;
  if (outcome === 'full_support') awarded = claim.total;
  else if (outcome === 'partial_support' || outcome === 'mediated') awarded = roundHalfUp(claim.total * rng.uniform(0.2, 0.8));
  else if (outcome === 'dismissed') awarded = 0;
  env.stats.borrowerSuits++;
  const row: CaseRow = {
    caseNumber, court, docType: pending ? null : docTypeOf(outcome), instance: 'first', procedure, cause,
    causeCategory: lenderPlaintiff ? 'contract_dispute' : kind, institutionId: loan.lender.id, role: lenderPlaintiff ? 'plaintiff' : 'defendant',
    plaintiff: lenderPlaintiff ? loan.lender.name : loan.customer.name, defendant: lenderPlaintiff ? loan.customer.name : loan.lender.name,
    filedDay: day, decidedDay: pending ? null : decided, claim, outcome: pending ? null : outcome, awarded: pending ? null : awarded,
    courtFee: fullFee, courtFeeCharged: pending ? null : charged, payer: pending ? null : payerOf(outcome), absent: pending ? null : false, recovered: null,
    loanId: loan.loanId, customerId: loan.customer.id, referenced: [],
  };
  emitCase(env, row);
  if (!pending && outcome === 'dismissed' && !lenderPlaintiff && rng.chance(0.1)) fileAppeal(env, row, decided, rng);
}
