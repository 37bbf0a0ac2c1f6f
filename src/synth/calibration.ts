/**
 * Every number that shapes the synthetic book, in one object, each with its source or the word
 * "assumption" (DESIGN §6). No public Chinese loan-level repayment data exists, so most entries are
 * plain, documented assumptions chosen to reproduce the published aggregates quoted in DESIGN §4/§6
 * (90+ DPD within 12 months of a few per cent; 58% of lending suits with claims of 30k–100k yuan;
 * ~90% of online small-loan cases decided with the borrower absent; ~8% of the preserved amount
 * secured). Override any entry with `--calibration file.json` (see calibration-override.ts).
 */
import { z } from 'zod';
import { PRODUCT_TEMPLATES, ProductTemplateSchema } from './products.js';

export { LENDER_KINDS, PRODUCT_KINDS } from './kinds.js';
export type { ByLenderKind, LenderKind, ProductKind } from './kinds.js';

/** Every calibration value travels with its source (a citation, or "assumption: …"). */
const entry = <T extends z.ZodType>(value: T) => z.strictObject({ value, source: z.string().min(1) });
const num = z.number();
const prob = z.number().min(0).max(1);
const nonNeg = z.number().min(0);
const range = <T extends z.ZodNumber>(t: T) => z.tuple([t, t]).refine((v) => (v[0] ?? 0) <= (v[1] ?? 0), 'range: the first value must not exceed the second');
const byLenderKind = <T extends z.ZodType>(t: T) => z.strictObject({ bank: t, consumer_finance: t, microlender: t, online_platform: t });
const byProductKind = <T extends z.ZodType>(t: T) => z.strictObject({ cash_loan: t, consumer_installment: t, credit_card_installment: t });
const weights = z.record(z.string(), nonNeg).refine((w) => Object.values(w).some((x) => x > 0), 'weights need at least one positive value');
/** [cure, payOne, partial] probabilities for a month spent in M1..M6; the rest rolls on. */
const bucketOutcome = z.tuple([prob, prob, prob]).refine(([a, b, c]) => a + b + c <= 1, 'cure + payOne + partial must not exceed 1');
const courtChoice = z.strictObject({ seat: nonNeg, internet: nonNeg, domicile: nonNeg });

