/**
 * Drift of newly scored data against the training sample: PSI of the PD against the training PD
 * deciles stored with the model's metrics, and — for scorecards — CSI of every feature against the
 * training counts kept in its binning. Pure; the CLI prints it after each scoring run.
 */
import { psiFromCounts } from './eval/stability.js';
import type { Frame } from './frame/frame.js';
import type { RiskModel } from './model.js';
import { baselinePsi, type PdBaseline } from './pipeline.js';
import { compileScorecard } from './scorecard/score.js';

export interface DriftReport {
  /** PSI of the new PDs against the training PDs (null when the model has no stored baseline). */
  pdPsi: number | null;
  /** CSI per scorecard feature against its training bin counts (empty for boosting or without a frame). */
  csi: { feature: string; csi: number }[];
}

export function driftAgainstTraining(model: RiskModel, baseline: PdBaseline | null | undefined, pd: ArrayLike<number>, frame: Frame | null): DriftReport {
  const pdPsi = baseline && baseline.counts.length > 0 && pd.length > 0 ? baselinePsi(baseline, pd) : null;
  if (model.kind !== 'scorecard' || frame === null || frame.nRows === 0) return { pdPsi, csi: [] };
  const bins = compileScorecard(model).binFrame(frame);
  const csi = model.features.map((f, j) => {
    const now = new Array<number>(f.binning.bins.length).fill(0);
    const col = bins[j] as Int32Array;
    for (let i = 0; i < col.length; i++) now[col[i] as number] = (now[col[i] as number] as number) + 1;
    return { feature: f.binning.feature, csi: psiFromCounts(f.binning.bins.map((b) => b.count), now, f.binning.labels).psi };
  });
  return { pdPsi, csi };
}
