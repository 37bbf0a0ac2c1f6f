/**
 * Discrimination and calibration metrics for a binary outcome. Scores are oriented so that a higher
 * score means a higher risk (a PD or a margin); pass `-points` for scorecard points.
 */
export type Scores = ArrayLike<number>;

function check(scores: Scores, target: ArrayLike<number>): void {
  if (scores.length !== target.length) throw new RangeError(`scores (${scores.length}) and target (${target.length}) differ in length`);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i] as number)) throw new RangeError(`score ${i} is NaN`);
  }
}

/** Indices sorted by score ascending (stable). */
export function argsortAscending(scores: Scores): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const s = Float64Array.from(scores);
  idx.sort((a, b) => (s[a] as number) - (s[b] as number) || a - b);
  return idx;
}

/**
 * Area under the ROC curve by the Mann–Whitney statistic with average ranks for ties: the probability
 * that a random bad scores higher than a random good, ties counting one half.
 */
export function auc(scores: Scores, target: ArrayLike<number>): number {
  check(scores, target);
  const order = argsortAscending(scores);
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    const v = scores[order[i] as number] as number;
    while (j + 1 < order.length && scores[order[j + 1] as number] === v) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based: positions i..j hold ranks i+1..j+1
    for (let k = i; k <= j; k++) {
      if (target[order[k] as number] === 1) {
        nPos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const nNeg = order.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function gini(scores: Scores, target: ArrayLike<number>): number {
  return 2 * auc(scores, target) - 1;
}

export interface KsResult {
  ks: number;
  /** Score at which the cumulative distributions are furthest apart (rows with score ≤ it on one side). */
  threshold: number;
}

/** Kolmogorov–Smirnov: the largest gap between the cumulative score distributions of bads and goods. */
export function ks(scores: Scores, target: ArrayLike<number>): KsResult {
  check(scores, target);
  const order = argsortAscending(scores);
  let nPos = 0;
  for (let i = 0; i < target.length; i++) nPos += target[i] === 1 ? 1 : 0;
  const nNeg = target.length - nPos;
  if (nPos === 0 || nNeg === 0) return { ks: Number.NaN, threshold: Number.NaN };
  let cumPos = 0;
  let cumNeg = 0;
  let best = 0;
  let bestAt = Number.NaN;
  let i = 0;
  while (i < order.length) {
    const v = scores[order[i] as number] as number;
    while (i < order.length && scores[order[i] as number] === v) {
      if (target[order[i] as number] === 1) cumPos++;
      else cumNeg++;
      i++;
    }
    // compare in integers (exact), divide once at the end
    const gap = Math.abs(cumPos * nNeg - cumNeg * nPos);
    if (gap > best) {
      best = gap;
      bestAt = v;
    }
  }
  return { ks: best / (nPos * nNeg), threshold: bestAt };
}

/** Mean squared error of probabilities. */
export function brier(prob: Scores, target: ArrayLike<number>): number {
  check(prob, target);
  let s = 0;
  for (let i = 0; i < prob.length; i++) {
    const d = (prob[i] as number) - (target[i] as number);
    s += d * d;
  }
  return s / prob.length;
}

/** Mean binary log-loss, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(prob: Scores, target: ArrayLike<number>): number {
  check(prob, target);
  let s = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, prob[i] as number));
    s -= target[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / prob.length;
}

/** ROC curve points (false-positive rate, true-positive rate), one per distinct score, descending. */
export function rocCurve(scores: Scores, target: ArrayLike<number>): { fpr: number[]; tpr: number[] } {
  check(scores, target);
  const order = argsortAscending(scores);
  let nPos = 0;
  for (let i = 0; i < target.length; i++) nPos += target[i] === 1 ? 1 : 0;
  const nNeg = target.length - nPos;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  let i = order.length - 1;
  while (i >= 0) {
    const v = scores[order[i] as number] as number;
    while (i >= 0 && scores[order[i] as number] === v) {
      if (target[order[i] as number] === 1) tp++;
      else fp++;
      i--;
    }
    fpr.push(nNeg === 0 ? 0 : fp / nNeg);
    tpr.push(nPos === 0 ? 0 : tp / nPos);
  }
  return { fpr, tpr };
}
