/**
 * Columnar batches of loans for the book audit: typed arrays that cross worker boundaries without
 * copying (transferred), plus the result batch. Codes for enumerations are indexes into the
 * constant arrays below.
 */
import { DISCLOSED_BASES, REPAYMENT_METHODS, type DisclosedBasis, type RepaymentMethod } from '../contract.js';

export const FLOW_SOURCES = ['contract', 'schedule', 'actual'] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

export const RATE_STATUSES = ['ok', 'invalid_terms', 'fees_exceed_principal', 'all_zero', 'no_sign_change', 'no_real_root', 'out_of_range', 'multiple_roots', 'invalid', 'no_flows'] as const;
export type RateStatus = (typeof RATE_STATUSES)[number];

export const COURT_CAPS = ['', 'private_4lpr', 'private_2015_24', 'licensed_24'] as const;
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export const NO_SEVERITY = 255;
export const NO_DAY = -2147483648;

export const methodCode = (m: string | null): number => {
  const i = REPAYMENT_METHODS.indexOf((m ?? '') as RepaymentMethod);
  return i < 0 ? 255 : i;
};
export const basisCode = (b: string | null): number => {
  const i = DISCLOSED_BASES.indexOf((b ?? '') as DisclosedBasis);
  return i < 0 ? DISCLOSED_BASES.indexOf('unknown') : i;
};

export interface LoanBatch {
  n: number;
  principal: Float64Array;
  term: Int32Array;
  method: Uint8Array;
  /** Annual nominal rate (flat annual rate for flat / credit-card methods). */
  rate: Float64Array;
  upfrontFee: Float64Array;
  monthlyFee: Float64Array;
  /** NaN when nothing was disclosed. */
  disclosed: Float64Array;
  basis: Uint8Array;
  /** Origination as epoch day, NO_DAY when unknown. */
  startDay: Int32Array;
  licensed: Uint8Array;
  /** Schedule/actual sources: per-loan flows in CSR form (offsets has n + 1 entries). */
  flowOffsets?: Int32Array;
  /** schedule: principal + interest due; actual: amount paid. */
  flowAmounts?: Float64Array;
  /** schedule: fee due (zero for actual). */
  flowFees?: Float64Array;
  /** actual: days from origination. */
  flowDays?: Int32Array;
}

export function allocLoanBatch(n: number): LoanBatch {
  return {
    n,
    principal: new Float64Array(n),
    term: new Int32Array(n),
    method: new Uint8Array(n),
    rate: new Float64Array(n),
    upfrontFee: new Float64Array(n),
    monthlyFee: new Float64Array(n),
    disclosed: new Float64Array(n),
    basis: new Uint8Array(n),
    startDay: new Int32Array(n),
    licensed: new Uint8Array(n),
  };
}

/** Numeric evidence values stored per finding (see FINDING_FIELDS in findings.ts). */
export const FINDING_VALUES = 5;

export interface BatchFindings {
  count: number;
  /** Index of the loan in the batch. */
  loan: Int32Array;
  /** Index into `codes`. */
  code: Uint16Array;
  codes: string[];
  /** Index into SEVERITIES. */
  severity: Uint8Array;
  /** Cost above the cap (fen), NaN when not a cap finding. */
  excess: Float64Array;
  /** FINDING_VALUES numbers per finding (NaN = none), in FINDING_FIELDS order. */
  values: Float64Array;
}

export interface BatchResult {
  n: number;
  status: Uint8Array;
  periodicIrr: Float64Array;
  apr: Float64Array;
  effective: Float64Array;
  net: Float64Array;
  interest: Float64Array;
  fees: Float64Array;
  cost: Float64Array;
  courtCap: Uint8Array;
  courtCapRate: Float64Array;
  notSupported: Float64Array;
  findingCount: Int32Array;
  maxSeverity: Uint8Array;
  /**
   * Lender-view flows (fen) of loans with findings, in CSR form: loan i's amounts are
   * flowAmounts[flowOffsets[i] … flowOffsets[i + 1]) — an empty range for loans without findings
   * (or without flows). Typed arrays, so they are transferred from a worker, not copied.
   */
  flowOffsets: Int32Array;
  flowAmounts: Float64Array;
  findings: BatchFindings;
  /** How each finding is stored (evidence.ts planFindings), when the worker planned it; the writer plans otherwise. */
  findingPlan?: { lean: Int32Array; wide: Int32Array; extras: Float64Array };
}

/** The ArrayBuffers of a batch (one level of nesting), for postMessage transfer lists. */
export function buffersOf(obj: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(obj)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const w of Object.values(v as object)) if (ArrayBuffer.isView(w) && w.buffer instanceof ArrayBuffer) out.push(w.buffer);
  }
  return out;
}

/** Why a loan has no rate, by RATE_STATUSES entry. */
export const RATE_STATUS_TEXT: Readonly<Record<RateStatus, { zh: string; en: string }>> = {
  ok: { zh: '有效', en: 'ok' },
  invalid_terms: { zh: '贷款条款无效（本金、期数、利率或费用缺失或越界）', en: 'invalid loan terms (principal, term, rate or fee missing or out of range)' },
  fees_exceed_principal: { zh: '前置扣费不小于本金，借款人实际未得到资金', en: 'the upfront fee is not less than the principal: the borrower received nothing' },
  all_zero: { zh: '现金流全部为零', en: 'all cash flows are zero' },
  no_sign_change: { zh: '现金流没有正负变化，不存在内部收益率', en: 'the cash flows never change sign, so no rate exists' },
  no_real_root: { zh: '不存在使现值为零的利率', en: 'no rate makes the present value zero' },
  out_of_range: { zh: '利率超出可表示的范围', en: 'the rate is beyond any representable range' },
  multiple_roots: { zh: '现金流存在多个内部收益率', en: 'the cash flows have several rates' },
  invalid: { zh: '现金流无效（非有限数值）', en: 'invalid cash flows (non-finite amounts)' },
  no_flows: { zh: '没有可用的还款计划或还款记录（或笔数过多）', en: 'no schedule or repayment rows for this loan (or too many)' },
};
