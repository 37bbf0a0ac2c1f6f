/** The scorecard artifact: every parameter needed to score, explain and audit, as plain JSON. */
import type { FeatureBinning } from '../binning/types.js';

export const SCORECARD_FORMAT = 'suitrate.scorecard';
export const SCORECARD_FORMAT_VERSION = 1;

export interface ScalingOptions {
  /** Score at `baseOdds`. */
  baseScore: number;
  /** Odds good:bad at `baseScore` (50 means 50:1, PD ≈ 1.96%). */
  baseOdds: number;
  /** Points to double the odds. */
  pdo: number;
  /** Round each bin's points to this many decimals (half away from zero); null keeps exact values. */
  pointsDecimals: number | null;
}

export const DEFAULT_SCALING: ScalingOptions = { baseScore: 600, baseOdds: 50, pdo: 20, pointsDecimals: null };

export interface ScorecardFeature {
  binning: FeatureBinning;
  coefficient: number;
  /** Points per bin (same order as binning.bins): −factor · coefficient · WOE. */
  points: number[];
}

export interface ScorecardModel {
  format: typeof SCORECARD_FORMAT;
  formatVersion: typeof SCORECARD_FORMAT_VERSION;
  kind: 'scorecard';
  target: string;
  intercept: number;
  /** offset − factor · intercept (rounded like the bin points). */
  basePoints: number;
  scaling: ScalingOptions & { factor: number; offset: number };
  features: ScorecardFeature[];
  training: {
    rows: number;
    events: number;
    l2: number;
    iterations: number;
    converged: boolean;
    standardErrors: number[];
    /** Per candidate feature: IV, whether it was kept and why. */
    selection: { feature: string; iv: number; kept: boolean; reason: string; csi?: number }[];
    binningOptions: Record<string, unknown>;
  };
}
