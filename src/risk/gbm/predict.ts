/**
 * Fast prediction: all trees flattened into typed arrays; numeric splits compare raw values with
 * the stored threshold (x < t goes left, identical to bin ≤ t at training), categorical splits test
 * the bin of the level against a 256-entry mask, missing values take the learned default branch.
 * Margins are summed base first, then tree by tree in order, so every path gives the same double.
 */
import { getColumn, recordNumber, type Frame, type InputRecord } from '../frame/frame.js';
import { sigmoid } from '../linear/logistic.js';
import { levelBins, recordBin } from './quantize.js';
import { MISSING_BIN, type GbmModel } from './types.js';

export interface CompiledGbm {
  readonly model: GbmModel;
  readonly nFeatures: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  /** Offset into `catMask` (× 256) for categorical splits, −1 otherwise. */
  readonly catOffset: Int32Array;
  readonly catMask: Uint8Array;
  readonly isCategorical: Uint8Array;
  /** Feature values of one record in model order (categoricals as bin numbers, missing NaN). */
  encodeRecord(record: InputRecord): Float64Array;
  /** Column-major encoded features of a frame (same encoding). */
  encodeFrame(frame: Frame): Float64Array[];
  margin(x: Float64Array): number;
  predictRecord(record: InputRecord): { margin: number; pd: number };
  marginFrame(frame: Frame): Float64Array;
}

export function compileGbm(model: GbmModel): CompiledGbm {
  let total = 0;
  for (const t of model.trees) total += t.value.length;
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const defaultLeft = new Uint8Array(total);
  const value = new Float64Array(total);
  const cover = new Float64Array(total);
  const catOffset = new Int32Array(total).fill(-1);
  const masks: Uint8Array[] = [];
  const roots = new Int32Array(model.trees.length);
  let off = 0;
  model.trees.forEach((t, ti) => {
    roots[ti] = off;
    for (let k = 0; k < t.value.length; k++) {
      const g = off + k;
      feature[g] = t.feature[k] as number;
      threshold[g] = t.threshold[k] as number;
      left[g] = (t.left[k] as number) < 0 ? -1 : off + (t.left[k] as number);
      right[g] = (t.right[k] as number) < 0 ? -1 : off + (t.right[k] as number);
      defaultLeft[g] = t.defaultLeft[k] ? 1 : 0;
      value[g] = t.value[k] as number;
      cover[g] = t.cover[k] as number;
      const cl = t.catLeft[k];
      if (cl) {
        const m = new Uint8Array(256);
        for (const b of cl) m[b] = 1;
        catOffset[g] = masks.length * 256;
        masks.push(m);
      }
    }
    off += t.value.length;
  });
  const catMask = new Uint8Array(masks.length * 256);
  masks.forEach((m, i) => catMask.set(m, i * 256));
  const F = model.features.length;
  const isCategorical = Uint8Array.from(model.features, (f) => (f.kind === 'categorical' ? 1 : 0));
  const maps = model.features.map((f) => (f.kind === 'categorical' ? levelBins(f) : undefined));
  const base = model.baseMargin;
  const nTrees = roots.length;

  const walk = (x: Float64Array, rowBase: number): number => {
    let m = base;
    for (let t = 0; t < nTrees; t++) {
      let n = roots[t] as number;
      let f = feature[n] as number;
      while (f >= 0) {
        const v = x[rowBase + f] as number;
        let goLeft: boolean;
        if (v !== v) goLeft = defaultLeft[n] === 1;
        else {
          const co = catOffset[n] as number;
          goLeft = co >= 0 ? catMask[co + v] === 1 : v < (threshold[n] as number);
        }
        n = goLeft ? (left[n] as number) : (right[n] as number);
        f = feature[n] as number;
      }
      m += value[n] as number;
    }
    return m;
  };

  const encodeRecord = (record: InputRecord): Float64Array => {
    const x = new Float64Array(F);
    model.features.forEach((f, j) => {
      const v = record[f.name];
      if (f.kind === 'numeric') {
        x[j] = recordNumber(v);
      } else {
        const b = recordBin(f, v, maps[j]);
        x[j] = b === MISSING_BIN ? Number.NaN : b;
      }
    });
    return x;
  };

  const encodeFrame = (frame: Frame): Float64Array[] =>
    model.features.map((f, j) => {
      const c = getColumn(frame, f.name);
      const n = frame.nRows;
      const out = new Float64Array(n);
      if (f.kind === 'numeric') {
        if (c.kind === 'numeric') return c.values;
        const parsed = c.levels.map((l) => recordNumber(l));
        for (let i = 0; i < n; i++) out[i] = (c.codes[i] as number) < 0 ? Number.NaN : (parsed[c.codes[i] as number] as number);
        return out;
      }
      const map = maps[j] as Map<string, number>;
      const unseen = f.otherBin >= 0 ? f.otherBin : Number.NaN;
      if (c.kind === 'numeric') {
        for (let i = 0; i < n; i++) {
          const v = c.values[i] as number;
          out[i] = Number.isNaN(v) ? Number.NaN : (map.get(String(v)) ?? unseen);
        }
        return out;
      }
      const byCode = c.levels.map((l) => map.get(l) ?? unseen);
      for (let i = 0; i < n; i++) {
        const code = c.codes[i] as number;
        out[i] = code < 0 ? Number.NaN : (byCode[code] as number);
      }
      return out;
    });

  const BLOCK = 2048;
  return {
    model,
    nFeatures: F,
    roots,
    feature,
    threshold,
    left,
    right,
    defaultLeft,
    value,
    cover,
    catOffset,
    catMask,
    isCategorical,
    encodeRecord,
    encodeFrame,
    margin: (x) => walk(x, 0),
    predictRecord(record) {
      const m = walk(encodeRecord(record), 0);
      return { margin: m, pd: sigmoid(m) };
    },
    marginFrame(frame) {
      const cols = encodeFrame(frame);
      const n = frame.nRows;
      const out = new Float64Array(n);
      const block = new Float64Array(BLOCK * F);
      for (let s = 0; s < n; s += BLOCK) {
        const e = Math.min(n, s + BLOCK);
        for (let j = 0; j < F; j++) {
          const col = cols[j] as Float64Array;
          for (let i = s; i < e; i++) block[(i - s) * F + j] = col[i] as number;
        }
        for (let i = s; i < e; i++) out[i] = walk(block, (i - s) * F);
      }
      return out;
    },
  };
}
