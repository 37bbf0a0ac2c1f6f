/**
 * A boosted model compiled for batch scoring on bins (see forest-kernel.ts for the loops).
 *
 * Inputs are binned once per value: a numeric feature's value becomes its rank among the distinct
 * thresholds the trees actually split it at (a count found by a branch-free binary search), so a
 * split "x ≥ t" becomes "rank > rank(t)" — the same decision for every value, NaN included.
 * Categorical splits become one 0/1 "virtual" column per distinct (feature, left set): a 256-entry
 * lookup of the level's bin. Missing values: a numeric feature fills two byte columns, one where
 * missing is 255 (above every rank: for splits whose missing values go right) and one where missing
 * is 0 and ranks are shifted up by one (for splits whose missing values go left); every node reads
 * the column of its own default direction and needs no test for missing.
 *
 * Every tree is laid out as a complete binary tree of its own depth (heap order: the children of
 * node h are 2h + 1 and 2h + 2); a leaf above the bottom level becomes "always left" nodes down to
 * copies of its value. Walking a tree is then exactly `depth` steps of
 * h = 2h + 1 + (threshold − byte >>> 31), with a node packed as threshold | column offset << 8.
 *
 * Trees deeper than {@link MAX_PROGRAM_DEPTH}, more than 254 thresholds on one feature or too many
 * virtual columns give `null`: the caller keeps the generic traversal.
 */
import type { Frame } from '../frame/frame.js';
import { getColumn, recordNumber } from '../frame/frame.js';
import { categoricalBins } from './quantize.js';
import { MISSING_BIN, type GbmModel, type GbmTree } from './types.js';

/** Rows per block: every block is binned into a small byte matrix that stays in L1 while the trees walk it. */
export const PROGRAM_BLOCK = 256;
/** Deepest tree laid out as a complete tree (2^depth leaves each). */
export const MAX_PROGRAM_DEPTH = 12;
const MAX_VIRTUAL_COLUMNS = 1024;
const MAX_THRESHOLDS = 254;

/** Plain typed arrays only: the program is posted to worker threads as is. */
export interface ForestProgram {
  readonly block: number;
  /** Byte columns of a block (numeric inputs use two, categorical splits one each). */
  readonly nSlots: number;
  readonly baseMargin: number;
  readonly nTrees: number;
  /** Per tree: depth, first node, first leaf minus the tree's internal node count (so leaf = h + leafBase). */
  readonly depth: Int32Array;
  readonly nodeBase: Int32Array;
  readonly leafBase: Int32Array;
  /** threshold (8 bits) | (slot · block) << 8. */
  readonly nodes: Int32Array;
  readonly leaves: Float64Array;
  /** Model feature of each input; kind 0 = numeric (binary search or pre-binned ranks), 1 = categorical. */
  readonly inFeature: Int32Array;
  readonly inKind: Uint8Array;
  /** Numeric inputs: binary-search steps, offset into `thresholds` (padded to 2^steps with NaN), the two slots. */
  readonly inSteps: Int32Array;
  readonly inThrOff: Int32Array;
  readonly inSlotRight: Int32Array;
  readonly inSlotLeft: Int32Array;
  readonly thresholds: Float64Array;
  /** Virtual columns: input, slot, and 256-entry 0 (left) / 1 (right) table at v · 256 of `masks`. */
  readonly virtInput: Int32Array;
  readonly virtSlot: Int32Array;
  readonly masks: Uint8Array;
}

/** One array per program input: raw doubles (numeric, binary-searched) or bytes already binned (missing 255). */
export type ProgramInput = Float64Array | Uint8Array;

function treeDepth(t: GbmTree, k: number): number {
  const f = t.feature[k] as number;
  return f < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[k] as number), treeDepth(t, t.right[k] as number));
}

interface NumericIn {
  sorted: number[];
  rank: Map<number, number>;
}

