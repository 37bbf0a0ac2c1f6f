/**
 * Fast prediction: all trees flattened into typed arrays; numeric splits compare raw values with
 * the stored threshold (x < t goes left, identical to bin ≤ t at training), categorical splits test
 * the bin of the level against a 256-entry mask, missing values take the learned default branch.
 * Margins are summed base first, then tree by tree in order, so every path gives the same double.
 */
import { getColumn, recordNumber, type Frame, type InputRecord } from '../frame/frame.js';
import { sigmoid } from '../linear/logistic.js';
import { compileForestKernel, type ForestKernel } from './forest-kernel.js';
import { compileForestProgram, programInputs, type ForestProgram } from './forest-program.js';
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
  /** Margins of every row: the binned program when the model has one, else the generic walk (same doubles). */
  marginFrame(frame: Frame): Float64Array;
  /** The model compiled for scoring on bins (null when its trees are too deep for it; see forest-program.ts). */
  readonly program: ForestProgram | null;
  readonly kernel: ForestKernel | null;
  /** Margins by the generic traversal on raw values (kept as the reference the binned program is tested against). */
  marginFrameGeneric(frame: Frame): Float64Array;
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
  // Branch-free traversal arrays: a node's children are adjacent (right = left + 1), so the next node
  // is left + (goes right ? 1 : 0). meta = left | missing-goes-right << 30 | categorical << 31. Leaves
  // point to themselves with a NaN threshold (never ≥), so each tree walks exactly its depth.
  const meta = new Int32Array(total);
  const thr = new Float64Array(total);
  const feat = new Int32Array(total);
  const depth = new Int32Array(model.trees.length);
  for (let g = 0; g < total; g++) {
    if ((feature[g] as number) < 0) {
      meta[g] = g;
      thr[g] = Number.NaN;
      feat[g] = 0;
      continue;
    }
    if ((right[g] as number) !== (left[g] as number) + 1) throw new RangeError('tree children must be adjacent');
    feat[g] = feature[g] as number;
    thr[g] = threshold[g] as number;
    meta[g] = (left[g] as number) | ((defaultLeft[g] === 1 ? 0 : 1) << 30) | ((catOffset[g] as number) >= 0 ? 1 << 31 : 0);
  }
  model.trees.forEach((t, ti) => {
    const d = new Int32Array(t.feature.length);
    let maxD = 0;
    for (let k = 0; k < t.feature.length; k++) {
      if ((t.feature[k] as number) >= 0) {
        d[t.left[k] as number] = (d[k] as number) + 1;
        d[t.right[k] as number] = (d[k] as number) + 1;
      } else maxD = Math.max(maxD, d[k] as number);
    }
    depth[ti] = maxD;
  });
  /** Leaf reached by row values x[rowBase + f] in tree t. */
  const leafOf = (x: Float64Array, rowBase: number, t: number): number => {
    let nd = roots[t] as number;
    for (let d = depth[t] as number; d > 0; d--) {
      const v = x[rowBase + (feat[nd] as number)] as number;
      const r = meta[nd] as number;
      if (r >= 0) nd = (r & 0x3fffffff) + (+(v >= (thr[nd] as number)) | (+(v !== v) & (r >>> 30)));
      else nd = (r & 0x3fffffff) + (v !== v ? (r >>> 30) & 1 : catMask[(catOffset[nd] as number) + v] === 1 ? 0 : 1);
    }
    return nd;
  };
  const F = model.features.length;
  const isCategorical = Uint8Array.from(model.features, (f) => (f.kind === 'categorical' ? 1 : 0));
  const maps = model.features.map((f) => (f.kind === 'categorical' ? levelBins(f) : undefined));
  const base = model.baseMargin;
  const nTrees = roots.length;

  const hasCategoricalSplits = masks.length > 0;
  /**
   * Four rows through tree t at once (independent chains let the CPU overlap their loads);
   * numeric splits only. Returns the number of rows done (a multiple of 4).
   */
  const fourRows = (x: Float64Array, m: number, t: number, out: Float64Array, outBase: number): number => {
    const root = roots[t] as number;
    const D = depth[t] as number;
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const b0 = i * F;
      const b1 = b0 + F;
      const b2 = b1 + F;
      const b3 = b2 + F;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (let d = 0; d < D; d++) {
        const v0 = x[b0 + (feat[n0] as number)] as number;
        const v1 = x[b1 + (feat[n1] as number)] as number;
        const v2 = x[b2 + (feat[n2] as number)] as number;
        const v3 = x[b3 + (feat[n3] as number)] as number;
        const r0 = meta[n0] as number;
        const r1 = meta[n1] as number;
        const r2 = meta[n2] as number;
        const r3 = meta[n3] as number;
        n0 = (r0 & 0x3fffffff) + (+(v0 >= (thr[n0] as number)) | (+(v0 !== v0) & (r0 >>> 30)));
        n1 = (r1 & 0x3fffffff) + (+(v1 >= (thr[n1] as number)) | (+(v1 !== v1) & (r1 >>> 30)));
        n2 = (r2 & 0x3fffffff) + (+(v2 >= (thr[n2] as number)) | (+(v2 !== v2) & (r2 >>> 30)));
        n3 = (r3 & 0x3fffffff) + (+(v3 >= (thr[n3] as number)) | (+(v3 !== v3) & (r3 >>> 30)));
      }
      out[outBase + i] = (out[outBase + i] as number) + (value[n0] as number);
      out[outBase + i + 1] = (out[outBase + i + 1] as number) + (value[n1] as number);
      out[outBase + i + 2] = (out[outBase + i + 2] as number) + (value[n2] as number);
      out[outBase + i + 3] = (out[outBase + i + 3] as number) + (value[n3] as number);
    }
    return i;
  };

  const walk = (x: Float64Array, rowBase: number): number => {
    let m = base;
    for (let t = 0; t < nTrees; t++) m += value[leafOf(x, rowBase, t)] as number;
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

  const BLOCK = 64;
  const program = compileForestProgram(model);
  const kernel = program ? compileForestKernel(program) : null;
  const marginFrameGeneric = (frame: Frame): Float64Array => {
    const cols = encodeFrame(frame);
    const n = frame.nRows;
    const out = new Float64Array(n).fill(base);
    const block = new Float64Array(BLOCK * F);
    // tree-major inside a block of rows: one tree's nodes stay in L1 while the block's rows pass
    // through it; each row still adds base, tree 0, tree 1, … in order (same double as `margin`).
    for (let s = 0; s < n; s += BLOCK) {
      const e = Math.min(n, s + BLOCK);
      const m = e - s;
      for (let j = 0; j < F; j++) {
        const col = cols[j] as Float64Array;
        for (let i = 0; i < m; i++) block[i * F + j] = col[s + i] as number;
      }
      for (let t = 0; t < nTrees; t++) {
        let i = 0;
        if (!hasCategoricalSplits) i = fourRows(block, m, t, out, s);
        for (; i < m; i++) out[s + i] = (out[s + i] as number) + (value[leafOf(block, i * F, t)] as number);
      }
    }
    return out;
  };
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
    program,
    kernel,
    marginFrameGeneric,
    marginFrame(frame) {
      if (!program || !kernel) return marginFrameGeneric(frame);
      const out = new Float64Array(frame.nRows);
      kernel.scoreRange(programInputs(program, model, frame), 0, out, 0, frame.nRows);
      return out;
    },
  };
}
