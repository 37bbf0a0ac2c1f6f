/**
 * Confidence intervals and exact tests for counts and proportions:
 * - Wilson score interval for a proportion x/n;
 * - exact Poisson (Garwood 1936) interval for a count per exposure;
 * - Clopper–Pearson exact binomial interval;
 * - rate ratio of two Poisson rates with the exact conditional (binomial) interval and p-value.
 */
import { betaInc, betaQuantile, gammaQuantile, logGamma, normalQuantile } from './special.js';

export interface Interval {
  /** Point estimate. */
  estimate: number;
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  method: 'wilson' | 'garwood' | 'clopper-pearson' | 'conditional-binomial';
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

function checkCount(name: string, k: number): void {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`${name} must be a non-negative integer, got ${k}`);
}

/** Wilson score interval for x successes in n trials. n = 0 gives [0, 1] around NaN. */
export function wilson(x: number, n: number, level = 0.95): Interval {
  checkLevel(level);
  checkCount('x', x);
  checkCount('n', n);
  if (x > n) throw new RangeError(`x (${x}) cannot exceed n (${n})`);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level, method: 'wilson' };
  const z = normalQuantile(1 - (1 - level) / 2);
  const z2 = z * z;
  const p = x / n;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, lower: x === 0 ? 0 : center - half, upper: x === n ? 1 : center + half, level, method: 'wilson' };
}

/**
 * Exact Poisson interval for k events (Garwood): [χ²(α/2, 2k)/2, χ²(1−α/2, 2k+2)/2], divided by the
 * exposure to give a rate interval. Exposure 0 gives [0, ∞).
 */
const garwoodCache = new Map<string, [number, number]>();

/** Garwood bounds on the count itself (memoized: counts repeat across the cells of a slice). */
function garwoodCounts(k: number, level: number): [number, number] {
  const key = `${k}|${level}`;
  const hit = garwoodCache.get(key);
  if (hit) return hit;
  const alpha = 1 - level;
  const bounds: [number, number] = [k === 0 ? 0 : gammaQuantile(alpha / 2, k), gammaQuantile(1 - alpha / 2, k + 1)];
  if (garwoodCache.size > 100_000) garwoodCache.clear();
  garwoodCache.set(key, bounds);
  return bounds;
}

export function garwood(k: number, exposure = 1, level = 0.95): Interval {
  checkLevel(level);
  checkCount('k', k);
  if (!(exposure >= 0)) throw new RangeError(`exposure must be ≥ 0, got ${exposure}`);
  const [lowerCount, upperCount] = garwoodCounts(k, level);
  if (exposure === 0) return { estimate: NaN, lower: 0, upper: Infinity, level, method: 'garwood' };
  return { estimate: k / exposure, lower: lowerCount / exposure, upper: upperCount / exposure, level, method: 'garwood' };
}

/** Clopper–Pearson exact interval for x successes in n trials. */
export function clopperPearson(x: number, n: number, level = 0.95): Interval {
  checkLevel(level);
  checkCount('x', x);
  checkCount('n', n);
  if (x > n) throw new RangeError(`x (${x}) cannot exceed n (${n})`);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level, method: 'clopper-pearson' };
  const alpha = 1 - level;
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return { estimate: x / n, lower, upper, level, method: 'clopper-pearson' };
}

function logBinomPmf(i: number, n: number, p: number): number {
  if (p === 0) return i === 0 ? 0 : -Infinity;
  if (p === 1) return i === n ? 0 : -Infinity;
  return logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betaInc(1 - p, n - k, k + 1);
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
function binomSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaInc(p, k, n - k + 1);
}

/**
 * Exact two-sided binomial test of H0: π = p0 for x of n: the probability of all outcomes no more
 * likely than the observed one (the "minlike" rule of R's binom.test, relative tolerance 1e-7).
 * The pmf is unimodal, so the far tail starts where the pmf falls to the observed value: found by
 * bisection, then both tails come from the incomplete beta function — O(log n), not O(n).
 */
export function binomialTestTwoSided(x: number, n: number, p0: number): number {
  checkCount('x', x);
  checkCount('n', n);
  if (x > n) throw new RangeError(`x (${x}) cannot exceed n (${n})`);
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`p0 must be in [0, 1], got ${p0}`);
  if (n === 0) return 1;
  if (p0 === 0) return x === 0 ? 1 : 0;
  if (p0 === 1) return x === n ? 1 : 0;
  const cutoff = logBinomPmf(x, n, p0) + Math.log1p(1e-7);
  const mode = Math.min(n, Math.floor((n + 1) * p0));
  const atMost = (i: number): boolean => logBinomPmf(i, n, p0) <= cutoff;
  // The observed outcome is (one of) the most likely: every outcome is at most as likely.
  if (atMost(mode)) return 1;
  if (x < mode) {
    // Far tail on the right: the smallest j > mode with pmf(j) ≤ pmf(x).
    let lo = mode;
    let hi = n + 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (atMost(mid)) hi = mid;
      else lo = mid;
    }
    return Math.min(1, binomCdf(x, n, p0) + binomSf(hi, n, p0));
  }
  // x > mode: far tail on the left: the largest j < mode with pmf(j) ≤ pmf(x).
  let lo = -1;
  let hi = mode;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (atMost(mid)) lo = mid;
    else hi = mid;
  }
  return Math.min(1, binomSf(x, n, p0) + binomCdf(lo, n, p0));
}

export interface RateRatio extends Interval {
  /** Two-sided exact p-value of H0: ratio = 1. */
  pValue: number;
  events: [number, number];
  exposure: [number, number];
}

/**
 * Ratio of two Poisson rates (k1/e1) ÷ (k2/e2) with the exact conditional interval: given
 * n = k1 + k2 events, k1 ~ Binomial(n, π) with π = e1·R / (e1·R + e2); the Clopper–Pearson
 * interval for π maps to R = π/(1−π) · e2/e1. The p-value is the exact binomial test of
 * π0 = e1/(e1+e2) (same as R's poisson.test for two samples).
 */
export function rateRatio(k1: number, e1: number, k2: number, e2: number, level = 0.95): RateRatio {
  checkCount('k1', k1);
  checkCount('k2', k2);
  if (!(e1 > 0 && e2 > 0)) throw new RangeError(`exposures must be > 0, got ${e1}, ${e2}`);
  const n = k1 + k2;
  const base = { level, method: 'conditional-binomial' as const, events: [k1, k2] as [number, number], exposure: [e1, e2] as [number, number] };
  const estimate = k2 === 0 ? (k1 === 0 ? NaN : Infinity) : k1 / e1 / (k2 / e2);
  if (n === 0) return { ...base, estimate, lower: 0, upper: Infinity, pValue: 1 };
  const cp = clopperPearson(k1, n, level);
  const toRatio = (pi: number): number => (pi >= 1 ? Infinity : (pi / (1 - pi)) * (e2 / e1));
  return { ...base, estimate, lower: toRatio(cp.lower), upper: toRatio(cp.upper), pValue: binomialTestTwoSided(k1, n, e1 / (e1 + e2)) };
}
