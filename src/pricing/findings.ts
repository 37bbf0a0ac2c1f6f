/**
 * Disclosure audit: compare what the borrower was shown with what the cash flows say, and name the
 * usual patterns. Pure. Detection returns data — a code, a severity and the figures that prove it
 * ({@link FindingData}); the zh/en text is rendered from that data by {@link findingText}, so the
 * book audit stores only numbers and any reader (CLI, report, dashboard) renders the same message.
 *
 * Codes (docs/pricing.md lists them):
 *   disclosure.missing, disclosure.flat_rate_shown, disclosure.daily_rate_headline,
 *   disclosure.fees_excluded, disclosure.upfront_deduction, disclosure.understated,
 *   disclosure.regz_apr_understated (US mode), rate.unavailable, cap.<rule id>,
 *   cap.threshold.<id>, cap.overdue.<rule id>
 */
import { CAP_RULES, type CapRuleId } from './caps-data.js';
import type { CapsReport } from './caps.js';
import type { RegulatoryThreshold } from './config-schema.js';
import type { DisclosedBasis } from './contract.js';

export type Severity = 'high' | 'medium' | 'low' | 'info';

/** Rates as decimals, amounts in fen; null when not available. */
export type FindingNumbers = Record<string, number | null>;

export interface FindingData {
  code: string;
  severity: Severity;
  /** The figures that prove the finding (rates as decimals, amounts in fen). */
  numbers: FindingNumbers;
}

export interface Finding extends FindingData {
  zh: string;
  en: string;
}

/**
 * The numeric evidence of each finding family, in storage order (the book audit stages them as
 * v1…v5 and rebuilds the evidence JSON in SQL from this table).
 */
export const FINDING_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'disclosure.missing': ['irrNominal', 'irrEffective'],
  'disclosure.flat_rate_shown': ['disclosed', 'irrNominal', 'irrEffective', 'ratio', 'flatHeadline'],
  'disclosure.daily_rate_headline': ['dailyRate', 'simpleAnnual', 'irrNominal', 'irrEffective', 'dailyCompounded'],
  'disclosure.fees_excluded': ['disclosed', 'irrNominal', 'irrWithoutFees', 'contractRate', 'feesFen'],
  'disclosure.upfront_deduction': ['principalFen', 'deductedFen', 'interestDeductedFen', 'netDisbursedFen', 'irrNominal'],
  'disclosure.understated': ['disclosed', 'irrNominal', 'gap', 'labelledSimple'],
  'disclosure.regz_apr_understated': ['disclosed', 'apr'],
  'rate.unavailable': [],
  'cap.overdue': ['rate', 'cap', 'excessRate'],
  cap: ['rate', 'cap', 'excessRate', 'excessFen'],
};

/** The evidence field names of a finding code. */
export function fieldsOf(code: string): readonly string[] {
  if (code.startsWith('cap.overdue.')) return FINDING_FIELDS['cap.overdue'] ?? [];
  if (code.startsWith('cap.')) return FINDING_FIELDS['cap'] ?? [];
  return FINDING_FIELDS[code] ?? [];
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
  /** Days a year behind a daily-rate headline (365 unless configured to 360). */
  dailyRateDays?: number;
}

function near(a: number | null, b: number | null, tol: number): boolean {
  return a !== null && b !== null && Math.abs(a - b) <= tol;
}

function flatShown(f: DisclosureFacts, tol: AuditTolerances): FindingData | null {
  const d = f.disclosedRate;
  if (d === null || f.irrNominal === null) return null;
  const matches = f.basis === 'flat' || (f.flatHeadline !== null && near(d, f.flatHeadline, tol.patternTolerance) && f.basis !== 'irr');
  if (!matches || f.irrNominal <= d + tol.disclosureTolerance) return null;
  const ratio = d > 0 ? f.irrNominal / d : null;
  return { code: 'disclosure.flat_rate_shown', severity: 'high', numbers: { disclosed: d, irrNominal: f.irrNominal, irrEffective: f.irrEffective, ratio, flatHeadline: f.flatHeadline } };
}

