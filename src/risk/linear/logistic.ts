/**
 * L2-penalized logistic regression by Newton's method (IRLS) with a backtracking line search:
 * minimizes Σ [log(1 + e^z) − y·z] + ½·λ·‖w‖², z = b + x·w, the intercept b unpenalized.
 * λ = 1/C matches scikit-learn's LogisticRegression(C). The objective is strictly convex for λ > 0,
 * so Newton with line search converges from zero even on separable data; with λ = 0 and separable
 * data no finite optimum exists and we say so instead of returning huge coefficients.
 */
import { AppError } from '../../domain/errors.js';
import { choleskyInPlace, choleskySolve, inverseDiagonal } from './cholesky.js';

export interface LogisticOptions {
  /** L2 penalty λ on the coefficients (not the intercept). Default 1 (scikit-learn's C = 1). */
  l2: number;
  maxIter: number;
  /** Stop when the largest gradient component falls below gradTol · n (or the Newton step below 1e-10 relative). */
  gradTol: number;
  /** Optional sample weights. */
  weights?: Float64Array;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { l2: 1, maxIter: 100, gradTol: 1e-13 };

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  /** Standard errors from the inverse Hessian at the optimum (intercept first). */
  standardErrors: number[];
  iterations: number;
  converged: boolean;
  /** Penalized negative log-likelihood at the optimum. */
  objective: number;
  l2: number;
}

/** log(1 + e^z) without overflow. */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface Problem {
  x: Float64Array;
  y: Uint8Array;
  n: number;
  p: number;
  l2: number;
  w: Float64Array | undefined;
}

/** beta = [intercept, w1..wp]. */
function objective(pr: Problem, beta: Float64Array, z: Float64Array): number {
  let f = 0;
  for (let i = 0; i < pr.n; i++) {
    let zi = beta[0] as number;
    const base = i * pr.p;
    for (let j = 0; j < pr.p; j++) zi += (pr.x[base + j] as number) * (beta[j + 1] as number);
    z[i] = zi;
    const wi = pr.w ? (pr.w[i] as number) : 1;
    f += wi * (log1pExp(zi) - (pr.y[i] as number) * zi);
  }
  let pen = 0;
  for (let j = 1; j <= pr.p; j++) pen += (beta[j] as number) ** 2;
  return f + 0.5 * pr.l2 * pen;
}

