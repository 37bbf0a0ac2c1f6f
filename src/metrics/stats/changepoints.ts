/**
 * Change points in a monthly series of counts with exposures, on the Poisson likelihood: the
 * segmentation minimising Σ segment deviance / φ + penalty × (number of change points). Two segment
 * models: `trend` (each segment its own log-linear Poisson trend: catches a turn from flat to rising
 * and a step, without splitting a smooth trend) and `level` (each segment a constant rate). φ is an
 * over-dispersion factor estimated robustly from month-to-month differences, so noisy series do not
 * sprout change points. Solved exactly by optimal partitioning (the optimum PELT finds; series are a
 * few hundred months at most, so no pruning is needed).
 */
import { fitPoissonTrend } from './poisson-regression.js';

export interface Segment {
  /** Index of the first point (inclusive). */
  start: number;
  /** Index after the last point. */
  end: number;
  events: number;
  exposure: number;
  rate: number;
}

export interface ChangePointOptions {
  model?: 'trend' | 'level';
  /** Penalty per change point; default 3·ln(n). */
  penalty?: number;
  /** Minimum points per segment; default 6. */
  minSegment?: number;
  /** Over-dispersion factor dividing the deviances; default: {@link robustDispersion}. */
  dispersion?: number;
}

function xlogy(y: number, r: number): number {
  return y > 0 ? y * Math.log(r) : 0;
}

/** Poisson deviance of observations y against means mu. */
function deviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] ?? 0;
    const mi = mu[i] ?? 0;
    if (mi <= 0) continue;
    d += 2 * (xlogy(yi, yi / mi) - (yi - mi));
  }
  return d;
}

function levelDeviance(y: readonly number[], e: readonly number[]): number {
  const Y = y.reduce((s, v) => s + v, 0);
  const E = e.reduce((s, v) => s + v, 0);
  if (Y <= 0 || E <= 0) return 0;
  return deviance(
    y,
    e.map((v) => (v * Y) / E),
  );
}

function trendDeviance(y: readonly number[], e: readonly number[]): number {
  const x = y.map((_, i) => i / 12);
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  const xc = x.map((v) => v - m);
  const f = fitPoissonTrend(xc, y, e);
  if (!f) return levelDeviance(y, e);
  return deviance(
    y,
    e.map((v, i) => v * Math.exp(f.alpha + f.beta * (xc[i] ?? 0))),
  );
}

/**
 * Over-dispersion from month-to-month differences: d_t = (r_t − r_{t−1}) / √(λ_t/E_t + λ_t/E_{t−1})
 * with λ_t the pooled rate of the two months; φ = (median |d| / 0.6745)², at least 1. A level shift
 * moves one difference only, so it barely changes φ.
 */
export function robustDispersion(events: readonly number[], exposure: readonly number[]): number {
  const d: number[] = [];
  for (let t = 1; t < events.length; t++) {
    const e0 = exposure[t - 1] ?? 0;
    const e1 = exposure[t] ?? 0;
    const y0 = events[t - 1] ?? 0;
    const y1 = events[t] ?? 0;
    if (e0 <= 0 || e1 <= 0 || y0 + y1 === 0) continue;
    const lam = (y0 + y1) / (e0 + e1);
    d.push(Math.abs(y1 / e1 - y0 / e0) / Math.sqrt(lam / e1 + lam / e0));
  }
  if (d.length < 3) return 1;
  d.sort((a, b) => a - b);
  const mid = Math.floor(d.length / 2);
  const med = d.length % 2 === 1 ? (d[mid] ?? 0) : ((d[mid - 1] ?? 0) + (d[mid] ?? 0)) / 2;
  return Math.max(1, (med / 0.6744897501960817) ** 2);
}

export function poissonChangePoints(events: readonly number[], exposure: readonly number[], opts: ChangePointOptions = {}): Segment[] {
  const n = events.length;
  if (exposure.length !== n) throw new RangeError('events and exposure differ in length');
  if (n === 0) return [];
  const minSeg = Math.max(2, opts.minSegment ?? 6);
  const penalty = opts.penalty ?? 3 * Math.log(Math.max(n, 2));
  const disp = Math.max(1, opts.dispersion ?? robustDispersion(events, exposure));
  const segDev = opts.model === 'level' ? levelDeviance : trendDeviance;
  const cost = (s: number, t: number): number => segDev(events.slice(s, t), exposure.slice(s, t)) / disp;
  const best: number[] = new Array<number>(n + 1).fill(Infinity);
  const prev: number[] = new Array<number>(n + 1).fill(-1);
  best[0] = -penalty;
  for (let t = minSeg; t <= n; t++) {
    for (let s = 0; s <= t - minSeg; s++) {
      if (s !== 0 && s < minSeg) continue;
      if (!Number.isFinite(best[s] ?? Infinity)) continue;
      const f = (best[s] ?? Infinity) + cost(s, t) + penalty;
      if (f < (best[t] ?? Infinity) - 1e-9) {
        best[t] = f;
        prev[t] = s;
      }
    }
  }
  const whole = (s: number, t: number): Segment => {
    let Y = 0;
    let E = 0;
    for (let i = s; i < t; i++) {
      Y += events[i] ?? 0;
      E += exposure[i] ?? 0;
    }
    return { start: s, end: t, events: Y, exposure: E, rate: E > 0 ? Y / E : NaN };
  };
  if (prev[n] === -1) return [whole(0, n)];
  const segments: Segment[] = [];
  for (let t = n; t > 0; ) {
    const s = prev[t] ?? 0;
    segments.unshift(whole(s, t));
    t = s;
  }
  return segments;
}
