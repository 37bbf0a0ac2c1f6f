/**
 * Internal rate of return of a cash-flow stream, robustly:
 *
 * 1. Validate (finite amounts, at least two flows, non-decreasing times) and count the sign changes
 *    of the amounts (zeros skipped). By Descartes' rule of signs (which also holds for real
 *    exponents) the number of roots in r > −1 is at most the number of sign changes, and has the
 *    same parity. 0 changes → no root; 1 change → exactly one root.
 * 2. One sign change: Newton's method — on the polynomial in v = 1/(1+r) for periodic flows
 *    (Horner, no exp/pow), on x = ln(1+r) for timed flows. For the usual loan shape (one outflow
 *    first, inflows after) the function is convex and monotone, so Newton converges monotonically;
 *    anything else that goes wrong (non-finite step, no convergence) falls back to Brent's method on
 *    a bracket found by expanding outwards in x.
 * 3. Several sign changes: scan x = ln(1+r) over r ∈ (−0.9999, 9999] per period on a fine grid,
 *    refine every sign change with Brent and report all roots found (or that none was found).
 *
 * Results are data, never a silent NaN: {status: 'ok' | 'no_root' | 'multiple_roots' | 'invalid'}.
 * Rates are per period of the time unit (per period for periodic flows, per year for XIRR).
 */
import { AppError } from '../domain/errors.js';
import { brent, scanBrackets } from './root-find.js';

export type IrrNoRootReason = 'all_zero' | 'no_sign_change' | 'no_real_root' | 'out_of_range';
export type IrrInvalidReason = 'too_few_flows' | 'non_finite' | 'bad_times';

export interface IrrOk {
  status: 'ok';
  /** Rate per time unit (per period, or per year for XIRR). */
  rate: number;
  method: 'newton' | 'brent';
  iterations: number;
  signChanges: number;
}
export interface IrrNoRoot {
  status: 'no_root';
  reason: IrrNoRootReason;
  signChanges: number;
}
export interface IrrMultiple {
  status: 'multiple_roots';
  /** Every root found, ascending. */
  rates: number[];
  signChanges: number;
}
export interface IrrInvalid {
  status: 'invalid';
  reason: IrrInvalidReason;
  /** Index of the offending flow, when one is to blame. */
  index?: number;
}
export type IrrResult = IrrOk | IrrNoRoot | IrrMultiple | IrrInvalid;

const NEWTON_MAX_ITER = 60;
const NEWTON_REL_TOL = 1e-13;
/** Scan range for several roots: ln(1 + r) for r from −0.9999 to 9999 per period. */
const SCAN_X_MIN = Math.log(1e-4);
const SCAN_X_MAX = Math.log(1e4);
const SCAN_STEPS = 2000;
const X_LIMIT = 700;

/** Number of sign changes in the sequence, zeros skipped. */
export function signChanges(amounts: ArrayLike<number>): number {
  let changes = 0;
  let prev = 0;
  for (let i = 0; i < amounts.length; i++) {
    const a = amounts[i] ?? 0;
    if (a === 0) continue;
    if (prev !== 0 && (a > 0) !== (prev > 0)) changes++;
    prev = a;
  }
  return changes;
}

function firstNonZero(amounts: ArrayLike<number>): number {
  for (let i = 0; i < amounts.length; i++) if ((amounts[i] ?? 0) !== 0) return i;
  return -1;
}

function lastNonZero(amounts: ArrayLike<number>): number {
  for (let i = amounts.length - 1; i >= 0; i--) if ((amounts[i] ?? 0) !== 0) return i;
  return -1;
}

function validateAmounts(amounts: ArrayLike<number>): IrrInvalid | null {
  if (amounts.length < 2) return { status: 'invalid', reason: 'too_few_flows' };
  for (let i = 0; i < amounts.length; i++) {
    if (!Number.isFinite(amounts[i])) return { status: 'invalid', reason: 'non_finite', index: i };
  }
  return null;
}

/**
 * NPV of timed flows at x = ln(1 + r), scaled by a positive factor so that no term overflows:
 * g(x) = Σ c_i · exp(−(t_i − t_ref)·x) with t_ref the time of the largest exponent. Same sign and
 * same roots as the NPV.
 */
function scaledNpv(amounts: ArrayLike<number>, times: ArrayLike<number>, from: number, to: number, x: number): number {
  const tRef = x < 0 ? (times[to] ?? 0) : (times[from] ?? 0);
  let s = 0;
  for (let i = from; i <= to; i++) s += (amounts[i] ?? 0) * Math.exp(-((times[i] ?? 0) - tRef) * x);
  return s;
}

