/**
 * The rate each product and loan *discloses*, by the product's disclosure habit. Honest products
 * show the IRR-based annualized rate of all borrowing costs over the money actually received
 * (PBOC announcement 〔2021〕 No. 3: monthly IRR × 12); the others show what the market often
 * shows instead (flat rate, daily-rate headline × 360, the contract rate without fees, an "IRR"
 * without the guarantee fee) — the gap is what a transparency audit should find.
 */
import type { Fen } from '../domain/money.js';
import type { Disclosure, ProductTemplate } from './products.js';
import { buildSchedule, monthlyIrr, type Schedule } from './schedule.js';

export interface DisclosedRate {
  disclosedApr: number;
  basis: 'irr' | 'flat' | 'daily' | 'nominal';
}

const BASIS: Record<Disclosure, DisclosedRate['basis']> = { irr: 'irr', irr_excluding_fees: 'irr', flat: 'flat', daily: 'daily', nominal: 'nominal' };

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Disclosed rates are shown to two decimals of a per cent: 0.1358 = 13.58%. */
export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Annualized IRR (monthly IRR × 12) of a schedule, net of any upfront deduction. */
export function scheduleApr(s: Schedule, principalFen: Fen, upfrontFeeFen: Fen, includeFees: boolean): number {
  const payments = s.principal.map((p, k) => p + (s.interest[k] ?? 0) + (includeFees ? (s.fee[k] ?? 0) : 0));
  const net = principalFen - (includeFees ? upfrontFeeFen : 0);
  return monthlyIrr(net, payments) * 12;
}

export interface LoanPricing {
  template: ProductTemplate;
  principalFen: Fen;
  upfrontFeeFen: Fen;
  annualRate: number;
  monthlyFeeRate: number;
  schedule: Schedule;
}

export function loanDisclosure(l: LoanPricing): DisclosedRate {
  const basis = BASIS[l.template.disclosure];
  switch (l.template.disclosure) {
    case 'irr':
      return { disclosedApr: round4(scheduleApr(l.schedule, l.principalFen, l.upfrontFeeFen, true)), basis };
    case 'irr_excluding_fees':
      return { disclosedApr: round4(scheduleApr(l.schedule, l.principalFen, l.upfrontFeeFen, false)), basis };
    case 'flat':
      return { disclosedApr: round6(l.template.kind === 'credit_card_installment' ? l.monthlyFeeRate * 12 : l.annualRate), basis };
    case 'daily':
    case 'nominal':
      return { disclosedApr: round6(l.annualRate), basis };
  }
}

/** Product-level headline: a representative 10,000-yuan loan at the mid rate and the most common term. */
export function productDisclosure(t: ProductTemplate): DisclosedRate & { nominalRate: number; monthlyFeeRate: number } {
  const nominalRate = round6((t.rateRange[0] + t.rateRange[1]) / 2);
  const monthlyFeeRate = round6((t.monthlyFeeRange[0] + t.monthlyFeeRange[1]) / 2);
  let best = 0;
  t.termWeights.forEach((w, i) => {
    if (w > (t.termWeights[best] ?? 0)) best = i;
  });
  const term = t.terms[best] ?? 12;
  const principalFen = 1_000_000;
  const schedule = buildSchedule({ method: t.method, principalFen, termMonths: term, annualRate: nominalRate, feePerPeriodFen: Math.round(principalFen * monthlyFeeRate), originatedAt: '2024-01-15' });
  const d = loanDisclosure({ template: t, principalFen, upfrontFeeFen: Math.round(principalFen * t.upfrontFeeRate), annualRate: nominalRate, monthlyFeeRate, schedule });
  // A daily-rate headline advertises the lowest daily rate ("低至日息万三").
  if (t.disclosure === 'daily') return { disclosedApr: round6(t.rateRange[0]), basis: d.basis, nominalRate, monthlyFeeRate };
  return { ...d, nominalRate, monthlyFeeRate };
}
