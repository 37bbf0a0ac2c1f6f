/**
 * Which legal caps apply to a contract, how far its annualized rate exceeds each, and the amount a
 * court would likely not support — computed from the cash flows, the way courts treat excess
 * interest: payments first cover interest allowed at the cap, then principal; whatever is paid
 * beyond principal plus allowed interest is the cost above the cap.
 */
import type { IsoDate } from '../domain/dates.js';
import { roundHalfUp, type Fen } from '../domain/money.js';
import { CAP_RULES, FIXED_CAP_RATES, fourTimesLprOn, lprFixingOn, PRIVATE_LENDING_2020_FROM, SOURCES, type CapRuleId } from './caps-data.js';
import type { RegulatoryThreshold } from './config-schema.js';
import type { LenderKind, OverdueTerms } from './contract.js';

export type CourtEffect = 'not_supported' | 'void' | 'unenforceable' | 'reducible' | 'none';

/** An applicable cap compared with the contract's rate. */
export interface CapCheck extends Omit<ApplicableCap, 'court'> {
  /** The compared rate (IRR annualized rate; combined overdue rate for overdue checks), null if none. */
  rate: number | null;
  exceeds: boolean;
  /** rate − cap when it exceeds, else 0. */
  excessRate: number;
  /** Cost above the cap in fen, from the cash flows (0 for rate-only checks such as overdue terms). */
  excessFen: Fen;
}

export interface CapsReport {
  lenderKind: LenderKind;
  contractDate: IsoDate | null;
  /** One-year LPR at the contract date, when the date is on or after 2019-08-20. */
  lpr: number | null;
  checks: CapCheck[];
  overdue: CapCheck[];
  /** Cost a court would likely not support: the largest excess over a court cap. */
  notSupportedFen: Fen;
  notes: Array<{ zh: string; en: string }>;
}

/**
 * Cost above an annual cap: the balance (amount received) accrues simple interest at the cap
 * between flows; each payment covers accrued allowed interest, then principal; the rest is excess.
 * `amounts` in the lender's view ([−received, payments…]), `timesYears` from disbursement.
 */
export function costAboveCap(amounts: ArrayLike<number>, timesYears: ArrayLike<number>, cap: number): number {
  let bal = 0;
  let accrued = 0;
  let excess = 0;
  let tPrev = timesYears[0] ?? 0;
  for (let k = 0; k < amounts.length; k++) {
    const t = timesYears[k] ?? tPrev;
    accrued += bal * cap * (t - tPrev);
    tPrev = t;
    let pay = amounts[k] ?? 0;
    if (pay < 0) {
      bal -= pay;
      continue;
    }
    const toInterest = Math.min(pay, accrued);
    accrued -= toInterest;
    pay -= toInterest;
    const toPrincipal = Math.min(pay, bal);
    bal -= toPrincipal;
    excess += pay - toPrincipal;
  }
  return excess;
}

export interface CapsInput {
  lenderKind: LenderKind;
  contractDate: IsoDate | null;
  /** IRR annualized rate (nominal), or null when there is none. */
  rate: number | null;
  amounts: ArrayLike<number>;
  timesYears: ArrayLike<number>;
  overdue: OverdueTerms | null;
  thresholds: readonly RegulatoryThreshold[];
}

/** A cap that applies to a contract, before any rate is compared with it. */
export interface ApplicableCap {
  /** A CapRuleId, or `threshold:<id>` for a configured regulatory threshold. */
  id: string;
  kind: 'legal' | 'regulatory';
  zh: string;
  en: string;
  effectZh: string;
  effectEn: string;
  source: string;
  courtEffect: CourtEffect;
  capRate: number;
  /** Counts toward the amount a court would likely not support. */
  court: boolean;
}

export interface CapSet {
  checks: ApplicableCap[];
  overdue: ApplicableCap[];
  notes: Array<{ zh: string; en: string }>;
}

function rule(id: CapRuleId, capRate: number, effect: CourtEffect, court: boolean): ApplicableCap {
  const r = CAP_RULES[id];
  return { id, kind: 'legal', zh: r.zh, en: r.en, effectZh: r.effectZh, effectEn: r.effectEn, source: r.source, courtEffect: effect, capRate, court };
}

function threshold(t: RegulatoryThreshold): ApplicableCap {
  return { id: `threshold:${t.id}`, kind: 'regulatory', zh: t.zh, en: t.en, effectZh: '监管要求（非法院上限）', effectEn: 'regulatory expectation (not a court cap)', source: t.source, courtEffect: 'none', capRate: t.rate, court: false };
}

