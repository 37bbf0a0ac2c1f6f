/**
 * Worker-thread benchmark (run by hand): the same 1M × 30 training with --threads 1 and 2 (and more
 * if given), wall and CPU time, and whether the models agree.
 *   npx tsx bench/risk/threads.ts [--rows 1000000] [--trees 20] [--threads 1,2]
 */
import { cpus } from 'node:os';
import { makeFrame, numericColumn } from '../../src/risk/frame/frame.js';
import { compileGbm } from '../../src/risk/gbm/predict.js';
import { trainGbm } from '../../src/risk/gbm/train.js';
import { makeRng } from '../../src/risk/rng.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const N = Number(arg('rows', '1000000'));
const TREES = Number(arg('trees', '20'));
const F = 30;
const rng = makeRng(11);
const cols = Array.from({ length: F }, () => new Float64Array(N));
const y = new Uint8Array(N);
for (let i = 0; i < N; i++) {
  let z = -2;
  for (let j = 0; j < F; j++) {
    const v = rng.next() * 4 - 2;
    (cols[j] as Float64Array)[i] = j % 5 === 0 && rng.next() < 0.05 ? Number.NaN : v;
    z += (v * 0.3) / (1 + j / 10);
  }
  y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
}
const data = { frame: makeFrame(cols.map((c, j) => numericColumn(`f${j}`, c))), target: y, targetName: 'y' };
const results: Record<string, unknown>[] = [];
let first: Float64Array | null = null;
for (const t of arg('threads', '1,2').split(',').map(Number)) {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const m = await trainGbm({ train: data, params: { nEstimators: TREES, maxDepth: 6, learningRate: 0.1, threads: t }, trackTrainMetric: false });
  const wall = (performance.now() - t0) / 1000;
  const u = process.cpuUsage(u0);
  const margins = compileGbm(m).marginFrame(data.frame);
  let maxDiff = 0;
  if (first) for (let i = 0; i < N; i++) maxDiff = Math.max(maxDiff, Math.abs((margins[i] as number) - (first[i] as number)));
  else first = margins;
  results.push({ threads: t, wall_s: wall, process_cpu_s: (u.user + u.system) / 1e6, maxMarginDiffVsFirst: maxDiff });
}
process.stdout.write(JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, model: cpus()[0]?.model, rows: N, features: F, trees: TREES, depth: 6, results }, null, 1) + '\n');
