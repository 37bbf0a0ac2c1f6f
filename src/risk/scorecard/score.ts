/**
 * Scoring with a scorecard: score = base points + Σ points of each feature's bin, summed in feature
 * order (the exported SQL sums in the same order, so both give the same double). Reason codes name
 * the features that cost the applicant the most points against a reference bin.
 */
import { binColumn, makeLookup, type BinLookup } from '../binning/apply.js';
import { getColumn, type Frame, type InputRecord } from '../frame/frame.js';
import { pdFromScore } from './points.js';
import type { ScorecardModel } from './types.js';

export type ReasonReference = 'best' | 'neutral';

export interface ScorecardReason {
  feature: string;
  /** Label of the applicant's bin. */
  bin: string;
  points: number;
  /** Points of the reference (best populated bin, or 0 = neutral WOE). */
  referencePoints: number;
  /** referencePoints − points (> 0: this feature lowered the score). */
  pointsLost: number;
}

export interface ScorecardResult {
  score: number;
  pd: number;
  reasons: ScorecardReason[];
}

export interface CompiledScorecard {
  readonly model: ScorecardModel;
  /** Score one record (object keyed by feature name). */
  score(record: InputRecord, reasonCount?: number): ScorecardResult;
  /** Scores of every row of a frame (missing feature columns are an error). */
  scoreFrame(frame: Frame): Float64Array;
  /** Bin index per feature for every row (feature-major), for reasons and stability. */
  binFrame(frame: Frame): Int32Array[];
  reasonsFromBins(bins: readonly number[], count: number): ScorecardReason[];
  pd(score: number): number;
}

function referencePoints(model: ScorecardModel, ref: ReasonReference): number[] {
  return model.features.map((f) => {
    if (ref === 'neutral') return 0;
    let best = Number.NEGATIVE_INFINITY;
    f.points.forEach((p, b) => {
      if ((f.binning.bins[b]?.count ?? 0) > 0) best = Math.max(best, p);
    });
    return best === Number.NEGATIVE_INFINITY ? 0 : best;
  });
}

/**
 * out[i] += points of the bin of values[i]: the bin is the number of cuts ≤ v (a branch-free count,
 * the same bin as the binary search in numericBinOf), NaN → the missing bin (last).
 */
function addNumericPoints(out: Float64Array, values: Float64Array, cuts: Float64Array, pts: Float64Array): void {
  const k = cuts.length;
  const miss = pts.length - 1;
  for (let i = 0; i < out.length; i++) {
    const v = values[i] as number;
    let b = 0;
    if (v !== v) b = miss;
    else for (let c = 0; c < k; c++) b += +(v >= (cuts[c] as number));
    out[i] = (out[i] as number) + (pts[b] as number);
  }
}

export function compileScorecard(model: ScorecardModel, reference: ReasonReference = 'best'): CompiledScorecard {
  const lookups: BinLookup[] = model.features.map((f) => makeLookup(f.binning));
  const points = model.features.map((f) => Float64Array.from(f.points));
  const refs = referencePoints(model, reference);
  const { factor, offset } = model.scaling;
  const k = model.features.length;

  const reasonsFromBins = (bins: readonly number[], count: number): ScorecardReason[] => {
    const out: ScorecardReason[] = [];
    for (let j = 0; j < k; j++) {
      const f = model.features[j];
      if (!f) continue;
      const b = bins[j] as number;
      const p = f.points[b] as number;
      const r = refs[j] as number;
      if (r - p > 0) out.push({ feature: f.binning.feature, bin: f.binning.labels[b] ?? String(b), points: p, referencePoints: r, pointsLost: r - p });
    }
    out.sort((a, b) => b.pointsLost - a.pointsLost || (a.feature < b.feature ? -1 : 1));
    return out.slice(0, count);
  };

  return {
    model,
    score(record, reasonCount = 4) {
      let s = model.basePoints;
      const bins = new Array<number>(k);
      for (let j = 0; j < k; j++) {
        const b = (lookups[j] as BinLookup)(record[(model.features[j] as { binning: { feature: string } }).binning.feature]);
        bins[j] = b;
        s += (points[j] as Float64Array)[b] as number;
      }
      return { score: s, pd: pdFromScore(s, factor, offset), reasons: reasonsFromBins(bins, reasonCount) };
    },
    scoreFrame(frame) {
      const out = new Float64Array(frame.nRows).fill(model.basePoints);
      for (let j = 0; j < k; j++) {
        const f = model.features[j];
        if (!f) continue;
        const col = getColumn(frame, f.binning.feature);
        const pts = points[j] as Float64Array;
        if (f.binning.kind === 'numeric' && col.kind === 'numeric' && f.binning.specialCodes.length === 0) {
          addNumericPoints(out, col.values, Float64Array.from(f.binning.cuts), pts);
          continue;
        }
        const idx = binColumn(f.binning, col);
        for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (pts[idx[i] as number] as number);
      }
      return out;
    },
    binFrame(frame) {
      return model.features.map((f) => binColumn(f.binning, getColumn(frame, f.binning.feature)));
    },
    reasonsFromBins,
    pd: (score) => pdFromScore(score, factor, offset),
  };
}
