/** Gradient boosting: parameters and the model artifact (plain JSON). */

export const GBM_FORMAT = 'suitrate.gbm';
export const GBM_FORMAT_VERSION = 1;

/** Bin code of a missing value in the uint8 bin matrix (value bins are 0..254). */
export const MISSING_BIN = 255;
export const MAX_VALUE_BINS = 255;

export interface GbmParams {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  /** Leaf cap for loss-guided growth (0 = no cap beyond maxDepth). */
  maxLeaves: number;
  growPolicy: 'depthwise' | 'lossguide';
  /** L2 regularization of leaf weights (xgboost `lambda`). */
  lambda: number;
  /** Minimum loss reduction to split (xgboost `gamma` / `min_split_loss`). */
  gamma: number;
  /** Minimum hessian sum in a child (xgboost `min_child_weight`). */
  minChildWeight: number;
  /** Row share sampled (without replacement) per tree. */
  subsample: number;
  /** Feature share sampled per tree. */
  colsampleByTree: number;
  /** Value bins per numeric feature (≤ 255; missing values have their own code). */
  maxBins: number;
  /** Rows used to place the quantile cut points (all rows when fewer). */
  binSampleRows: number;
  /** Stop when the validation metric has not improved for this many rounds (0 = off). */
  earlyStoppingRounds: number;
  evalMetric: 'logloss' | 'auc';
  /** +1 / −1 per feature name: prediction must rise / fall with the feature. */
  monotone: Record<string, 1 | -1>;
  /** Categorical splits: one level vs the rest (as one-hot encoding) or the best partition of levels sorted by gradient ratio. */
  categoricalSplit: 'one-vs-rest' | 'partition';
  /** Smoothing added to the hessian when ordering categories by gradient ratio (partition splits). */
  catSmooth: number;
  /** Categorical levels rarer than this count share an "other" bin. */
  minCategoryCount: number;
  seed: number;
  /** Worker threads for histogram building (1 = in the calling thread). */
  threads: number;
}

export const DEFAULT_GBM: GbmParams = {
  nEstimators: 200,
  learningRate: 0.05,
  maxDepth: 4,
  maxLeaves: 0,
  growPolicy: 'depthwise',
  lambda: 1,
  gamma: 0,
  minChildWeight: 1,
  subsample: 1,
  colsampleByTree: 1,
  maxBins: 255,
  binSampleRows: 200_000,
  earlyStoppingRounds: 0,
  evalMetric: 'logloss',
  monotone: {},
  categoricalSplit: 'one-vs-rest',
  catSmooth: 10,
  minCategoryCount: 10,
  seed: 0,
  threads: 1,
};

export interface NumericGbmFeature {
  kind: 'numeric';
  name: string;
  /** Bin b holds cuts[b−1] ≤ x < cuts[b]; a split at bin t sends x < cuts[t] left. */
  cuts: number[];
}

export interface CategoricalGbmFeature {
  kind: 'categorical';
  name: string;
  /** Level of each bin (bin index = position). */
  levels: string[];
  /** Bin shared by rare levels (and levels unseen in training), or −1 when none. */
  otherBin: number;
}

export type GbmFeature = NumericGbmFeature | CategoricalGbmFeature;

/** One tree as parallel arrays; node 0 is the root; leaves have feature −1. */
export interface GbmTree {
  feature: number[];
  /** Numeric split: bin ≤ binThreshold (x < threshold) goes left. */
  binThreshold: number[];
  threshold: number[];
  /** Categorical split: bins going left (sorted); null for numeric splits and leaves. */
  catLeft: (number[] | null)[];
  defaultLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf output (already multiplied by the learning rate); internal nodes hold their would-be value. */
  value: number[];
  /** Hessian sum of the training rows that reached the node (TreeSHAP weights). */
  cover: number[];
  gain: number[];
}

export interface GbmModel {
  format: typeof GBM_FORMAT;
  formatVersion: typeof GBM_FORMAT_VERSION;
  kind: 'gbm';
  target: string;
  features: GbmFeature[];
  baseMargin: number;
  trees: GbmTree[];
  params: GbmParams;
  training: {
    rows: number;
    events: number;
    validationRows: number;
    bestIteration: number;
    stoppedEarly: boolean;
    trainMetric: number[];
    validMetric: number[];
  };
}
