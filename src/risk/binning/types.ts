/** Binning results (plain JSON-serializable data) and options. */
import type { BinStats } from './woe.js';
import type { MonotonicTrend } from './optimal.js';

export type TrendOption = MonotonicTrend | 'auto';

export interface BinningOptions {
  /** Merging criterion: exact IV-optimal dynamic programme, or ChiMerge (bottom-up χ² merging). */
  method: 'iv' | 'chimerge';
  /** Most regular bins (missing and special bins not counted). */
  maxBins: number;
  /** Quantile pre-bins before merging. */
  maxPrebins: number;
  /** Smallest pre-bin as a share of all rows (smaller ones join a neighbour). */
  minPrebinShare: number;
  /** Smallest final regular bin as a share of all rows. */
  minBinShare: number;
  /** Each regular bin needs at least this many bads and this many goods. */
  minBinEvents: number;
  minBinNonEvents: number;
  /** Event-rate shape across regular bins; `auto` picks the better of ascending and descending. */
  trend: TrendOption;
  /** ChiMerge stops merging when every adjacent pair has χ² above this (3.841 = 95%, 1 d.f.). */
  chiThreshold: number;
  /** Numeric codes that are not measurements (−1 "not applicable", −2 "no file" …): one bin each. */
  specialCodes: readonly number[];
  /** Fixed cut points (numeric) chosen by the analyst: no optimization for this feature. */
  userCuts?: readonly number[];
}

export const DEFAULT_BINNING: BinningOptions = {
  method: 'iv',
  maxBins: 8,
  maxPrebins: 20,
  minPrebinShare: 0.02,
  minBinShare: 0.05,
  minBinEvents: 1,
  minBinNonEvents: 1,
  trend: 'auto',
  chiThreshold: 3.841,
  specialCodes: [],
};

export interface NumericBinning {
  kind: 'numeric';
  feature: string;
  /** k − 1 ascending cut points for k regular bins: bin i holds cuts[i−1] ≤ x < cuts[i]. */
  cuts: number[];
  /** Special codes, one bin each, placed after the regular bins in `bins`. */
  specialCodes: number[];
  /** Regular bins, then one per special code, then the missing bin (always last). */
  bins: BinStats[];
  labels: string[];
  trend: MonotonicTrend;
  iv: number;
}

export interface CategoricalBinning {
  kind: 'categorical';
  feature: string;
  /** Levels of each regular bin, bins ordered by event rate (ascending). */
  groups: string[][];
  /** Regular bins then the missing bin (last). Levels never seen in training score as missing. */
  bins: BinStats[];
  labels: string[];
  trend: MonotonicTrend;
  iv: number;
}

export type FeatureBinning = NumericBinning | CategoricalBinning;

export function missingBinIndex(b: FeatureBinning): number {
  return b.bins.length - 1;
}
