/**
 * Grow one regression tree on gradients/hessians with histograms: depth-wise (level by level up to
 * maxDepth, like xgboost's default) or loss-guided (best gain first, up to maxLeaves). Each node owns
 * a contiguous range of the row-index array; a split partitions it in place (stable). The smaller
 * child's histogram is built, the larger one's is the parent's minus it.
 */
import { clearHistogram, newHistogram, subtractHistogram } from './histogram.js';
import { findBestSplit, leafWeight, type NodeBounds, type SplitCandidate, type SplitParams } from './split.js';
import { MISSING_BIN, type GbmTree } from './types.js';

export interface TreeData {
  /** Row-major n × F bins (histogram building reads whole rows). */
  bins: Uint8Array;
  /** Column-major copy (partitioning reads one feature). */
  colBins: Uint8Array;
  n: number;
  F: number;
  grad: Float64Array;
  hess: Float64Array;
  nBins: Int32Array;
  isCategorical: Uint8Array;
  monotone: Int8Array;
}

export interface TreeParams extends SplitParams {
  maxDepth: number;
  maxLeaves: number;
  growPolicy: 'depthwise' | 'lossguide';
  learningRate: number;
}

/** Builds histograms for a node's rows; swapped for the worker-thread version when threads > 1. */
export type HistogramBuilder = (hist: Float64Array, rows: Uint32Array, start: number, end: number, features: Int32Array) => void | Promise<void>;

interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  /** Histogram of the node's rows; null for nodes that can no longer split. */
  hist: Float64Array | null;
  bounds: NodeBounds;
  split: SplitCandidate | null;
}

export interface GrownTree {
  tree: GbmTree;
  /** Leaf node of each position of `rows` (rows reordered by the partition). */
  leafRanges: { node: number; start: number; end: number }[];
}

