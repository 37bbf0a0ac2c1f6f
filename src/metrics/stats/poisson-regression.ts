/**
 * Log-linear Poisson regression with an exposure offset, fitted by iteratively reweighted least
 * squares: y_t ~ Poisson(E_t · exp(α + β·x_t)). Standard errors come from the Fisher information,
 * inflated by the Pearson dispersion when it exceeds 1 (quasi-Poisson), so over-dispersed monthly
 * counts do not produce over-confident trends.
 */
import { normalCdf, normalQuantile } from './special.js';

export interface PoissonFit {
  alpha: number;
  beta: number;
  seAlpha: number;
  seBeta: number;
  /** Pearson χ² / (n − 2), floored at 1 when used to scale standard errors. */
  dispersion: number;
  /** Two-sided p-value of β = 0 (normal approximation, dispersion-scaled). */
  pValue: number;
  betaLower: number;
  betaUpper: number;
  iterations: number;
  converged: boolean;
  n: number;
}

export function fitPoissonTrend(x: readonly number[], y: readonly number[], exposure: readonly number[], level = 0.95): PoissonFit | null {
  const idx = x.map((_, i) => i).filter((i) => (exposure[i] ?? 0) > 0);
  const n = idx.length;
  const Y = idx.reduce((s, i) => s + (y[i] ?? 0), 0);
  const E = idx.reduce((s, i) => s + (exposure[i] ?? 0), 0);
  if (n < 2 || Y <= 0) return null;
  const xs = idx.map((i) => x[i] ?? 0);
  const ys = idx.map((i) => y[i] ?? 0);
  const es = idx.map((i) => exposure[i] ?? 0);
  if (Math.max(...xs) === Math.min(...xs)) return null;
  let a = Math.log(Y / E);
  let b = 0;
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    let g0 = 0;
    let g1 = 0;
    for (let k = 0; k < n; k++) {
      const xi = xs[k] ?? 0;
      const mu = (es[k] ?? 0) * Math.exp(a + b * xi);
      const r = (ys[k] ?? 0) - mu;
      g0 += r;
      g1 += r * xi;
      s00 += mu;
      s01 += mu * xi;
      s11 += mu * xi * xi;
    }
    const det = s00 * s11 - s01 * s01;
    if (!(det > 0)) break;
    // Newton step = (X'WX)^{-1} X'(y − μ); identical to IRLS for the canonical log link.
    const da = (s11 * g0 - s01 * g1) / det;
    const db = (s00 * g1 - s01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) {
      converged = true;
      break;
    }
  }
  // Information at the final estimate.
  let s00 = 0;
  let s01 = 0;
  let s11 = 0;
  let pearson = 0;
  for (let k = 0; k < n; k++) {
    const xi = xs[k] ?? 0;
    const mu = (es[k] ?? 0) * Math.exp(a + b * xi);
    s00 += mu;
    s01 += mu * xi;
    s11 += mu * xi * xi;
    pearson += ((ys[k] ?? 0) - mu) ** 2 / mu;
  }
  const det = s00 * s11 - s01 * s01;
  const dispersion = n > 2 ? pearson / (n - 2) : 1;
  const scale = Math.max(1, dispersion);
  const seAlpha = Math.sqrt((s11 / det) * scale);
  const seBeta = Math.sqrt((s00 / det) * scale);
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    alpha: a,
    beta: b,
    seAlpha,
    seBeta,
    dispersion,
    pValue: 2 * normalCdf(-Math.abs(b / seBeta)),
    betaLower: b - z * seBeta,
    betaUpper: b + z * seBeta,
    iterations,
    converged,
    n,
  };
}