/** Sorted distinct thresholds per numeric feature; null when a split cannot be expressed on ranks. */
function collectThresholds(model: GbmModel): Map<number, NumericIn> | null {
  const sets = new Map<number, Set<number>>();
  for (const t of model.trees) {
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k] as number;
      if (f < 0) continue;
      const kind = model.features[f]?.kind;
      const cat = t.catLeft[k] ?? null;
      if (kind === undefined || (kind === 'categorical') !== (cat !== null)) return null;
      if (cat !== null) continue;
      const thr = t.threshold[k] as number;
      if (Number.isNaN(thr)) return null;
      let s = sets.get(f);
      if (!s) sets.set(f, (s = new Set()));
      s.add(thr);
    }
  }
  const out = new Map<number, NumericIn>();
  for (const [f, s] of sets) {
    if (s.size > MAX_THRESHOLDS) return null;
    const sorted = [...s].sort((a, b) => a - b);
    out.set(f, { sorted, rank: new Map(sorted.map((v, i) => [v, i])) });
  }
  return out;
}

export function compileForestProgram(model: GbmModel): ForestProgram | null {
  const numeric = collectThresholds(model);
  if (!numeric) return null;
  const depths = model.trees.map((t) => treeDepth(t, 0));
  if (depths.some((d) => d > MAX_PROGRAM_DEPTH)) return null;
  const B = PROGRAM_BLOCK;
  // inputs: numeric features with splits (two slots each), then categorical features with splits
  const inFeature: number[] = [];
  const inKind: number[] = [];
  const inSteps: number[] = [];
  const inThrOff: number[] = [];
  const inSlotRight: number[] = [];
  const inSlotLeft: number[] = [];
  const thr: number[] = [];
  const inputOf = new Map<number, number>();
  let nSlots = 0;
  for (const f of [...numeric.keys()].sort((a, b) => a - b)) {
    const { sorted } = numeric.get(f) as NumericIn;
    let size = 1;
    let steps = 0;
    while (size < sorted.length + 1) {
      size *= 2;
      steps++;
    }
    inputOf.set(f, inFeature.length);
    inFeature.push(f);
    inKind.push(0);
    inSteps.push(steps);
    inThrOff.push(thr.length);
    for (let i = 0; i < size; i++) thr.push(i < sorted.length ? (sorted[i] as number) : Number.NaN);
    inSlotRight.push(nSlots++);
    inSlotLeft.push(nSlots++);
  }
  const virtual = new Map<string, number>();
  const virtInput: number[] = [];
  const virtSlot: number[] = [];
  const masks: Uint8Array[] = [];
  /** Slot of the 0/1 column "goes right" for a categorical split (missing → its default direction). */
  const virtualSlot = (f: number, catLeft: readonly number[], defaultLeft: boolean): number => {
    const m = new Uint8Array(256).fill(1);
    for (const b of catLeft) m[b] = 0;
    m[MISSING_BIN] = defaultLeft ? 0 : 1;
    const key = `${f}:${m.join('')}`;
    const known = virtual.get(key);
    if (known !== undefined) return known;
    let input = inputOf.get(f);
    if (input === undefined) {
      input = inFeature.length;
      inputOf.set(f, input);
      inFeature.push(f);
      inKind.push(1);
      inSteps.push(0);
      inThrOff.push(0);
      inSlotRight.push(-1);
      inSlotLeft.push(-1);
    }
    const slot = nSlots++;
    virtual.set(key, slot);
    virtInput.push(input);
    virtSlot.push(slot);
    masks.push(m);
    return slot;
  };
  const nodeBase = new Int32Array(model.trees.length);
  const leafBase = new Int32Array(model.trees.length);
  let nNodes = 0;
  let nLeaves = 0;
  depths.forEach((d, t) => {
    nodeBase[t] = nNodes;
    leafBase[t] = nLeaves - ((1 << d) - 1);
    nNodes += (1 << d) - 1;
    nLeaves += 1 << d;
  });
  const nodes = new Int32Array(nNodes);
  const leaves = new Float64Array(nLeaves);
  const ALWAYS_LEFT = 255; // threshold 255 over slot 0: no byte is above it
  model.trees.forEach((t, ti) => {
    const D = depths[ti] as number;
    const fill = (k: number, h: number, level: number): void => {
      if (level === D) {
        leaves[(leafBase[ti] as number) + h] = t.value[k] as number;
        return;
      }
      const f = t.feature[k] as number;
      if (f < 0) {
        nodes[(nodeBase[ti] as number) + h] = ALWAYS_LEFT;
        fill(k, 2 * h + 1, level + 1);
        fill(k, 2 * h + 2, level + 1);
        return;
      }
      const dl = t.defaultLeft[k] === true;
      const cat = t.catLeft[k] ?? null;
      let word: number;
      if (cat !== null) {
        word = virtualSlot(f, cat, dl) * B * 256;
      } else {
        const input = inputOf.get(f) as number;
        const r = (numeric.get(f) as NumericIn).rank.get(t.threshold[k] as number) as number;
        word = (dl ? r + 1 : r) + (dl ? (inSlotLeft[input] as number) : (inSlotRight[input] as number)) * B * 256;
      }
      nodes[(nodeBase[ti] as number) + h] = word;
      fill(t.left[k] as number, 2 * h + 1, level + 1);
      fill(t.right[k] as number, 2 * h + 2, level + 1);
    };
    fill(0, 0, 0);
  });
  if (masks.length > MAX_VIRTUAL_COLUMNS || nSlots * B * 256 > 0x7fffffff) return null;
  const maskBytes = new Uint8Array(masks.length * 256);
  masks.forEach((m, i) => maskBytes.set(m, i * 256));
  return {
    block: B,
    nSlots,
    baseMargin: model.baseMargin,
    nTrees: model.trees.length,
    depth: Int32Array.from(depths),
    nodeBase,
    leafBase,
    nodes,
    leaves,
    inFeature: Int32Array.from(inFeature),
    inKind: Uint8Array.from(inKind),
    inSteps: Int32Array.from(inSteps),
    inThrOff: Int32Array.from(inThrOff),
    inSlotRight: Int32Array.from(inSlotRight),
    inSlotLeft: Int32Array.from(inSlotLeft),
    thresholds: Float64Array.from(thr),
    virtInput: Int32Array.from(virtInput),
    virtSlot: Int32Array.from(virtSlot),
    masks: maskBytes,
  };
}

