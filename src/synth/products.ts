/**
 * Product templates per lender type (part of the calibration: override them with --calibration).
 * Several carry the pricing patterns a transparency audit should find: upfront service fees
 * deducted from the amount lent (砍头息-like), monthly guarantee/membership fees on top of the
 * stated rate, flat-fee installments disclosed at the flat rate, daily-rate headlines (日息万五), an
 * "IRR" that leaves the guarantee fee out, and an older microlender product above 24%.
 */
import { z } from 'zod';
import { type ByLenderKind, DISCLOSURES, PRODUCT_KINDS, REPAYMENT_METHODS } from './kinds.js';

export type { Disclosure, RepaymentMethod } from './kinds.js';

const rate = z.number().min(0).max(1);
const range = <T extends z.ZodNumber>(t: T) => z.tuple([t, t]).refine((v) => (v[0] ?? 0) <= (v[1] ?? 0), 'range: the first value must not exceed the second');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

export const ProductTemplateSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(PRODUCT_KINDS),
  method: z.enum(REPAYMENT_METHODS),
  /** Nominal annual rate range (risk-based pricing within it); the flat annual rate for `flat`; [0, 0] for card installments. */
  rateRange: range(rate),
  /** Share of the principal deducted at disbursement. */
  upfrontFeeRate: rate,
  /** Fee per period as a share of the original principal (card installment fee, guarantee or membership fee). */
  monthlyFeeRange: range(rate),
  /** What the monthly fee is called in contracts and complaints. */
  feeLabel: z.string().nullable(),
  disclosure: z.enum(DISCLOSURES),
  terms: z.array(z.number().int().min(1).max(120)).min(1),
  termWeights: z.array(z.number().min(0)).min(1),
  amountMedianYuan: z.number().positive(),
  amountSigma: z.number().min(0),
  amountMinYuan: z.number().positive(),
  amountMaxYuan: z.number().positive(),
  /** Amounts are multiples of this many fen (10000 = whole hundreds of yuan). */
  amountStepFen: z.number().int().min(1),
  /** Relative share among the lender's products active at a date. */
  share: z.number().min(0),
  activeFrom: isoDate.nullable(),
  activeTo: isoDate.nullable(),
  channels: z.record(z.string(), z.number().min(0)),
  purposes: z.array(z.string().min(1)).min(1),
}).refine((t) => t.terms.length === t.termWeights.length, 'terms and termWeights must have the same length')
  .refine((t) => t.amountMinYuan <= t.amountMaxYuan, 'amountMinYuan must not exceed amountMaxYuan');

export type ProductTemplate = z.infer<typeof ProductTemplateSchema>;

const CASH_PURPOSES = ['日常消费', '装修', '教育培训', '旅游', '医疗', '购买家电', '婚庆', '资金周转'];
const GOODS = ['手机', '笔记本电脑', '家电', '家具', '医美', '教育课程', '电动车'];

