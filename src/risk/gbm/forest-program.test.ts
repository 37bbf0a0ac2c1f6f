import { describe, expect, it } from 'vitest';
import { categoricalColumn, makeFrame, numericColumn, rowRecord, type Column, type Frame, type LabeledFrame } from '../frame/frame.js';
import { makeRng } from '../rng.js';
import { compileForestProgram } from './forest-program.js';
import { compileGbm, type CompiledGbm } from './predict.js';
import { openGbmScoringPool } from './score-pool.js';
import { trainGbm } from './train.js';
import { DEFAULT_GBM, GBM_FORMAT, GBM_FORMAT_VERSION, type GbmModel, type GbmTree } from './types.js';

const LEVELS = ['x', 'y', 'z', 'w', 'v', 'u', 't'];

function synthetic(n: number, seed: number): LabeledFrame {
  const rng = makeRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c: (string | null)[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = Math.round(rng.next() * 1000) / 100;
    b[i] = rng.next() < 0.15 ? Number.NaN : rng.next() * 5;
    // skewed level shares (38 % … 7 %) so that a minimum count pools the rarest into an "other" bin
    c.push(rng.next() < 0.05 ? null : (LEVELS[Math.floor(rng.next() ** 2 * LEVELS.length)] as string));
    const z = -2 + 0.4 * (a[i] as number) - (Number.isNaN(b[i] as number) ? -1.5 : 0.3 * (b[i] as number)) + (c[i] === 'z' ? 1 : c[i] === 'u' ? -0.8 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { frame: makeFrame([numericColumn('a', a), numericColumn('b', b), categoricalColumn('c', c)]), target: y, targetName: 'y' };
}

function expectSameDoubles(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  expect(differ).toBe(0);
}

/** Thresholds the model splits feature f at. */
function thresholdsOf(model: GbmModel, f: number): number[] {
  const out: number[] = [];
  for (const t of model.trees) t.feature.forEach((g, k) => g === f && t.catLeft[k] === null && out.push(t.threshold[k] as number));
  return out;
}

/** Hostile rows: values exactly at and next to every threshold, ±∞, −0, NaN; unseen and missing levels. */
function edgeFrame(model: GbmModel): Frame {
  const a: number[] = [];
  const b: number[] = [];
  for (const t of [...thresholdsOf(model, 0), ...thresholdsOf(model, 1)]) a.push(t, t - 1e-9, t + 1e-9, Number.NaN);
  for (const t of thresholdsOf(model, 1)) b.push(t, t - 1e-9, t + 1e-9);
  a.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0);
  b.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.NaN);
  const n = Math.max(a.length, b.length) * 3;
  const pick = (v: number[], i: number): number => v[(i * 7) % v.length] as number;
  const levels = [...LEVELS, 'never-seen', null];
  return makeFrame([
    numericColumn('a', Array.from({ length: n }, (_, i) => pick(a, i))),
    numericColumn('b', Array.from({ length: n }, (_, i) => pick(b, i + 1))),
    categoricalColumn('c', Array.from({ length: n }, (_, i) => levels[i % levels.length] ?? null)),
  ]);
}

