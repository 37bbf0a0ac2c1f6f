/**
 * Histogram building on worker threads: the bin matrix, gradients, hessians and the row-index array
 * live in SharedArrayBuffers; a node's rows are split into equal chunks, the calling thread builds
 * the first chunk into the target histogram while each worker builds one chunk into its own shared
 * slice, and the slices are added in. Small nodes (under `minRowsPerThread` rows per thread) are
 * built in the calling thread — messaging would cost more than it saves. The worker is a small
 * self-contained script (no imports), so it runs the same under tsx, vitest and the built package.
 */
import { Worker } from 'node:worker_threads';
import { buildHistogram, HIST_STRIDE } from './histogram.js';
import type { HistogramBuilder, TreeData } from './tree-builder.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bins = new Uint8Array(workerData.bins);
const grad = new Float64Array(workerData.grad);
const hess = new Float64Array(workerData.hess);
const rows = new Uint32Array(workerData.rows);
const hist = new Float64Array(workerData.hist);
const F = workerData.F;
parentPort.on('message', (m) => {
  const feats = m.features;
  for (let k = 0; k < feats.length; k++) hist.fill(0, feats[k] * 512, feats[k] * 512 + 512);
  const all = feats.length === F;
  for (let r = m.start; r < m.end; r++) {
    const i = rows[r];
    const g = grad[i];
    const h = hess[i];
    const base = i * F;
    if (all) {
      for (let f = 0; f < F; f++) {
        const o = ((f << 8) | bins[base + f]) << 1;
        hist[o] += g;
        hist[o + 1] += h;
      }
    } else {
      for (let k = 0; k < feats.length; k++) {
        const f = feats[k];
        const o = ((f << 8) | bins[base + f]) << 1;
        hist[o] += g;
        hist[o + 1] += h;
      }
    }
  }
  parentPort.postMessage(0);
});
`;

/** Shared-memory versions of the arrays the workers read. */
export interface SharedTrainingBuffers {
  bins: Uint8Array;
  grad: Float64Array;
  hess: Float64Array;
  /** Row-index buffer of capacity n; each tree's sample is a prefix view of it. */
  rows: Uint32Array;
}

export function sharedCopy(bins: Uint8Array, n: number): SharedTrainingBuffers {
  const b = new Uint8Array(new SharedArrayBuffer(bins.length));
  b.set(bins);
  return {
    bins: b,
    grad: new Float64Array(new SharedArrayBuffer(n * 8)),
    hess: new Float64Array(new SharedArrayBuffer(n * 8)),
    rows: new Uint32Array(new SharedArrayBuffer(Math.max(1, n) * 4)),
  };
}

export interface ParallelBuilder {
  build: HistogramBuilder;
  close(): Promise<void>;
}

export function makeParallelBuilder(data: TreeData, shared: SharedTrainingBuffers, threads: number, minRowsPerThread = 20_000): ParallelBuilder {
  const nWorkers = Math.max(1, threads - 1);
  const slices = Array.from({ length: nWorkers }, () => new SharedArrayBuffer(data.F * HIST_STRIDE * 8));
  const views = slices.map((s) => new Float64Array(s));
  const workers = slices.map(
    (hist) =>
      new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { bins: shared.bins.buffer, grad: shared.grad.buffer, hess: shared.hess.buffer, rows: shared.rows.buffer, hist, F: data.F },
      }),
  );
  const run = (w: Worker, msg: { start: number; end: number; features: Int32Array }): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      w.once('error', onError);
      w.once('message', () => {
        w.off('error', onError);
        resolve();
      });
      w.postMessage(msg);
    });
  const local = (hist: Float64Array, rows: Uint32Array, s: number, e: number, feats: Int32Array): void => buildHistogram(hist, shared.bins, data.F, shared.grad, shared.hess, rows, s, e, feats);
  const build: HistogramBuilder = async (hist, rows, start, end, features) => {
    const count = end - start;
    const parts = Math.min(nWorkers + 1, Math.floor(count / minRowsPerThread));
    if (parts < 2 || rows.buffer !== shared.rows.buffer) {
      local(hist, rows, start, end, features);
      return;
    }
    const chunk = Math.ceil(count / parts);
    const jobs: Promise<void>[] = [];
    for (let k = 1; k < parts; k++) {
      jobs.push(run(workers[k - 1] as Worker, { start: start + k * chunk, end: Math.min(end, start + (k + 1) * chunk), features }));
    }
    local(hist, rows, start, Math.min(end, start + chunk), features);
    await Promise.all(jobs);
    for (let k = 1; k < parts; k++) {
      const v = views[k - 1] as Float64Array;
      for (let j = 0; j < features.length; j++) {
        const from = (features[j] as number) * HIST_STRIDE;
        for (let o = from; o < from + HIST_STRIDE; o++) hist[o] = (hist[o] as number) + (v[o] as number);
      }
    }
  };
  return {
    build,
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
