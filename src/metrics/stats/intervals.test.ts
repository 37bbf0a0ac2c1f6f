import { describe, expect, it } from 'vitest';
import { binomialTestTwoSided, clopperPearson, garwood, rateRatio, wilson } from './intervals.js';
import { logGamma } from './special.js';

describe('Wilson interval', () => {
  it('5 of 100 at 95% is [2.15%, 11.18%]', () => {
    const w = wilson(5, 100);
    expect(w.estimate).toBe(0.05);
    expect(w.lower).toBeCloseTo(0.02154, 5);
    expect(w.upper).toBeCloseTo(0.11175, 5);
  });

  it('0 of 20 has lower bound 0 and upper z²/(n+z²)', () => {
    const w = wilson(0, 20);
    const z2 = 1.959963984540054 ** 2;
    expect(w.lower).toBe(0);
    expect(w.upper).toBeCloseTo(z2 / (20 + z2), 14);
  });

  it('rejects x > n', () => {
    expect(() => wilson(3, 2)).toThrow(RangeError);
  });
});

describe('Garwood exact Poisson interval', () => {
  it('0 events → [0, 3.689]', () => {
    const g = garwood(0);
    expect(g.lower).toBe(0);
    expect(g.upper).toBeCloseTo(3.6888794541139354, 12);
  });

  it('1 event → [0.0253, 5.572]', () => {
    const g = garwood(1);
    expect(g.lower).toBeCloseTo(0.025317807984289876, 13);
    expect(g.upper).toBeCloseTo(5.571643390938898, 12);
  });

  it('10 events → [4.795, 18.39]', () => {
    const g = garwood(10);
    expect(g.lower).toBeCloseTo(4.7953886961324335, 12);
    expect(g.upper).toBeCloseTo(18.39035604201778, 11);
  });

  it('divides by the exposure: 10 events per 1,000 loans', () => {
    const g = garwood(10, 1000);
    expect(g.estimate).toBe(0.01);
    expect(g.lower).toBeCloseTo(0.004795388696132434, 15);
    expect(g.upper).toBeCloseTo(0.01839035604201778, 14);
  });
});

describe('Clopper–Pearson', () => {
  it('10 of 30 at 95% (R binom.test: 0.1729–0.5281)', () => {
    const c = clopperPearson(10, 30);
    expect(c.lower).toBeCloseTo(0.1728742215260393, 12);
    expect(c.upper).toBeCloseTo(0.5281200447898805, 12);
  });
});

describe('rate ratio, exact conditional method', () => {
  it('10 per 1,000 vs 20 per 1,000 (R poisson.test: 0.5, CI 0.2090–1.1192, p = 0.0987)', () => {
    const r = rateRatio(10, 1000, 20, 1000);
    expect(r.estimate).toBe(0.5);
    expect(r.lower).toBeCloseTo(0.209005965023833, 11);
    expect(r.upper).toBeCloseTo(1.1191830442442048, 11);
    expect(r.pValue).toBeCloseTo(0.09873714670538905, 12);
  });

  it('unequal exposures: 30 per 2,000 vs 12 per 1,500 (ratio 1.875, CI 0.9322–4.0213, p = 0.0631)', () => {
    const r = rateRatio(30, 2000, 12, 1500);
    expect(r.estimate).toBeCloseTo(1.875, 15);
    expect(r.lower).toBeCloseTo(0.932222351296614, 10);
    expect(r.upper).toBeCloseTo(4.0212513626310304, 10);
    expect(r.pValue).toBeCloseTo(0.06305514158019881, 12);
  });

  it('no events in either segment: ratio undefined, interval [0, ∞), p = 1', () => {
    const r = rateRatio(0, 100, 0, 100);
    expect(r.estimate).toBeNaN();
    expect(r.upper).toBe(Infinity);
    expect(r.pValue).toBe(1);
  });

  it('the O(log n) binomial test equals summing the pmf over every outcome (R binom.test rule)', () => {
    const reference = (x: number, n: number, p: number): number => {
      const lp = (i: number): number => logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p);
      const cut = lp(x) + Math.log1p(1e-7);
      let sum = 0;
      for (let i = 0; i <= n; i++) if (lp(i) <= cut) sum += Math.exp(lp(i));
      return Math.min(1, sum);
    };
    for (const [x, n, p] of [[0, 10, 0.3], [10, 10, 0.3], [3, 10, 0.3], [7, 10, 0.3], [1, 50, 0.02], [40, 1000, 0.05], [70, 1000, 0.05], [5, 7, 0.5], [2, 3, 0.5], [123, 4567, 0.031], [5000, 12000, 0.4]] as const) {
      expect(binomialTestTwoSided(x, n, p)).toBeCloseTo(reference(x, n, p), 10);
    }
  });

  it('scipy binomtest: 40 of 1,000 at 5% → p = 0.1674', () => {
    expect(binomialTestTwoSided(40, 1000, 0.05)).toBeCloseTo(0.16736875164155202, 10);
  });

  it('symmetric binomial test of 15 of 30 at ½ has p = 1', () => {
    expect(binomialTestTwoSided(15, 30, 0.5)).toBeCloseTo(1, 12);
  });
});
