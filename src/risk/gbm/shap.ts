/**
 * Per-prediction contributions by exact TreeSHAP (Lundberg, Erion & Lee 2018, algorithm 2 — the
 * path-dependent variant in xgboost and shap): for each feature, its Shapley value for the tree
 * ensemble's margin under cover-weighted conditional expectations. The contributions plus the bias
 * (base margin + each tree's expected output) add up to the margin.
 */
import type { CompiledGbm } from './predict.js';

interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

function newPath(size: number): Path {
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
}

function extend(p: Path, at: number, depth: number, zero: number, one: number, feature: number): void {
  const b = at;
  p.feature[b + depth] = feature;
  p.zero[b + depth] = zero;
  p.one[b + depth] = one;
  p.weight[b + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[b + i + 1] = (p.weight[b + i + 1] as number) + (one * (p.weight[b + i] as number) * (i + 1)) / (depth + 1);
    p.weight[b + i] = (zero * (p.weight[b + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, at: number, depth: number, index: number): void {
  const b = at;
  const one = p.one[b + index] as number;
  const zero = p.zero[b + index] as number;
  let next = p.weight[b + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[b + i] as number;
      p.weight[b + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - ((p.weight[b + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[b + i] = ((p.weight[b + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[b + i] = p.feature[b + i + 1] as number;
    p.zero[b + i] = p.zero[b + i + 1] as number;
    p.one[b + i] = p.one[b + i + 1] as number;
  }
}

function unwoundSum(p: Path, at: number, depth: number, index: number): number {
  const b = at;
  const one = p.one[b + index] as number;
  const zero = p.zero[b + index] as number;
  let next = p.weight[b + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = (p.weight[b + i] as number) - tmp * zero * ((depth - i) / (depth + 1));
    } else {
      total += (p.weight[b + i] as number) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function copySegment(p: Path, from: number, to: number, len: number): void {
  p.feature.copyWithin(to, from, from + len);
  p.zero.copyWithin(to, from, from + len);
  p.one.copyWithin(to, from, from + len);
  p.weight.copyWithin(to, from, from + len);
}

export interface ShapExplainer {
  /** Contributions per feature (model order) and, last, the bias; they sum to the margin. */
  contributions(x: Float64Array): Float64Array;
  /** base margin + Σ trees' cover-weighted mean outputs. */
  readonly bias: number;
}

function goesLeft(c: CompiledGbm, n: number, v: number): boolean {
  if (v !== v) return c.defaultLeft[n] === 1;
  const co = c.catOffset[n] as number;
  return co >= 0 ? c.catMask[co + v] === 1 : v < (c.threshold[n] as number);
}

/** Weight of a child for cover-weighted expectations: its cover over the sum of both children's. */
function childShare(c: CompiledGbm, n: number, child: number): number {
  const l = c.cover[c.left[n] as number] as number;
  const r = c.cover[c.right[n] as number] as number;
  return (c.cover[child] as number) / (l + r);
}

export function makeShapExplainer(c: CompiledGbm): ShapExplainer {
  const total = c.value.length;
  const mean = new Float64Array(total);
  const depthOf = new Int32Array(total);
  let maxDepth = 0;
  // node means bottom-up: children always have larger indices than their parent within a tree
  for (let n = total - 1; n >= 0; n--) {
    if ((c.feature[n] as number) < 0) mean[n] = c.value[n] as number;
    else {
      const l = c.left[n] as number;
      const r = c.right[n] as number;
      mean[n] = childShare(c, n, l) * (mean[l] as number) + childShare(c, n, r) * (mean[r] as number);
    }
  }
  for (let t = 0; t < c.roots.length; t++) {
    const stack = [c.roots[t] as number];
    depthOf[c.roots[t] as number] = 0;
    while (stack.length > 0) {
      const n = stack.pop() as number;
      maxDepth = Math.max(maxDepth, depthOf[n] as number);
      if ((c.feature[n] as number) >= 0) {
        for (const ch of [c.left[n] as number, c.right[n] as number]) {
          depthOf[ch] = (depthOf[n] as number) + 1;
          stack.push(ch);
        }
      }
    }
  }
  let bias = c.model.baseMargin;
  for (let t = 0; t < c.roots.length; t++) bias += mean[c.roots[t] as number] as number;
  const maxd = maxDepth + 2;
  const path = newPath((maxd * (maxd + 1)) / 2 + maxd);
  const F = c.nFeatures;

  const recurse = (x: Float64Array, phi: Float64Array, n: number, depth: number, parentAt: number, pZero: number, pOne: number, pFeature: number): void => {
    const at = parentAt + depth + 1;
    copySegment(path, parentAt, at, depth + 1);
    extend(path, at, depth, pZero, pOne, pFeature);
    const f = c.feature[n] as number;
    if (f < 0) {
      const v = c.value[n] as number;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(path, at, depth, i);
        const fi = path.feature[at + i] as number;
        phi[fi] = (phi[fi] as number) + w * ((path.one[at + i] as number) - (path.zero[at + i] as number)) * v;
      }
      return;
    }
    const hot = goesLeft(c, n, x[f] as number) ? (c.left[n] as number) : (c.right[n] as number);
    const cold = hot === c.left[n] ? (c.right[n] as number) : (c.left[n] as number);
    const hotZero = childShare(c, n, hot);
    const coldZero = childShare(c, n, cold);
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    let k = 0;
    for (; k <= d; k++) if (path.feature[at + k] === f) break;
    if (k !== d + 1) {
      inZero = path.zero[at + k] as number;
      inOne = path.one[at + k] as number;
      unwind(path, at, d, k);
      d -= 1;
    }
    recurse(x, phi, hot, d + 1, at, hotZero * inZero, inOne, f);
    recurse(x, phi, cold, d + 1, at, coldZero * inZero, 0, f);
  };

  return {
    bias,
    contributions(x) {
      const phi = new Float64Array(F + 1);
      for (let t = 0; t < c.roots.length; t++) recurse(x, phi, c.roots[t] as number, 0, 0, 1, 1, -1);
      phi[F] = bias;
      return phi;
    },
  };
}

export interface GbmReason {
  feature: string;
  /** Contribution to the margin (log-odds); positive raises the predicted risk. */
  contribution: number;
  value: number | string | null;
}

/** The features pushing the risk up the most (largest positive contributions). */
export function topReasons(c: CompiledGbm, phi: Float64Array, x: Float64Array, count: number): GbmReason[] {
  const out: GbmReason[] = [];
  c.model.features.forEach((f, j) => {
    const v = phi[j] as number;
    if (!(v > 0)) return;
    const raw = x[j] as number;
    const value = Number.isNaN(raw) ? null : f.kind === 'categorical' ? (f.levels[raw] ?? 'other') : raw;
    out.push({ feature: f.name, contribution: v, value });
  });
  out.sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1));
  return out.slice(0, count);
}
