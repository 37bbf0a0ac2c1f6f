/**
 * One interface over both model kinds: load/save, batch prediction, single-record scoring and
 * reason codes with a common shape. Higher `pd` = riskier for both; scorecards add points.
 */
import { AppError } from '../domain/errors.js';
import { decodeArtifact } from './artifact-json.js';
import type { Frame, InputRecord } from './frame/frame.js';
import { loadGbm, saveGbm } from './gbm/artifact.js';
import { compileGbm, type CompiledGbm } from './gbm/predict.js';
import { marginFrameParallel, type ScoringPoolOptions } from './gbm/score-pool.js';
import { makeShapExplainer, topReasons, type ShapExplainer } from './gbm/shap.js';
import { GBM_FORMAT, type GbmModel } from './gbm/types.js';
import { sigmoid } from './linear/logistic.js';
import { loadScorecard, saveScorecard } from './scorecard/artifact.js';
import { compileScorecard, type CompiledScorecard, type ReasonReference } from './scorecard/score.js';
import { SCORECARD_FORMAT, type ScorecardModel } from './scorecard/types.js';

export type RiskModel = ScorecardModel | GbmModel;

export interface Reason {
  feature: string;
  /** The applicant's bin (scorecard) or value (boosting). */
  detail: string;
  /** Points lost (scorecard) or contribution to the log-odds (boosting); larger = more adverse. */
  impact: number;
  unit: 'points' | 'log-odds';
}

export interface ScoredRecord {
  pd: number;
  /** Scorecard points (absent for boosting). */
  score?: number;
  reasons: Reason[];
}

export function saveModel(model: RiskModel, pretty = false): string {
  return model.kind === 'scorecard' ? saveScorecard(model, pretty) : saveGbm(model, pretty);
}

export function loadModel(text: string): RiskModel {
  const raw = decodeArtifact(text) as { format?: unknown } | null;
  const format = raw && typeof raw === 'object' ? raw.format : undefined;
  if (format === SCORECARD_FORMAT) return loadScorecard(text);
  if (format === GBM_FORMAT) return loadGbm(text);
  throw new AppError({ code: 'risk.artifact_format', en: `Not a suitrate model (format ${JSON.stringify(format)})`, zh: `不是 suitrate 模型文件（format 为 ${JSON.stringify(format)}）` });
}

export function modelFeatureNames(model: RiskModel): string[] {
  return model.kind === 'scorecard' ? model.features.map((f) => f.binning.feature) : model.features.map((f) => f.name);
}

export interface Scorer {
  readonly model: RiskModel;
  /** PD per row (and points for scorecards). */
  predictFrame(frame: Frame): { pd: Float64Array; score: Float64Array | null };
  /** Same results as `predictFrame`; boosting models score large frames on worker threads (`threads`, default all cores). */
  predictFrameParallel(frame: Frame, opts?: ScoringPoolOptions): Promise<{ pd: Float64Array; score: Float64Array | null }>;
  /** Score one record with its top `reasonCount` adverse reasons. */
  scoreRecord(record: InputRecord, reasonCount?: number): ScoredRecord;
  /** Reasons for selected rows of a frame. */
  reasonsForRows(frame: Frame, rows: ArrayLike<number>, reasonCount: number): Reason[][];
}

function scorecardScorer(model: ScorecardModel, reference: ReasonReference): Scorer {
  const sc: CompiledScorecard = compileScorecard(model, reference);
  const toReason = (r: { feature: string; bin: string; pointsLost: number }): Reason => ({ feature: r.feature, detail: r.bin, impact: r.pointsLost, unit: 'points' });
  const predictFrame = (frame: Frame): { pd: Float64Array; score: Float64Array } => {
    const score = sc.scoreFrame(frame);
    const pd = new Float64Array(score.length);
    for (let i = 0; i < score.length; i++) pd[i] = sc.pd(score[i] as number);
    return { pd, score };
  };
  return {
    model,
    predictFrame,
    // one fused pass per row already runs at millions of rows per second; no threads
    predictFrameParallel: async (frame) => predictFrame(frame),
    scoreRecord(record, reasonCount = 4) {
      const r = sc.score(record, reasonCount);
      return { pd: r.pd, score: r.score, reasons: r.reasons.map(toReason) };
    },
    reasonsForRows(frame, rows, reasonCount) {
      const bins = sc.binFrame(frame);
      const out: Reason[][] = [];
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k] as number;
        out.push(sc.reasonsFromBins(bins.map((b) => b[i] as number), reasonCount).map(toReason));
      }
      return out;
    },
  };
}

function toPd(m: Float64Array): Float64Array {
  const pd = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) pd[i] = sigmoid(m[i] as number);
  return pd;
}

function gbmScorer(model: GbmModel): Scorer {
  const c: CompiledGbm = compileGbm(model);
  let explainer: ShapExplainer | null = null;
  const ex = (): ShapExplainer => (explainer ??= makeShapExplainer(c));
  const fmt = (v: number | string | null): string => (v === null ? 'missing' : String(v));
  const reasonsOf = (x: Float64Array, count: number): Reason[] =>
    topReasons(c, ex().contributions(x), x, count).map((r) => ({ feature: r.feature, detail: fmt(r.value), impact: r.contribution, unit: 'log-odds' }));
  return {
    model,
    predictFrame(frame) {
      return { pd: toPd(c.marginFrame(frame)), score: null };
    },
    async predictFrameParallel(frame, opts) {
      return { pd: toPd(await marginFrameParallel(c, frame, opts)), score: null };
    },
    scoreRecord(record, reasonCount = 4) {
      const x = c.encodeRecord(record);
      return { pd: sigmoid(c.margin(x)), reasons: reasonCount > 0 ? reasonsOf(x, reasonCount) : [] };
    },
    reasonsForRows(frame, rows, reasonCount) {
      const cols = c.encodeFrame(frame);
      const out: Reason[][] = [];
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k] as number;
        out.push(reasonsOf(Float64Array.from(cols, (col) => col[i] as number), reasonCount));
      }
      return out;
    },
  };
}

export function makeScorer(model: RiskModel, reference: ReasonReference = 'best'): Scorer {
  return model.kind === 'scorecard' ? scorecardScorer(model, reference) : gbmScorer(model);
}
