/**
 * Speed benchmark (run by hand, not part of `npm test`):
 *   npx tsx bench/risk/speed.ts [--rows 1000000] [--features 30] [--trees 100] [--depth 6] [--threads 1]
 * Generates rows × features (seeded; a few features with missing values), writes them as a binary
 * file that /usr/bin/python3 + Debian's xgboost (tree_method=hist, nthread=1, same trees, depth, bins)
 * trains on in the same run, then trains suitrate's booster on the same rows, and measures in-process
 * scoring throughput of the booster and of a scorecard on those rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { auc } from '../../src/risk/eval/metrics.js';
import type { LabeledFrame } from '../../src/risk/frame/frame.js';
import { compileGbm } from '../../src/risk/gbm/predict.js';
import { trainGbm } from '../../src/risk/gbm/train.js';
import type { GbmParams } from '../../src/risk/gbm/types.js';
import { compileScorecard } from '../../src/risk/scorecard/score.js';
import { trainScorecard } from '../../src/risk/scorecard/train.js';
import { REPO_ROOT } from '../../src/risk/test-support.js';
import { arg, frameOf, generate } from './speed-data.js';

const N = arg('rows', 1_000_000);
const F = arg('features', 30);
const TREES = arg('trees', 100);
const DEPTH = arg('depth', 6);
const THREADS = arg('threads', 1);
const OUT = resolve(REPO_ROOT, 'bench/out/risk');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { x, y } = generate(N, F);
  const xFile = resolve(OUT, 'speed-x.f64');
  const yFile = resolve(OUT, 'speed-y.u8');
  writeFileSync(xFile, new Uint8Array(x.buffer));
  writeFileSync(yFile, y);
  // same trees, depth, bins, learning rate, λ and min child weight as the xgboost side; suitrate places
  // its quantile cuts on a 200,000-row sample (its default, like LightGBM's bin_construct_sample_cnt)
  const params: Partial<GbmParams> = { nEstimators: TREES, maxDepth: DEPTH, learningRate: 0.1, lambda: 1, minChildWeight: 1, maxBins: 255, threads: THREADS };
  const peer = JSON.parse(
    execFileSync('/usr/bin/python3', [resolve(REPO_ROOT, 'bench/risk/speed.py'), JSON.stringify({ rows: N, features: F, x: xFile, y: yFile, params })], { encoding: 'utf8', maxBuffer: 1 << 24 }),
  ) as { xgboost: string; dmatrix_s: number; train_s: number; predict_s: number; dmatrix_cpu_s: number; train_cpu_s: number; predict_cpu_s: number };
  const data = frameOf(x, y, N, F);
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = cpu();
  const model = await trainGbm({ train: data, params, trackTrainMetric: false });
  const trainS = (performance.now() - t0) / 1000;
  const trainCpu = cpu() - c0;
  const c = compileGbm(model);
  const t1 = performance.now();
  const c1 = cpu();
  const margins = c.marginFrame(data.frame);
  const predS = (performance.now() - t1) / 1000;
  const predCpu = cpu() - c1;
  const sub = Math.min(N, 200_000);
  const scData: LabeledFrame = frameOf(x.subarray(0, sub * F), y.subarray(0, sub), sub, F);
  const sc = compileScorecard(trainScorecard(scData, { selection: { minIv: 0, maxCorrelation: 1 } }));
  sc.scoreFrame(data.frame); // warm-up
  const t2 = performance.now();
  const c2 = cpu();
  sc.scoreFrame(data.frame);
  const scS = (performance.now() - t2) / 1000;
  const scCpu = cpu() - c2;
  const t3 = performance.now();
  let acc = 0;
  const single = Math.min(N, 100_000);
  const rec: Record<string, number> = {};
  for (let i = 0; i < single; i++) {
    for (let j = 0; j < F; j++) rec[`f${j}`] = x[i * F + j] as number;
    acc += sc.score(rec, 0).score;
  }
  const singleS = (performance.now() - t3) / 1000;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', ramGiB: Math.round(totalmem() / 2 ** 30) },
    rows: N,
    features: F,
    trees: TREES,
    depth: DEPTH,
    bins: 255,
    threads: THREADS,
    xgboost: peer,
    suitrate: {
      train_s: trainS,
      train_cpu_s: trainCpu,
      trainAuc: auc(margins, y),
      trees: model.trees.length,
      predict_s: predS,
      predict_cpu_s: predCpu,
      gbmRowsPerSec: N / predS,
      gbmRowsPerCpuSec: N / predCpu,
      scorecardFeatures: sc.model.features.length,
      scorecardRowsPerSec: N / scS,
      scorecardRowsPerCpuSec: N / scCpu,
      scorecardSingleRecordPerSec: single / singleS,
      checksum: acc,
    },
    ratioWall: { trainVsXgbTrain: trainS / peer.train_s, trainVsXgbDmatrixPlusTrain: trainS / (peer.train_s + peer.dmatrix_s), predictVsXgb: predS / peer.predict_s },
    ratioCpu: { trainVsXgbTrain: trainCpu / peer.train_cpu_s, trainVsXgbDmatrixPlusTrain: trainCpu / (peer.train_cpu_s + peer.dmatrix_cpu_s), predictVsXgb: predCpu / peer.predict_cpu_s },
  };
  writeFileSync(resolve(OUT, 'speed.json'), JSON.stringify(result, null, 1));
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
}

await main();