export const PRODUCT_TEMPLATES: ByLenderKind<ProductTemplate[]> = {
  bank: [
    {
      code: 'P01', name: '薪易贷', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.06, 0.14], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'irr', terms: [12, 24, 36], termWeights: [0.45, 0.3, 0.25], amountMedianYuan: 40000, amountSigma: 0.75, amountMinYuan: 5000, amountMaxYuan: 200000,
      amountStepFen: 100000, share: 0.45, activeFrom: null, activeTo: null, channels: { app: 0.5, branch: 0.4, online: 0.1 }, purposes: CASH_PURPOSES,
    },
    {
      code: 'P02', name: '信用卡账单分期', kind: 'credit_card_installment', method: 'flat', rateRange: [0, 0], upfrontFeeRate: 0, monthlyFeeRange: [0.005, 0.0075], feeLabel: '分期手续费',
      disclosure: 'flat', terms: [3, 6, 12, 24], termWeights: [0.2, 0.3, 0.35, 0.15], amountMedianYuan: 12000, amountSigma: 0.8, amountMinYuan: 3000, amountMaxYuan: 100000,
      amountStepFen: 1, share: 0.35, activeFrom: null, activeTo: null, channels: { app: 0.7, telemarketing: 0.2, online: 0.1 }, purposes: ['账单分期'],
    },
    {
      code: 'P03', name: '家装分期', kind: 'consumer_installment', method: 'equal_principal', rateRange: [0.04, 0.08], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'irr', terms: [12, 24, 36], termWeights: [0.3, 0.4, 0.3], amountMedianYuan: 60000, amountSigma: 0.5, amountMinYuan: 20000, amountMaxYuan: 200000,
      amountStepFen: 10000, share: 0.2, activeFrom: null, activeTo: null, channels: { branch: 0.6, merchant: 0.4 }, purposes: ['家装'],
    },
  ],
  consumer_finance: [
    {
      code: 'P01', name: '随借随还', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.108, 0.216], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'daily', terms: [3, 6, 12, 24], termWeights: [0.1, 0.25, 0.45, 0.2], amountMedianYuan: 9000, amountSigma: 0.9, amountMinYuan: 1000, amountMaxYuan: 200000,
      amountStepFen: 10000, share: 0.45, activeFrom: null, activeTo: null, channels: { app: 0.55, partner: 0.3, online: 0.15 }, purposes: CASH_PURPOSES,
    },
    {
      code: 'P02', name: '分期购', kind: 'consumer_installment', method: 'flat', rateRange: [0.06, 0.12], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'flat', terms: [3, 6, 12, 24], termWeights: [0.2, 0.3, 0.35, 0.15], amountMedianYuan: 5000, amountSigma: 0.7, amountMinYuan: 1000, amountMaxYuan: 50000,
      amountStepFen: 100, share: 0.3, activeFrom: null, activeTo: null, channels: { merchant: 0.7, app: 0.3 }, purposes: GOODS,
    },
    {
      code: 'P03', name: '优享贷', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.12, 0.18], upfrontFeeRate: 0, monthlyFeeRange: [0.003, 0.005], feeLabel: '会员费',
      disclosure: 'nominal', terms: [6, 12, 24], termWeights: [0.3, 0.5, 0.2], amountMedianYuan: 15000, amountSigma: 0.8, amountMinYuan: 2000, amountMaxYuan: 200000,
      amountStepFen: 10000, share: 0.25, activeFrom: null, activeTo: null, channels: { partner: 0.6, app: 0.4 }, purposes: CASH_PURPOSES,
    },
  ],
  microlender: [
    {
      code: 'P01', name: '极速贷', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.18, 0.24], upfrontFeeRate: 0.03, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'nominal', terms: [3, 6, 12], termWeights: [0.3, 0.4, 0.3], amountMedianYuan: 5000, amountSigma: 0.8, amountMinYuan: 1000, amountMaxYuan: 50000,
      amountStepFen: 10000, share: 0.5, activeFrom: null, activeTo: null, channels: { app: 0.5, partner: 0.35, agent: 0.15 }, purposes: CASH_PURPOSES,
    },
    {
      code: 'P02', name: '周转金', kind: 'cash_loan', method: 'interest_only', rateRange: [0.15, 0.24], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'irr', terms: [3, 6, 12], termWeights: [0.3, 0.4, 0.3], amountMedianYuan: 20000, amountSigma: 0.9, amountMinYuan: 5000, amountMaxYuan: 200000,
      amountStepFen: 100000, share: 0.3, activeFrom: null, activeTo: null, channels: { agent: 0.5, app: 0.3, partner: 0.2 }, purposes: ['资金周转', '经营周转'],
    },
    {
      code: 'P03', name: '闪电借（旧版）', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.24, 0.36], upfrontFeeRate: 0.05, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'daily', terms: [3, 6, 12], termWeights: [0.4, 0.4, 0.2], amountMedianYuan: 4000, amountSigma: 0.7, amountMinYuan: 1000, amountMaxYuan: 30000,
      amountStepFen: 10000, share: 0.3, activeFrom: null, activeTo: '2021-12-31', channels: { app: 0.6, partner: 0.4 }, purposes: CASH_PURPOSES,
    },
  ],
  online_platform: [
    {
      code: 'P01', name: '易借钱', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.1, 0.18], upfrontFeeRate: 0, monthlyFeeRange: [0.006, 0.01], feeLabel: '担保费',
      disclosure: 'irr_excluding_fees', terms: [3, 6, 12, 24], termWeights: [0.15, 0.3, 0.4, 0.15], amountMedianYuan: 8000, amountSigma: 0.9, amountMinYuan: 1000, amountMaxYuan: 200000,
      amountStepFen: 10000, share: 0.5, activeFrom: null, activeTo: null, channels: { app: 0.6, partner: 0.4 }, purposes: CASH_PURPOSES,
    },
    {
      code: 'P02', name: '易分期', kind: 'consumer_installment', method: 'equal_installment', rateRange: [0.12, 0.2399], upfrontFeeRate: 0, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'irr', terms: [3, 6, 12], termWeights: [0.3, 0.4, 0.3], amountMedianYuan: 3000, amountSigma: 0.8, amountMinYuan: 1000, amountMaxYuan: 30000,
      amountStepFen: 1, share: 0.3, activeFrom: null, activeTo: null, channels: { merchant: 0.6, app: 0.4 }, purposes: GOODS,
    },
    {
      code: 'P03', name: '易日息', kind: 'cash_loan', method: 'equal_installment', rateRange: [0.144, 0.216], upfrontFeeRate: 0.01, monthlyFeeRange: [0, 0], feeLabel: null,
      disclosure: 'daily', terms: [3, 6, 12], termWeights: [0.3, 0.4, 0.3], amountMedianYuan: 6000, amountSigma: 0.8, amountMinYuan: 1000, amountMaxYuan: 100000,
      amountStepFen: 10000, share: 0.2, activeFrom: null, activeTo: null, channels: { app: 0.7, online: 0.3 }, purposes: CASH_PURPOSES,
    },
  ],
};