describe('scoring on bins (compiled forest program)', async () => {
  const data = synthetic(4000, 1);
  const oneVsRest = await trainGbm({ train: data, params: { nEstimators: 40, maxDepth: 5, learningRate: 0.2 } });
  const partition = await trainGbm({ train: data, params: { nEstimators: 40, maxDepth: 4, learningRate: 0.2, categoricalSplit: 'partition', minCategoryCount: 350 } });

  for (const [name, model] of [['one-vs-rest categorical splits', oneVsRest], ['partition categorical splits and an "other" bin', partition]] as const) {
    it(`${name}: the same doubles as the generic walk on the training rows and on hostile rows`, () => {
      const c = compileGbm(model);
      expect(c.program).not.toBeNull();
      expect(c.program?.virtInput.length).toBeGreaterThan(0);
      expectSameDoubles(c.marginFrame(data.frame), c.marginFrameGeneric(data.frame));
      const edge = edgeFrame(model);
      const m = c.marginFrame(edge);
      expectSameDoubles(m, c.marginFrameGeneric(edge));
      for (let i = 0; i < edge.nRows; i += 5) expect(Object.is(c.predictRecord(rowRecord(edge, i)).margin, m[i])).toBe(true);
    });
  }

  it('reads numbers given as text and levels given as numbers the way the generic walk does', () => {
    const c = compileGbm(oneVsRest);
    const n = 500;
    const rng = makeRng(8);
    const text = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 'n/a' : i % 13 === 0 ? '' : String(Math.round(rng.next() * 1000) / 100)));
    const frame = makeFrame([
      categoricalColumn('a', text),
      numericColumn('b', Array.from({ length: n }, (_, i) => (i % 9 === 0 ? Number.NaN : rng.next() * 5))),
      numericColumn('c', Array.from({ length: n }, (_, i) => (i % 4 === 0 ? Number.NaN : i % 5))),
    ]);
    expectSameDoubles(c.marginFrame(frame), c.marginFrameGeneric(frame));
  });

  it('pads shallow trees and single leaves; gives up (generic walk) beyond depth 12', () => {
    // a chain tree: node k splits a at k (x < k left to a leaf), depth D; plus a one-leaf tree
    const chain = (D: number): GbmTree => {
      const t: GbmTree = { feature: [], binThreshold: [], threshold: [], catLeft: [], defaultLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
      const push = (f: number, thr: number, l: number, r: number, v: number): void => {
        t.feature.push(f);
        t.binThreshold.push(f < 0 ? -1 : thr);
        t.threshold.push(f < 0 ? Number.NaN : thr);
        t.catLeft.push(null);
        t.defaultLeft.push(thr % 2 === 0);
        t.left.push(l);
        t.right.push(r);
        t.value.push(v);
        t.cover.push(1);
        t.gain.push(0);
      };
      for (let k = 0; k < D; k++) {
        const self = t.feature.length;
        push(0, k, self + 1, self + 2, 0);
        push(-1, 0, -1, -1, 0.1 * k + 0.01);
      }
      push(-1, 0, -1, -1, 7.5);
      return t;
    };
    const leafOnly: GbmTree = { feature: [-1], binThreshold: [-1], threshold: [Number.NaN], catLeft: [null], defaultLeft: [true], left: [-1], right: [-1], value: [0.25], cover: [1], gain: [0] };
    const model = (D: number): GbmModel => ({
      format: GBM_FORMAT,
      formatVersion: GBM_FORMAT_VERSION,
      kind: 'gbm',
      target: 'y',
      features: [{ kind: 'numeric', name: 'a', cuts: Array.from({ length: D }, (_, k) => k) }],
      baseMargin: -1.5,
      trees: [chain(3), leafOnly, chain(D)],
      params: DEFAULT_GBM,
      training: { rows: 1, events: 1, validationRows: 0, bestIteration: 2, stoppedEarly: false, trainMetric: [], validMetric: [] },
    });
    const frame = makeFrame([numericColumn('a', [Number.NaN, -1, 0, 0.5, 1, 2, 2.5, 5, 11, 11.5, 12, 12.5, 13, 100])]);
    const deep = compileGbm(model(12));
    expect(deep.program?.depth).toEqual(Int32Array.from([3, 0, 12]));
    const m = deep.marginFrame(frame);
    expectSameDoubles(m, deep.marginFrameGeneric(frame));
    expect(m[12]).toBe(-1.5 + 7.5 + 0.25 + 7.5);
    expect(compileForestProgram(model(13))).toBeNull();
    const tooDeep = compileGbm(model(13));
    expect(tooDeep.program).toBeNull();
    expectSameDoubles(tooDeep.marginFrame(frame), tooDeep.marginFrameGeneric(frame));
  });
});

