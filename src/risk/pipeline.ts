/**
 * Train → evaluate → describe, the one calculation behind `suitrate model train`, the API and batch
 * jobs: split the data (random stratified holdout, out-of-time by a date column, or none), train a
 * scorecard or a booster, evaluate on both samples, measure stability (PD PSI and scorecard CSI)
 * and feature importance. Pure: no I/O, no clock.
 */
import { AppError } from '../domain/errors.js';
import { binIndex, csiFromBins, psiFromCounts, quantileCuts } from './eval/stability.js';
import type { StabilityCheck } from './binning/select.js';
import { evaluate, pdStability, type Evaluation } from './eval/evaluate.js';
import { outOfTimeSplit, stratifiedSplit, type IndexSplit } from './eval/split.js';
import { takeLabeled, type LabeledFrame } from './frame/frame.js';
import { trainGbm } from './gbm/train.js';
import type { GbmModel, GbmParams } from './gbm/types.js';
import { makeScorer, type RiskModel } from './model.js';
import { compileScorecard } from './scorecard/score.js';
import { trainScorecard, type ScorecardTrainOptions } from './scorecard/train.js';
import type { ScorecardModel } from './scorecard/types.js';

export type SplitSpec =
  | { kind: 'holdout'; testShare: number; seed: number }
  | { kind: 'oot'; dates: readonly (string | null)[]; cutoff: string }
  | { kind: 'none' };

export interface TrainRequest {
  kind: 'scorecard' | 'gbm';
  data: LabeledFrame;
  split: SplitSpec;
  scorecard?: ScorecardTrainOptions;
  /**
   * Scorecard feature selection by stability: within the training sample, rows dated before
   * `cutoff` are the base period and the rest the later one; features with CSI above the selection's
   * maxCsi between them are dropped. One date per row of `data`.
   */
  stabilityDates?: { dates: readonly (string | null)[]; cutoff: string };
  gbm?: { params?: Partial<GbmParams>; /** share of the training sample held out for early stopping (0 = none) */ validShare?: number };
  onRound?: (round: number, trainMetric: number, validMetric: number | null) => void;
}

export interface Importance {
  feature: string;
  value: number;
  measure: 'iv' | 'gain';
}

/** The training sample's PD distribution, kept to measure drift (PSI) when the model scores new data. */
export interface PdBaseline {
  /** Cut points at the training PD deciles. */
  cuts: number[];
  /** Training rows per bin (cuts.length + 1 bins). */
  counts: number[];
}

export interface ModelMetrics {
  split: { kind: SplitSpec['kind']; trainRows: number; testRows: number; cutoff?: string; testShare?: number };
  train: Evaluation;
  test: Evaluation | null;
  stability: { pdPsi: number | null; csi: { feature: string; csi: number }[] };
  importance: Importance[];
  baseline: PdBaseline;
}

export interface TrainResult {
  model: RiskModel;
  metrics: ModelMetrics;
}

function splitRows(data: LabeledFrame, s: SplitSpec): IndexSplit | null {
  if (s.kind === 'none') return null;
  if (s.kind === 'holdout') return stratifiedSplit(data.target, s.testShare, s.seed);
  if (s.dates.length !== data.frame.nRows) throw new RangeError('one date per row is needed for an out-of-time split');
  return outOfTimeSplit(s.dates, s.cutoff);
}

function gbmImportance(m: GbmModel): Importance[] {
  const gain = new Float64Array(m.features.length);
  for (const t of m.trees) t.feature.forEach((f, i) => f >= 0 && (gain[f] = (gain[f] as number) + (t.gain[i] as number)));
  return m.features.map((f, j) => ({ feature: f.name, value: gain[j] as number, measure: 'gain' as const })).sort((a, b) => b.value - a.value);
}

function scorecardImportance(m: ScorecardModel): Importance[] {
  return m.features.map((f) => ({ feature: f.binning.feature, value: f.binning.iv, measure: 'iv' as const })).sort((a, b) => b.value - a.value);
}

function scorecardCsi(m: ScorecardModel, train: LabeledFrame, test: LabeledFrame): { feature: string; csi: number }[] {
  const sc = compileScorecard(m);
  const a = sc.binFrame(train.frame);
  const b = sc.binFrame(test.frame);
  return m.features.map((f, j) => ({ feature: f.binning.feature, csi: csiFromBins(a[j] as Int32Array, b[j] as Int32Array, f.binning.labels).psi }));
}

