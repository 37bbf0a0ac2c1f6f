/**
 * The later steps of `suitrate demo`, each through the capability's own public API so the dashboard
 * has something on every page: the transparency audit of the whole book, and an early-warning
 * scorecard trained on the store and scored onto the live book (the watch-list).
 */
import { addMonths, type IsoDate } from '../../domain/dates.js';
import { auditSummary, runAudit, type AuditSummary } from '../../pricing/index.js';
import { dropColumns, getColumn } from '../../risk/frame/frame.js';
import { DATASET_CATEGORICAL, DATASET_LABELS, datasetSql, readFrameFromSql, saveModelVersion, scoreStoreBook, trainModel, type StoreScoringSummary } from '../../risk/index.js';
import type { Workspace } from '../../store/workspace.js';

export interface DemoAudit {
  summary: AuditSummary;
  loansPerSecond: number;
}

export async function demoAudit(ws: Workspace, now: Date, onProgress?: (done: number, total: number) => void): Promise<DemoAudit> {
  const run = await runAudit(ws.instance, ws.conn, { startedAt: now, ...(onProgress ? { onProgress } : {}) });
  return { summary: await auditSummary(ws.conn, run.runId), loansPerSecond: run.loansPerSecond };
}

export interface DemoModel {
  name: string;
  version: number;
  trainedAsOf: IsoDate;
  testAuc: number | null;
  testKs: number | null;
  scoring: StoreScoringSummary;
}

/**
 * Train a scorecard for "90+ DPD within 12 months" on the book as it stood 12 months before
 * `asOf` (so every label is observed), hold out 30% to test it, store it as a model version and
 * score the active loans as of `asOf` into risk_score / risk_watchlist.
 */
export async function demoEarlyWarning(ws: Workspace, asOf: IsoDate, now: Date): Promise<DemoModel> {
  const trainedAsOf = addMonths(asOf, -12);
  const { frame } = await readFrameFromSql(ws.conn, datasetSql({ asOf: trainedAsOf }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
  const y = getColumn(frame, 'bad_90dpd_12m');
  if (y.kind !== 'numeric') throw new Error('bad_90dpd_12m is not numeric');
  const result = await trainModel({
    kind: 'scorecard',
    data: { frame: dropColumns(frame, [...DATASET_LABELS]), target: Uint8Array.from(y.values), targetName: 'bad_90dpd_12m' },
    split: { kind: 'holdout', testShare: 0.3, seed: 0 },
  });
  const name = 'demo-early-warning';
  const { version } = await saveModelVersion(ws.conn, { name, model: result.model, createdAt: now.toISOString(), dataSource: `store:${trainedAsOf}`, asOf: trainedAsOf, label: 'dpd90_12m', metrics: result.metrics, notes: 'trained by suitrate demo' });
  const scoring = await scoreStoreBook(ws.conn, { modelName: name, modelVersion: version, model: result.model, asOf, scoredAt: now.toISOString(), watch: { topShare: 0.05, minPd: null }, reasonCount: 3 });
  return { name, version, trainedAsOf, testAuc: result.metrics.test?.auc ?? null, testKs: result.metrics.test?.ks ?? null, scoring };
}