/** Newton on p(v) = Σ c_k v^(k−from), v = 1/(1+r), from v = 1 (r = 0). Returns v or null. */
function newtonPeriodic(c: ArrayLike<number>, from: number, to: number): { v: number; iterations: number } | null {
  let v = 1;
  for (let it = 1; it <= NEWTON_MAX_ITER; it++) {
    let p = c[to] ?? 0;
    let dp = 0;
    for (let k = to - 1; k >= from; k--) {
      dp = dp * v + p;
      p = p * v + (c[k] ?? 0);
    }
    if (p === 0) return { v, iterations: it };
    const vn = v - p / dp;
    if (!(vn > 0) || !Number.isFinite(vn)) return null;
    if (Math.abs(vn - v) <= NEWTON_REL_TOL * vn) return { v: vn, iterations: it };
    v = vn;
  }
  return null;
}

/** Newton on f(x) = Σ c_i e^(−(t_i − t_from)·x), starting at x = 0. Returns x or null. */
function newtonTimed(c: ArrayLike<number>, t: ArrayLike<number>, from: number, to: number): { x: number; iterations: number } | null {
  const t0 = t[from] ?? 0;
  let x = 0;
  for (let it = 1; it <= NEWTON_MAX_ITER; it++) {
    let f = 0;
    let df = 0;
    for (let i = from; i <= to; i++) {
      const tau = (t[i] ?? 0) - t0;
      const term = (c[i] ?? 0) * Math.exp(-tau * x);
      f += term;
      df -= tau * term;
    }
    if (f === 0) return { x, iterations: it };
    const xn = x - f / df;
    if (!Number.isFinite(xn) || Math.abs(xn) > X_LIMIT) return null;
    if (Math.abs(xn - x) <= NEWTON_REL_TOL * Math.max(1, Math.abs(xn))) return { x: xn, iterations: it };
    x = xn;
  }
  return null;
}

/** One sign change: expand [lo, hi] in x until the signs at both ends differ, then Brent. */
function bracketedUnique(g: (x: number) => number, changes: number): IrrResult {
  let lo = -1;
  let hi = 1;
  let glo = g(lo);
  let ghi = g(hi);
  while (glo * ghi > 0 && (lo > -X_LIMIT || hi < X_LIMIT)) {
    if (lo > -X_LIMIT) {
      lo = Math.max(-X_LIMIT, lo * 2);
      glo = g(lo);
    }
    if (glo * ghi > 0 && hi < X_LIMIT) {
      hi = Math.min(X_LIMIT, hi * 2);
      ghi = g(hi);
    }
  }
  if (!(glo * ghi <= 0)) return { status: 'no_root', reason: 'out_of_range', signChanges: changes };
  const b = brent(g, lo, hi, 1e-15);
  if (!b.converged) return { status: 'no_root', reason: 'out_of_range', signChanges: changes };
  return { status: 'ok', rate: Math.expm1(b.root), method: 'brent', iterations: b.iterations, signChanges: changes };
}

/** Several sign changes: every root on the scan grid. */
function allRoots(g: (x: number) => number, changes: number): IrrResult {
  const roots: number[] = [];
  for (const [a, b] of scanBrackets(g, SCAN_X_MIN, SCAN_X_MAX, SCAN_STEPS)) {
    const r = a === b ? { root: a, converged: true } : brent(g, a, b, 1e-15);
    if (r.converged) {
      const rate = Math.expm1(r.root);
      if (!roots.some((q) => Math.abs(q - rate) <= 1e-12 * Math.max(1, Math.abs(rate)))) roots.push(rate);
    }
  }
  roots.sort((a, b) => a - b);
  const only = roots[0];
  if (roots.length === 1 && only !== undefined) return { status: 'ok', rate: only, method: 'brent', iterations: 0, signChanges: changes };
  if (roots.length === 0) return { status: 'no_root', reason: 'no_real_root', signChanges: changes };
  return { status: 'multiple_roots', rates: roots, signChanges: changes };
}

function preflight(amounts: ArrayLike<number>): { from: number; to: number; changes: number } | IrrResult {
  const invalid = validateAmounts(amounts);
  if (invalid) return invalid;
  const from = firstNonZero(amounts);
  if (from < 0) return { status: 'no_root', reason: 'all_zero', signChanges: 0 };
  const to = lastNonZero(amounts);
  const changes = signChanges(amounts);
  if (changes === 0) return { status: 'no_root', reason: 'no_sign_change', signChanges: 0 };
  return { from, to, changes };
}

