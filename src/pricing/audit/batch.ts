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

export interface BatchFindings {
  loan: number[];
  code: string[];
  severity: string[];
  excessFen: Array<number | null>;
  zh: string[];
  en: string[];
  evidence: string[];
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
  /** Lender-view flows (fen, space-separated) of loans with findings; null for the others. */
  flowsText: Array<string | null>;
  findings: BatchFindings;
}

/** The ArrayBuffers of a batch, for postMessage transfer lists. */
export function buffersOf(obj: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(obj)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
  return out;
}
