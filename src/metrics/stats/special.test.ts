import { describe, expect, it } from 'vitest';
import { betaInc, betaQuantile, chiSquareQuantile, gammaP, gammaQ, gammaQuantile, logGamma, normalCdf, normalQuantile } from './special.js';

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it('P(1, x) = 1 − e^−x and P + Q = 1', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(gammaP(3.5, 2.2) + gammaQ(3.5, 2.2)).toBeCloseTo(1, 15);
    expect(gammaQ(3, 40)).toBeGreaterThan(0);
  });

  it('gamma quantile inverts P for shapes from 0.3 to 500', () => {
    for (const a of [0.3, 1, 2, 10.5, 500]) {
      for (const p of [1e-10, 0.025, 0.5, 0.975, 1 - 1e-9]) {
        const x = gammaQuantile(p, a);
        const back = p > 0.5 ? 1 - gammaQ(a, x) : gammaP(a, x);
        expect(Math.abs(back - p)).toBeLessThan(1e-12 * Math.max(1, 1 / p) * p + 1e-15);
      }
    }
  });

  it('gamma and chi-square quantiles equal published values (scipy/R qgamma, qchisq)', () => {
    expect(gammaQuantile(0.5, 0.3)).toBeCloseTo(0.07313113586695198, 12);
    expect(gammaQuantile(1e-10, 50)).toBeCloseTo(17.199911954562392, 9);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841458820694124, 12);
    expect(gammaQuantile(0.975, 1)).toBeCloseTo(-Math.log(0.025), 13);
  });

  it('beta function and quantile equal published values (scipy beta.ppf)', () => {
    expect(betaInc(0.5, 2, 2)).toBeCloseTo(0.5, 15);
    expect(betaQuantile(0.3, 2.5, 7)).toBeCloseTo(0.17680146270511063, 12);
    expect(betaQuantile(0.999, 0.5, 0.5)).toBeCloseTo(0.999997532600929, 12);
  });

  it('normal quantile and cdf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-12)).toBeCloseTo(-7.034483825763, 9);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25);
  });
});
