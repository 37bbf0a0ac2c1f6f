import { describe, expect, it } from 'vitest';
import { auc, brier, gini, ks, logLoss, rocCurve } from './metrics.js';
import { calibration, gainsTable } from './tables.js';
import { csiFromBins, psiFromCounts, scorePsi } from './stability.js';

describe('auc', () => {
  it('counts concordant pairs: 3 of 4 pairs ordered correctly → 0.75', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });
  it('counts a tied bad/good pair as one half → 3.5 / 4', () => {
    expect(auc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBe(0.875);
  });
  it('is 0.5 when every score is the same', () => {
    expect(auc([3, 3, 3, 3, 3], [1, 0, 1, 0, 0])).toBe(0.5);
  });
  it('is NaN with one class only', () => {
    expect(auc([1, 2], [0, 0])).toBeNaN();
  });
  it('gini = 2·AUC − 1', () => {
    expect(gini([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.5);
  });
});

describe('ks', () => {
  it('finds the largest gap of the cumulative distributions: 2/3 at score 2', () => {
    const r = ks([1, 2, 3, 4, 5, 6], [0, 0, 1, 0, 1, 1]);
    expect(r.ks).toBe(2 / 3);
    expect(r.threshold).toBe(2);
  });
  it('moves tied scores together: both rows at 2 enter at once', () => {
    // at ≤1: bad 0/2, good 1/2 → 0.5; at ≤2 (one bad, one good tied): 1/2 vs 2/2 → 0.5; at ≤3: 1 vs 1
    const r = ks([1, 2, 2, 3], [0, 1, 0, 1]);
    expect(r.ks).toBe(0.5);
    expect(r.threshold).toBe(1);
  });
});

describe('roc, brier, log-loss', () => {
  it('roc curve has one point per distinct score plus the origin', () => {
    const r = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(r.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
  });
  it('brier is the mean squared error', () => {
    expect(brier([0.2, 0.9], [0, 1])).toBe((0.04 + 0.01) / 2);
  });
  it('log-loss is the mean negative log-likelihood', () => {
    expect(logLoss([0.2, 0.9], [0, 1])).toBe(-(Math.log(0.8) + Math.log(0.9)) / 2);
  });
});

describe('gains table', () => {
  it('splits 10 rows into 5 groups of 2, riskiest first', () => {
    const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const y = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const g = gainsTable(scores, y, 5);
    expect(g.map((r) => r.count)).toEqual([2, 2, 2, 2, 2]);
    expect(g.map((r) => r.events)).toEqual([2, 1, 1, 0, 0]);
    expect(g[0]?.lift).toBe(1 / 0.4);
    expect(g[1]?.cumEventShare).toBe(3 / 4);
    expect(g[1]?.cumLift).toBe(3 / 4 / 0.4);
    expect(g[4]?.cumEventShare).toBe(1);
  });
  it('keeps tied scores in one group', () => {
    const g = gainsTable([5, 5, 5, 1], [1, 0, 0, 0], 2);
    expect(g.map((r) => r.count)).toEqual([3, 1]);
  });
});

describe('calibration', () => {
  it('averages predictions and outcomes per quantile bin', () => {
    const c = calibration([0.1, 0.2, 0.7, 0.9], [0, 1, 1, 1], 2);
    expect(c.bins).toHaveLength(2);
    expect(c.bins[0]?.meanPredicted).toBe((0.1 + 0.2) / 2);
    expect(c.bins[0]?.observedRate).toBe(0.5);
    expect(c.bins[1]?.meanPredicted).toBe((0.7 + 0.9) / 2);
    expect(c.bins[1]?.observedRate).toBe(1);
    expect(c.ece).toBe(0.5 * Math.abs(0.5 - (0.1 + 0.2) / 2) + 0.5 * Math.abs(1 - 0.8));
  });
  it('uniform bins cover [0,1] in equal widths and drop empty ones', () => {
    const c = calibration([0.05, 0.95, 0.96], [0, 1, 0], 10, 'uniform');
    expect(c.bins.map((b) => b.count)).toEqual([1, 2]);
  });
});

describe('stability', () => {
  it('PSI of 50/30/20 vs 40/30/30 by the formula', () => {
    const r = psiFromCounts([50, 30, 20], [40, 30, 30]);
    expect(r.psi).toBeCloseTo((0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.3 - 0.2) * Math.log(0.3 / 0.2), 15);
  });
  it('PSI floors an empty bin at 1e-4', () => {
    const r = psiFromCounts([1, 1], [2, 0]);
    expect(r.psi).toBe((1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5));
  });
  it('score PSI is zero for the same sample', () => {
    const s = Array.from({ length: 100 }, (_, i) => i);
    expect(scorePsi(s, s).psi).toBe(0);
  });
  it('CSI counts rows per bin', () => {
    const r = csiFromBins([0, 0, 1, 1], [0, 1, 1, 1], ['a', 'b']);
    expect(r.bins.map((b) => b.actualCount)).toEqual([1, 3]);
    expect(r.psi).toBeCloseTo((0.25 - 0.5) * Math.log(0.5) + (0.75 - 0.5) * Math.log(1.5), 15);
  });
});