function emptyTree(): GbmTree {
  return { feature: [], binThreshold: [], threshold: [], catLeft: [], defaultLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
}

function addNode(t: GbmTree, value: number, cover: number): number {
  t.feature.push(-1);
  t.binThreshold.push(-1);
  t.threshold.push(Number.NaN);
  t.catLeft.push(null);
  t.defaultLeft.push(false);
  t.left.push(-1);
  t.right.push(-1);
  t.value.push(value);
  t.cover.push(cover);
  t.gain.push(0);
  return t.value.length - 1;
}

/** Stable in-place partition of rows[start..end); returns the first index of the right part. */
function partition(d: TreeData, rows: Uint32Array, scratch: Uint32Array, start: number, end: number, s: SplitCandidate): number {
  const col = d.colBins.subarray(s.feature * d.n, (s.feature + 1) * d.n);
  let catMask: Uint8Array | null = null;
  if (s.catLeft) {
    catMask = new Uint8Array(256);
    for (const b of s.catLeft) catMask[b] = 1;
  }
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const i = rows[k] as number;
    const b = col[i] as number;
    const goLeft = b === MISSING_BIN ? s.defaultLeft : catMask ? catMask[b] === 1 : b <= s.binThreshold;
    if (goLeft) rows[l++] = i;
    else scratch[r++] = i;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

function childBounds(parent: NodeBounds, mono: number, wl: number, wr: number): [NodeBounds, NodeBounds] {
  if (mono === 0) return [parent, parent];
  const mid = (wl + wr) / 2;
  if (mono > 0) return [{ lower: parent.lower, upper: Math.min(parent.upper, mid) }, { lower: Math.max(parent.lower, mid), upper: parent.upper }];
  return [{ lower: Math.max(parent.lower, mid), upper: parent.upper }, { lower: parent.lower, upper: Math.min(parent.upper, mid) }];
}

export interface GrowInput {
  data: TreeData;
  params: TreeParams;
  rows: Uint32Array;
  features: Int32Array;
  /** Raw threshold for a numeric split at bin t of feature f. */
  thresholdOf: (f: number, t: number) => number;
  buildHist: HistogramBuilder;
  /** Reusable histogram buffers. */
  pool: Float64Array[];
  /** Reusable partition buffer (at least rows.length). */
  scratch: Uint32Array;
}

export async function growTree(inp: GrowInput): Promise<GrownTree> {
  const { data, params, rows, features } = inp;
  const scratch = inp.scratch;
  const tree = emptyTree();
  const takeHist = (): Float64Array => {
    const h = inp.pool.pop() ?? newHistogram(data.F);
    clearHistogram(h, features);
    return h;
  };
  const search = (p: Pending): SplitCandidate | null => {
    const canSplit = (params.maxDepth <= 0 || p.depth < params.maxDepth) && p.end - p.start >= 2;
    if (!canSplit || p.hist === null) return null;
    return findBestSplit({ hist: p.hist, features, nBins: data.nBins, isCategorical: data.isCategorical, monotone: data.monotone, G: p.G, H: p.H, bounds: p.bounds, p: params });
  };
  let G = 0;
  let H = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    G += data.grad[i] as number;
    H += data.hess[i] as number;
  }
  const rootBounds = { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY };
  const root: Pending = { node: addNode(tree, leafWeight(G, H, params.lambda, rootBounds) * params.learningRate, H), start: 0, end: rows.length, depth: 0, G, H, hist: takeHist(), bounds: rootBounds, split: null };
  await inp.buildHist(root.hist as Float64Array, rows, 0, rows.length, features);
  root.split = search(root);
  const leaves: Pending[] = [];
  let frontier: Pending[] = [root];
  let nLeaves = 1;
  const maxLeaves = params.maxLeaves > 0 ? params.maxLeaves : Number.POSITIVE_INFINITY;

  const expand = async (p: Pending): Promise<Pending[]> => {
    const s = p.split as SplitCandidate;
    const mid = partition(data, rows, scratch, p.start, p.end, s);
    const mono = data.monotone[s.feature] as number;
    const wl = leafWeight(s.gLeft, s.hLeft, params.lambda, p.bounds);
    const wr = leafWeight(s.gRight, s.hRight, params.lambda, p.bounds);
    const [bl, br] = childBounds(p.bounds, mono, wl, wr);
    const ln = addNode(tree, leafWeight(s.gLeft, s.hLeft, params.lambda, bl) * params.learningRate, s.hLeft);
    const rn = addNode(tree, leafWeight(s.gRight, s.hRight, params.lambda, br) * params.learningRate, s.hRight);
    tree.feature[p.node] = s.feature;
    tree.binThreshold[p.node] = s.binThreshold;
    tree.threshold[p.node] = s.catLeft ? Number.NaN : inp.thresholdOf(s.feature, s.binThreshold);
    tree.catLeft[p.node] = s.catLeft;
    tree.defaultLeft[p.node] = s.defaultLeft;
    tree.left[p.node] = ln;
    tree.right[p.node] = rn;
    tree.gain[p.node] = s.gain;
    const parentHist = p.hist as Float64Array;
    p.hist = null;
    const left: Pending = { node: ln, start: p.start, end: mid, depth: p.depth + 1, G: s.gLeft, H: s.hLeft, hist: null, bounds: bl, split: null };
    const right: Pending = { node: rn, start: mid, end: p.end, depth: p.depth + 1, G: s.gRight, H: s.hRight, hist: null, bounds: br, split: null };
    if (params.maxDepth > 0 && p.depth + 1 >= params.maxDepth) {
      // children cannot split: no histograms needed
      inp.pool.push(parentHist);
      return [left, right];
    }
    const [small, large] = mid - p.start <= p.end - mid ? [left, right] : [right, left];
    small.hist = takeHist();
    large.hist = takeHist();
    await inp.buildHist(small.hist, rows, small.start, small.end, features);
    subtractHistogram(large.hist, parentHist, small.hist, features);
    inp.pool.push(parentHist);
    left.split = search(left);
    right.split = search(right);
    return [left, right];
  };

  if (params.growPolicy === 'depthwise') {
    while (frontier.length > 0) {
      const next: Pending[] = [];
      for (const p of frontier) {
        if (p.split && nLeaves < maxLeaves) {
          next.push(...(await expand(p)));
          nLeaves++;
        } else {
          leaves.push(p);
          if (p.hist) inp.pool.push(p.hist);
          p.hist = null;
        }
      }
      frontier = next;
    }
  } else {
    while (frontier.length > 0) {
      let bi = -1;
      frontier.forEach((p, i) => {
        if (p.split && (bi < 0 || p.split.gain > ((frontier[bi] as Pending).split as SplitCandidate).gain)) bi = i;
      });
      if (bi < 0 || nLeaves >= maxLeaves) break;
      const p = frontier[bi] as Pending;
      frontier.splice(bi, 1);
      frontier.push(...(await expand(p)));
      nLeaves++;
    }
    for (const p of frontier) {
      leaves.push(p);
      if (p.hist) inp.pool.push(p.hist);
      p.hist = null;
    }
  }
  return { tree, leafRanges: leaves.map((p) => ({ node: p.node, start: p.start, end: p.end })) };
}
