/**
 * Disclosure audit: compare what the borrower was shown with what the cash flows say, and name the
 * usual patterns. Pure: takes numbers, returns findings (code, severity, zh/en message, the numbers
 * behind it); callers attach the cash flows as evidence.
 *
 * Codes (docs/pricing.md lists them with their tests):
 *   disclosure.missing, disclosure.flat_rate_shown, disclosure.daily_rate_headline,
 *   disclosure.fees_excluded, disclosure.upfront_deduction, disclosure.understated,
 *   disclosure.regz_apr_understated (US mode), rate.unavailable, cap.<rule id>,
 *   cap.threshold.<id>, cap.overdue.<rule id>
 */
import type { CapsReport } from './caps.js';
import type { DisclosedBasis } from './contract.js';

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  code: string;
  severity: Severity;
  zh: string;
  en: string;
  /** The figures that prove the finding (rates as decimals, amounts in fen). */
  numbers: Record<string, number | string | null>;
}

export interface DisclosureFacts {
  disclosedRate: number | null;
  basis: DisclosedBasis;
  /** IRR annualized rate (periodic IRR × periods a year) with all costs. */
  irrNominal: number | null;
  irrEffective: number | null;
  /** IRR annualized rate of the flows without fees (interest only), null if not computable. */
  irrWithoutFees: number | null;
  /** The flat headline a lender would quote: flat annual interest rate plus per-period fees on the original principal, annualized (flat and credit-card methods); null otherwise. */
  flatHeadline: number | null;
  /** Contract nominal rate. */
  contractRate: number;
  principalFen: number;
  netDisbursedFen: number;
  upfrontDeductedFen: number;
  /** Part of the upfront amount that is interest (砍头息 proper). */
  upfrontInterestFen: number;
  /** All fees (upfront other than interest, plus per-period). */
  feesFen: number;
}

export interface AuditTolerances {
  disclosureTolerance: number;
  patternTolerance: number;
}

const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);
const yuan = (fen: number): string => (fen / 100).toFixed(2);

function near(a: number | null, b: number | null, tol: number): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= tol;
}

function flatShown(f: DisclosureFacts, tol: AuditTolerances): Finding | null {
  const d = f.disclosedRate;
  if (d === null || f.irrNominal === null) return null;
  const matches = f.basis === 'flat' || (f.flatHeadline !== null && near(d, f.flatHeadline, tol.patternTolerance) && f.basis !== 'irr');
  if (!matches || f.irrNominal <= d + tol.disclosureTolerance) return null;
  const ratio = d > 0 ? f.irrNominal / d : null;
  return {
    code: 'disclosure.flat_rate_shown',
    severity: 'high',
    zh: `披露的${pct(d)}是按初始本金计息的等本等息（名义）费率；按实际占用本金计算的IRR年化利率为${pct(f.irrNominal)}${ratio ? `，是披露值的${ratio.toFixed(2)}倍` : ''}`,
    en: `The disclosed ${pct(d)} is a flat (add-on) rate on the original principal; the IRR annualized rate on the principal actually in hand is ${pct(f.irrNominal)}${ratio ? `, ${ratio.toFixed(2)}× the disclosed figure` : ''}`,
    numbers: { disclosed: d, flatHeadline: f.flatHeadline, irrNominal: f.irrNominal, irrEffective: f.irrEffective, ratio },
  };
}