/** Distinct thresholds: negative, zero, fractional and large values, sorted. */
function thresholdPool(count: number, seed: number): number[] {
  const rng = makeRng(seed);
  const set = new Set<number>([0]);
  while (set.size < count) set.add(Math.round((rng.next() - 0.3) * 2e6) / 1000);
  return [...set].sort((x, y) => x - y);
}

/** A random tree of depth ≤ D over numeric features (children adjacent, as trainGbm lays them out). */
function randomTree(rng: ReturnType<typeof makeRng>, D: number, pools: readonly number[][]): GbmTree {
  const t: GbmTree = { feature: [], binThreshold: [], threshold: [], catLeft: [], defaultLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
  const add = (): number => {
    t.feature.push(-1);
    t.binThreshold.push(-1);
    t.threshold.push(Number.NaN);
    t.catLeft.push(null);
    t.defaultLeft.push(true);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(Math.round((rng.next() - 0.5) * 1e6) / 3e6);
    t.cover.push(1);
    t.gain.push(0);
    return t.feature.length - 1;
  };
  const grow = (k: number, depth: number): void => {
    if (depth >= D || (depth > 0 && rng.next() < 0.2)) return;
    const f = rng.int(pools.length);
    const pool = pools[f] as number[];
    const b = rng.int(pool.length);
    const l = add();
    const r = add();
    t.feature[k] = f;
    t.binThreshold[k] = b;
    t.threshold[k] = pool[b] as number;
    t.defaultLeft[k] = rng.next() < 0.5;
    t.left[k] = l;
    t.right[k] = r;
    grow(l, depth + 1);
    grow(r, depth + 1);
  };
  grow(add(), 0);
  return t;
}

/** Stumps over every threshold of `pools[0]` (so each one is in the program) plus random trees of depth ≤ 8. */
function manyThresholdModel(pools: readonly number[][], seed: number): GbmModel {
  const rng = makeRng(seed);
  const stumps = (pools[0] as number[]).map((v, b): GbmTree => ({
    feature: [0, -1, -1],
    binThreshold: [b, -1, -1],
    threshold: [v, Number.NaN, Number.NaN],
    catLeft: [null, null, null],
    defaultLeft: [b % 3 === 0, true, true],
    left: [1, -1, -1],
    right: [2, -1, -1],
    value: [0, -b / 1e4, b / 7e3],
    cover: [1, 1, 1],
    gain: [0, 0, 0],
  }));
  const trees = [...stumps, ...Array.from({ length: 40 }, (_, i) => randomTree(rng, 1 + (i % 8), pools))];
  return {
    format: GBM_FORMAT,
    formatVersion: GBM_FORMAT_VERSION,
    kind: 'gbm',
    target: 'y',
    features: pools.map((p, f) => ({ kind: 'numeric' as const, name: `f${f}`, cuts: p })),
    baseMargin: -0.75,
    trees,
    params: DEFAULT_GBM,
    training: { rows: 1, events: 1, validationRows: 0, bestIteration: trees.length - 1, stoppedEarly: false, trainMetric: [], validMetric: [] },
  };
}

/** Values at, just below and just above every threshold, ±∞, ±0, NaN and random values; n not a multiple of 8 or of the block. */
function probeColumn(pool: readonly number[], n: number, seed: number): number[] {
  const rng = makeRng(seed);
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE];
  return Array.from({ length: n }, () => {
    const u = rng.next();
    const t = pool[rng.int(pool.length)] as number;
    if (u < 0.3) return t;
    if (u < 0.45) return t - Math.abs(t) * 1e-15 - 1e-300;
    if (u < 0.6) return t + Math.abs(t) * 1e-15 + 1e-300;
    if (u < 0.7) return special[rng.int(special.length)] as number;
    return (rng.next() - 0.3) * 2.2e3;
  });
}

