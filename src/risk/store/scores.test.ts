import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { auc } from '../eval/metrics.js';
import type { LabeledFrame } from '../frame/frame.js';
import { dropColumns, getColumn } from '../frame/frame.js';
import { compileGbm } from '../gbm/predict.js';
import { trainGbm } from '../gbm/train.js';
import { sigmoid } from '../linear/logistic.js';
import { makeScorer, saveModel } from '../model.js';
import { trainScorecard } from '../scorecard/train.js';
import { DATASET_CATEGORICAL, datasetSql } from './dataset.js';
import { readFrameFromSql } from './frame-table.js';
import { listModels, loadModelVersion, parseModelRef, saveModelVersion } from './model-store.js';
import { scoreStoreBook } from './scores.js';
import { createTestBook } from './test-book.js';

async function storeData(ws: TempWorkspace, asOf: string, label: string): Promise<LabeledFrame> {
  const { frame } = await readFrameFromSql(ws.conn, datasetSql({ asOf }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
  const y = getColumn(frame, label);
  if (y.kind !== 'numeric') throw new Error('label must be numeric');
  return { frame: dropColumns(frame, ['bad_90dpd_12m', 'sued_12m']), target: Uint8Array.from(y.values), targetName: label };
}

describe('models in the store and scores written back', () => {
  let ws: TempWorkspace;
  let data: LabeledFrame;

  beforeAll(async () => {
    ws = await openTempWorkspace();
    await createTestBook(ws.conn, 3000);
    data = await storeData(ws, '2023-09-30', 'bad_90dpd_12m');
  });
  afterAll(() => ws.dispose());

  it('the synthetic book yields a learnable dataset', () => {
    let bad = 0;
    for (const v of data.target) bad += v;
    expect(data.frame.nRows).toBeGreaterThan(1000);
    expect(bad).toBeGreaterThan(50);
  });

  it('versions are added, never overwritten, and the artifact survives the JSON column byte for byte', async () => {
    const m = trainScorecard(data);
    const v1 = await saveModelVersion(ws.conn, { name: 'early-warning', model: m, createdAt: '2024-01-01T00:00:00Z', dataSource: 'store:2023-09-30', asOf: '2023-09-30', label: 'dpd90_12m', metrics: { auc: 0.8 } });
    const v2 = await saveModelVersion(ws.conn, { name: 'early-warning', model: m, createdAt: '2024-01-02T00:00:00Z', dataSource: 'store:2023-09-30', asOf: '2023-09-30', label: 'dpd90_12m' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const list = await listModels(ws.conn, 'early-warning');
    expect(list.map((x) => x.version)).toEqual([2, 1]);
    expect(list[1]?.metrics).toEqual({ auc: 0.8 });
    expect(list[0]?.features).toEqual(m.features.map((f) => f.binning.feature));
    const back = await loadModelVersion(ws.conn, 'early-warning', 1);
    expect(saveModel(back.model)).toBe(saveModel(m));
    await expect(ws.conn.run("INSERT INTO risk_model SELECT * FROM risk_model WHERE version = 1")).rejects.toThrow(/PRIMARY KEY|Duplicate|constraint/i);
    expect(parseModelRef('early-warning@2')).toEqual({ name: 'early-warning', version: 2 });
  });

  it('scorecard scores computed in DuckDB equal the in-process scores, and the watch-list has reasons', async () => {
    const m = trainScorecard(data);
    const { version } = await saveModelVersion(ws.conn, { name: 'sc', model: m, createdAt: '2024-01-01T00:00:00Z', dataSource: 'store' });
    const summary = await scoreStoreBook(ws.conn, { modelName: 'sc', modelVersion: version, model: m, asOf: '2023-12-31', scoredAt: '2024-01-01T08:00:00Z', watch: { topShare: 0.05, minPd: null }, reasonCount: 3 });
    const live = await readFrameFromSql(ws.conn, datasetSql({ asOf: '2023-12-31', withoutLabels: true }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
    expect(summary.scored).toBe(live.frame.nRows);
    expect(summary.watched).toBe(Math.ceil(0.05 * summary.scored));
    const stored = await queryRows<{ loan_id: string; score: number; pd: number; watch: boolean; reasons: string | null }>(ws.conn, "SELECT loan_id, score, pd, watch, CAST(reasons AS VARCHAR) AS reasons FROM risk_score WHERE model_name = 'sc' ORDER BY loan_id");
    const js = makeScorer(m).predictFrame(live.frame);
    const ids = live.kept['loan_id'] ?? [];
    const byId = new Map(stored.map((r) => [r.loan_id, r]));
    ids.forEach((id, i) => expect(byId.get(id as string)?.score).toBe(js.score?.[i]));
    const watched = stored.filter((r) => r.watch);
    expect(watched.every((r) => r.reasons !== null && (JSON.parse(r.reasons) as unknown[]).length > 0)).toBe(true);
    const minWatchedPd = Math.min(...watched.map((r) => r.pd));
    expect(stored.filter((r) => !r.watch).every((r) => r.pd <= minWatchedPd)).toBe(true);
    const view = await queryRows(ws.conn, "SELECT count(*) AS n FROM risk_watchlist WHERE model_name = 'sc'");
    expect(view[0]?.['n']).toBe(summary.watched);
  });

  it('boosting scores are appended back, re-scoring replaces the run, and they rank the later outcome', async () => {
    const m = await trainGbm({ train: data, params: { nEstimators: 60, maxDepth: 3, learningRate: 0.1 } });
    const { version } = await saveModelVersion(ws.conn, { name: 'gbm', model: m, createdAt: '2024-01-01T00:00:00Z', dataSource: 'store' });
    const input = { modelName: 'gbm', modelVersion: version, model: m, asOf: '2023-09-30', scoredAt: '2024-01-01T08:00:00Z', watch: { topShare: 0.1, minPd: 0.5 }, reasonCount: 2 };
    const first = await scoreStoreBook(ws.conn, input);
    const again = await scoreStoreBook(ws.conn, input);
    expect(again).toEqual(first);
    const n = await queryRows(ws.conn, "SELECT count(*) AS n FROM risk_score WHERE model_name = 'gbm'");
    expect(n[0]?.['n']).toBe(first.scored);
    const joined = await queryRows<{ pd: number; bad: number; reasons: string | null; watch: boolean }>(
      ws.conn,
      `SELECT s.pd, d.bad_90dpd_12m AS bad, CAST(s.reasons AS VARCHAR) AS reasons, s.watch FROM risk_score s JOIN (${datasetSql({ asOf: '2023-09-30' })}) d USING (loan_id) WHERE s.model_name = 'gbm'`,
    );
    expect(auc(joined.map((r) => r.pd), joined.map((r) => r.bad))).toBeGreaterThan(0.6);
    const rs = joined.filter((r) => r.watch).map((r) => JSON.parse(r.reasons ?? '[]') as { unit: string }[]);
    expect(rs.every((r) => r.length <= 2 && r.every((x) => x.unit === 'log-odds'))).toBe(true);
    // the store's features compile to the binned program (the fast path), and what was written back is
    // exactly the PD of the reference traversal, loan by loan
    const c = compileGbm(m);
    expect(c.program).not.toBeNull();
    const live = await readFrameFromSql(ws.conn, datasetSql({ asOf: '2023-09-30', withoutLabels: true }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
    const reference = c.marginFrameGeneric(live.frame);
    const stored = new Map((await queryRows<{ loan_id: string; pd: number }>(ws.conn, "SELECT loan_id, pd FROM risk_score WHERE model_name = 'gbm'")).map((r) => [r.loan_id, r.pd]));
    expect(stored.size).toBe(live.frame.nRows);
    let differ = 0;
    (live.kept['loan_id'] ?? []).forEach((id, i) => {
      if (!Object.is(stored.get(id as string), sigmoid(reference[i] as number))) differ++;
    });
    expect(differ).toBe(0);
  });
});