function dailyHeadline(f: DisclosureFacts): Finding | null {
  if (f.basis !== 'daily' || f.disclosedRate === null) return null;
  const daily = f.disclosedRate / 365;
  const dailyEffective = Math.expm1(365 * Math.log1p(daily));
  return {
    code: 'disclosure.daily_rate_headline',
    severity: 'medium',
    zh: `以日利率${(daily * 100).toFixed(4)}%宣传，折合单利年化${pct(f.disclosedRate)}（单利）；IRR年化利率为${pct(f.irrNominal)}，实际年利率${pct(f.irrEffective)}；按日复利为${pct(dailyEffective)}`,
    en: `Headline daily rate ${(daily * 100).toFixed(4)}% = ${pct(f.disclosedRate)} a year SIMPLE; the IRR annualized rate is ${pct(f.irrNominal)}, effective ${pct(f.irrEffective)}; compounded daily ${pct(dailyEffective)}`,
    numbers: { dailyRate: daily, simpleAnnual: f.disclosedRate, irrNominal: f.irrNominal, irrEffective: f.irrEffective, dailyCompounded: dailyEffective },
  };
}

function feesExcluded(f: DisclosureFacts, tol: AuditTolerances): Finding | null {
  const d = f.disclosedRate;
  if (d === null || f.irrNominal === null || f.feesFen <= 0) return null;
  const matchesNoFee = near(d, f.irrWithoutFees, tol.patternTolerance) || near(d, f.contractRate, tol.patternTolerance);
  if (!matchesNoFee || f.irrNominal <= d + tol.disclosureTolerance) return null;
  return {
    code: 'disclosure.fees_excluded',
    severity: 'high',
    zh: `披露的${pct(d)}未计入费用（共${yuan(f.feesFen)}元）；计入全部费用后的IRR年化利率为${pct(f.irrNominal)}（不含费用为${pct(f.irrWithoutFees)}）`,
    en: `The disclosed ${pct(d)} leaves out fees (${yuan(f.feesFen)} yuan in all); with every fee the IRR annualized rate is ${pct(f.irrNominal)} (${pct(f.irrWithoutFees)} without fees)`,
    numbers: { disclosed: d, irrNominal: f.irrNominal, irrWithoutFees: f.irrWithoutFees, contractRate: f.contractRate, feesFen: f.feesFen },
  };
}

function upfrontDeduction(f: DisclosureFacts): Finding | null {
  if (f.upfrontDeductedFen <= 0) return null;
  const interest = f.upfrontInterestFen > 0;
  return {
    code: 'disclosure.upfront_deduction',
    severity: interest ? 'high' : 'medium',
    zh: `放款时预先扣除${yuan(f.upfrontDeductedFen)}元${interest ? '（含预扣利息，即砍头息；《民法典》第670条：按实际借款数额返还借款并计算利息）' : '（前置费用）'}，借款人实际到手${yuan(f.netDisbursedFen)}元，合同本金${yuan(f.principalFen)}元；年化利率须按到手金额计算：${pct(f.irrNominal)}`,
    en: `${yuan(f.upfrontDeductedFen)} yuan was deducted at disbursement${interest ? ' (including interest deducted upfront; Civil Code art. 670: the loan is the amount actually received)' : ' (upfront fees)'}; the borrower received ${yuan(f.netDisbursedFen)} of the ${yuan(f.principalFen)} yuan principal; the annualized rate on what was received is ${pct(f.irrNominal)}`,
    numbers: { principalFen: f.principalFen, deductedFen: f.upfrontDeductedFen, interestDeductedFen: f.upfrontInterestFen, netDisbursedFen: f.netDisbursedFen, irrNominal: f.irrNominal },
  };
}

function missing(f: DisclosureFacts): Finding | null {
  if (f.disclosedRate !== null && f.basis !== 'none') return null;
  return {
    code: 'disclosure.missing',
    severity: 'medium',
    zh: `未向借款人展示年化利率（中国人民银行公告〔2021〕第3号要求明示）；IRR年化利率为${pct(f.irrNominal)}`,
    en: `No annualized rate was shown to the borrower (required by PBOC announcement 〔2021〕 No. 3); the IRR annualized rate is ${pct(f.irrNominal)}`,
    numbers: { irrNominal: f.irrNominal, irrEffective: f.irrEffective },
  };
}

