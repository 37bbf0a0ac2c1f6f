import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid } from './logistic.js';

const logit = (p: number): number => Math.log(p / (1 - p));

/** Gradient of the penalized objective, computed independently of the solver. */
function gradient(x: Float64Array, y: Uint8Array, p: number, b0: number, w: readonly number[], l2: number): number[] {
  const g = new Array<number>(p + 1).fill(0);
  for (let i = 0; i < y.length; i++) {
    let z = b0;
    for (let j = 0; j < p; j++) z += (x[i * p + j] as number) * (w[j] as number);
    const r = sigmoid(z) - (y[i] as number);
    g[0] = (g[0] as number) + r;
    for (let j = 0; j < p; j++) g[j + 1] = (g[j + 1] as number) + r * (x[i * p + j] as number);
  }
  for (let j = 0; j < p; j++) g[j + 1] = (g[j + 1] as number) + l2 * (w[j] as number);
  return g;
}

describe('logistic regression', () => {
  it('one binary feature, no penalty: intercept = logit(p₀), slope = logit(p₁) − logit(p₀)', () => {
    // x = 0: 2 bads of 8 (p₀ = 1/4); x = 1: 6 bads of 8 (p₁ = 3/4)
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const y = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0]);
    const fit = fitLogistic(x, y, 1, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(logit(1 / 4), 12);
    expect(fit.coefficients[0]).toBeCloseTo(logit(3 / 4) - logit(1 / 4), 12);
  });

  it('on a single WOE column the slope is 1 and the intercept ln(bads/goods)', () => {
    // bins with (bads, goods) = (1, 4), (3, 2); totals 4 bads, 6 goods
    const woe0 = Math.log(1 / 4 / (4 / 6));
    const woe1 = Math.log(3 / 4 / (2 / 6));
    const x = Float64Array.from([woe0, woe0, woe0, woe0, woe0, woe1, woe1, woe1, woe1, woe1]);
    const y = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    const fit = fitLogistic(x, y, 1, { l2: 0 });
    expect(fit.coefficients[0]).toBeCloseTo(1, 12);
    expect(fit.intercept).toBeCloseTo(Math.log(4 / 6), 12);
  });

  it('standard error of the slope in the 2×2 case is √(1/a + 1/b + 1/c + 1/d)', () => {
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const y = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0]);
    const fit = fitLogistic(x, y, 1, { l2: 0 });
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / 2 + 1 / 6 + 1 / 6 + 1 / 2), 10);
  });

  it('converges on perfectly separable data with an L2 penalty (gradient zero at the optimum)', () => {
    const x = Float64Array.from([-3, -2, -1.5, -1, 1, 1.2, 2, 3]);
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const fit = fitLogistic(x, y, 1, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
    for (const g of gradient(x, y, 1, fit.intercept, fit.coefficients, 1)) expect(Math.abs(g)).toBeLessThan(1e-9);
  });

  it('refuses separable data without a penalty instead of returning huge coefficients', () => {
    const x = Float64Array.from([-3, -2, -1.5, -1, 1, 1.2, 2, 3]);
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(() => fitLogistic(x, y, 1, { l2: 0 })).toThrow(/perfectly separated/);
  });

  it('matches the optimality conditions on a larger correlated problem', () => {
    const n = 500;
    const p = 3;
    const x = new Float64Array(n * p);
    const y = new Uint8Array(n);
    let s = 42;
    const rnd = (): number => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    for (let i = 0; i < n; i++) {
      const a = rnd() * 2 - 1;
      x[i * p] = a;
      x[i * p + 1] = a * 0.9 + (rnd() - 0.5) * 0.2;
      x[i * p + 2] = rnd() * 2 - 1;
      y[i] = rnd() < sigmoid(1.5 * a - (x[i * p + 2] as number)) ? 1 : 0;
    }
    const fit = fitLogistic(x, y, p, { l2: 0.5 });
    expect(fit.converged).toBe(true);
    for (const g of gradient(x, y, p, fit.intercept, fit.coefficients, 0.5)) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it('handles a constant column without failing', () => {
    const x = Float64Array.from([1, 0, 1, 1, 1, 0, 1, 1]).map((_, i) => (i % 2 === 0 ? 0 : 0));
    const y = Uint8Array.from([1, 0, 1, 0, 0, 0, 1, 0]);
    const fit = fitLogistic(x, y, 1, { l2: 1 });
    expect(fit.intercept).toBeCloseTo(logit(3 / 8), 10);
    expect(fit.coefficients[0]).toBe(0);
  });
});
