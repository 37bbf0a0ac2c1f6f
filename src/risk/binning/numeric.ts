/**
 * Numeric feature binning: missing (NaN) and declared special codes get bins of their own; the
 * remaining values are pre-binned at quantiles (cuts only between distinct values), then merged by
 * the chosen criterion under the size, event and trend constraints.
 */
import { chiMerge } from './chimerge.js';
import { optimalMerge, type MergeResult, type MonotonicTrend } from './optimal.js';
import type { BinningOptions, NumericBinning } from './types.js';
import { binStats, totalIv, type BinStats } from './woe.js';

interface Distinct {
  values: Float64Array;
  events: Float64Array;
  counts: Float64Array;
}

interface Prebins {
  /** First distinct value of each pre-bin. */
  firstValue: number[];
  events: number[];
  nonEvents: number[];
}

function distinctValues(values: Float64Array, target: Uint8Array, isRegular: (v: number) => boolean): Distinct {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (isRegular(values[i] as number)) idx.push(i);
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  const vs: number[] = [];
  const ev: number[] = [];
  const ct: number[] = [];
  for (const i of idx) {
    const v = values[i] as number;
    if (vs.length === 0 || vs[vs.length - 1] !== v) {
      vs.push(v);
      ev.push(0);
      ct.push(0);
    }
    const last = vs.length - 1;
    ev[last] = (ev[last] as number) + (target[i] as number);
    ct[last] = (ct[last] as number) + 1;
  }
  return { values: Float64Array.from(vs), events: Float64Array.from(ev), counts: Float64Array.from(ct) };
}

/** Equal-frequency pre-bins over distinct values; pre-bins below `minCount` join their smaller neighbour. */
export function quantilePrebins(d: Distinct, maxPrebins: number, minCount: number): Prebins {
  let n = 0;
  for (let i = 0; i < d.counts.length; i++) n += d.counts[i] as number;
  const pb: Prebins = { firstValue: [], events: [], nonEvents: [] };
  let cum = 0;
  let q = 1;
  for (let i = 0; i < d.values.length; i++) {
    const c = d.counts[i] as number;
    const e = d.events[i] as number;
    if (pb.firstValue.length === 0 || cum >= (q * n) / maxPrebins) {
      while (cum >= (q * n) / maxPrebins) q++;
      pb.firstValue.push(d.values[i] as number);
      pb.events.push(0);
      pb.nonEvents.push(0);
    }
    const last = pb.firstValue.length - 1;
    pb.events[last] = (pb.events[last] as number) + e;
    pb.nonEvents[last] = (pb.nonEvents[last] as number) + (c - e);
    cum += c;
  }
  mergeSmallPrebins(pb, minCount);
  return pb;
}

function mergeSmallPrebins(pb: Prebins, minCount: number): void {
  const size = (i: number): number => (pb.events[i] as number) + (pb.nonEvents[i] as number);
  for (;;) {
    if (pb.firstValue.length <= 1) return;
    let smallest = -1;
    for (let i = 0; i < pb.firstValue.length; i++) {
      if (size(i) < minCount && (smallest < 0 || size(i) < size(smallest))) smallest = i;
    }
    if (smallest < 0) return;
    const left = smallest - 1;
    const right = smallest + 1;
    const into = left < 0 ? right : right >= pb.firstValue.length ? left : size(left) <= size(right) ? left : right;
    const a = Math.min(into, smallest);
    pb.events[a] = (pb.events[a] as number) + (pb.events[a + 1] as number);
    pb.nonEvents[a] = (pb.nonEvents[a] as number) + (pb.nonEvents[a + 1] as number);
    pb.firstValue.splice(a + 1, 1);
    pb.events.splice(a + 1, 1);
    pb.nonEvents.splice(a + 1, 1);
  }
}

export interface MergeSettings {
  opts: BinningOptions;
  n: number;
  totalEvents: number;
  totalNonEvents: number;
}

