/**
 * A loan contract as the pricing engine sees it (amounts in integer fen, rates as decimals), and
 * the zod schema of its JSON form — the file format of `suitrate apr --file contract.json`, where
 * amounts are yuan (numbers or strings such as "1,000.00") and rates decimals or percentages ("18%").
 */
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { parseDate, type IsoDate } from '../domain/dates.js';
import { parseYuan, yuanToFen, type Fen } from '../domain/money.js';

export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_only', 'flat', 'bullet', 'credit_card_installment'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export const METHOD_LABELS: Readonly<Record<RepaymentMethod, { zh: string; en: string }>> = {
  equal_installment: { zh: '等额本息', en: 'equal installments (annuity)' },
  equal_principal: { zh: '等额本金', en: 'equal principal' },
  interest_only: { zh: '先息后本', en: 'interest only, principal at maturity' },
  flat: { zh: '等本等息', en: 'flat rate (interest on the original principal)' },
  bullet: { zh: '到期一次还本付息', en: 'bullet (principal and interest at maturity)' },
  credit_card_installment: { zh: '信用卡分期（每期手续费）', en: 'credit-card installments (per-period fee)' },
};

export const PERIOD_UNITS = ['month', 'week', 'biweek', 'quarter', 'year', 'day'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const PERIODS_PER_YEAR: Readonly<Record<PeriodUnit, number>> = { month: 12, week: 52, biweek: 26, quarter: 4, year: 1, day: 365 };

export const FEE_KINDS = ['service', 'guarantee', 'insurance', 'membership', 'installment_fee', 'interest_deducted', 'other'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];
export const FEE_LABELS: Readonly<Record<FeeKind, { zh: string; en: string }>> = {
  service: { zh: '服务费', en: 'service fee' },
  guarantee: { zh: '担保费', en: 'guarantee fee' },
  insurance: { zh: '保险费', en: 'insurance premium' },
  membership: { zh: '会员费', en: 'membership fee' },
  installment_fee: { zh: '分期手续费', en: 'installment fee' },
  interest_deducted: { zh: '预扣利息（砍头息）', en: 'interest deducted upfront' },
  other: { zh: '其他费用', en: 'other fee' },
};

/** upfront_deducted: withheld from the amount paid out (砍头息); upfront_paid: paid by the borrower at signing. */
export const FEE_TIMINGS = ['upfront_deducted', 'upfront_paid', 'per_period'] as const;
export type FeeTiming = (typeof FEE_TIMINGS)[number];

export const LENDER_KINDS = ['licensed', 'private'] as const;
export type LenderKind = (typeof LENDER_KINDS)[number];

/** How the disclosed annual rate was computed (product.disclosed_rate_basis). */
export const DISCLOSED_BASES = ['irr', 'flat', 'daily', 'nominal', 'simple', 'none', 'unknown'] as const;
export type DisclosedBasis = (typeof DISCLOSED_BASES)[number];

export interface Fee {
  kind: FeeKind;
  timing: FeeTiming;
  /** Fixed amount (once, or per period). */
  amountFen: Fen;
  /** Share of the base (once, or per period). */
  rate: number;
  /** What `rate` applies to: the original principal or the outstanding balance (per-period fees only). */
  base: 'original' | 'balance';
  label?: string | undefined;
}

export interface Disclosure {
  /** Annualized rate shown to the borrower (decimal), null when none was shown. */
  annualRate: number | null;
  basis: DisclosedBasis;
}

export interface OverdueTerms {
  /** Annual overdue interest rate (逾期利率 / 罚息利率) as a decimal. */
  interestRate: number;
  /** Annual penalty (违约金) expressed as a rate. */
  penaltyRate: number;
  /** Other overdue fees (collection, late fees) annualized. */
  feeRate: number;
}

export interface ScheduledInstallment {
  dueDate: IsoDate | null;
  principalFen: Fen;
  interestFen: Fen;
  feeFen: Fen;
}

export interface ActualRepayment {
  date: IsoDate;
  amountFen: Fen;
}

export interface Contract {
  principalFen: Fen;
  term: number;
  period: PeriodUnit;
  method: RepaymentMethod;
  /** Annual rate: nominal on the balance (amortizing methods, bullet simple), flat on the original principal (flat, credit-card). */
  annualRate: number;
  fees: Fee[];
  /** Contract (formation / disbursement) date; needed for caps and dated flows. */
  startDate: IsoDate | null;
  firstDueDate: IsoDate | null;
  lenderKind: LenderKind;
  lenderName: string | null;
  disclosure: Disclosure;
  overdue: OverdueTerms | null;
  /** Explicit schedule (from the lender's system) instead of one generated from the terms. */
  schedule: ScheduledInstallment[] | null;
  /** Actual repayments: the rate is then computed on dated flows (XIRR). */
  repayments: ActualRepayment[] | null;
  jurisdiction: 'cn' | 'us';
}

const MAX_FEN = 1e15; // 10 trillion yuan: anything beyond is a data error
const MAX_TERM = 1200;

/** Yuan as a number or a string ("1,000.00", "¥1000") → fen. */
const Yuan = z.union([z.number(), z.string()]).transform((v, ctx): number => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: 'not a finite amount' });
      return z.NEVER;
    }
    return yuanToFen(v);
  }
  const r = parseYuan(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.fen;
});
const NonNegYuan = Yuan.refine((f) => f >= 0, 'must not be negative').refine((f) => f <= MAX_FEN, 'amount too large');

