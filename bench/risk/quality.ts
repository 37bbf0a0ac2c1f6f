/**
 * Quality benchmark (run by hand, not part of `npm test`):
 *   npx tsx bench/risk/quality.ts [--sets german,taiwan,lendingClub,creditData]
 * 5-fold stratified cross-validation on the four real credit sets in ../shared/data/credit. The folds
 * are written to bench/out/risk/folds-<set>.csv and read by BOTH sides: suitrate (WOE scorecard and
 * histogram boosting) and, in the same run, /usr/bin/python3 with Debian's scikit-learn
 * LogisticRegression (one-hot categoricals, standardized numerics) and xgboost (tree_method=hist),
 * with the same boosting hyper-parameters. Prints a Markdown table per set and writes
 * bench/out/risk/quality.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auc } from '../../src/risk/eval/metrics.js';
import { foldSplit, stratifiedFolds } from '../../src/risk/eval/split.js';
import { takeLabeled } from '../../src/risk/frame/frame.js';
import { compileGbm } from '../../src/risk/gbm/predict.js';
import { trainGbm } from '../../src/risk/gbm/train.js';
import type { GbmParams } from '../../src/risk/gbm/types.js';
import { compileScorecard } from '../../src/risk/scorecard/score.js';
import { trainScorecard } from '../../src/risk/scorecard/train.js';
import { CREDIT_SETS, REPO_ROOT, loadCreditSet, sharedFile } from '../../src/risk/test-support.js';

const OUT = resolve(REPO_ROOT, 'bench/out/risk');
const K = 5;
const SEED = 20240630;
/** The same boosting hyper-parameters on both sides. */
export const BENCH_GBM: Partial<GbmParams> = { nEstimators: 200, learningRate: 0.05, maxDepth: 4, lambda: 1, gamma: 0, minChildWeight: 1, subsample: 1, colsampleByTree: 1, maxBins: 255 };
const C = 1; // scikit-learn's default; suitrate's l2 = 1 / C

interface PeerFold {
  fold: number;
  lr_auc: number;
  xgb_auc: number;
  lr_s: number;
  xgb_s: number;
}

interface FoldResult {
  fold: number;
  scorecard: number;
  sklearnLr: number;
  gbm: number;
  xgboost: number;
  scorecardSec: number;
  sklearnSec: number;
  gbmSec: number;
  xgboostSec: number;
  scorecardFeatures: number;
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

async function runSet(key: keyof typeof CREDIT_SETS): Promise<FoldResult[]> {
  const set = CREDIT_SETS[key];
  const data = loadCreditSet(set);
  const folds = stratifiedFolds(data.target, K, SEED);
  const foldsFile = resolve(OUT, `folds-${key}.csv`);
  writeFileSync(foldsFile, 'row,fold\n' + Array.from(folds, (f, i) => `${i},${f}`).join('\n') + '\n');
  const job = { csv: sharedFile('credit', set.file), target: set.target, bad: [set.bad], drop: set.drop, categorical: set.categorical, folds: foldsFile, C, gbm: BENCH_GBM };
  const peer = JSON.parse(execFileSync('/usr/bin/python3', [resolve(REPO_ROOT, 'bench/risk/peers.py'), JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as { folds: PeerFold[]; sklearn: string; xgboost: string };
  const results: FoldResult[] = [];
  for (let k = 0; k < K; k++) {
    const { train, test } = foldSplit(folds, k);
    const tr = takeLabeled(data, train);
    const te = takeLabeled(data, test);
    let t0 = performance.now();
    const sc = trainScorecard(tr, { logistic: { l2: 1 / C } });
    const scSec = (performance.now() - t0) / 1000;
    const scAuc = auc(Array.from(compileScorecard(sc).scoreFrame(te.frame), (v) => -v), te.target);
    t0 = performance.now();
    const gbm = await trainGbm({ train: tr, params: BENCH_GBM, trackTrainMetric: false });
    const gbmSec = (performance.now() - t0) / 1000;
    const gbmAuc = auc(compileGbm(gbm).marginFrame(te.frame), te.target);
    const p = peer.folds.find((f) => f.fold === k);
    if (!p) throw new Error(`peer result for fold ${k} missing`);
    results.push({ fold: k + 1, scorecard: scAuc, sklearnLr: p.lr_auc, gbm: gbmAuc, xgboost: p.xgb_auc, scorecardSec: scSec, sklearnSec: p.lr_s, gbmSec, xgboostSec: p.xgb_s, scorecardFeatures: sc.features.length });
  }
  process.stderr.write(`${key}: sklearn ${peer.sklearn}, xgboost ${peer.xgboost}\n`);
  return results;
}

function markdown(key: string, rows: FoldResult[]): string {
  const f = (v: number): string => v.toFixed(4);
  const lines = [
    `#### ${key} (${CREDIT_SETS[key as keyof typeof CREDIT_SETS].file})`,
    '',
    '| fold | suitrate scorecard | sklearn LR | Δ | suitrate GBM | xgboost hist | Δ | GBM s | xgb s |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.fold} | ${f(r.scorecard)} | ${f(r.sklearnLr)} | ${(r.scorecard - r.sklearnLr).toFixed(4)} | ${f(r.gbm)} | ${f(r.xgboost)} | ${(r.gbm - r.xgboost).toFixed(4)} | ${r.gbmSec.toFixed(2)} | ${r.xgboostSec.toFixed(2)} |`),
  ];
  const ms = mean(rows.map((r) => r.scorecard));
  const ml = mean(rows.map((r) => r.sklearnLr));
  const mg = mean(rows.map((r) => r.gbm));
  const mx = mean(rows.map((r) => r.xgboost));
  lines.push(`| **mean** | **${f(ms)}** | **${f(ml)}** | **${(ms - ml).toFixed(4)}** | **${f(mg)}** | **${f(mx)}** | **${(mg - mx).toFixed(4)}** | | |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const arg = process.argv.indexOf('--sets');
  const keys = (arg >= 0 ? (process.argv[arg + 1] ?? '').split(',') : Object.keys(CREDIT_SETS)) as (keyof typeof CREDIT_SETS)[];
  const all: Record<string, FoldResult[]> = {};
  for (const k of keys) {
    all[k] = await runSet(k);
    process.stdout.write(markdown(k, all[k]) + '\n\n');
  }
  writeFileSync(resolve(OUT, 'quality.json'), JSON.stringify({ params: { gbm: BENCH_GBM, C, folds: K, seed: SEED }, results: all }, null, 1));
}

await main();