/** Merge ordered pre-bins; with trend `auto` try ascending and descending and keep the higher IV. */
export function mergePrebins(events: number[], nonEvents: number[], s: MergeSettings): { merge: MergeResult; trend: MonotonicTrend } {
  const run = (trend: MonotonicTrend): MergeResult => {
    const input = { events, nonEvents, totalEvents: s.totalEvents, totalNonEvents: s.totalNonEvents };
    const c = {
      maxBins: s.opts.maxBins,
      minCount: Math.ceil(s.opts.minBinShare * s.n),
      minEvents: s.opts.minBinEvents,
      minNonEvents: s.opts.minBinNonEvents,
      trend,
    };
    return s.opts.method === 'chimerge' ? chiMerge(input, { ...c, chiThreshold: s.opts.chiThreshold }) : optimalMerge(input, c);
  };
  if (s.opts.trend !== 'auto') return { merge: run(s.opts.trend), trend: s.opts.trend };
  const asc = run('ascending');
  const desc = run('descending');
  return desc.iv > asc.iv ? { merge: desc, trend: 'descending' } : { merge: asc, trend: 'ascending' };
}

export function formatCut(v: number): string {
  return String(v);
}

export function numericLabels(cuts: readonly number[], specials: readonly number[]): string[] {
  const labels: string[] = [];
  const k = cuts.length + 1;
  for (let i = 0; i < k; i++) {
    const lo = i === 0 ? '-inf' : formatCut(cuts[i - 1] as number);
    const hi = i === k - 1 ? '+inf' : formatCut(cuts[i] as number);
    labels.push(`[${lo}, ${hi})`);
  }
  for (const s of specials) labels.push(`special ${formatCut(s)}`);
  labels.push('missing');
  return labels;
}

/** Counts of events/non-events per bin for fixed cuts (user cuts, or re-counting on new data). */
function countWithCuts(values: Float64Array, target: Uint8Array, cuts: readonly number[], specials: readonly number[]): { e: Float64Array; g: Float64Array } {
  const k = cuts.length + 1;
  const nb = k + specials.length + 1;
  const e = new Float64Array(nb);
  const g = new Float64Array(nb);
  for (let i = 0; i < values.length; i++) {
    const b = numericBinOf(cuts, specials, values[i] as number);
    if (target[i] === 1) e[b] = (e[b] as number) + 1;
    else g[b] = (g[b] as number) + 1;
  }
  return { e, g };
}

/** Bin index of a value: regular bins 0..k−1, special bins k.., missing last. */
export function numericBinOf(cuts: readonly number[], specials: readonly number[], v: number): number {
  if (Number.isNaN(v)) return cuts.length + 1 + specials.length;
  for (let s = 0; s < specials.length; s++) if (specials[s] === v) return cuts.length + 1 + s;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v < (cuts[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function finish(feature: string, cuts: number[], specials: number[], e: ArrayLike<number>, g: ArrayLike<number>, te: number, tg: number, trend: MonotonicTrend): NumericBinning {
  const bins: BinStats[] = [];
  for (let b = 0; b < e.length; b++) bins.push(binStats(e[b] as number, g[b] as number, te, tg));
  return { kind: 'numeric', feature, cuts, specialCodes: specials, bins, labels: numericLabels(cuts, specials), trend, iv: totalIv(bins) };
}

export function binNumeric(feature: string, values: Float64Array, target: Uint8Array, opts: BinningOptions): NumericBinning {
  const n = values.length;
  let te = 0;
  for (let i = 0; i < n; i++) te += target[i] as number;
  const tg = n - te;
  const specials = [...new Set(opts.specialCodes)].sort((a, b) => a - b);
  if (opts.userCuts) {
    const cuts = [...opts.userCuts].sort((a, b) => a - b);
    const { e, g } = countWithCuts(values, target, cuts, specials);
    return finish(feature, cuts, specials, e, g, te, tg, 'none');
  }
  const specialSet = new Set(specials);
  const d = distinctValues(values, target, (v) => !Number.isNaN(v) && !specialSet.has(v));
  const pre = quantilePrebins(d, opts.maxPrebins, Math.ceil(opts.minPrebinShare * n));
  let cuts: number[] = [];
  let trend: MonotonicTrend = 'none';
  if (pre.firstValue.length > 1) {
    const m = mergePrebins(pre.events, pre.nonEvents, { opts, n, totalEvents: te, totalNonEvents: tg });
    cuts = m.merge.starts.map((s) => pre.firstValue[s] as number);
    trend = m.trend;
  }
  const { e, g } = countWithCuts(values, target, cuts, specials);
  return finish(feature, cuts, specials, e, g, te, tg, trend);
}