/** Rank of a numeric value among an input's thresholds (the kernel's binary search, written plainly). */
function rankOf(p: ForestProgram, input: number, x: number): number {
  if (Number.isNaN(x)) return MISSING_BIN;
  const off = p.inThrOff[input] as number;
  const size = 1 << (p.inSteps[input] as number);
  let r = 0;
  while (r < size && x >= (p.thresholds[off + r] as number)) r++;
  return r;
}

/**
 * The program's inputs for a frame: numeric columns as they are (binned block by block in the
 * kernel), anything else binned here into bytes with `alloc(n)` (so a caller can place them in
 * shared memory): a numeric feature read from a text column gets the rank of each level's number,
 * a categorical feature the model's bin of each level (unseen → "other", else missing).
 */
export function programInputs(p: ForestProgram, model: GbmModel, frame: Frame, alloc: (n: number) => Uint8Array = (n) => new Uint8Array(n)): ProgramInput[] {
  const n = frame.nRows;
  return Array.from(p.inFeature, (f, input) => {
    const feat = model.features[f];
    if (!feat) throw new RangeError(`feature ${f} is not in the model`);
    const c = getColumn(frame, feat.name);
    if (feat.kind === 'numeric' && c.kind === 'numeric') return c.values;
    const out = alloc(n);
    if (feat.kind === 'numeric') {
      if (c.kind !== 'categorical') throw new RangeError('unreachable');
      const byCode = c.levels.map((l) => rankOf(p, input, recordNumber(l)));
      for (let i = 0; i < n; i++) {
        const code = c.codes[i] as number;
        out[i] = code < 0 ? MISSING_BIN : (byCode[code] as number);
      }
      return out;
    }
    return categoricalBins(feat, c, out);
  });
}