/** Base/later rows of the training sample for stability-based selection. */
function stabilityWithin(req: TrainRequest, split: IndexSplit | null): { stability?: StabilityCheck } {
  const sd = req.stabilityDates;
  if (!sd) return {};
  if (sd.dates.length !== req.data.frame.nRows) throw new RangeError('one stability date per row is needed');
  const rows = split ? split.train : Int32Array.from({ length: req.data.frame.nRows }, (_, i) => i);
  const base: number[] = [];
  const current: number[] = [];
  rows.forEach((row, k) => {
    const d = sd.dates[row];
    if (d === null || d === undefined) return;
    (d < sd.cutoff ? base : current).push(k);
  });
  if (base.length === 0 || current.length === 0) {
    throw new AppError({ code: 'risk.stability_empty', en: `Stability cutoff ${sd.cutoff} leaves ${base.length} training rows before and ${current.length} after`, zh: `稳定性切分日期 ${sd.cutoff} 使训练样本之前 ${base.length} 行、之后 ${current.length} 行` });
  }
  return { stability: { base: Int32Array.from(base), current: Int32Array.from(current) } };
}

/** Decile cut points and counts of the training PDs. */
export function pdBaseline(pd: ArrayLike<number>): PdBaseline {
  const cuts = quantileCuts(pd, 10);
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < pd.length; i++) {
    const b = binIndex(cuts, pd[i] as number);
    counts[b] = (counts[b] as number) + 1;
  }
  return { cuts, counts };
}

/** PSI of new PDs against the training baseline. */
export function baselinePsi(baseline: PdBaseline, pd: ArrayLike<number>): number {
  const now = new Array<number>(baseline.counts.length).fill(0);
  for (let i = 0; i < pd.length; i++) {
    const b = binIndex(baseline.cuts, pd[i] as number);
    now[b] = (now[b] as number) + 1;
  }
  return psiFromCounts(baseline.counts, now).psi;
}

export async function trainModel(req: TrainRequest): Promise<TrainResult> {
  const split = splitRows(req.data, req.split);
  const train = split ? takeLabeled(req.data, split.train) : req.data;
  const test = split ? takeLabeled(req.data, split.test) : null;
  for (const [name, part] of [['training', train], ['test', test]] as const) {
    if (!part) continue;
    let ev = 0;
    for (const v of part.target) ev += v;
    if (ev === 0 || ev === part.target.length) {
      throw new AppError({ code: 'risk.split_one_class', en: `The ${name} sample has only one class (${part.target.length} rows, ${ev} bad); change the split`, zh: `${name === 'training' ? '训练' : '测试'}样本只有一个类别（${part.target.length} 行，坏样本 ${ev}）；请调整切分方式` });
    }
  }
  let model: RiskModel;
  if (req.kind === 'scorecard') {
    model = trainScorecard(train, { ...(req.scorecard ?? {}), ...stabilityWithin(req, split) });
  } else {
    const vs = req.gbm?.validShare ?? 0;
    if (vs > 0) {
      const inner = stratifiedSplit(train.target, vs, 97);
      model = await trainGbm({ train: takeLabeled(train, inner.train), valid: takeLabeled(train, inner.test), params: req.gbm?.params ?? {}, onRound: req.onRound });
    } else {
      model = await trainGbm({ train, params: req.gbm?.params ?? {}, onRound: req.onRound });
    }
  }
  const scorer = makeScorer(model);
  const trainPd = scorer.predictFrame(train.frame).pd;
  const testPd = test ? scorer.predictFrame(test.frame).pd : null;
  const metrics: ModelMetrics = {
    split: {
      kind: req.split.kind,
      trainRows: train.frame.nRows,
      testRows: test?.frame.nRows ?? 0,
      ...(req.split.kind === 'oot' ? { cutoff: req.split.cutoff } : {}),
      ...(req.split.kind === 'holdout' ? { testShare: req.split.testShare } : {}),
    },
    train: evaluate(trainPd, train.target),
    test: test && testPd ? evaluate(testPd, test.target) : null,
    stability: {
      pdPsi: testPd ? pdStability(trainPd, testPd) : null,
      csi: model.kind === 'scorecard' && test ? scorecardCsi(model, train, test) : [],
    },
    importance: model.kind === 'scorecard' ? scorecardImportance(model) : gbmImportance(model),
    baseline: pdBaseline(trainPd),
  };
  return { model, metrics };
}
