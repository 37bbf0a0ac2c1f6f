/**
 * Best split of a node from its histogram. Gain (xgboost's): G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ);
 * under monotone constraints or weight bounds, the gain of a side is −(2·G·w + (H+λ)·w²) with w its
 * bounded weight, and splits whose weights break the required order are rejected. Missing values
 * (bin 255) are tried on both sides; the better side becomes the learned default direction.
 */
import { HIST_STRIDE } from './histogram.js';
import { MISSING_BIN } from './types.js';

export interface SplitParams {
  lambda: number;
  gamma: number;
  minChildWeight: number;
  catSmooth: number;
  /** one-vs-rest: one level against the others (what one-hot encoding gives); partition: levels sorted by gradient ratio, best prefix. */
  categoricalSplit: 'one-vs-rest' | 'partition';
}

export interface NodeBounds {
  lower: number;
  upper: number;
}

export interface SplitCandidate {
  gain: number;
  feature: number;
  /** Numeric: bins ≤ binThreshold go left. */
  binThreshold: number;
  /** Categorical: bins going left. */
  catLeft: number[] | null;
  defaultLeft: boolean;
  gLeft: number;
  hLeft: number;
  gRight: number;
  hRight: number;
}

/** Smallest loss reduction that counts as a split (xgboost's kRtEps). */
export const MIN_SPLIT_GAIN = 1e-6;

export function leafWeight(g: number, h: number, lambda: number, b: NodeBounds): number {
  const w = -g / (h + lambda);
  return w < b.lower ? b.lower : w > b.upper ? b.upper : w;
}

function gainGivenWeight(g: number, h: number, lambda: number, w: number): number {
  return -(2 * g * w + (h + lambda) * w * w);
}

export interface SplitSearch {
  hist: Float64Array;
  features: Int32Array;
  nBins: Int32Array;
  isCategorical: Uint8Array;
  monotone: Int8Array;
  G: number;
  H: number;
  bounds: NodeBounds;
  p: SplitParams;
}

class Best {
  c: SplitCandidate | null = null;
}

function consider(s: SplitSearch, parentGain: number, best: Best, f: number, gl: number, hl: number, gr: number, hr: number, defaultLeft: boolean, binThreshold: number, catLeft: number[] | null): void {
  const { p, bounds } = s;
  if (hl < p.minChildWeight || hr < p.minChildWeight) return;
  const mono = s.monotone[f] as number;
  let gain: number;
  if (mono === 0 && bounds.lower === Number.NEGATIVE_INFINITY && bounds.upper === Number.POSITIVE_INFINITY) {
    gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentGain;
  } else {
    const wl = leafWeight(gl, hl, p.lambda, bounds);
    const wr = leafWeight(gr, hr, p.lambda, bounds);
    if ((mono > 0 && wl > wr) || (mono < 0 && wl < wr)) return;
    gain = gainGivenWeight(gl, hl, p.lambda, wl) + gainGivenWeight(gr, hr, p.lambda, wr) - parentGain;
  }
  const cur = best.c;
  if (cur === null || gain > cur.gain) {
    best.c = { gain, feature: f, binThreshold, catLeft, defaultLeft, gLeft: gl, hLeft: hl, gRight: gr, hRight: hr };
  }
}

function numericSplits(s: SplitSearch, parentGain: number, best: Best, f: number): void {
  const base = f * HIST_STRIDE;
  const h = s.hist;
  const mg = h[base + MISSING_BIN * 2] as number;
  const mh = h[base + MISSING_BIN * 2 + 1] as number;
  const nb = s.nBins[f] as number;
  let gl = 0;
  let hl = 0;
  for (let t = 0; t < nb - 1; t++) {
    gl += h[base + 2 * t] as number;
    hl += h[base + 2 * t + 1] as number;
    if ((h[base + 2 * t + 1] as number) === 0 && t > 0) continue; // an empty bin moves nothing
    if (mh > 0) {
      consider(s, parentGain, best, f, gl, hl, s.G - gl, s.H - hl, false, t, null);
      consider(s, parentGain, best, f, gl + mg, hl + mh, s.G - gl - mg, s.H - hl - mh, true, t, null);
    } else {
      // no missing values here: send future missing values to the heavier side
      const gr = s.G - gl;
      const hr = s.H - hl;
      consider(s, parentGain, best, f, gl, hl, gr, hr, hl > hr, t, null);
    }
  }
}

function categoricalSplits(s: SplitSearch, parentGain: number, best: Best, f: number): void {
  const base = f * HIST_STRIDE;
  const h = s.hist;
  const nb = s.nBins[f] as number;
  const present: number[] = [];
  for (let b = 0; b < nb; b++) if ((h[base + 2 * b + 1] as number) > 0) present.push(b);
  if (present.length < 2) return;
  const mg = h[base + MISSING_BIN * 2] as number;
  const mh = h[base + MISSING_BIN * 2 + 1] as number;
  const tryLeft = (gl: number, hl: number, left: () => number[]): void => {
    const before = best.c;
    if (mh > 0) {
      consider(s, parentGain, best, f, gl, hl, s.G - gl, s.H - hl, false, -1, null);
      consider(s, parentGain, best, f, gl + mg, hl + mh, s.G - gl - mg, s.H - hl - mh, true, -1, null);
    } else {
      consider(s, parentGain, best, f, gl, hl, s.G - gl, s.H - hl, hl > s.H - hl, -1, null);
    }
    if (best.c !== before && best.c) best.c.catLeft = left();
  };
  if (s.p.categoricalSplit === 'one-vs-rest') {
    for (const b of present) tryLeft(h[base + 2 * b] as number, h[base + 2 * b + 1] as number, () => [b]);
    return;
  }
  const ratio = (b: number): number => (h[base + 2 * b] as number) / ((h[base + 2 * b + 1] as number) + s.p.catSmooth);
  present.sort((a, b) => ratio(a) - ratio(b) || a - b);
  let gl = 0;
  let hl = 0;
  for (let k = 0; k < present.length - 1; k++) {
    const b = present[k] as number;
    gl += h[base + 2 * b] as number;
    hl += h[base + 2 * b + 1] as number;
    tryLeft(gl, hl, () => present.slice(0, k + 1).sort((a, c) => a - c));
  }
}

export function findBestSplit(s: SplitSearch): SplitCandidate | null {
  const best = new Best();
  const unconstrained = s.bounds.lower === Number.NEGATIVE_INFINITY && s.bounds.upper === Number.POSITIVE_INFINITY;
  const wParent = leafWeight(s.G, s.H, s.p.lambda, s.bounds);
  const parentPlain = (s.G * s.G) / (s.H + s.p.lambda);
  const parentBounded = gainGivenWeight(s.G, s.H, s.p.lambda, wParent);
  for (let k = 0; k < s.features.length; k++) {
    const f = s.features[k] as number;
    const parentGain = unconstrained && (s.monotone[f] as number) === 0 ? parentPlain : parentBounded;
    if (s.isCategorical[f]) categoricalSplits(s, parentGain, best, f);
    else numericSplits(s, parentGain, best, f);
  }
  const c = best.c;
  if (c === null || !(c.gain > Math.max(s.p.gamma, MIN_SPLIT_GAIN))) return null;
  return c;
}
