/**
 * Gradient boosting for binary log-loss: margins start at logit(event rate); each round fits a
 * histogram tree to g = p − y, h = p(1 − p) on a row sample and a feature sample, adds it, and
 * tracks the metric on a validation set for early stopping (the model keeps the best round).
 */
import { AppError } from '../../domain/errors.js';
import type { Frame, LabeledFrame } from '../frame/frame.js';
import { auc } from '../eval/metrics.js';
import { makeRng, shuffleInPlace } from '../rng.js';
import { buildHistogram } from './histogram.js';
import { makeParallelBuilder, sharedCopy } from './parallel.js';
import { binColumns, binMatrix, featureBinCount, fitFeatures, rowMajor } from './quantize.js';
import { growTree, type HistogramBuilder, type TreeData } from './tree-builder.js';
import { DEFAULT_GBM, GBM_FORMAT, GBM_FORMAT_VERSION, MISSING_BIN, type GbmFeature, type GbmModel, type GbmParams, type GbmTree } from './types.js';

export interface GbmTrainInput {
  train: LabeledFrame;
  /** Validation data for early stopping and the validation metric. */
  valid?: LabeledFrame;
  params?: Partial<GbmParams>;
  /** Track the training metric every round (default true; costs one pass over the rows). */
  trackTrainMetric?: boolean;
  /** Called after each round (progress bars). */
  onRound?: (round: number, trainMetric: number, validMetric: number | null) => void;
  /** Smallest row chunk per thread before a node is split across worker threads (default 20,000). */
  parallelMinRows?: number;
  /** Replace the histogram builder (worker threads). */
  histogramBuilder?: (data: TreeData) => { build: HistogramBuilder; close: () => Promise<void> | void };
}

/** Tree output for binned row i (training-time traversal). */
export function binnedTreeValue(t: GbmTree, bins: Uint8Array, F: number, i: number): number {
  let n = 0;
  while ((t.feature[n] as number) >= 0) {
    const f = t.feature[n] as number;
    const b = bins[i * F + f] as number;
    const cl = t.catLeft[n];
    const goLeft = b === MISSING_BIN ? (t.defaultLeft[n] as boolean) : cl ? cl.includes(b) : b <= (t.binThreshold[n] as number);
    n = goLeft ? (t.left[n] as number) : (t.right[n] as number);
  }
  return t.value[n] as number;
}

/** Mean log-loss straight from margins: log(1 + e^m) − y·m, no probability array. */
export function marginLogLoss(margin: Float64Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < margin.length; i++) {
    const m = margin[i] as number;
    s += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - (y[i] === 1 ? m : 0);
  }
  return s / margin.length;
}

function metric(kind: GbmParams['evalMetric'], margin: Float64Array, y: Uint8Array): number {
  return kind === 'auc' ? auc(margin, y) : marginLogLoss(margin, y);
}

function checkParams(p: GbmParams): void {
  const bad = (what: string): AppError => new AppError({ code: 'risk.gbm_params', en: `Invalid boosting parameter: ${what}`, zh: `梯度提升参数无效：${what}` });
  if (!(p.learningRate > 0 && p.learningRate <= 1)) throw bad('learningRate must be in (0, 1]');
  if (!(p.subsample > 0 && p.subsample <= 1)) throw bad('subsample must be in (0, 1]');
  if (!(p.colsampleByTree > 0 && p.colsampleByTree <= 1)) throw bad('colsampleByTree must be in (0, 1]');
  if (!Number.isInteger(p.nEstimators) || p.nEstimators < 1) throw bad('nEstimators must be a positive integer');
  if (p.growPolicy === 'depthwise' && p.maxDepth < 1) throw bad('maxDepth must be ≥ 1 for depth-wise growth');
  if (p.growPolicy === 'lossguide' && p.maxLeaves < 2 && p.maxDepth < 1) throw bad('loss-guided growth needs maxLeaves ≥ 2 or maxDepth ≥ 1');
}

function checkMonotone(p: GbmParams, features: readonly GbmFeature[]): Int8Array {
  const mono = new Int8Array(features.length);
  for (const [name, dir] of Object.entries(p.monotone)) {
    const j = features.findIndex((f) => f.name === name);
    if (j < 0) throw new AppError({ code: 'risk.gbm_params', en: `Monotone constraint on unknown feature "${name}"`, zh: `单调约束指定的特征“${name}”不存在` });
    if (features[j]?.kind === 'categorical') throw new AppError({ code: 'risk.gbm_params', en: `Monotone constraint on categorical feature "${name}"`, zh: `不能对分类特征“${name}”设置单调约束` });
    mono[j] = dir;
  }
  return mono;
}

/** Row sample of this round written into `out` (a prefix view of it is returned). */
function sampleRows(n: number, share: number, rng: ReturnType<typeof makeRng>, out: Uint32Array): Uint32Array {
  let k = 0;
  for (let i = 0; i < n; i++) if (share >= 1 || rng.next() < share) out[k++] = i;
  return out.subarray(0, k);
}

function sampleFeatures(F: number, share: number, rng: ReturnType<typeof makeRng>): Int32Array {
  const all = Int32Array.from({ length: F }, (_, i) => i);
  if (share >= 1) return all;
  shuffleInPlace(all, rng);
  const k = Math.max(1, Math.round(F * share));
  return all.subarray(0, k).sort();
}

