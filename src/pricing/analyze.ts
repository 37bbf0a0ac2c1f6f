/**
 * Everything about one contract: cash flows, rates, caps, disclosure findings (and, in US mode, the
 * Regulation Z APR). One pure function serves the CLI, the API, the key facts statement and tests.
 */
import type { IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { buildCashFlows, type CashFlows } from './cash-flows.js';
import { evaluateCaps, type CapsReport } from './caps.js';
import { defaultPricingConfig, type PricingConfig } from './config-schema.js';
import { PERIODS_PER_YEAR, type Contract } from './contract.js';
import { capFindings, disclosureFindings, rateUnavailableFinding, withText, type DisclosureFacts, type Finding, type FindingData } from './findings.js';
import { computeRates, RATE_DEFINITIONS, type RateReport } from './rates.js';
import { regZApr, type RegZResult } from './reg-z.js';

export interface EvidenceFlow {
  /** Period index (periodic flows) or position (dated flows). */
  t: number;
  date: IsoDate | null;
  /** Lender view, fen: negative = paid to the borrower. */
  amountFen: number;
}

export interface AnalyzedFinding extends Finding {
  /** The cash flows that prove the finding (lender view). */
  flows: EvidenceFlow[];
  /** For fees_excluded: the same flows without fees, for comparison. */
  flowsWithoutFees?: EvidenceFlow[];
}

export interface ContractAnalysis {
  jurisdiction: 'cn' | 'us';
  cashFlows: CashFlows;
  rates: RateReport;
  ratesWithoutFees: RateReport | null;
  caps: CapsReport;
  regZ: RegZResult | null;
  findings: AnalyzedFinding[];
  definitions: typeof RATE_DEFINITIONS;
}

/** The same contract without any fee (interest only; interest deducted upfront stays). */
export function withoutFees(c: Contract): Contract {
  return {
    ...c,
    fees: c.fees.filter((f) => f.kind === 'interest_deducted'),
    schedule: c.schedule ? c.schedule.map((r) => ({ ...r, feeFen: 0 })) : null,
    repayments: null,
  };
}

function evidence(cf: CashFlows): EvidenceFlow[] {
  return Array.from(cf.amounts, (a, t) => ({ t, date: cf.dates[t] ?? null, amountFen: a }));
}

/** The flat headline of flat-rate and credit-card products: flat interest plus per-period fees on the original principal, annualized. */
function flatHeadline(c: Contract, cf: CashFlows): number | null {
  if (c.method !== 'flat' && c.method !== 'credit_card_installment') return null;
  const ppy = PERIODS_PER_YEAR[c.period];
  const perPeriodOriginal = cf.fees.filter((f) => f.timing === 'per_period' && f.eachFen !== null).reduce((a, f) => a + (f.eachFen ?? 0), 0);
  return c.annualRate + ((perPeriodOriginal / c.principalFen) * ppy);
}

function facts(c: Contract, cf: CashFlows, rates: RateReport, noFees: RateReport | null): DisclosureFacts {
  const upfrontInterest = cf.totalInterestFen - cf.schedule.reduce((a, r) => a + r.interestFen, 0);
  return {
    disclosedRate: c.disclosure.annualRate,
    basis: c.disclosure.basis,
    irrNominal: rates.nominalAnnual,
    irrEffective: rates.effectiveAnnual,
    irrWithoutFees: noFees?.nominalAnnual ?? null,
    flatHeadline: flatHeadline(c, cf),
    contractRate: c.annualRate,
    principalFen: cf.principalFen,
    netDisbursedFen: cf.netDisbursedFen,
    upfrontDeductedFen: cf.upfrontDeductedFen,
    upfrontInterestFen: upfrontInterest,
    feesFen: cf.totalFeesFen,
  };
}

function regZFor(c: Contract, cf: CashFlows): RegZResult {
  if (!c.startDate) {
    throw new AppError({ code: 'pricing.start_date_required', en: 'US mode (Regulation Z) needs the contract date (--date / start_date)', zh: '美国模式（Z条例）需要合同日期（--date / start_date）' });
  }
  const payments = cf.dates.slice(1).map((date, k) => ({ date: date ?? '', amount: (cf.amounts[k + 1] ?? 0) / 100 })).filter((p) => p.amount > 0);
  return regZApr([{ date: c.startDate, amount: cf.netDisbursedFen / 100 }], payments);
}

function usFindings(c: Contract, regZ: RegZResult): FindingData[] {
  const d = c.disclosure.annualRate;
  // Regulation Z §1026.22(a)(2): an APR is accurate within 1/8 of 1 percentage point.
  if (d === null || regZ.apr <= d + 0.00125) return [];
  return [{ code: 'disclosure.regz_apr_understated', severity: 'high', numbers: { disclosed: d, apr: regZ.apr } }];
}

function usCaps(c: Contract): CapsReport {
  return {
    lenderKind: c.lenderKind,
    contractDate: c.startDate,
    lpr: null,
    checks: [],
    overdue: [],
    notSupportedFen: 0,
    notes: [{ zh: '美国模式：不评估中国法律上限（各州高利贷法不同，未建模）', en: 'US mode: Chinese caps are not evaluated (state usury laws vary and are not modelled)' }],
  };
}

/** Analyze one contract. `config` supplies the regulatory thresholds and audit tolerances. */
export function analyzeContract(c: Contract, config: PricingConfig = defaultPricingConfig()): ContractAnalysis {
  const cf = buildCashFlows(c);
  const rates = computeRates(cf);
  const hasFees = cf.totalFeesFen > 0 && c.repayments === null;
  const noFees = hasFees ? computeRates(buildCashFlows(withoutFees(c))) : null;
  const caps = c.jurisdiction === 'us' ? usCaps(c) : evaluateCaps({
    lenderKind: c.lenderKind,
    contractDate: c.startDate,
    rate: rates.nominalAnnual,
    amounts: cf.amounts,
    timesYears: cf.timesYears,
    overdue: c.overdue,
    thresholds: config.regulatoryThresholds,
  });
  const flows = evidence(cf);
  const found: FindingData[] = [];
  let regZ: RegZResult | null = null;
  if (rates.problem) found.push(rateUnavailableFinding());
  if (c.jurisdiction === 'us') {
    if (!rates.problem) {
      regZ = regZFor(c, cf);
      found.push(...usFindings(c, regZ));
    }
  } else {
    found.push(...disclosureFindings(facts(c, cf, rates, noFees), config), ...capFindings(caps));
  }
  const noFeeFlows = noFees ? evidence(buildCashFlows(withoutFees(c))) : undefined;
  const ctx = { thresholds: config.regulatoryThresholds, reason: rates.problem };
  const findings: AnalyzedFinding[] = found.map((d) => {
    const f = withText(d, ctx);
    return f.code === 'disclosure.fees_excluded' && noFeeFlows ? { ...f, flows, flowsWithoutFees: noFeeFlows } : { ...f, flows };
  });
  return { jurisdiction: c.jurisdiction, cashFlows: cf, rates, ratesWithoutFees: noFees, caps, regZ, findings, definitions: RATE_DEFINITIONS };
}