function dailyHeadline(f: DisclosureFacts, days: number): FindingData | null {
  if (f.basis !== 'daily' || f.disclosedRate === null) return null;
  const daily = f.disclosedRate / days;
  return {
    code: 'disclosure.daily_rate_headline',
    severity: 'medium',
    numbers: { dailyRate: daily, simpleAnnual: f.disclosedRate, irrNominal: f.irrNominal, irrEffective: f.irrEffective, dailyCompounded: Math.expm1(365 * Math.log1p(daily)) },
  };
}

function feesExcluded(f: DisclosureFacts, tol: AuditTolerances): FindingData | null {
  const d = f.disclosedRate;
  if (d === null || f.irrNominal === null || f.feesFen <= 0) return null;
  const matchesNoFee = near(d, f.irrWithoutFees, tol.patternTolerance) || near(d, f.contractRate, tol.patternTolerance);
  if (!matchesNoFee || f.irrNominal <= d + tol.disclosureTolerance) return null;
  return { code: 'disclosure.fees_excluded', severity: 'high', numbers: { disclosed: d, irrNominal: f.irrNominal, irrWithoutFees: f.irrWithoutFees, contractRate: f.contractRate, feesFen: f.feesFen } };
}

function upfrontDeduction(f: DisclosureFacts): FindingData | null {
  if (f.upfrontDeductedFen <= 0) return null;
  return {
    code: 'disclosure.upfront_deduction',
    severity: f.upfrontInterestFen > 0 ? 'high' : 'medium',
    numbers: { principalFen: f.principalFen, deductedFen: f.upfrontDeductedFen, interestDeductedFen: f.upfrontInterestFen, netDisbursedFen: f.netDisbursedFen, irrNominal: f.irrNominal },
  };
}

function missing(f: DisclosureFacts): FindingData | null {
  if (f.disclosedRate !== null && f.basis !== 'none') return null;
  return { code: 'disclosure.missing', severity: 'medium', numbers: { irrNominal: f.irrNominal, irrEffective: f.irrEffective } };
}

function understated(f: DisclosureFacts, tol: AuditTolerances): FindingData | null {
  const d = f.disclosedRate;
  if (d === null || f.basis === 'none' || f.irrNominal === null || f.irrNominal <= d + tol.disclosureTolerance) return null;
  const simple = f.basis === 'simple';
  return { code: 'disclosure.understated', severity: simple ? 'medium' : 'high', numbers: { disclosed: d, irrNominal: f.irrNominal, gap: f.irrNominal - d, labelledSimple: simple ? 1 : 0 } };
}

/** Disclosure findings; `disclosure.understated` only when no named pattern explains the gap. */
export function disclosureFindings(f: DisclosureFacts, tol: AuditTolerances): FindingData[] {
  const out: FindingData[] = [];
  const miss = missing(f);
  if (miss) out.push(miss);
  // The named patterns, in this order; a daily headline alone does not explain an understated rate.
  const flat = flatShown(f, tol);
  if (flat) out.push(flat);
  const daily = dailyHeadline(f, tol.dailyRateDays ?? 365);
  if (daily) out.push(daily);
  const fees = feesExcluded(f, tol);
  if (fees) out.push(fees);
  const up = upfrontDeduction(f);
  if (up) out.push(up);
  const explained = flat !== null || fees !== null;
  if (!miss && !explained) {
    const u = understated(f, tol);
    if (u) out.push(u);
  }
  return out;
}

/** The finding code of an exceeded cap (`cap.<rule>` or `cap.threshold.<id>`). */
export function capCode(id: string, kind: 'legal' | 'regulatory'): string {
  return kind === 'regulatory' ? `cap.threshold.${id.replace(/^threshold:/, '')}` : `cap.${id}`;
}

/** The finding for a rate above a cap. */
export function capExceeded(id: string, kind: 'legal' | 'regulatory', rate: number, cap: number, excessFen: number): FindingData {
  return { code: capCode(id, kind), severity: kind === 'legal' ? 'high' : 'medium', numbers: { rate, cap, excessRate: rate - cap, excessFen } };
}

