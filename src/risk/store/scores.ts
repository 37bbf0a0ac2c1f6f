/**
 * Score the live book in the workspace and write the results to risk_score (the watch-list is the
 * view risk_watchlist). Features come from the dataset SQL at the observation date. Scorecards score
 * every loan inside DuckDB through their exported SQL expression; boosting models score in-process on
 * typed arrays and are appended back. Reason codes are computed only for the loans on the watch-list.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, ident, inTransaction, queryOne } from '../../store/sql.js';
import { makeScorer, type Reason, type RiskModel } from '../model.js';
import { scorecardPdSql, scorecardScoreSql } from '../scorecard/sql.js';
import { DATASET_CATEGORICAL, datasetSql } from './dataset.js';
import { readFrameFromSql } from './frame-table.js';

export interface WatchRule {
  /** Share of scored loans with the highest PD that go on the watch-list (0..1). */
  topShare: number;
  /** Any loan at or above this PD goes on the watch-list too (null = no PD threshold). */
  minPd: number | null;
}

export interface StoreScoringInput {
  modelName: string;
  modelVersion: number;
  model: RiskModel;
  asOf: string;
  /** ISO timestamp of this run (supplied by the caller). */
  scoredAt: string;
  watch: WatchRule;
  reasonCount: number;
  includeDefaulted?: boolean;
  /** Threads for in-process (boosting) scoring; default all cores, small books use one. */
  threads?: number;
}

export interface StoreScoringSummary {
  model: string;
  version: number;
  asOf: string;
  scored: number;
  watched: number;
  meanPd: number | null;
  maxPd: number | null;
}

const FEATURES = '_risk_features';
const SCORED = '_risk_scored';
const REASONS = '_risk_reasons';

async function scoreWithSql(conn: DuckDBConnection, model: Extract<RiskModel, { kind: 'scorecard' }>): Promise<void> {
  const score = scorecardScoreSql(model);
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${SCORED} AS WITH s AS (SELECT loan_id, ${score} AS score FROM ${FEATURES}) SELECT loan_id, score, ${scorecardPdSql('score', model)} AS pd FROM s`);
}

async function scoreInProcess(conn: DuckDBConnection, model: RiskModel, threads: number | undefined): Promise<void> {
  const { frame, kept } = await readFrameFromSql(conn, `SELECT * FROM ${FEATURES} ORDER BY loan_id`, { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] });
  const { pd, score } = await makeScorer(model).predictFrameParallel(frame, threads === undefined ? {} : { threads });
  const ids = kept['loan_id'] ?? [];
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${SCORED} (loan_id VARCHAR, score DOUBLE, pd DOUBLE)`);
  const app = await conn.createAppender(SCORED);
  try {
    for (let i = 0; i < ids.length; i++) {
      app.appendVarchar(ids[i] as string);
      const s = score?.[i];
      if (s === undefined) app.appendNull();
      else app.appendDouble(s);
      app.appendDouble(pd[i] as number);
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

function reasonsJson(rs: readonly Reason[]): string {
  return JSON.stringify(rs.map((r) => ({ feature: r.feature, detail: r.detail, impact: r.impact, unit: r.unit })));
}

async function explainWatched(conn: DuckDBConnection, model: RiskModel, reasonCount: number): Promise<void> {
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${REASONS} (loan_id VARCHAR, reasons VARCHAR)`);
  if (reasonCount <= 0) return;
  const { frame, kept } = await readFrameFromSql(
    conn,
    `SELECT f.* FROM ${FEATURES} f JOIN _risk_ranked r USING (loan_id) WHERE r.watch ORDER BY f.loan_id`,
    { keep: ['loan_id', 'as_of'], categorical: [...DATASET_CATEGORICAL] },
  );
  const ids = kept['loan_id'] ?? [];
  if (ids.length === 0) return;
  const rows = Int32Array.from({ length: ids.length }, (_, i) => i);
  const reasons = makeScorer(model).reasonsForRows(frame, rows, reasonCount);
  const app = await conn.createAppender(REASONS);
  try {
    ids.forEach((id, i) => {
      app.appendVarchar(id as string);
      app.appendVarchar(reasonsJson(reasons[i] ?? []));
      app.endRow();
    });
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

export async function scoreStoreBook(conn: DuckDBConnection, input: StoreScoringInput): Promise<StoreScoringSummary> {
  const { model } = input;
  if (!(input.watch.topShare >= 0 && input.watch.topShare <= 1)) throw new RangeError('watch.topShare must be in [0, 1]');
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${FEATURES} AS ${datasetSql({ asOf: input.asOf, withoutLabels: true, includeDefaulted: input.includeDefaulted ?? false })}`);
  if (model.kind === 'scorecard') await scoreWithSql(conn, model);
  else await scoreInProcess(conn, model, input.threads);
  const minPd = input.watch.minPd === null ? 'NULL' : String(input.watch.minPd);
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE _risk_ranked AS
     SELECT loan_id, score, pd, CAST(rk AS INTEGER) AS risk_rank,
            (rk <= ceil(${input.watch.topShare} * n) OR (${minPd} IS NOT NULL AND pd >= ${minPd})) AS watch
     FROM (SELECT *, row_number() OVER (ORDER BY pd DESC, loan_id) AS rk, count(*) OVER () AS n FROM ${SCORED})`,
  );
  await explainWatched(conn, model, input.reasonCount);
  await inTransaction(conn, async () => {
    await conn.run('DELETE FROM risk_score WHERE model_name = $1 AND model_version = $2 AND as_of = CAST($3 AS DATE)', [input.modelName, input.modelVersion, input.asOf]);
    await conn.run(
      `INSERT INTO risk_score (model_name, model_version, loan_id, as_of, score, pd, risk_rank, watch, reasons, scored_at)
       SELECT $1, $2, r.loan_id, CAST($3 AS DATE), r.score, r.pd, r.risk_rank, r.watch, CAST(x.reasons AS JSON), CAST($4 AS TIMESTAMP)
       FROM _risk_ranked r LEFT JOIN ${ident(REASONS)} x USING (loan_id)`,
      [input.modelName, input.modelVersion, input.asOf, input.scoredAt],
    );
  });
  const s = await queryOne<{ n: number; w: number; m: number | null; x: number | null }>(conn, `SELECT count(*) AS n, count(*) FILTER (WHERE watch) AS w, avg(pd) AS m, max(pd) AS x FROM _risk_ranked`);
  for (const t of [FEATURES, SCORED, REASONS, '_risk_ranked']) await exec(conn, `DROP TABLE IF EXISTS ${t}`);
  return { model: input.modelName, version: input.modelVersion, asOf: input.asOf, scored: s?.n ?? 0, watched: s?.w ?? 0, meanPd: s?.m ?? null, maxPd: s?.x ?? null };
}