export const CalibrationSchema = z.strictObject({
  portfolio: z.strictObject({
    lenderKindShare: entry(byLenderKind(nonNeg)),
    annualVolumeGrowth: entry(z.number().positive()),
    repeatBorrowerShare: entry(prob),
    products: entry(byLenderKind(z.array(ProductTemplateSchema).min(1))),
  }),
  customers: z.strictObject({
    provincePopulation: entry(weights),
    ageBandWeights: entry(z.record(z.string().regex(/^\d{2}-\d{2}$/, 'age band must look like 20-24'), nonNeg)),
    maleShare: entry(prob),
    latentAgeLoading: entry(z.number().min(-0.99).max(0.99)),
    twoCharGivenNameShare: entry(prob),
  }),
  risk: z.strictObject({
    monthlyMissRate: entry(byLenderKind(prob)),
    productKindMultiplier: entry(byProductKind(nonNeg)),
    vintageMultiplier: entry(z.record(z.string(), nonNeg)),
    provinceMultiplier: entry(z.record(z.string(), nonNeg)),
    channelMultiplier: entry(z.record(z.string(), z.number().positive())),
    monthOnBookCurve: entry(z.array(nonNeg).min(1)),
    latentSigma: entry(nonNeg),
    amountElasticity: entry(num),
    termEffectPer12m: entry(num),
    channelTilt: entry(num),
    termTilt: entry(num),
    amountTilt: entry(num),
    bucketOutcomes: entry(z.array(bucketOutcome).length(6)),
    latentCureEffect: entry(num),
    partialPaymentShare: entry(range(prob)),
    cureDelayDays: entry(range(z.number().int().min(1).max(25))),
    earlySettlementMonthly: entry(byProductKind(prob)),
    penaltyRateMultiplier: entry(nonNeg),
    cardPenaltyDailyRate: entry(prob),
    postChargeOffPaymentMonthly: entry(prob),
    postChargeOffPaymentShare: entry(range(prob)),
    writeOffAfterDays: entry(z.number().int().min(0)),
    writeOffShare: entry(prob),
  }),
  complaints: z.strictObject({
    baseMonthlyRate: entry(prob),
    delinquentMultiplier: entry(nonNeg),
    feeHeavyMultiplier: entry(nonNeg),
    chargedOffMonths: entry(z.number().int().min(0)),
    categoryMixDelinquent: entry(weights),
    categoryMixFeeHeavy: entry(weights),
    categoryMixOther: entry(weights),
    channelMix: entry(weights),
    laterEscalationShare: entry(prob),
    complexShare: entry(prob),
    closeDaysSimple: entry(range(z.number().int().min(0))),
    closeDaysComplex: entry(range(z.number().int().min(0))),
    includeContactInTextShare: entry(prob),
  }),
  lawsuits: z.strictObject({
    suitPropensity: entry(byLenderKind(prob)),
    balanceReferenceYuan: entry(z.number().positive()),
    balanceExponent: entry(nonNeg),
    minBalanceYuan: entry(nonNeg),
    filingLagMedianDays: entry(z.number().positive()),
    filingLagSigma: entry(nonNeg),
    filingLagRangeDays: entry(range(z.number().int().min(1))),
    courtChoice: entry(byLenderKind(courtChoice)),
    internetCourtWeights: entry(z.strictObject({ beijing: nonNeg, hangzhou: nonNeg, guangzhou: nonNeg })),
    bankBranchPlaintiffShare: entry(prob),
    smallClaimsUseShare: entry(prob),
    ordinaryShare: entry(prob),
    ordinaryAboveYuan: entry(nonNeg),
    outcomeMix: entry(z.record(z.enum(['full_support', 'partial_support', 'withdrawn', 'mediated', 'dismissed']), nonNeg)),
    absentDefendantShare: entry(prob),
    partialAwardShare: entry(range(prob)),
    mediatedAwardShare: entry(range(prob)),
    withdrawnSettledShare: entry(prob),
    decisionDays: entry(z.record(z.string(), range(z.number().int().min(1)))),
    appealShare: entry(prob),
    appealOutcomeMix: entry(z.record(z.enum(['dismissed', 'partial_support', 'withdrawn']), nonNeg)),
    enforcementShare: entry(prob),
    securedShareOfAwarded: entry(prob),
    zeroRecoveryShare: entry(prob),
    lawyerFeeClaimShare: entry(prob),
    averageWageYuan: entry(z.record(z.string().regex(/^\d{4}$/, 'year'), z.number().positive())),
    provinceWageRatio: entry(z.record(z.string(), z.number().positive())),
    smallClaimsWageShare: entry(z.number().positive()),
    voluntaryPaymentShare: entry(prob),
    mediationPlanMonthlyDefault: entry(prob),
    borrowerSuitOutcomeMix: entry(z.record(z.string(), weights)),
    borrowerFeeSuitAfterComplaint: entry(prob),
    borrowerFeeSuitMonthlyRate: entry(prob),
    conductSuitAfterCollectionComplaint: entry(prob),
    contractDisputeRate: entry(prob),
  }),
});

export type Calibration = z.infer<typeof CalibrationSchema>;
export type BucketOutcome = [number, number, number];
export type CourtChoice = z.infer<typeof courtChoice>;

const A = 'assumption';

