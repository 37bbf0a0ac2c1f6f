/**
 * Boosted-model scoring benchmark (run by hand, not part of `npm test`):
 *   npx tsx bench/risk/scoring.ts [--rows 1000000] [--features 30] [--trees 100] [--depth 6] [--reps 5] [--threads 2]
 * The model is the speed benchmark's (bench/risk/speed.ts: 1M generated rows × 30 features, 100 trees
 * of depth 6, 255 bins, learning rate 0.1), trained once and cached in bench/out/risk/. Measured in
 * one run, one after the other, each `--reps` times (medians reported, every repetition kept in the
 * JSON): the generic traversal on raw values (the scorer before), the binned program on the calling
 * thread, its binning alone (the kernel with no trees), the worker pool (calling thread + workers) on the frame as suitrate's loaders build it
 * (numeric columns in shared memory) and on a frame in ordinary memory (staged copy), the pool's first
 * call including worker start-up, and xgboost's own prediction on a model of the same size (1 and N
 * threads; Debian python3-xgboost) before and after suitrate's part. Every suitrate result is checked to
 * be the same doubles as the generic traversal (max |difference| printed and kept). Load averages are
 * recorded around each part. Run it under `flock /tmp/suitrate-bench.lock` on the shared machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { makeFrame, type Column, type Frame } from '../../src/risk/frame/frame.js';
import { loadGbm, saveGbm } from '../../src/risk/gbm/artifact.js';
import { compileForestKernel } from '../../src/risk/gbm/forest-kernel.js';
import { programInputs } from '../../src/risk/gbm/forest-program.js';
import { compileGbm } from '../../src/risk/gbm/predict.js';
import { openGbmScoringPool } from '../../src/risk/gbm/score-pool.js';
import { trainGbm } from '../../src/risk/gbm/train.js';
import type { GbmModel, GbmParams } from '../../src/risk/gbm/types.js';
import { REPO_ROOT } from '../../src/risk/test-support.js';
import { arg, frameOf, generate } from './speed-data.js';

const N = arg('rows', 1_000_000);
const F = arg('features', 30);
const TREES = arg('trees', 100);
const DEPTH = arg('depth', 6);
const REPS = arg('reps', 5);
const THREADS = arg('threads', 2);
const OUT = resolve(REPO_ROOT, 'bench/out/risk');

interface Timing {
  /** max |margin − generic traversal's margin| of the last repetition. */
  maxAbsDiff: number | null;
  wall_s: number[];
  cpu_s: number[];
  median_wall_s: number;
  median_cpu_s: number;
  rowsPerSec: number;
  rowsPerCpuSec: number;
  loadavg: number[];
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sameDoubles = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
/** Largest |a − b| over all rows (0 when the margins are the same doubles). */
const maxAbsDiff = (a: Float64Array, b: Float64Array): number => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
};

async function timed(name: string, reference: Float64Array | null, fn: () => Float64Array | Promise<Float64Array>): Promise<Timing> {
  await fn(); // warm-up (JIT, pages of the result)
  const wall: number[] = [];
  const cpuS: number[] = [];
  let last: Float64Array = new Float64Array(0);
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const c0 = cpu();
    last = await fn();
    wall.push((performance.now() - t0) / 1000);
    cpuS.push(cpu() - c0);
  }
  const diff = reference ? maxAbsDiff(last, reference) : null;
  if (reference && !sameDoubles(last, reference)) throw new Error(`${name}: margins differ from the generic traversal (max |difference| ${String(diff)})`);
  const t: Timing = { maxAbsDiff: diff, wall_s: wall, cpu_s: cpuS, median_wall_s: median(wall), median_cpu_s: median(cpuS), rowsPerSec: N / median(wall), rowsPerCpuSec: N / median(cpuS), loadavg: loadavg() };
  process.stdout.write(`${name}: ${Math.round(t.rowsPerSec).toLocaleString('en')} rows/s wall, ${Math.round(t.rowsPerCpuSec).toLocaleString('en')} rows/CPU-s, max |Δ margin| ${diff === null ? '—' : String(diff)} (load ${t.loadavg.map((x) => x.toFixed(2)).join(' ')})\n`);
  return t;
}

async function cachedModel(x: Float64Array, y: Uint8Array, params: Partial<GbmParams>): Promise<GbmModel> {
  const file = resolve(OUT, `scoring-model-${N}x${F}-${TREES}t-d${DEPTH}.json`);
  if (existsSync(file)) return loadGbm(readFileSync(file, 'utf8'));
  const model = await trainGbm({ train: frameOf(x, y, N, F), params, trackTrainMetric: false });
  writeFileSync(file, saveGbm(model));
  return model;
}