/** Findings for every exceeded cap. */
export function capFindings(caps: CapsReport): FindingData[] {
  const out: FindingData[] = [];
  for (const c of caps.checks) if (c.exceeds && c.rate !== null) out.push(capExceeded(c.id, c.kind, c.rate, c.capRate, c.excessFen));
  for (const c of caps.overdue) {
    if (c.exceeds) out.push({ code: `cap.overdue.${c.id}`, severity: 'high', numbers: { rate: c.rate, cap: c.capRate, excessRate: c.excessRate } });
  }
  return out;
}

/** A finding for a contract whose flows have no single rate (the reason goes in the text context). */
export function rateUnavailableFinding(): FindingData {
  return { code: 'rate.unavailable', severity: 'high', numbers: {} };
}

// ---------------------------------------------------------------------------------------------
// Text

export interface TextContext {
  /** Labels of `cap.threshold.<id>` findings (the configuration in force for the run). */
  thresholds?: readonly RegulatoryThreshold[];
  /** Why there is no rate (`rate.unavailable`). */
  reason?: { zh: string; en: string } | null;
}

type Text = { zh: string; en: string };

const pct = (r: number | null | undefined): string => (r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(2)}%`);
const pts = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : (r * 100).toFixed(2));
const yuan = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '—' : (fen / 100).toFixed(2));

type Renderer = (n: FindingNumbers, ctx: TextContext) => Text;

const TEXT: Readonly<Record<string, Renderer>> = {
  'disclosure.missing': (n) => ({
    zh: `未向借款人展示年化利率（中国人民银行公告〔2021〕第3号要求明示）；IRR年化利率为${pct(n['irrNominal'])}`,
    en: `No annualized rate was shown to the borrower (required by PBOC announcement 〔2021〕 No. 3); the IRR annualized rate is ${pct(n['irrNominal'])}`,
  }),
  'disclosure.flat_rate_shown': (n) => {
    const r = n['ratio'];
    return {
      zh: `披露的${pct(n['disclosed'])}是按初始本金计息的等本等息（名义）费率；按实际占用本金计算的IRR年化利率为${pct(n['irrNominal'])}${r ? `，是披露值的${r.toFixed(2)}倍` : ''}`,
      en: `The disclosed ${pct(n['disclosed'])} is a flat (add-on) rate on the original principal; the IRR annualized rate on the principal actually in hand is ${pct(n['irrNominal'])}${r ? `, ${r.toFixed(2)}× the disclosed figure` : ''}`,
    };
  },
  'disclosure.daily_rate_headline': (n) => {
    const daily = ((n['dailyRate'] ?? 0) * 100).toFixed(4);
    return {
      zh: `以日利率${daily}%宣传，折合单利年化${pct(n['simpleAnnual'])}（单利）；IRR年化利率为${pct(n['irrNominal'])}，实际年利率${pct(n['irrEffective'])}；按日复利为${pct(n['dailyCompounded'])}`,
      en: `Headline daily rate ${daily}% = ${pct(n['simpleAnnual'])} a year SIMPLE; the IRR annualized rate is ${pct(n['irrNominal'])}, effective ${pct(n['irrEffective'])}; compounded daily ${pct(n['dailyCompounded'])}`,
    };
  },
  'disclosure.fees_excluded': (n) => ({
    zh: `披露的${pct(n['disclosed'])}未计入费用（共${yuan(n['feesFen'])}元）；计入全部费用后的IRR年化利率为${pct(n['irrNominal'])}（不含费用为${pct(n['irrWithoutFees'])}）`,
    en: `The disclosed ${pct(n['disclosed'])} leaves out fees (${yuan(n['feesFen'])} yuan in all); with every fee the IRR annualized rate is ${pct(n['irrNominal'])} (${pct(n['irrWithoutFees'])} without fees)`,
  }),
  'disclosure.upfront_deduction': (n) => {
    const interest = (n['interestDeductedFen'] ?? 0) > 0;
    return {
      zh: `放款时预先扣除${yuan(n['deductedFen'])}元${interest ? '（含预扣利息，即砍头息；《民法典》第670条：按实际借款数额返还借款并计算利息）' : '（前置费用）'}，借款人实际到手${yuan(n['netDisbursedFen'])}元，合同本金${yuan(n['principalFen'])}元；年化利率须按到手金额计算：${pct(n['irrNominal'])}`,
      en: `${yuan(n['deductedFen'])} yuan was deducted at disbursement${interest ? ' (including interest deducted upfront; Civil Code art. 670: the loan is the amount actually received)' : ' (upfront fees)'}; the borrower received ${yuan(n['netDisbursedFen'])} of the ${yuan(n['principalFen'])} yuan principal; the annualized rate on what was received is ${pct(n['irrNominal'])}`,
    };
  },
  'disclosure.understated': (n) => {
    const simple = n['labelledSimple'] === 1;
    return {
      zh: `披露的年化利率${pct(n['disclosed'])}${simple ? '（标明为单利）' : ''}低于按现金流计算的IRR年化利率${pct(n['irrNominal'])}，相差${pts(n['gap'])}个百分点`,
      en: `The disclosed annual rate ${pct(n['disclosed'])}${simple ? ' (labelled simple)' : ''} is below the IRR annualized rate of the cash flows, ${pct(n['irrNominal'])}, by ${pts(n['gap'])} percentage points`,
    };
  },
  'disclosure.regz_apr_understated': (n) => ({
    zh: `披露的APR ${pct(n['disclosed'])}低于Z条例附录J计算的APR ${pct(n['apr'])}，超出1/8个百分点的容差`,
    en: `The disclosed APR ${pct(n['disclosed'])} is below the Regulation Z appendix J APR ${pct(n['apr'])} by more than the 1/8 point tolerance (§1026.22(a)(2))`,
  }),
  'rate.unavailable': (_n, ctx) => ({
    zh: `无法计算年化利率：${ctx.reason?.zh ?? '现金流不确定唯一利率'}`,
    en: `No annualized rate: ${ctx.reason?.en ?? 'the cash flows do not determine a single rate'}`,
  }),
};

function capRule(code: string, ctx: TextContext): { zh: string; en: string; effectZh: string; effectEn: string; source: string } {
  if (code.startsWith('cap.threshold.')) {
    const id = code.slice('cap.threshold.'.length);
    const t = ctx.thresholds?.find((x) => x.id === id);
    return { zh: t?.zh ?? `监管阈值 ${id}`, en: t?.en ?? `regulatory threshold ${id}`, effectZh: '监管要求（非法院上限）', effectEn: 'regulatory expectation (not a court cap)', source: t?.source ?? 'configuration' };
  }
  const id = code.replace(/^cap\.(overdue\.)?/, '') as CapRuleId;
  const r = CAP_RULES[id];
  return r ? { zh: r.zh, en: r.en, effectZh: r.effectZh, effectEn: r.effectEn, source: r.source } : { zh: id, en: id, effectZh: '', effectEn: '', source: '' };
}

function capText(code: string, n: FindingNumbers, ctx: TextContext): Text {
  const r = capRule(code, ctx);
  if (code.startsWith('cap.overdue.')) {
    return {
      zh: `逾期利息、罚息、违约金及费用合计年化${pct(n['rate'])}，超过${pct(n['cap'])}（${r.zh}）：${r.effectZh}。依据：${r.source}`,
      en: `Overdue interest, penalty and fees together ${pct(n['rate'])} a year exceed ${pct(n['cap'])} (${r.en}): ${r.effectEn}. Source: ${r.source}`,
    };
  }
  return {
    zh: `年化利率${pct(n['rate'])}超过${r.zh}（${pct(n['cap'])}）${pts(n['excessRate'])}个百分点；超出上限的成本${yuan(n['excessFen'])}元：${r.effectZh}。依据：${r.source}`,
    en: `The annualized rate ${pct(n['rate'])} exceeds ${r.en} (${pct(n['cap'])}) by ${pts(n['excessRate'])} points; cost above the cap ${yuan(n['excessFen'])} yuan: ${r.effectEn}. Source: ${r.source}`,
  };
}

/** The zh/en message of a finding, from its code and figures. */
export function findingText(code: string, numbers: FindingNumbers, ctx: TextContext = {}): Text {
  if (code.startsWith('cap.')) return capText(code, numbers, ctx);
  const r = TEXT[code];
  return r ? r(numbers, ctx) : { zh: code, en: code };
}

/** A finding with its message. */
export function withText(d: FindingData, ctx: TextContext = {}): Finding {
  return { ...d, ...findingText(d.code, d.numbers, ctx) };
}