export const DEFAULT_CALIBRATION: Calibration = {
  portfolio: {
    lenderKindShare: { value: { bank: 0.3, consumer_finance: 0.3, microlender: 0.15, online_platform: 0.25 }, source: `${A}: share of loans by lender type in the demo book` },
    annualVolumeGrowth: { value: 1.12, source: `${A}: origination volume grows 12% a year across the window` },
    repeatBorrowerShare: { value: 0.3, source: `${A}: share of loans taken by a customer who already borrowed from the same lender` },
    products: { value: PRODUCT_TEMPLATES, source: `${A}: typical market products; rates within DESIGN §6 (7–24% licensed, older microlender products up to 36%; card installments 0.5–0.75% a period; flat installment fees 0.5–1% a month)` },
  },
  customers: {
    provincePopulation: {
      value: {
        '11': 2189, '12': 1387, '13': 7461, '14': 3492, '15': 2405, '21': 4259, '22': 2407, '23': 3185, '31': 2487, '32': 8475, '33': 6457,
        '34': 6103, '35': 4154, '36': 4519, '37': 10153, '41': 9937, '42': 5775, '43': 6644, '44': 12601, '45': 5013, '46': 1008, '50': 3205,
        '51': 8367, '52': 3856, '53': 4721, '54': 365, '61': 3953, '62': 2502, '63': 592, '64': 720, '65': 2585,
      },
      source: '第七次全国人口普查公报（第三号）, NBS 2021-05-11: resident population by province, 10,000 persons (weights for borrower domicile)',
    },
    ageBandWeights: { value: { '20-24': 0.13, '25-29': 0.22, '30-34': 0.21, '35-39': 0.16, '40-44': 0.12, '45-49': 0.08, '50-54': 0.05, '55-60': 0.03 }, source: `${A}: consumer-credit borrowers skew young (ages 20–60)` },
    maleShare: { value: 0.56, source: `${A}` },
    latentAgeLoading: { value: 0.3, source: `${A}: correlation of the latent risk score with youth (younger = riskier), so age carries signal` },
    twoCharGivenNameShare: { value: 0.78, source: `${A}` },
  },
  risk: {
    monthlyMissRate: { value: { bank: 0.0055, consumer_finance: 0.011, microlender: 0.02, online_platform: 0.017 }, source: `${A}: monthly probability that a current account misses an installment (current→M1), tuned so 90+ DPD within 12 months is a few per cent overall (DESIGN §6), higher for microlenders/online platforms, lower for banks` },
    productKindMultiplier: { value: { cash_loan: 1, consumer_installment: 0.85, credit_card_installment: 0.7 }, source: `${A}: purchase-linked and card installments perform better than cash loans` },
    vintageMultiplier: { value: { '2019': 1, '2020': 1.1, '2021': 1, '2022': 1.35, '2023': 1.1, '2024': 0.95, '2025': 0.9, '2026': 0.9 }, source: `${A}: 2022 vintages worse (DESIGN §6)` },
    provinceMultiplier: {
      value: { '11': 0.8, '12': 0.9, '31': 0.8, '32': 0.85, '33': 0.85, '35': 0.9, '37': 0.95, '44': 0.95, '45': 1.2, '46': 1.25, '52': 1.2, '53': 1.15, '23': 1.15, '22': 1.1, '15': 1.1, '62': 1.1, '63': 1.1, '64': 1.1, '65': 1.1, '54': 1.05, '41': 1.05, '43': 1.05 },
      source: `${A}: regional differences in delinquency (provinces not listed: 1.0)`,
    },
    channelMultiplier: { value: { branch: 0.75, app: 1, online: 1.1, merchant: 0.9, partner: 1.3, agent: 1.4, telemarketing: 1.2 }, source: `${A}: third-party traffic (导流) and agents bring riskier borrowers` },
    monthOnBookCurve: { value: [0.7, 0.9, 1.05, 1.15, 1.2, 1.2, 1.15, 1.1, 1.05, 1, 0.95, 0.9, 0.85], source: `${A}: miss hazard by month on book (peaks months 4–7); the last value applies afterwards` },
    latentSigma: { value: 0.8, source: `${A}: dispersion of the latent customer risk (miss hazard × exp(σz − σ²/2))` },
    amountElasticity: { value: 0.15, source: `${A}: miss hazard × (amount / product median)^e` },
    termEffectPer12m: { value: 0.1, source: `${A}: miss hazard × exp(e × (term − 12)/12)` },
    channelTilt: { value: 0.8, source: `${A}: riskier customers come more often through riskier channels` },
    termTilt: { value: 0.3, source: `${A}: riskier customers choose longer terms` },
    amountTilt: { value: -0.1, source: `${A}: riskier customers get slightly smaller amounts` },
    bucketOutcomes: {
      value: [
        [0.55, 0, 0.07],
        [0.22, 0.1, 0.05],
        [0.08, 0.06, 0.05],
        [0.04, 0.04, 0.04],
        [0.03, 0.03, 0.03],
        [0.02, 0.02, 0.03],
      ],
      source: `${A}: per month in M1..M6, probabilities of [cure (pay all arrears), pay one installment (stay), partial payment (roll)]; the rest rolls without payment. Roll rates M1→M2 ≈ 45%, M2→M3 ≈ 70%, M3→M4 ≈ 87%: cures common in M1, rare after M3 (DESIGN §6)`,
    },
    latentCureEffect: { value: 0.35, source: `${A}: cure probability × exp(−e·z)` },
    partialPaymentShare: { value: [0.2, 0.8], source: `${A}: a partial payment covers this share of the oldest unpaid installment` },
    cureDelayDays: { value: [3, 25], source: `${A}: days after the cycle day when a cure/partial payment arrives (at most 25, so buckets match days past due exactly)` },
    earlySettlementMonthly: { value: { cash_loan: 0.02, consumer_installment: 0.008, credit_card_installment: 0.006 }, source: `${A}: monthly probability that a current loan is settled early (提前结清)` },
    penaltyRateMultiplier: { value: 1.5, source: `${A}: overdue penalty interest at the contract rate plus 50% (罚息 上浮50%, a common contract term)` },
    cardPenaltyDailyRate: { value: 0.0005, source: `${A}: penalty on overdue card-installment amounts, 0.05% a day (万分之五)` },
    postChargeOffPaymentMonthly: { value: 0.04, source: `${A}: monthly probability of a collection payment after charge-off` },
    postChargeOffPaymentShare: { value: [0.03, 0.2], source: `${A}: such a payment covers this share of the outstanding balance` },
    writeOffAfterDays: { value: 365, source: `${A}: charged-off accounts may be written off (核销) a year after charge-off` },
    writeOffShare: { value: 0.4, source: `${A}: share of eligible charged-off accounts written off by the snapshot date` },
  },
  complaints: {
    baseMonthlyRate: { value: 0.00015, source: `${A}: complaints per active loan per month for a current account on a plain product; overall a few per 10,000 customers a month (DESIGN §6)` },
    delinquentMultiplier: { value: 10, source: `${A}: delinquent borrowers complain far more (collection, hardship)` },
    feeHeavyMultiplier: { value: 2.5, source: `${A}: products with upfront/monthly fees or daily-rate headlines draw fee complaints` },
    chargedOffMonths: { value: 12, source: `${A}: charged-off borrowers may still complain about collection for this many months` },
    categoryMixDelinquent: { value: { collection: 0.38, hardship: 0.32, credit_report: 0.1, fees: 0.1, service: 0.05, other: 0.05 }, source: `${A}` },
    categoryMixFeeHeavy: { value: { fees: 0.55, service: 0.2, credit_report: 0.1, other: 0.15 }, source: `${A}` },
    categoryMixOther: { value: { service: 0.4, fees: 0.2, credit_report: 0.15, other: 0.25 }, source: `${A}` },
    channelMix: { value: { hotline: 0.32, app: 0.25, regulator: 0.15, consumer_platform: 0.13, branch: 0.08, letter: 0.04, email: 0.03 }, source: `${A}: regulator = transferred by the financial regulator (监管转办); consumer_platform = public complaint platforms (黑猫投诉 style)` },
    laterEscalationShare: { value: 0.05, source: `${A}: complaints first made to the lender and later escalated to the regulator` },
    complexShare: { value: 0.12, source: `${A}: share handled as complex cases (30 days, up to 60 with approval: 银行业保险业消费投诉处理管理办法 2020)` },
    closeDaysSimple: { value: [1, 15], source: '银行业保险业消费投诉处理管理办法 (2020) art. 13: decide within 15 days' },
    closeDaysComplex: { value: [16, 55], source: '银行业保险业消费投诉处理管理办法 (2020): complex cases 30 days, extendable by 30' },
    includeContactInTextShare: { value: 0.08, source: `${A}: complainants sometimes write their phone number into the text (exercises masking on import)` },
  },
  lawsuits: {
    suitPropensity: { value: { bank: 0.5, consumer_finance: 0.45, microlender: 0.3, online_platform: 0.4 }, source: `${A}: probability that a 90+ DPD account at or above the reference balance is sued; tuned so ~58% of claims fall in 30k–100k yuan (Guangzhou Nansha court 2020–23, DESIGN §4)` },
    balanceReferenceYuan: { value: 30000, source: `${A}: below this outstanding balance the propensity falls as (balance/reference)^exponent (suits concentrate on larger loans)` },
    balanceExponent: { value: 2, source: `${A}` },
    minBalanceYuan: { value: 2000, source: `${A}: lenders do not sue below this outstanding principal` },
    filingLagMedianDays: { value: 150, source: `${A}: suits are filed months after the account first reaches 90+ DPD (lognormal)` },
    filingLagSigma: { value: 0.55, source: `${A}` },
    filingLagRangeDays: { value: [20, 900], source: `${A}` },
    courtChoice: {
      value: {
        bank: { seat: 0.35, internet: 0.05, domicile: 0.6 },
        consumer_finance: { seat: 0.7, internet: 0.2, domicile: 0.1 },
        microlender: { seat: 0.85, internet: 0.05, domicile: 0.1 },
        online_platform: { seat: 0.1, internet: 0.8, domicile: 0.1 },
      },
      source: `${A}: lenders usually sue at a court of their seat or an internet court (DESIGN §6); banks often through the branch at the borrower's domicile`,
    },
    internetCourtWeights: { value: { beijing: 0.3, hangzhou: 0.3, guangzhou: 0.4 }, source: `${A}` },
    bankBranchPlaintiffShare: { value: 0.8, source: `${A}: bank suits at the borrower's domicile are filed by the local branch` },
    smallClaimsUseShare: { value: 0.55, source: `${A}: eligible claims (≤ 50% of the provincial average wage, CPL 2021 art. 165) heard as small claims` },
    ordinaryShare: { value: 0.1, source: `${A}: share of other claims heard under the ordinary procedure (e.g. service by publication)` },
    ordinaryAboveYuan: { value: 500000, source: `${A}: claims above this go to the ordinary procedure` },
    outcomeMix: { value: { full_support: 0.46, partial_support: 0.24, withdrawn: 0.15, mediated: 0.12, dismissed: 0.03 }, source: `${A}: judgments mostly support the lender; interest/fees above caps cut (partial); some withdrawn (撤诉) or mediated (DESIGN §6)` },
    absentDefendantShare: { value: 0.88, source: 'Ya\'an Mingshan court, 2020-07 to 2021-12: ~90% of online small-loan cases decided with the borrower absent (DESIGN §4)' },
    partialAwardShare: { value: [0.75, 0.97], source: `${A}: share of the claim awarded when partially supported` },
    mediatedAwardShare: { value: [0.7, 1], source: `${A}` },
    withdrawnSettledShare: { value: 0.6, source: `${A}: withdrawals that follow a settlement payment` },
    decisionDays: { value: { small_claims: [20, 60], simple: [30, 90], ordinary: [60, 180], second_instance: [40, 120], enforcement: [60, 240] }, source: 'CPL 2021 time limits (small claims 2 months, simple 3 months, ordinary 6 months, appeals 3 months); distribution an assumption' },
    appealShare: { value: 0.02, source: `${A}: share of first-instance judgments appealed (民终)` },
    appealOutcomeMix: { value: { dismissed: 0.8, partial_support: 0.12, withdrawn: 0.08 }, source: `${A}: appeals mostly dismissed (驳回上诉，维持原判)` },
    enforcementShare: { value: 0.75, source: `${A}: share of unpaid judgments and mediation agreements that go to enforcement (执)` },
    securedShareOfAwarded: { value: 0.08, source: 'Ya\'an Mingshan court: ~8% of the preserved amount actually secured (DESIGN §4); applied to the awarded amount' },
    zeroRecoveryShare: { value: 0.55, source: `${A}: enforcement cases closed without recovery (终结本次执行)` },
    lawyerFeeClaimShare: { value: 0.3, source: `${A}: share of lender suits that also claim lawyer fees` },
    averageWageYuan: {
      value: { '2019': 90501, '2020': 97379, '2021': 106837, '2022': 114029, '2023': 120698, '2024': 124110, '2025': 124110 },
      source: 'NBS: average annual wage of employed persons in urban non-private units, national (2025 carried forward: assumption)',
    },
    provinceWageRatio: {
      value: { '11': 1.7, '31': 1.68, '54': 1.3, '12': 1.08, '33': 1.07, '44': 1.05, '32': 1.02, '63': 1.0, '64': 0.98, '65': 0.95, '50': 0.9, '51': 0.9, '35': 0.9, '46': 0.92, '41': 0.66, '23': 0.74, '14': 0.78, '22': 0.78, '36': 0.78, '43': 0.8, '45': 0.8, '62': 0.82, '13': 0.76, '21': 0.8, '34': 0.85, '37': 0.85, '42': 0.88, '52': 0.88, '53': 0.88, '61': 0.86, '15': 0.88 },
      source: `${A}: approximate ratio of each province's average wage to the national figure (NBS provincial tables, rounded)`,
    },
    smallClaimsWageShare: { value: 0.5, source: 'Civil Procedure Law (2021) art. 165: small claims up to 50% of the province\'s prior-year average wage' },
    voluntaryPaymentShare: { value: 0.08, source: `${A}: judgments paid voluntarily after the decision (no enforcement)` },
    mediationPlanMonthlyDefault: { value: 0.1, source: `${A}: monthly probability that a borrower stops paying a mediated installment plan` },
    borrowerSuitOutcomeMix: {
      value: {
        fee_transparency: { partial_support: 0.35, dismissed: 0.3, withdrawn: 0.2, mediated: 0.15 },
        service_conduct: { dismissed: 0.45, partial_support: 0.2, withdrawn: 0.25, mediated: 0.1 },
        contract_dispute: { dismissed: 0.5, full_support: 0.15, withdrawn: 0.25, mediated: 0.1 },
        lender_contract: { full_support: 0.5, partial_support: 0.2, withdrawn: 0.15, mediated: 0.1, dismissed: 0.05 },
      },
      source: `${A}: outcomes of suits against lenders (fees, collection conduct, contract validity) and of lenders' contract suits`,
    },
    borrowerFeeSuitAfterComplaint: { value: 0.04, source: `${A}: fee complainants who later sue the lender (fee_transparency)` },
    borrowerFeeSuitMonthlyRate: { value: 0.000004, source: `${A}: monthly rate of fee suits by borrowers of fee-heavy products without a prior complaint` },
    conductSuitAfterCollectionComplaint: { value: 0.01, source: `${A}: collection complainants who sue over collection conduct (service_conduct)` },
    contractDisputeRate: { value: 0.00004, source: `${A}: per-loan rate of contract disputes (identity misuse, validity of terms)` },
  },
};
