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
});
