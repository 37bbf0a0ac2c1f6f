/**
 * Public API of the risk module (for the CLI, the HTTP server and batch jobs).
 *
 * Training and evaluation (pure):      trainModel, evaluate, trainScorecard, trainGbm
 * Scoring (pure, in-process):          makeScorer → predictFrame / scoreRecord / reasonsForRows
 * Artifacts (versioned JSON):          saveModel / loadModel
 * SQL export (scorecards):             scorecardScoreSql / scorecardPdSql / scorecardSelectSql
 * Store (DuckDB):                      datasetSql / exportDatasetCsv / readFrameFromSql,
 *                                      saveModelVersion / listModels / loadModelVersion,
 *                                      scoreStoreBook (→ risk_score, risk_watchlist)
 * Model card (pure HTML):              renderModelCard
 */
export type { Column, Frame, InputRecord, LabeledFrame } from './frame/frame.js';
export { categoricalColumn, makeFrame, numericColumn, takeLabeled, takeRows } from './frame/frame.js';
export { parseCsvFrame, parseLabeledCsv, type CsvFrameOptions } from './frame/csv-frame.js';

export { auc, gini, ks, brier, logLoss, rocCurve } from './eval/metrics.js';
export { gainsTable, calibration } from './eval/tables.js';
export { psiFromCounts, scorePsi, csiFromBins } from './eval/stability.js';
export { stratifiedFolds, stratifiedSplit, outOfTimeSplit } from './eval/split.js';
export { evaluate, type Evaluation } from './eval/evaluate.js';

export { fitBinnings, binFeature } from './binning/fit.js';
export { selectFeatures } from './binning/select.js';
export type { BinningOptions, FeatureBinning, NumericBinning, CategoricalBinning } from './binning/types.js';

export { fitLogistic, type LogisticFit } from './linear/logistic.js';
export { trainScorecard, type ScorecardTrainOptions } from './scorecard/train.js';
export { compileScorecard } from './scorecard/score.js';
export { scorecardScoreSql, scorecardPdSql, scorecardPointsSql, scorecardSelectSql } from './scorecard/sql.js';
export type { ScorecardModel, ScalingOptions } from './scorecard/types.js';

export { trainGbm, type GbmTrainInput } from './gbm/train.js';
export { compileGbm } from './gbm/predict.js';
export { makeShapExplainer } from './gbm/shap.js';
export { DEFAULT_GBM, type GbmModel, type GbmParams } from './gbm/types.js';

export { makeScorer, saveModel, loadModel, modelFeatureNames, type RiskModel, type Reason, type ScoredRecord, type Scorer } from './model.js';
export { trainModel, pdBaseline, baselinePsi, type TrainRequest, type TrainResult, type ModelMetrics, type SplitSpec, type PdBaseline } from './pipeline.js';
export { driftAgainstTraining, type DriftReport } from './monitor.js';
export { renderModelCard, type ModelCardInput } from './report/model-card.js';
export { RiskConfigSchema, type RiskConfig } from './config-schema.js';

export { datasetSql, exportDatasetCsv, dataExtent, DATASET_FEATURES, DATASET_LABELS, DATASET_CATEGORICAL, type DatasetOptions } from './store/dataset.js';
export { readFrameFromSql, writeFrameTable } from './store/frame-table.js';
export { saveModelVersion, listModels, loadModelVersion, parseModelRef, type ModelMeta, type SaveModelInput } from './store/model-store.js';
export { scoreStoreBook, type StoreScoringInput, type StoreScoringSummary, type WatchRule } from './store/scores.js';