/** Frame columns used as features: all of them, in order. */
export function prepareTraining(train: Frame, p: GbmParams): GbmFeature[] {
  return fitFeatures(train, p.maxBins, p.binSampleRows, p.minCategoryCount, p.seed);
}

export async function trainGbm(input: GbmTrainInput): Promise<GbmModel> {
  const params: GbmParams = { ...DEFAULT_GBM, ...(input.params ?? {}), monotone: { ...(input.params?.monotone ?? {}) } };
  checkParams(params);
  const { train, valid } = input;
  const features = prepareTraining(train.frame, params);
  const F = features.length;
  const n = train.frame.nRows;
  const threads = Math.max(1, Math.floor(params.threads));
  const colBins = binColumns(features, train.frame);
  const plainBins = rowMajor(colBins, n, F);
  const shared = threads > 1 ? sharedCopy(plainBins, n) : null;
  const bins = shared ? shared.bins : plainBins;
  const y = train.target;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i] as number;
  if (events === 0 || events === n) throw new AppError({ code: 'risk.target_one_class', en: 'The training data has only one class', zh: '训练数据只有一个类别' });
  const baseMargin = Math.log(events / (n - events));
  const margin = new Float64Array(n).fill(baseMargin);
  const grad = shared ? shared.grad : new Float64Array(n);
  const hess = shared ? shared.hess : new Float64Array(n);
  const rowBuffer = shared ? shared.rows : new Uint32Array(Math.max(1, n));
  const data: TreeData = {
    bins,
    colBins,
    n,
    F,
    grad,
    hess,
    nBins: Int32Array.from(features, featureBinCount),
    isCategorical: Uint8Array.from(features, (f) => (f.kind === 'categorical' ? 1 : 0)),
    monotone: checkMonotone(params, features),
  };
  const vBins = valid ? binMatrix(features, valid.frame) : null;
  const vMargin = valid ? new Float64Array(valid.frame.nRows).fill(baseMargin) : null;
  const builder = input.histogramBuilder ? input.histogramBuilder(data) : shared ? makeParallelBuilder(data, shared, threads, input.parallelMinRows) : null;
  const build: HistogramBuilder = builder ? builder.build : (hist, rows, s, e, feats) => buildHistogram(hist, bins, F, grad, hess, rows, s, e, feats);
  const rng = makeRng(params.seed);
  const trees: GbmTree[] = [];
  const trainMetric: number[] = [];
  const validMetric: number[] = [];
  let best = Number.NaN;
  let bestIter = -1;
  let stoppedEarly = false;
  const pool: Float64Array[] = [];
  const scratch = new Uint32Array(n);
  const better = (a: number, b: number): boolean => (params.evalMetric === 'auc' ? a > b : a < b);
  const cuts = features.map((f) => (f.kind === 'numeric' ? f.cuts : []));
  try {
    for (let round = 0; round < params.nEstimators; round++) {
      for (let i = 0; i < n; i++) {
        const p = 1 / (1 + Math.exp(-(margin[i] as number)));
        grad[i] = p - (y[i] as number);
        hess[i] = Math.max(p * (1 - p), 1e-16);
      }
      const rows = sampleRows(n, params.subsample, rng, rowBuffer);
      const feats = sampleFeatures(F, params.colsampleByTree, rng);
      const grown = await growTree({ data, params, rows, features: feats, thresholdOf: (f, t) => (cuts[f] as number[])[t] as number, buildHist: build, pool, scratch });
      trees.push(grown.tree);
      if (params.subsample >= 1) {
        for (const lr of grown.leafRanges) {
          const v = grown.tree.value[lr.node] as number;
          for (let k = lr.start; k < lr.end; k++) {
            const i = rows[k] as number;
            margin[i] = (margin[i] as number) + v;
          }
        }
      } else {
        for (let i = 0; i < n; i++) margin[i] = (margin[i] as number) + binnedTreeValue(grown.tree, bins, F, i);
      }
      trainMetric.push(input.trackTrainMetric === false ? Number.NaN : metric(params.evalMetric, margin, y));
      let vm: number | null = null;
      if (valid && vBins && vMargin) {
        const vn = valid.frame.nRows;
        for (let i = 0; i < vn; i++) vMargin[i] = (vMargin[i] as number) + binnedTreeValue(grown.tree, vBins, F, i);
        vm = metric(params.evalMetric, vMargin, valid.target);
        validMetric.push(vm);
        if (bestIter < 0 || better(vm, best)) {
          best = vm;
          bestIter = round;
        } else if (params.earlyStoppingRounds > 0 && round - bestIter >= params.earlyStoppingRounds) {
          stoppedEarly = true;
          input.onRound?.(round, trainMetric[round] as number, vm);
          break;
        }
      }
      input.onRound?.(round, trainMetric[round] as number, vm);
    }
  } finally {
    await builder?.close();
  }
  const keep = valid && params.earlyStoppingRounds > 0 ? bestIter + 1 : trees.length;
  return {
    format: GBM_FORMAT,
    formatVersion: GBM_FORMAT_VERSION,
    kind: 'gbm',
    target: train.targetName,
    features,
    baseMargin,
    trees: trees.slice(0, keep),
    params,
    training: { rows: n, events, validationRows: valid?.frame.nRows ?? 0, bestIteration: keep - 1, stoppedEarly, trainMetric, validMetric },
  };
}