const LICENSED_NOTE = {
  zh: SOURCES.localFinancialInstitutions2020,
  en: 'Licensed lenders (including microlenders and other local financial organizations, SPC reply 法释〔2020〕27号) are not bound by the private-lending 4 × LPR cap; courts apply the 24% all-in standard.',
};
const NO_DATE_NOTE = { zh: '缺少合同成立日期，无法确定民间借贷利率上限', en: 'no contract date: the private-lending cap depends on it' };
const TRANSITION_NOTE = {
  zh: `合同成立于2020年8月20日之前：适用2015年规定；2020年8月20日之后计付的利息按起诉时LPR四倍确定上限（${SOURCES.privateLending2020Transition}）`,
  en: `Contract formed before 2020-08-20: the 2015 provisions apply; interest accruing after 2020-08-20 is capped at 4 × the LPR at filing (${SOURCES.privateLending2020Transition})`,
};

/** The caps that apply to a lender kind and contract date (plus configured thresholds). */
export function applicableCaps(lenderKind: LenderKind, contractDate: IsoDate | null, thresholds: readonly RegulatoryThreshold[]): CapSet {
  const set: CapSet = { checks: [], overdue: [], notes: [] };
  if (lenderKind === 'licensed') {
    set.checks.push(rule('licensed_24', FIXED_CAP_RATES.licensed, 'reducible', true));
    set.overdue.push(rule('overdue_licensed_24', FIXED_CAP_RATES.licensed, 'reducible', false));
    set.notes.push(LICENSED_NOTE);
  } else if (contractDate === null) {
    set.notes.push(NO_DATE_NOTE);
  } else if (contractDate >= PRIVATE_LENDING_2020_FROM) {
    const cap = fourTimesLprOn(contractDate);
    set.checks.push(rule('private_4lpr', cap, 'not_supported', true));
    set.overdue.push(rule('overdue_private_4lpr', cap, 'not_supported', false));
  } else {
    set.checks.push(rule('private_2015_24', FIXED_CAP_RATES.private2015Supported, 'unenforceable', true), rule('private_2015_36', FIXED_CAP_RATES.private2015Void, 'void', false));
    set.overdue.push(rule('overdue_private_2015_24', FIXED_CAP_RATES.private2015Supported, 'not_supported', false));
    set.notes.push(TRANSITION_NOTE);
  }
  for (const t of thresholds) if (t.appliesTo === 'all' || t.appliesTo === lenderKind) set.checks.push(threshold(t));
  return set;
}

/** Compare a rate with an applicable cap; the excess amount from the flows when asked. */
export function compareCap(c: ApplicableCap, rate: number | null, amounts: ArrayLike<number>, timesYears: ArrayLike<number>, withAmount: boolean): CapCheck {
  const exceeds = rate !== null && rate > c.capRate + 1e-12;
  return {
    id: c.id,
    kind: c.kind,
    zh: c.zh,
    en: c.en,
    effectZh: c.effectZh,
    effectEn: c.effectEn,
    source: c.source,
    courtEffect: c.courtEffect,
    capRate: c.capRate,
    rate,
    exceeds,
    excessRate: exceeds && rate !== null ? rate - c.capRate : 0,
    excessFen: exceeds && withAmount ? roundHalfUp(costAboveCap(amounts, timesYears, c.capRate)) : 0,
  };
}

function overdueRate(o: OverdueTerms): number {
  return o.interestRate + o.penaltyRate + o.feeRate;
}

/** Evaluate every cap that applies to the contract. */
export function evaluateCaps(input: CapsInput): CapsReport {
  const set = applicableCaps(input.lenderKind, input.contractDate, input.thresholds);
  const checks = set.checks.map((c) => compareCap(c, input.rate, input.amounts, input.timesYears, true));
  const od = input.overdue ? overdueRate(input.overdue) : null;
  const overdue = od === null ? [] : set.overdue.map((c) => compareCap(c, od, input.amounts, input.timesYears, false));
  const notes = [...set.notes];
  if (input.rate === null) notes.push({ zh: '没有可用的年化利率，无法与上限比较', en: 'no annualized rate, so no comparison with the caps' });
  const notSupportedFen = checks.reduce((m, c, k) => (set.checks[k]?.court ? Math.max(m, c.excessFen) : m), 0);
  const lpr = input.contractDate ? (lprFixingOn(input.contractDate)?.rate ?? null) : null;
  return { lenderKind: input.lenderKind, contractDate: input.contractDate, lpr, checks, overdue, notSupportedFen, notes };
}
