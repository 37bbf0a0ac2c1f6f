/**
 * Scorecard training: bin every candidate feature, select (IV, correlation, stability), fit an
 * L2 logistic regression on the WOE columns, drop features whose coefficient turns negative (a
 * sign flip means the feature contradicts its own WOE, usually through collinearity) and refit,
 * then scale to points.
 */
import { woeColumn } from '../binning/apply.js';
import { fitBinnings, type FitBinningOptions } from '../binning/fit.js';
import { selectFeatures, type SelectionDecision, type SelectionOptions, type StabilityCheck } from '../binning/select.js';
import type { FeatureBinning } from '../binning/types.js';
import { getColumn, type LabeledFrame } from '../frame/frame.js';
import { fitLogistic, type LogisticFit, type LogisticOptions } from '../linear/logistic.js';
import { AppError } from '../../domain/errors.js';
import { roundPoints, scalingConstants } from './points.js';
import { DEFAULT_SCALING, SCORECARD_FORMAT, SCORECARD_FORMAT_VERSION, type ScalingOptions, type ScorecardModel } from './types.js';

export interface ScorecardTrainOptions {
  binning?: FitBinningOptions;
  selection?: Partial<SelectionOptions>;
  logistic?: Partial<LogisticOptions>;
  scaling?: Partial<ScalingOptions>;
  stability?: StabilityCheck;
  /** Refit without features whose coefficient is negative (default true). */
  dropNegative?: boolean;
}

function designMatrix(data: LabeledFrame, binnings: readonly FeatureBinning[]): Float64Array {
  const n = data.frame.nRows;
  const p = binnings.length;
  const x = new Float64Array(n * p);
  binnings.forEach((b, j) => {
    const w = woeColumn(b, getColumn(data.frame, b.feature));
    for (let i = 0; i < n; i++) x[i * p + j] = w[i] as number;
  });
  return x;
}

/** Build the model from a fitted regression (exported for tests that fix the coefficients). */
export function assembleScorecard(
  target: string,
  binnings: readonly FeatureBinning[],
  fit: Pick<LogisticFit, 'intercept' | 'coefficients'>,
  scaling: ScalingOptions,
  training: ScorecardModel['training'],
): ScorecardModel {
  const { factor, offset } = scalingConstants(scaling);
  return {
    format: SCORECARD_FORMAT,
    formatVersion: SCORECARD_FORMAT_VERSION,
    kind: 'scorecard',
    target,
    intercept: fit.intercept,
    basePoints: roundPoints(offset - factor * fit.intercept, scaling.pointsDecimals) + 0,
    scaling: { ...scaling, factor, offset },
    features: binnings.map((b, j) => {
      const coef = fit.coefficients[j] as number;
      return { binning: b, coefficient: coef, points: b.bins.map((bin) => roundPoints(-factor * coef * bin.woe, scaling.pointsDecimals) + 0) };
    }),
    training,
  };
}

export function trainScorecard(data: LabeledFrame, o: ScorecardTrainOptions = {}): ScorecardModel {
  const binnings = fitBinnings(data, o.binning ?? {});
  const decisions: SelectionDecision[] = selectFeatures(binnings, data.frame, o.selection ?? {}, o.stability);
  const byName = new Map(binnings.map((b) => [b.feature, b]));
  let chosen = decisions.filter((d) => d.kept).map((d) => byName.get(d.feature) as FeatureBinning);
  if (chosen.length === 0) {
    throw new AppError({
      code: 'risk.no_features',
      en: `No feature passed selection (best IV ${Math.max(0, ...binnings.map((b) => b.iv)).toFixed(4)}); lower --min-iv or check the target`,
      zh: `没有特征通过筛选（最高 IV ${Math.max(0, ...binnings.map((b) => b.iv)).toFixed(4)}）；请降低 --min-iv 或检查目标列`,
    });
  }
  let fit = fitLogistic(designMatrix(data, chosen), data.target, chosen.length, o.logistic ?? {});
  while (o.dropNegative !== false && chosen.length > 1) {
    let worst = -1;
    fit.coefficients.forEach((c, j) => {
      if (c < 0 && (worst < 0 || c < (fit.coefficients[worst] as number))) worst = j;
    });
    if (worst < 0) break;
    const name = (chosen[worst] as FeatureBinning).feature;
    const d = decisions.find((x) => x.feature === name);
    if (d) {
      d.kept = false;
      d.reason = `negative coefficient ${(fit.coefficients[worst] as number).toFixed(4)} in the regression`;
    }
    chosen = chosen.filter((_, j) => j !== worst);
    fit = fitLogistic(designMatrix(data, chosen), data.target, chosen.length, o.logistic ?? {});
  }
  let events = 0;
  for (let i = 0; i < data.target.length; i++) events += data.target[i] as number;
  const scaling = { ...DEFAULT_SCALING, ...(o.scaling ?? {}) };
  return assembleScorecard(data.targetName, chosen, fit, scaling, {
    rows: data.frame.nRows,
    events,
    l2: fit.l2,
    iterations: fit.iterations,
    converged: fit.converged,
    standardErrors: fit.standardErrors,
    selection: decisions,
    binningOptions: { ...(o.binning?.defaults ?? {}), perFeature: o.binning?.perFeature ?? {} },
  });
}
