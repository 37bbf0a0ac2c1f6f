/**
 * Annualized rates of a contract's cash flows, each with its definition (house rule: computed rates
 * carry their definition). PBOC announcement 〔2021〕 No. 3: the annualized rate covers interest and
 * all directly related fees over the principal actually in the borrower's hands; IRR is the standard
 * method; a simple rate must say it is simple.
 */
import { irrPeriodic, irrTimed, describeIrr, type IrrResult } from './irr.js';
import type { CashFlows } from './cash-flows.js';

export type RateKey = 'periodicIrr' | 'nominalAnnual' | 'effectiveAnnual' | 'xirrAnnual' | 'simpleAnnual' | 'flatAnnual';

export const RATE_DEFINITIONS: Readonly<Record<RateKey, { zh: string; en: string }>> = {
  periodicIrr: { zh: '每期内部收益率（IRR）', en: 'IRR per period' },
  nominalAnnual: {
    zh: '年化利率（IRR，复利口径）= 每期IRR × 每年期数；中国人民银行公告〔2021〕第3号的年化利率',
    en: 'annualized rate (IRR, compound basis) = periodic IRR × periods a year; the annualized rate of PBOC announcement 〔2021〕 No. 3',
  },
  effectiveAnnual: { zh: '实际年利率（有效年化）=(1+每期IRR)^每年期数 − 1', en: 'effective annual rate = (1 + periodic IRR)^(periods a year) − 1' },
  xirrAnnual: { zh: '按实际日期计算的年化收益率（XIRR，实际天数/365）', en: 'XIRR on actual dates (Actual/365), effective annual' },
  simpleAnnual: {
    zh: '单利年化利率 = 总成本 ÷ Σ(借款人实际占用本金 × 占用年数)（单利口径）',
    en: 'SIMPLE annual rate = total cost ÷ Σ(principal actually in hand × years held) (simple basis)',
  },
  flatAnnual: { zh: '按初始到手金额计的单利年化（等本等息口径）= 总成本 ÷ 到手金额 ÷ 年数', en: 'flat rate = total cost ÷ amount received ÷ years (flat / add-on basis)' },
};

export interface RateProblem {
  code: string;
  zh: string;
  en: string;
}

export interface RateReport {
  basis: CashFlows['basis'];
  periodsPerYear: number;
  irr: IrrResult;
  periodicIrr: number | null;
  nominalAnnual: number | null;
  effectiveAnnual: number | null;
  xirrAnnual: number | null;
  simpleAnnual: number | null;
  flatAnnual: number | null;
  /** Why there is no rate (null when there is one). */
  problem: RateProblem | null;
}

/**
 * Simple annual rate over the principal in hand: Σ over periods of max(0, contract balance −
 * (principal − net disbursed)) × period length, as the denominator of the total cost.
 */
export function simpleAnnualRate(principal: ArrayLike<number>, n: number, principalFen: number, netFen: number, costFen: number, periodsPerYear: number): number | null {
  const gap = principalFen - netFen;
  let bal = principalFen;
  let exposure = 0;
  for (let k = 0; k < n; k++) {
    exposure += Math.max(0, bal - gap);
    bal -= principal[k] ?? 0;
  }
  if (exposure <= 0) return null;
  return costFen / (exposure / periodsPerYear);
}

/** Flat rate: total cost ÷ amount received ÷ term in years. */
export function flatAnnualRate(costFen: number, netFen: number, n: number, periodsPerYear: number): number | null {
  if (netFen <= 0 || n <= 0) return null;
  return costFen / netFen / (n / periodsPerYear);
}

function problemFor(cf: CashFlows, irr: IrrResult): RateProblem | null {
  if (cf.netDisbursedFen <= 0) {
    return {
      code: 'pricing.fees_exceed_principal',
      en: `upfront deductions (${cf.upfrontDeductedFen + cf.upfrontPaidFen} fen) leave the borrower nothing of the ${cf.principalFen} fen principal: no rate exists`,
      zh: `前置扣费（${cf.upfrontDeductedFen + cf.upfrontPaidFen} 分）使借款人实际未得到本金（${cf.principalFen} 分），不存在年化利率`,
    };
  }
  if (irr.status === 'ok') return null;
  const d = describeIrr(irr);
  const code = irr.status === 'multiple_roots' ? 'pricing.irr_multiple_roots' : `pricing.irr_${irr.reason}`;
  return { code, en: d.en, zh: d.zh };
}

/** All rates of a set of cash flows. */
export function computeRates(cf: CashFlows): RateReport {
  const ppy = cf.periodsPerYear;
  const irr = cf.basis === 'periodic' ? irrPeriodic(cf.amounts) : irrTimed(cf.amounts, cf.timesYears);
  const problem = problemFor(cf, irr);
  const ok = irr.status === 'ok' && problem === null ? irr.rate : null;
  let periodic: number | null = null;
  let effective: number | null = null;
  let xirrAnnual: number | null = null;
  if (ok !== null && cf.basis === 'periodic') {
    periodic = ok;
    effective = Math.expm1(ppy * Math.log1p(ok));
    const dated = cf.dates.every((d) => d !== null);
    if (dated) {
      const x = irrTimed(cf.amounts, datedTimes(cf.dates as string[]));
      xirrAnnual = x.status === 'ok' ? x.rate : null;
    }
  } else if (ok !== null) {
    xirrAnnual = ok;
    effective = ok;
    periodic = Math.expm1(Math.log1p(ok) / ppy);
  }
  const n = cf.schedule.length;
  const principal = cf.schedule.map((r) => r.principalFen);
  const positive = problem === null;
  return {
    basis: cf.basis,
    periodsPerYear: ppy,
    irr,
    periodicIrr: periodic,
    nominalAnnual: periodic === null ? null : periodic * ppy,
    effectiveAnnual: effective,
    xirrAnnual,
    simpleAnnual: positive && cf.basis === 'periodic' ? simpleAnnualRate(principal, n, cf.principalFen, cf.netDisbursedFen, cf.totalCostFen, ppy) : null,
    flatAnnual: positive && cf.basis === 'periodic' ? flatAnnualRate(cf.totalCostFen, cf.netDisbursedFen, n, ppy) : null,
    problem,
  };
}

function datedTimes(dates: readonly string[]): Float64Array {
  const t = new Float64Array(dates.length);
  const d0 = Date.parse(dates[0] ?? '');
  dates.forEach((d, i) => {
    t[i] = (Date.parse(d) - d0) / 86_400_000 / 365;
  });
  return t;
}