/** A rate as a decimal (0.18) or a percentage string ("18%", "0.05%"). */
const Rate = z.union([z.number(), z.string()]).transform((v, ctx): number => {
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const s = v.trim();
    const pct = s.endsWith('%') || s.endsWith('％');
    n = Number(pct ? s.slice(0, -1) : s);
    if (pct) n /= 100;
  }
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `not a rate: ${String(v).slice(0, 20)}` });
    return z.NEVER;
  }
  if (n < 0) {
    ctx.addIssue({ code: 'custom', message: 'rate must not be negative' });
    return z.NEVER;
  }
  if (n > 100) {
    ctx.addIssue({ code: 'custom', message: 'rate above 10,000% — write rates as decimals (0.18) or percentages ("18%")' });
    return z.NEVER;
  }
  return n;
});

const DateText = z.string().transform((v, ctx): IsoDate => {
  const r = parseDate(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.date;
});

const FeeInput = z
  .object({
    kind: z.enum(FEE_KINDS).default('service'),
    timing: z.enum(FEE_TIMINGS),
    amount: NonNegYuan.optional(),
    rate: Rate.optional(),
    base: z.enum(['original', 'balance']).default('original'),
    label: z.string().max(200).optional(),
  })
  .strict()
  .refine((f) => (f.amount === undefined) !== (f.rate === undefined), 'give exactly one of amount or rate')
  .refine((f) => f.base === 'original' || f.timing === 'per_period', 'base "balance" is for per-period fees only');

const InstallmentInput = z
  .object({ due_date: DateText.optional(), principal: NonNegYuan, interest: NonNegYuan.default(0), fee: NonNegYuan.default(0) })
  .strict();

const RepaymentInput = z.object({ date: DateText, amount: NonNegYuan }).strict();

/** The JSON contract file (snake_case, yuan). */
export const ContractInputSchema = z
  .object({
    principal: NonNegYuan.refine((f) => f > 0, 'principal must be positive'),
    term: z.number().int().min(1).max(MAX_TERM),
    period: z.enum(PERIOD_UNITS).default('month'),
    method: z.enum(REPAYMENT_METHODS).default('equal_installment'),
    /** Nominal annual rate (flat annual rate for flat / credit-card methods). */
    annual_rate: Rate.optional(),
    /** Daily rate headline (日利率): annual = daily × 365. */
    daily_rate: Rate.optional(),
    /** Per-period 手续费 on the original principal (credit-card installments). */
    period_fee_rate: Rate.optional(),
    /** Shorthand: service fee deducted at disbursement. */
    upfront_fee: NonNegYuan.optional(),
    upfront_fee_rate: Rate.optional(),
    /** Shorthand: monthly service fee as a share of the original principal. */
    monthly_fee_rate: Rate.optional(),
    monthly_fee: NonNegYuan.optional(),
    fees: z.array(FeeInput).max(50).default([]),
    start_date: DateText.optional(),
    first_due_date: DateText.optional(),
    lender_kind: z.enum(LENDER_KINDS).default('licensed'),
    lender_name: z.string().max(200).optional(),
    disclosed_apr: Rate.optional(),
    disclosed_rate_basis: z.enum(DISCLOSED_BASES).optional(),
    overdue: z
      .object({ interest_rate: Rate.default(0), penalty_rate: Rate.default(0), fee_rate: Rate.default(0) })
      .strict()
      .optional(),
    schedule: z.array(InstallmentInput).min(1).max(MAX_TERM).optional(),
    repayments: z.array(RepaymentInput).min(1).max(10_000).optional(),
    jurisdiction: z.enum(['cn', 'us']).default('cn'),
  })
  .strict()
  .refine((c) => c.annual_rate === undefined || c.daily_rate === undefined, { message: 'give annual_rate or daily_rate, not both', path: ['daily_rate'] })
  .refine((c) => c.method !== 'credit_card_installment' || !c.annual_rate, { message: 'credit-card installments charge period_fee_rate, not annual_rate', path: ['annual_rate'] });

export type ContractInput = z.input<typeof ContractInputSchema>;
type ParsedInput = z.output<typeof ContractInputSchema>;

function feesFrom(p: ParsedInput): Fee[] {
  const fees: Fee[] = p.fees.map((f) => ({ kind: f.kind, timing: f.timing, amountFen: f.amount ?? 0, rate: f.rate ?? 0, base: f.base, label: f.label }));
  if (p.upfront_fee !== undefined && p.upfront_fee > 0) fees.push({ kind: 'service', timing: 'upfront_deducted', amountFen: p.upfront_fee, rate: 0, base: 'original' });
  if (p.upfront_fee_rate !== undefined && p.upfront_fee_rate > 0) fees.push({ kind: 'service', timing: 'upfront_deducted', amountFen: 0, rate: p.upfront_fee_rate, base: 'original' });
  if (p.monthly_fee_rate !== undefined && p.monthly_fee_rate > 0) fees.push({ kind: 'service', timing: 'per_period', amountFen: 0, rate: p.monthly_fee_rate, base: 'original' });
  if (p.monthly_fee !== undefined && p.monthly_fee > 0) fees.push({ kind: 'service', timing: 'per_period', amountFen: p.monthly_fee, rate: 0, base: 'original' });
  if (p.period_fee_rate !== undefined && p.period_fee_rate > 0) fees.push({ kind: 'installment_fee', timing: 'per_period', amountFen: 0, rate: p.period_fee_rate, base: 'original' });
  return fees;
}

function disclosureFrom(p: ParsedInput): Disclosure {
  if (p.disclosed_apr === undefined) return { annualRate: null, basis: p.disclosed_rate_basis ?? 'none' };
  return { annualRate: p.disclosed_apr, basis: p.disclosed_rate_basis ?? 'unknown' };
}

function toContract(p: ParsedInput): Contract {
  const annualRate = p.daily_rate !== undefined ? p.daily_rate * 365 : (p.annual_rate ?? 0);
  return {
    principalFen: p.principal,
    term: p.term,
    period: p.period,
    method: p.method,
    annualRate,
    fees: feesFrom(p),
    startDate: p.start_date ?? null,
    firstDueDate: p.first_due_date ?? null,
    lenderKind: p.lender_kind,
    lenderName: p.lender_name ?? null,
    disclosure: disclosureFrom(p),
    overdue: p.overdue ? { interestRate: p.overdue.interest_rate, penaltyRate: p.overdue.penalty_rate, feeRate: p.overdue.fee_rate } : null,
    schedule: p.schedule ? p.schedule.map((s) => ({ dueDate: s.due_date ?? null, principalFen: s.principal, interestFen: s.interest, feeFen: s.fee })) : null,
    repayments: p.repayments ? p.repayments.map((r) => ({ date: r.date, amountFen: r.amount })) : null,
    jurisdiction: p.jurisdiction,
  };
}

/**
 * Validate a contract given as JSON (the `--file` format). Bad input is an AppError naming the
 * file, the field and the reason.
 */
export function parseContract(json: unknown, source = 'contract'): Contract {
  const r = ContractInputSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const why = issue?.message ?? 'invalid';
    throw new AppError({
      code: 'pricing.contract_invalid',
      en: `${source}: field ${field}: ${why}`,
      zh: `${source}：字段 ${field}：${why}`,
      details: { issues: r.error.issues.slice(0, 20) },
    });
  }
  return toContract(r.data);
}