/** Gradient and Hessian ((p+1)×(p+1), intercept first) at linear predictors z. */
function gradHess(pr: Problem, beta: Float64Array, z: Float64Array): { g: Float64Array; h: Float64Array } {
  const q = pr.p + 1;
  const g = new Float64Array(q);
  const h = new Float64Array(q * q);
  const row = new Float64Array(q);
  row[0] = 1;
  for (let i = 0; i < pr.n; i++) {
    const mu = sigmoid(z[i] as number);
    const wi = pr.w ? (pr.w[i] as number) : 1;
    const r = wi * (mu - (pr.y[i] as number));
    const s = wi * mu * (1 - mu);
    const base = i * pr.p;
    for (let j = 0; j < pr.p; j++) row[j + 1] = pr.x[base + j] as number;
    for (let a = 0; a < q; a++) {
      const ra = row[a] as number;
      g[a] = (g[a] as number) + r * ra;
      const sa = s * ra;
      for (let b = 0; b <= a; b++) h[a * q + b] = (h[a * q + b] as number) + sa * (row[b] as number);
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) h[b * q + a] = h[a * q + b] as number;
  for (let j = 1; j < q; j++) {
    g[j] = (g[j] as number) + pr.l2 * (beta[j] as number);
    h[j * q + j] = (h[j * q + j] as number) + pr.l2;
  }
  return { g, h };
}

function separationError(): AppError {
  return new AppError({
    code: 'risk.separable',
    en: 'The classes are perfectly separated by the features, so the unpenalized logistic regression has no finite solution; use an L2 penalty (l2 > 0) or remove the separating feature.',
    zh: '特征把好坏样本完全分开，无惩罚的逻辑回归没有有限解；请使用 L2 惩罚（l2 > 0）或去掉造成完全分离的特征。',
  });
}

/** Solve H·s = g by Cholesky; a singular H (constant or collinear columns) gets a tiny ridge. */
function newtonStep(h: Float64Array, g: Float64Array, q: number): Float64Array {
  const factor = Float64Array.from(h);
  if (choleskyInPlace(factor, q)) return choleskySolve(factor, q, g);
  const ridged = Float64Array.from(h);
  for (let j = 0; j < q; j++) ridged[j * q + j] = (ridged[j * q + j] as number) + 1e-8 * (1 + Math.abs(ridged[j * q + j] as number));
  if (!choleskyInPlace(ridged, q)) throw separationError();
  return choleskySolve(ridged, q, g);
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

/**
 * Fit on a row-major design matrix `x` (n × p) and 0/1 target `y`.
 */
export function fitLogistic(x: Float64Array, y: Uint8Array, p: number, o: Partial<LogisticOptions> = {}): LogisticFit {
  const opts = { ...DEFAULT_LOGISTIC, ...o };
  const n = y.length;
  if (x.length !== n * p) throw new RangeError(`design matrix has ${x.length} cells, expected ${n}×${p}`);
  if (!(opts.l2 >= 0)) throw new RangeError('l2 must be ≥ 0');
  const pr: Problem = { x, y, n, p, l2: opts.l2, w: opts.weights };
  const q = p + 1;
  const beta = new Float64Array(q);
  const z = new Float64Array(n);
  const zTry = new Float64Array(n);
  let f = objective(pr, beta, z);
  let iter = 0;
  let converged = false;
  const tol = opts.gradTol * Math.max(1, n);
  for (; iter < opts.maxIter; iter++) {
    const { g, h } = gradHess(pr, beta, z);
    const step = newtonStep(h, g, q);
    if (maxAbs(g) < tol) {
      // At the optimum to rounding: one last full Newton step polishes the last digits.
      for (let j = 0; j < q; j++) beta[j] = (beta[j] as number) - (step[j] as number);
      f = objective(pr, beta, z);
      converged = true;
      iter++;
      break;
    }
    let decrement = 0;
    for (let j = 0; j < q; j++) decrement += (g[j] as number) * (step[j] as number);
    const trial = new Float64Array(q);
    let t = 1;
    let fNew = Number.POSITIVE_INFINITY;
    // In the quadratic regime the decrease is below rounding noise of f: take the full Newton step.
    const fullStep = decrement < 1e-10 * Math.max(1, Math.abs(f));
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < q; j++) trial[j] = (beta[j] as number) - t * (step[j] as number);
      fNew = objective(pr, trial, zTry);
      if (fullStep || fNew <= f - 1e-4 * t * decrement) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
    beta.set(trial);
    z.set(zTry);
    f = fNew;
    if (opts.l2 === 0 && f < 1e-8 * n) throw separationError();
    // Newton converges quadratically: once the step is this small the iterate is exact to rounding.
    if (t === 1 && maxAbs(step) <= 1e-10 * (1 + maxAbs(beta))) {
      converged = true;
      iter++;
      break;
    }
  }
  if (opts.l2 === 0 && !converged && maxAbs(beta) > 20) throw separationError();
  const factor = Float64Array.from(gradHess(pr, beta, z).h);
  const se = choleskyInPlace(factor, q) ? Array.from(inverseDiagonal(factor, q), (v) => Math.sqrt(v)) : new Array<number>(q).fill(Number.NaN);
  return {
    intercept: beta[0] as number,
    coefficients: Array.from(beta.subarray(1)),
    standardErrors: se,
    iterations: iter,
    converged,
    objective: f,
    l2: opts.l2,
  };
}