/**
 * IRR per period of flows at t = 0, 1, 2, … (index = period). Amounts in any unit (fen): the
 * result does not depend on the scale. Sign convention free (lender or borrower view).
 */
export function irrPeriodic(amounts: ArrayLike<number>): IrrResult {
  const pre = preflight(amounts);
  if ('status' in pre) return pre;
  const { from, to, changes } = pre;
  if (changes === 1) {
    const n = newtonPeriodic(amounts, from, to);
    if (n) return { status: 'ok', rate: 1 / n.v - 1, method: 'newton', iterations: n.iterations, signChanges: 1 };
  }
  const idx = new Float64Array(amounts.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const g = (x: number): number => scaledNpv(amounts, idx, from, to, x);
  return changes === 1 ? bracketedUnique(g, changes) : allRoots(g, changes);
}

/**
 * IRR per time unit of flows at arbitrary non-decreasing times ≥ 0 (e.g. years for XIRR). Flows at
 * equal times are allowed (they simply add).
 */
export function irrTimed(amounts: ArrayLike<number>, times: ArrayLike<number>): IrrResult {
  if (times.length !== amounts.length) return { status: 'invalid', reason: 'bad_times' };
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === undefined || !Number.isFinite(t) || t < 0 || (i > 0 && t < (times[i - 1] ?? 0))) return { status: 'invalid', reason: 'bad_times', index: i };
  }
  const pre = preflight(amounts);
  if ('status' in pre) return pre;
  const { from, to, changes } = pre;
  if ((times[to] ?? 0) === (times[from] ?? 0)) return { status: 'no_root', reason: 'no_real_root', signChanges: changes };
  if (changes === 1) {
    const n = newtonTimed(amounts, times, from, to);
    if (n) return { status: 'ok', rate: Math.expm1(n.x), method: 'newton', iterations: n.iterations, signChanges: 1 };
  }
  const g = (x: number): number => scaledNpv(amounts, times, from, to, x);
  return changes === 1 ? bracketedUnique(g, changes) : allRoots(g, changes);
}

const NO_ROOT_TEXT: Record<IrrNoRootReason, { en: string; zh: string }> = {
  all_zero: { en: 'all cash flows are zero', zh: '现金流全部为零' },
  no_sign_change: { en: 'the cash flows never change sign (money only goes one way), so no rate exists', zh: '现金流没有正负变化（资金只有单向流动），不存在内部收益率' },
  no_real_root: { en: 'the cash flows change sign but no rate makes their present value zero', zh: '现金流虽有正负变化，但不存在使现值为零的利率' },
  out_of_range: { en: 'the rate is beyond any representable range (absurd amounts)', zh: '利率超出可表示的范围（金额明显不合理）' },
};

const INVALID_TEXT: Record<IrrInvalidReason, { en: string; zh: string }> = {
  too_few_flows: { en: 'at least two cash flows are needed', zh: '至少需要两笔现金流' },
  non_finite: { en: 'a cash flow is not a finite number', zh: '某笔现金流不是有限数值' },
  bad_times: { en: 'flow times must be finite, ≥ 0 and in order', zh: '现金流时间必须为有限、非负且按先后顺序排列' },
};

/** Human explanation of a non-ok result (zh/en). */
export function describeIrr(result: IrrResult): { en: string; zh: string } {
  switch (result.status) {
    case 'ok':
      return { en: `rate ${result.rate}`, zh: `利率 ${result.rate}` };
    case 'no_root':
      return NO_ROOT_TEXT[result.reason];
    case 'multiple_roots': {
      const list = result.rates.map((r) => `${(r * 100).toFixed(4)}%`).join(', ');
      return { en: `the cash flows have several rates (${list}); no single IRR is meaningful`, zh: `现金流存在多个内部收益率（${list}），单一IRR没有意义` };
    }
    case 'invalid': {
      const t = INVALID_TEXT[result.reason];
      const at = result.index === undefined ? '' : ` (#${result.index})`;
      return { en: t.en + at, zh: t.zh + at };
    }
  }
}

/** The rate, or an AppError explaining why there is none. */
export function rateOrThrow(result: IrrResult): number {
  if (result.status === 'ok') return result.rate;
  const d = describeIrr(result);
  throw new AppError({
    code: `pricing.irr_${result.status === 'invalid' ? result.reason : result.status === 'no_root' ? result.reason : 'multiple_roots'}`,
    en: `No IRR: ${d.en}`,
    zh: `无法计算内部收益率：${d.zh}`,
    details: { result },
  });
}