describe('scoring on bins: the binary search over many thresholds', () => {
  it('254 thresholds on one feature (8-step search, ranks up to 254): the same doubles as the generic walk, from numbers and from text', () => {
    const pools = [thresholdPool(254, 11), thresholdPool(3, 12), thresholdPool(37, 13)];
    const c = compileGbm(manyThresholdModel(pools, 5));
    expect(c.program).not.toBeNull();
    expect(Array.from(c.program?.inSteps ?? [])).toEqual([8, 2, 6]);
    const n = 3 * 256 + 45;
    const cols = pools.map((p, f) => probeColumn(p, n, 20 + f));
    const frame = makeFrame(cols.map((v, f) => numericColumn(`f${f}`, v)));
    const m = c.marginFrame(frame);
    expectSameDoubles(m, c.marginFrameGeneric(frame));
    for (let i = 0; i < n; i += 17) expect(Object.is(c.predictRecord(rowRecord(frame, i)).margin, m[i])).toBe(true);
    // the same numbers written as text (each level ranked once in JavaScript, not by the wasm search; "Infinity" reads as missing)
    const asText = makeFrame(cols.map((v, f) => (f === 0 ? categoricalColumn('f0', v.map((x) => (Number.isNaN(x) ? null : String(x)))) : numericColumn(`f${f}`, v))));
    expectSameDoubles(c.marginFrame(asText), c.marginFrameGeneric(asText));
  });

  it('255 thresholds on one feature: no program, the generic walk scores', () => {
    const pools = [thresholdPool(255, 14), thresholdPool(3, 15)];
    const c = compileGbm(manyThresholdModel(pools, 6));
    expect(c.program).toBeNull();
    const frame = makeFrame(pools.map((p, f) => numericColumn(`f${f}`, probeColumn(p, 300, 30 + f))));
    expectSameDoubles(c.marginFrame(frame), c.marginFrameGeneric(frame));
  });
});

describe('scoring on worker threads', async () => {
  const data = synthetic(6000, 2);
  const c: CompiledGbm = compileGbm(await trainGbm({ train: data, params: { nEstimators: 25, maxDepth: 4, learningRate: 0.2 } }));
  const expected = c.marginFrame(data.frame);
  /** The same frame with numeric columns in ordinary (not shared) memory: workers get a staged copy. */
  const plain: Frame = makeFrame(data.frame.columns.map((col): Column => (col.kind === 'numeric' ? { ...col, values: Float64Array.from(col.values) } : col)));

  it('workers alone give the calling thread’s doubles, from shared and from copied columns', async () => {
    expect(data.frame.columns[0]?.kind === 'numeric' && data.frame.columns[0].values.buffer instanceof SharedArrayBuffer).toBe(true);
    const pool = openGbmScoringPool(c, { threads: 3, minRows: 0, chunkRows: 512, callerScores: false });
    try {
      for (const frame of [data.frame, plain, data.frame]) {
        expectSameDoubles(await pool.marginFrame(frame), expected);
        expect(pool.lastWorkerRows).toBe(data.frame.nRows);
      }
    } finally {
      await pool.close();
    }
  });

  it('the calling thread and a worker share the chunks and agree', async () => {
    const pool = openGbmScoringPool(c, { threads: 2, minRows: 0, chunkRows: 256 });
    try {
      const [x, y] = await Promise.all([pool.marginFrame(plain), pool.marginFrame(data.frame)]);
      expectSameDoubles(x as Float64Array, expected);
      expectSameDoubles(y as Float64Array, expected);
    } finally {
      await pool.close();
    }
  });

  it('after close (its workers gone) a call scores on the calling thread instead of waiting forever', async () => {
    const pool = openGbmScoringPool(c, { threads: 2, minRows: 0, chunkRows: 256, callerScores: false });
    await pool.close();
    expectSameDoubles(await pool.marginFrame(data.frame), expected);
    expect(pool.lastWorkerRows).toBe(0);
  });
});