function peer(xFile: string, yFile: string, params: Partial<GbmParams>): Record<string, unknown> {
  const job = { rows: N, features: F, x: xFile, y: yFile, params, model: resolve(OUT, `scoring-xgb-${N}x${F}-${TREES}t-d${DEPTH}.json`), threads: [1, THREADS], reps: REPS };
  return JSON.parse(execFileSync('/usr/bin/python3', [resolve(REPO_ROOT, 'bench/risk/scoring.py'), JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Record<string, unknown>;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { x, y } = generate(N, F);
  const xFile = resolve(OUT, 'scoring-x.f64');
  const yFile = resolve(OUT, 'scoring-y.u8');
  writeFileSync(xFile, new Uint8Array(x.buffer));
  writeFileSync(yFile, y);
  const params: Partial<GbmParams> = { nEstimators: TREES, maxDepth: DEPTH, learningRate: 0.1, lambda: 1, minChildWeight: 1, maxBins: 255, threads: 1 };
  const model = await cachedModel(x, y, params);
  const xgbBefore = peer(xFile, yFile, params);

  const frame = frameOf(x, y, N, F).frame; // numeric columns in shared memory, as suitrate's loaders build them
  const plain: Frame = makeFrame(frame.columns.map((c): Column => (c.kind === 'numeric' ? { ...c, values: Float64Array.from(c.values) } : c)));
  const c = compileGbm(model);
  const reference = c.marginFrameGeneric(frame);
  const generic = await timed('generic traversal, 1 thread (before)', reference, () => c.marginFrameGeneric(frame));
  const program = await timed('binned program, 1 thread', reference, () => c.marginFrame(frame));
  // the same kernel without trees: what binning the 30 inputs costs (no reference: margins are the base)
  let binningOnly: Timing | null = null;
  if (c.program) {
    const p = c.program;
    const noTrees = compileForestKernel({ ...p, nTrees: 0 });
    const inputs = programInputs(p, model, frame);
    const out = new Float64Array(N);
    binningOnly = await timed('binning only (kernel without trees), 1 thread', null, () => {
      noTrees.scoreRange(inputs, 0, out, 0, N);
      return out;
    });
  }

  const t0 = performance.now();
  const c0 = cpu();
  const pool = openGbmScoringPool(c, { threads: THREADS });
  const first = await pool.marginFrame(frame);
  const firstCall = { wall_s: (performance.now() - t0) / 1000, cpu_s: cpu() - c0, loadavg: loadavg() };
  if (!sameDoubles(first, reference)) throw new Error('pool: first call differs');
  process.stdout.write(`pool first call incl. start: ${firstCall.wall_s.toFixed(3)} s wall\n`);
  const workerRows: number[] = [];
  const pooled = await timed(`pool, ${THREADS} threads, shared columns`, reference, async () => {
    const m = await pool.marginFrame(frame);
    workerRows.push(pool.lastWorkerRows);
    return m;
  });
  const pooledPlain = await timed(`pool, ${THREADS} threads, ordinary columns (staged copy)`, reference, () => pool.marginFrame(plain));
  await pool.close();
  const xgbAfter = peer(xFile, yFile, params);

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    rows: N,
    features: F,
    trees: model.trees.length,
    depth: DEPTH,
    threads: THREADS,
    reps: REPS,
    program: { slots: c.program?.nSlots ?? null, depths: [...new Set(c.program?.depth ?? [])] },
    suitrate: { generic, program, binningOnly, firstCall, pooled, pooledWorkerRows: workerRows, pooledPlain },
    xgboostBefore: xgbBefore,
    xgboostAfter: xgbAfter,
  };
  writeFileSync(resolve(OUT, 'scoring.json'), JSON.stringify(result, null, 1));
  const xs = (r: Record<string, unknown>, k: string): string => {
    const t = r[k] as { median_wall_s: number; median_cpu_s: number } | undefined;
    return t ? `${Math.round(N / t.median_wall_s).toLocaleString('en')} rows/s wall, ${Math.round(N / t.median_cpu_s).toLocaleString('en')} rows/CPU-s` : '—';
  };
  for (const [label, r] of [['before', xgbBefore], ['after', xgbAfter]] as const) {
    process.stdout.write(`xgboost ${label}: inplace 1 thread ${xs(r, 'inplace_1')}; inplace ${THREADS} threads ${xs(r, `inplace_${THREADS}`)}; DMatrix+predict 1 thread ${xs(r, 'dmatrix_predict_1')}; ${THREADS} threads ${xs(r, `dmatrix_predict_${THREADS}`)}\n`);
  }
}

await main();