function understated(f: DisclosureFacts, tol: AuditTolerances): Finding | null {
  const d = f.disclosedRate;
  if (d === null || f.basis === 'none' || f.irrNominal === null || f.irrNominal <= d + tol.disclosureTolerance) return null;
  const simple = f.basis === 'simple';
  return {
    code: 'disclosure.understated',
    severity: simple ? 'medium' : 'high',
    zh: `披露的年化利率${pct(d)}${simple ? '（标明为单利）' : ''}低于按现金流计算的IRR年化利率${pct(f.irrNominal)}，相差${((f.irrNominal - d) * 100).toFixed(2)}个百分点`,
    en: `The disclosed annual rate ${pct(d)}${simple ? ' (labelled simple)' : ''} is below the IRR annualized rate of the cash flows, ${pct(f.irrNominal)}, by ${((f.irrNominal - d) * 100).toFixed(2)} percentage points`,
    numbers: { disclosed: d, basis: f.basis, irrNominal: f.irrNominal, gap: f.irrNominal - d },
  };
}

/** Disclosure findings; `disclosure.understated` only when no named pattern explains the gap. */
export function disclosureFindings(f: DisclosureFacts, tol: AuditTolerances): Finding[] {
  const out: Finding[] = [];
  const miss = missing(f);
  if (miss) out.push(miss);
  const patterns = [flatShown(f, tol), dailyHeadline(f), feesExcluded(f, tol)].filter((x): x is Finding => x !== null);
  out.push(...patterns);
  const up = upfrontDeduction(f);
  if (up) out.push(up);
  const explained = patterns.some((p) => p.code !== 'disclosure.daily_rate_headline');
  if (!miss && !explained) {
    const u = understated(f, tol);
    if (u) out.push(u);
  }
  return out;
}

/** Findings for every exceeded cap. */
export function capFindings(caps: CapsReport): Finding[] {
  const out: Finding[] = [];
  for (const c of caps.checks) {
    if (!c.exceeds) continue;
    const code = c.kind === 'regulatory' ? `cap.threshold.${c.id.replace(/^threshold:/, '')}` : `cap.${c.id}`;
    out.push({
      code,
      severity: c.kind === 'legal' ? 'high' : 'medium',
      zh: `年化利率${pct(c.rate)}超过${c.zh}（${pct(c.capRate)}）${pct(c.excessRate).replace('%', '')}个百分点；超出上限的成本${yuan(c.excessFen)}元：${c.effectZh}。依据：${c.source}`,
      en: `The annualized rate ${pct(c.rate)} exceeds ${c.en} (${pct(c.capRate)}) by ${(c.excessRate * 100).toFixed(2)} points; cost above the cap ${yuan(c.excessFen)} yuan: ${c.effectEn}. Source: ${c.source}`,
      numbers: { rate: c.rate, cap: c.capRate, excessRate: c.excessRate, excessFen: c.excessFen },
    });
  }
  for (const c of caps.overdue) {
    if (!c.exceeds) continue;
    out.push({
      code: `cap.overdue.${c.id}`,
      severity: 'high',
      zh: `逾期利息、罚息、违约金及费用合计年化${pct(c.rate)}，超过${pct(c.capRate)}（${c.zh}）：${c.effectZh}。依据：${c.source}`,
      en: `Overdue interest, penalty and fees together ${pct(c.rate)} a year exceed ${pct(c.capRate)} (${c.en}): ${c.effectEn}. Source: ${c.source}`,
      numbers: { rate: c.rate, cap: c.capRate, excessRate: c.excessRate },
    });
  }
  return out;
}

/** A finding for a contract whose flows have no single rate. */
export function rateUnavailableFinding(problem: { code: string; zh: string; en: string }): Finding {
  return {
    code: 'rate.unavailable',
    severity: 'high',
    zh: `无法计算年化利率：${problem.zh}`,
    en: `No annualized rate: ${problem.en}`,
    numbers: { reason: problem.code },
  };
}
