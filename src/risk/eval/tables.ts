/** Gains/lift tables and calibration (reliability) curves. Higher score = riskier. */
import { argsortAscending, type Scores } from './metrics.js';

export interface GainsRow {
  group: number;
  count: number;
  events: number;
  eventRate: number;
  /** Share of all events captured by this group and the riskier ones above it. */
  cumEventShare: number;
  /** Share of all rows in this group and above. */
  cumCountShare: number;
  lift: number;
  cumLift: number;
  minScore: number;
  maxScore: number;
}

/**
 * Rows sorted by score descending and cut into `groups` of (nearly) equal size; rows with the same
 * score always fall in the same group (the group of the first of them), so groups may be uneven.
 */
export function gainsTable(scores: Scores, target: ArrayLike<number>, groups = 10): GainsRow[] {
  const n = scores.length;
  const asc = argsortAscending(scores);
  let totalEvents = 0;
  for (let i = 0; i < n; i++) totalEvents += target[i] === 1 ? 1 : 0;
  const rate = n === 0 ? 0 : totalEvents / n;
  const rows: GainsRow[] = [];
  let cumEvents = 0;
  let cumCount = 0;
  let pos = 0; // position in descending order
  while (pos < n) {
    const g = Math.min(groups - 1, Math.floor((pos * groups) / n));
    let count = 0;
    let events = 0;
    let minScore = Number.POSITIVE_INFINITY;
    let maxScore = Number.NEGATIVE_INFINITY;
    const end = Math.ceil(((g + 1) * n) / groups);
    while (pos < n) {
      const v = scores[asc[n - 1 - pos] as number] as number;
      if (pos >= end && v !== minScore) break;
      count++;
      events += target[asc[n - 1 - pos] as number] === 1 ? 1 : 0;
      minScore = Math.min(minScore, v);
      maxScore = Math.max(maxScore, v);
      pos++;
    }
    cumEvents += events;
    cumCount += count;
    const eventRate = events / count;
    rows.push({
      group: rows.length + 1,
      count,
      events,
      eventRate,
      cumEventShare: totalEvents === 0 ? 0 : cumEvents / totalEvents,
      cumCountShare: cumCount / n,
      lift: rate === 0 ? 0 : eventRate / rate,
      cumLift: rate === 0 ? 0 : cumEvents / cumCount / rate,
      minScore,
      maxScore,
    });
  }
  return rows;
}

export interface CalibrationBin {
  count: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

export interface CalibrationResult {
  bins: CalibrationBin[];
  brier: number;
  /** Expected calibration error: count-weighted mean |observed − predicted| over the bins. */
  ece: number;
}

/**
 * Reliability curve of predicted probabilities: `quantile` bins hold equal counts (ties kept together),
 * `uniform` bins split [0, 1] into equal widths (empty bins omitted).
 */
export function calibration(prob: Scores, target: ArrayLike<number>, nBins = 10, strategy: 'quantile' | 'uniform' = 'quantile'): CalibrationResult {
  const n = prob.length;
  const binOf = new Int32Array(n);
  if (strategy === 'uniform') {
    for (let i = 0; i < n; i++) binOf[i] = Math.min(nBins - 1, Math.max(0, Math.floor((prob[i] as number) * nBins)));
  } else {
    const asc = argsortAscending(prob);
    let prevBin = 0;
    for (let r = 0; r < n; r++) {
      const i = asc[r] as number;
      const prev = r > 0 ? (asc[r - 1] as number) : -1;
      const b = prev >= 0 && prob[prev] === prob[i] ? prevBin : Math.min(nBins - 1, Math.floor((r * nBins) / n));
      binOf[i] = b;
      prevBin = b;
    }
  }
  const cnt = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  const minP = new Float64Array(nBins).fill(Number.POSITIVE_INFINITY);
  const maxP = new Float64Array(nBins).fill(Number.NEGATIVE_INFINITY);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const b = binOf[i] as number;
    const p = prob[i] as number;
    const y = target[i] as number;
    cnt[b] = (cnt[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + y;
    minP[b] = Math.min(minP[b] as number, p);
    maxP[b] = Math.max(maxP[b] as number, p);
    sq += (p - y) * (p - y);
  }
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    const c = cnt[b] as number;
    if (c === 0) continue;
    const meanPredicted = (sumP[b] as number) / c;
    const observedRate = (sumY[b] as number) / c;
    ece += (c / n) * Math.abs(observedRate - meanPredicted);
    bins.push({ count: c, meanPredicted, observedRate, minPredicted: minP[b] as number, maxPredicted: maxP[b] as number });
  }
  return { bins, brier: n === 0 ? Number.NaN : sq / n, ece };
}
