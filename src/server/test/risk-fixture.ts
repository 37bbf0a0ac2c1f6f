/**
 * A workspace with a trained, stored and scored model, built with the risk area's own functions
 * (its synthetic test book, dataset SQL, scorecard training, model store and book scoring).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dropColumns, getColumn } from '../../risk/frame/frame.js';
import { trainScorecard } from '../../risk/scorecard/train.js';
import { DATASET_CATEGORICAL, datasetSql } from '../../risk/store/dataset.js';
import { readFrameFromSql } from '../../risk/store/frame-table.js';
import { saveModelVersion } from '../../risk/store/model-store.js';
import { scoreStoreBook } from '../../risk/store/scores.js';
import { createTestBook } from '../../risk/store/test-book.js';

export async function seedScoredModel(conn: DuckDBConnection, opts: { testBook?: boolean; trainAsOf?: string; scoreAsOf?: string } = {}): Promise<void> {
  const trainAsOf = opts.trainAsOf ?? '2023-09-30';
  if (opts.testBook !== false) await createTestBook(conn, 1500);
  const { frame } = await readFrameFromSql(conn, datasetSql({ asOf: trainAsOf }), { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
  const y = getColumn(frame, 'bad_90dpd_12m');
  if (y.kind !== 'numeric') throw new Error('label must be numeric');
  const model = trainScorecard({ frame: dropColumns(frame, ['bad_90dpd_12m', 'sued_12m']), target: Uint8Array.from(y.values), targetName: 'bad_90dpd_12m' });
  const { version } = await saveModelVersion(conn, { name: 'early-warning', model, createdAt: '2024-01-01T00:00:00Z', dataSource: `store:${trainAsOf}`, asOf: trainAsOf, label: 'dpd90_12m', metrics: { train: { rows: 100, events: 10, auc: 0.8, ks: 0.4, gini: 0.6, brier: 0.08 }, test: null } });
  await scoreStoreBook(conn, { modelName: 'early-warning', modelVersion: version, model, asOf: opts.scoreAsOf ?? '2023-12-31', scoredAt: '2024-01-01T08:00:00Z', watch: { topShare: 0.05, minPd: null }, reasonCount: 3 });
}
