/**
 * Population stability: PSI = Σ (actual% − expected%) · ln(actual% / expected%) over bins. A bin
 * empty on one side would make the term infinite; its share is floored at `floor` (default 1e-4),
 * the usual practice. Rule of thumb: < 0.1 stable, 0.1–0.25 some shift, > 0.25 major shift.
 */
import { argsortAscending, type Scores } from './metrics.js';

export const PSI_FLOOR = 1e-4;

export interface PsiBin {
  label: string;
  expectedCount: number;
  actualCount: number;
  expectedShare: number;
  actualShare: number;
  contribution: number;
}

export interface PsiResult {
  psi: number;
  bins: PsiBin[];
}

export function psiFromCounts(expected: ArrayLike<number>, actual: ArrayLike<number>, labels?: readonly string[], floor = PSI_FLOOR): PsiResult {
  if (expected.length !== actual.length) throw new RangeError('expected and actual need the same number of bins');
  let te = 0;
  let ta = 0;
  for (let i = 0; i < expected.length; i++) {
    te += expected[i] as number;
    ta += actual[i] as number;
  }
  const bins: PsiBin[] = [];
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    const es = te === 0 ? 0 : e / te;
    const as = ta === 0 ? 0 : a / ta;
    const ef = Math.max(es, floor);
    const af = Math.max(as, floor);
    const contribution = e === 0 && a === 0 ? 0 : (af - ef) * Math.log(af / ef);
    psi += contribution;
    bins.push({ label: labels?.[i] ?? String(i), expectedCount: e, actualCount: a, expectedShare: es, actualShare: as, contribution });
  }
  return { psi, bins };
}

/** Cut points at the base sample's quantiles (distinct values only), for score PSI. */
export function quantileCuts(values: Scores, nBins: number): number[] {
  const order = argsortAscending(values);
  const cuts: number[] = [];
  for (let b = 1; b < nBins; b++) {
    const pos = Math.floor((b * order.length) / nBins);
    const v = values[order[Math.min(pos, order.length - 1)] as number] as number;
    const last = cuts[cuts.length - 1];
    if (last === undefined || v > last) cuts.push(v);
  }
  return cuts;
}

/** Bin index of v for cuts c (bin k holds c[k−1] ≤ v < c[k]). */
export function binIndex(cuts: readonly number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v < (cuts[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function countBins(values: Scores, cuts: readonly number[]): Float64Array {
  const counts = new Float64Array(cuts.length + 1);
  for (let i = 0; i < values.length; i++) {
    const b = binIndex(cuts, values[i] as number);
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}

/** PSI of a score between a base period and a new one, bins at the base deciles (or `nBins` quantiles). */
export function scorePsi(base: Scores, current: Scores, nBins = 10): PsiResult & { cuts: number[] } {
  const cuts = quantileCuts(base, nBins);
  const labels = cuts.length === 0 ? ['all'] : [`< ${cuts[0]}`, ...cuts.slice(1).map((c, i) => `[${cuts[i]}, ${c})`), `≥ ${cuts[cuts.length - 1]}`];
  return { ...psiFromCounts(countBins(base, cuts), countBins(current, cuts), labels), cuts };
}

/**
 * Characteristic stability (CSI) of one binned feature: PSI over its bins (bin index per row, from
 * the scorecard's own binning), labels naming the bins.
 */
export function csiFromBins(baseBins: ArrayLike<number>, currentBins: ArrayLike<number>, labels: readonly string[]): PsiResult {
  const e = new Float64Array(labels.length);
  const a = new Float64Array(labels.length);
  for (let i = 0; i < baseBins.length; i++) e[baseBins[i] as number] = (e[baseBins[i] as number] as number) + 1;
  for (let i = 0; i < currentBins.length; i++) a[currentBins[i] as number] = (a[currentBins[i] as number] as number) + 1;
  return psiFromCounts(e, a, labels);
}
