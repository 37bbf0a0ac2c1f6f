import { describe, expect, it } from 'vitest';
import { auc } from '../eval/metrics.js';
import { stratifiedSplit } from '../eval/split.js';
import { categoricalColumn, makeFrame, numericColumn, rowRecord, takeLabeled, type LabeledFrame } from '../frame/frame.js';
import { makeRng } from '../rng.js';
import { CREDIT_SETS, loadCreditSet } from '../test-support.js';
import { loadGbm, saveGbm } from './artifact.js';
import { compileGbm, type CompiledGbm } from './predict.js';
import { numericCuts } from './quantize.js';
import { makeShapExplainer } from './shap.js';
import { trainGbm } from './train.js';
import type { GbmModel } from './types.js';

function synthetic(n: number, seed: number): LabeledFrame {
  const rng = makeRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c: string[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next() * 10;
    b[i] = rng.next() < 0.15 ? Number.NaN : rng.next() * 5;
    c.push(['x', 'y', 'z', 'w'][rng.int(4)] as string);
    const z = -2 + 0.4 * (a[i] as number) - (Number.isNaN(b[i] as number) ? -1.5 : 0.3 * (b[i] as number)) + (c[i] === 'z' ? 1 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { frame: makeFrame([numericColumn('a', a), numericColumn('b', b), categoricalColumn('c', c)]), target: y, targetName: 'y' };
}

/** Exact Shapley values from the definition, with the same cover-weighted conditional expectation. */
function bruteShapley(c: CompiledGbm, x: Float64Array): Float64Array {
  const F = c.nFeatures;
  const condExp = (n: number, S: number): number => {
    const f = c.feature[n] as number;
    if (f < 0) return c.value[n] as number;
    const l = c.left[n] as number;
    const r = c.right[n] as number;
    if (S & (1 << f)) {
      const v = x[f] as number;
      const co = c.catOffset[n] as number;
      const left = v !== v ? c.defaultLeft[n] === 1 : co >= 0 ? c.catMask[co + v] === 1 : v < (c.threshold[n] as number);
      return condExp(left ? l : r, S);
    }
    const cl = c.cover[l] as number;
    const cr = c.cover[r] as number;
    return (cl * condExp(l, S) + cr * condExp(r, S)) / (cl + cr);
  };
  const value = (S: number): number => {
    let s = 0;
    for (let t = 0; t < c.roots.length; t++) s += condExp(c.roots[t] as number, S);
    return s;
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Float64Array(F);
  for (let i = 0; i < F; i++) {
    for (let S = 0; S < 1 << F; S++) {
      if (S & (1 << i)) continue;
      let size = 0;
      for (let k = 0; k < F; k++) if (S & (1 << k)) size++;
      const w = (fact(size) * fact(F - size - 1)) / fact(F);
      phi[i] = (phi[i] as number) + w * (value(S | (1 << i)) - value(S));
    }
  }
  return phi;
}

describe('quantization', () => {
  it('gives each distinct value its own bin when there are few', () => {
    expect(numericCuts(Float64Array.from([3, 1, 2, 2, Number.NaN, 3]), 255, null)).toEqual([2, 3]);
  });
  it('caps the number of bins and keeps equal frequencies', () => {
    const v = Float64Array.from({ length: 1000 }, (_, i) => i);
    const cuts = numericCuts(v, 4, null);
    expect(cuts).toEqual([250, 500, 750]);
  });
});

describe('gradient boosting on synthetic data', async () => {
  const data = synthetic(3000, 1);
  const model = await trainGbm({ train: data, params: { nEstimators: 30, maxDepth: 3, learningRate: 0.2 } });
  const c = compileGbm(model);

  it('learns the signal', () => {
    expect(auc(c.marginFrame(data.frame), data.target)).toBeGreaterThan(0.7);
  });

  it('TreeSHAP contributions plus bias add up to the margin', () => {
    const ex = makeShapExplainer(c);
    const cols = c.encodeFrame(data.frame);
    const margins = c.marginFrame(data.frame);
    for (let i = 0; i < 200; i++) {
      const x = Float64Array.from(cols, (col) => col[i] as number);
      const phi = ex.contributions(x);
      let s = 0;
      for (const v of phi) s += v;
      expect(Math.abs(s - (margins[i] as number))).toBeLessThan(1e-10);
    }
  });

  it('TreeSHAP equals Shapley values computed from the definition', () => {
    const ex = makeShapExplainer(c);
    const cols = c.encodeFrame(data.frame);
    for (const i of [0, 7, 19, 123]) {
      const x = Float64Array.from(cols, (col) => col[i] as number);
      const phi = ex.contributions(x);
      const brute = bruteShapley(c, x);
      for (let j = 0; j < 3; j++) expect(phi[j]).toBeCloseTo(brute[j] as number, 10);
    }
  });

  it('learns where missing values go: missing b (high risk in the data) scores above b = 4', () => {
    const withMissing = c.predictRecord({ a: 5, b: null, c: 'x' }).margin;
    const withHigh = c.predictRecord({ a: 5, b: 4, c: 'x' }).margin;
    expect(withMissing).toBeGreaterThan(withHigh);
  });

  it('single-record prediction equals frame prediction', () => {
    const all = c.marginFrame(data.frame);
    for (let i = 0; i < 100; i++) expect(c.predictRecord(rowRecord(data.frame, i)).margin).toBe(all[i]);
  });

  it('save/load keeps every parameter and predicts identically to the last digit', () => {
    const text = saveGbm(model);
    const back: GbmModel = loadGbm(text);
    expect(back).toEqual(model);
    expect(saveGbm(back)).toBe(text);
    const a = c.marginFrame(data.frame);
    const b = compileGbm(back).marginFrame(data.frame);
    for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
  });

  it('rejects a tampered artifact', () => {
    const raw = JSON.parse(saveGbm(model)) as { trees: { left: number[] }[] };
    (raw.trees[0] as { left: number[] }).left[0] = 999;
    expect(() => loadGbm(JSON.stringify(raw))).toThrow(/child index/);
  });
});

describe('monotone constraints', async () => {
  // risk falls with a, except a bump the unconstrained model would follow
  const n = 3000;
  const rng = makeRng(5);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next() * 10;
    b[i] = rng.next();
    const bump = (a[i] as number) > 6 && (a[i] as number) < 7 ? 2 : 0;
    y[i] = rng.next() < 1 / (1 + Math.exp(-(1 - 0.3 * (a[i] as number) + bump + (b[i] as number)))) ? 1 : 0;
  }
  const data: LabeledFrame = { frame: makeFrame([numericColumn('a', a), numericColumn('b', b)]), target: y, targetName: 'y' };
  const grid = Array.from({ length: 101 }, (_, i) => i / 10);

  it('without a constraint the model follows the bump', async () => {
    const m = compileGbm(await trainGbm({ train: data, params: { nEstimators: 60, maxDepth: 3, learningRate: 0.3 } }));
    const ys = grid.map((v) => m.predictRecord({ a: v, b: 0.5 }).margin);
    expect(ys.some((v, i) => i > 0 && v > (ys[i - 1] as number) + 1e-12)).toBe(true);
  });

  it('numeric-only models: batch prediction (four rows at a time) equals single-record prediction', async () => {
    const withNaN: LabeledFrame = { ...data, frame: makeFrame([numericColumn('a', a), numericColumn('b', Float64Array.from(b, (v, i) => (i % 7 === 0 ? Number.NaN : v)))]) };
    const m = compileGbm(await trainGbm({ train: withNaN, params: { nEstimators: 20, maxDepth: 4 } }));
    const all = m.marginFrame(withNaN.frame);
    for (let i = 0; i < 203; i++) expect(m.predictRecord(rowRecord(withNaN.frame, i)).margin).toBe(all[i]);
  });

  it('with a decreasing constraint predictions never rise with a, whatever b is', async () => {
    const m = compileGbm(await trainGbm({ train: data, params: { nEstimators: 60, maxDepth: 3, learningRate: 0.3, monotone: { a: -1 } } }));
    for (const bv of [0, 0.25, 0.5, 0.9, Number.NaN]) {
      const ys = grid.map((v) => m.predictRecord({ a: v, b: bv }).margin);
      for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThanOrEqual((ys[i - 1] as number) + 1e-12);
    }
  });
});

describe('early stopping and growth policies', async () => {
  const data = synthetic(2000, 3);
  const sp = stratifiedSplit(data.target, 0.3, 2);
  const train = takeLabeled(data, sp.train);
  const valid = takeLabeled(data, sp.test);

  it('stops when the validation loss stops improving and keeps the best round', async () => {
    const m = await trainGbm({ train, valid, params: { nEstimators: 400, learningRate: 0.3, maxDepth: 5, earlyStoppingRounds: 10 } });
    expect(m.training.stoppedEarly).toBe(true);
    expect(m.trees.length).toBe(m.training.bestIteration + 1);
    const best = Math.min(...m.training.validMetric);
    expect(m.training.validMetric[m.training.bestIteration]).toBe(best);
  });

  it('loss-guided growth respects maxLeaves', async () => {
    const m = await trainGbm({ train, params: { nEstimators: 5, growPolicy: 'lossguide', maxLeaves: 6, maxDepth: 0 } });
    for (const t of m.trees) expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(6);
  });

  it('row and column subsampling train and stay reproducible with the same seed', async () => {
    const p = { nEstimators: 10, subsample: 0.7, colsampleByTree: 0.67, seed: 9 };
    const m1 = await trainGbm({ train, params: p });
    const m2 = await trainGbm({ train, params: p });
    expect(saveGbm(m1)).toBe(saveGbm(m2));
  });
});

describe('worker threads', () => {
  it('build the same trees as one thread (histograms summed in another order: equal to rounding)', async () => {
    const data = synthetic(3000, 4);
    const p = { nEstimators: 8, maxDepth: 4 };
    const one = await trainGbm({ train: data, params: p });
    const two = await trainGbm({ train: data, params: { ...p, threads: 2 }, parallelMinRows: 300 });
    expect(two.trees.map((t) => t.feature)).toEqual(one.trees.map((t) => t.feature));
    expect(two.trees.map((t) => t.binThreshold)).toEqual(one.trees.map((t) => t.binThreshold));
    const a = compileGbm(one).marginFrame(data.frame);
    const b = compileGbm(two).marginFrame(data.frame);
    for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(1e-9);
  });
});

describe('German credit end to end (real data)', () => {
  it('reaches a sane out-of-sample AUC', async () => {
    const d = loadCreditSet(CREDIT_SETS.german);
    const sp = stratifiedSplit(d.target, 0.3, 11);
    const m = await trainGbm({ train: takeLabeled(d, sp.train), params: { nEstimators: 150, learningRate: 0.05, maxDepth: 3 } });
    const test = takeLabeled(d, sp.test);
    const a = auc(compileGbm(m).marginFrame(test.frame), test.target);
    expect(a).toBeGreaterThan(0.72);
    expect(a).toBeLessThan(0.95);
  });
});
