/**
 * Batch scoring of a boosted model on worker threads, in-process: the calling thread and N − 1
 * workers run the same generated kernel (forest-kernel.ts) over chunks of rows, so every margin is
 * the same double whichever thread computed it.
 *
 * Work is shared dynamically: the calling thread claims chunks from the front, the workers from the
 * back, through one atomic word (front count | back count << 16), until they meet — a busy core simply
 * ends up with fewer chunks. Workers can only read shared memory: input columns already in a
 * SharedArrayBuffer are shared as they are; others have their last rows (the share a worker may take)
 * copied into the pool's shared staging buffers, last chunk first, and a worker waits (Atomics.wait)
 * until its chunk has been copied (suitrate's own frames keep numeric columns in shared memory, see
 * `sharedFloat64`). Staging buffers are kept between calls (first use of fresh memory is slow: its
 * pages have to be mapped). All threads write their rows straight into one shared result array.
 *
 * The worker is a small script without imports (like the histogram workers), so it runs the same
 * under tsx, vitest and the built package.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sharedFloat64, type Frame } from '../frame/frame.js';
import { programInputs, type ProgramInput } from './forest-program.js';
import type { CompiledGbm } from './predict.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const scoreRange = new Function(workerData.source)()(workerData.program, workerData.wasm);
function claimBack(ctl, K, lowest) {
  for (;;) {
    const s = Atomics.load(ctl, 0);
    const f = s & 0xffff;
    const b = s >>> 16;
    const c = K - 1 - b;
    if (f + b >= K || c < lowest) return -1;
    if (Atomics.compareExchange(ctl, 0, s, f | ((b + 1) << 16)) === s) return c;
  }
}
parentPort.on('message', (j) => {
  try {
    let done = 0;
    for (;;) {
      const c = claimBack(j.ctl, j.K, j.lowest);
      if (c < 0) break;
      const s = c * j.chunk;
      const e = Math.min(j.n, s + j.chunk);
      for (let v = Atomics.load(j.ctl, 1); v > s; v = Atomics.load(j.ctl, 1)) Atomics.wait(j.ctl, 1, v, 100);
      scoreRange(j.inputs, j.inputRow0, j.out, s, e);
      done++;
    }
    parentPort.postMessage({ id: j.id, done });
  } catch (err) {
    parentPort.postMessage({ id: j.id, error: String((err && err.stack) || err) });
  }
});
`;

export interface ScoringPoolOptions {
  /** Threads including the calling one (default: the machine's available parallelism). */
  threads?: number;
  /** Frames with fewer rows are scored in the calling thread alone (default 50,000). */
  minRows?: number;
  /** Rows per chunk claimed at a time (default 8,192). */
  chunkRows?: number;
  /** Largest share of rows the workers may take when the input has to be copied for them (default 1.25 · workers / threads). */
  workerShare?: number;
  /** false: the calling thread only copies and waits, the workers score every chunk (tests). */
  callerScores?: boolean;
}

export interface GbmScoringPool {
  readonly threads: number;
  /** Margins of every row, identical to `compiled.marginFrame(frame)`. Calls are queued. */
  marginFrame(frame: Frame): Promise<Float64Array>;
  /** Rows scored by workers in the last call (for benchmarks and tests). */
  readonly lastWorkerRows: number;
  close(): Promise<void>;
}

interface Job {
  id: number;
  inputs: ProgramInput[];
  inputRow0: number;
  out: Float64Array;
  ctl: Int32Array;
  K: number;
  n: number;
  chunk: number;
  lowest: number;
}

/** Shared buffers kept between calls, grown when a frame needs more. */
class Arena {
  private readonly bufs = new Map<string, SharedArrayBuffer>();
  get(key: string, bytes: number): SharedArrayBuffer {
    let b = this.bufs.get(key);
    if (!b || b.byteLength < bytes) {
      b = new SharedArrayBuffer(Math.max(8, bytes));
      this.bufs.set(key, b);
    }
    return b;
  }
}

function isShared(a: ProgramInput): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

function claimFront(ctl: Int32Array, K: number): number {
  for (;;) {
    const s = Atomics.load(ctl, 0);
    const f = s & 0xffff;
    const b = s >>> 16;
    if (f + b >= K) return -1;
    if (Atomics.compareExchange(ctl, 0, s, (f + 1) | (b << 16)) === s) return f;
  }
}

export function openGbmScoringPool(compiled: CompiledGbm, opts: ScoringPoolOptions = {}): GbmScoringPool {
  const { program, kernel, model } = compiled;
  const threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  const minRows = opts.minRows ?? 50_000;
  const nWorkers = program && kernel ? threads - 1 : 0;
  const callerScores = opts.callerScores ?? true;
  const share = callerScores ? Math.min(1, opts.workerShare ?? (1.25 * nWorkers) / (nWorkers + 1)) : 1;
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (done: number) => void; reject: (e: Error) => void }>();
  /** Set when a worker has died or the pool was closed: later calls score on the calling thread. */
  let lost = false;
  const fail = (e: Error): void => {
    lost = true;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  for (let w = 0; w < nWorkers; w++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source: kernel?.source, wasm: kernel?.wasm, program } });
    worker.on('message', (m: { id: number; done?: number; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`scoring worker failed: ${m.error}`));
      else p.resolve(m.done ?? 0);
    });
    worker.on('error', fail);
    // A worker that ends without an error message (terminated, process.exit in the worker) must
    // not leave a caller waiting for chunks it will never score.
    worker.on('exit', (code) => fail(new Error(`scoring worker exited (code ${code})`)));
    worker.unref();
    workers.push(worker);
  }
  const arena = new Arena();
  let nextId = 1;
  let lastWorkerRows = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const run = async (frame: Frame): Promise<Float64Array> => {
    const n = frame.nRows;
    lastWorkerRows = 0;
    if (!program || !kernel || nWorkers === 0 || n < minRows || lost) return compiled.marginFrame(frame);
    let binned = 0;
    const inputs = programInputs(program, model, frame, (len) => new Uint8Array(arena.get(`bins${binned++}`, len), 0, len));
    const chunk = Math.max(opts.chunkRows ?? 8192, Math.ceil(n / 0xffff));
    const K = Math.ceil(n / chunk);
    const mustCopy = inputs.some((a) => !isShared(a));
    const lowest = mustCopy ? Math.min(K - 1, Math.floor(K * (1 - share))) : 0;
    const row0 = lowest * chunk;
    const ctl = new Int32Array(new SharedArrayBuffer(8));
    ctl[1] = mustCopy ? n : 0;
    const staged = inputs.map((a, k) => (isShared(a) ? a.subarray(row0) : new Float64Array(arena.get(`stage${k}`, (n - row0) * 8), 0, n - row0)));
    const result = sharedFloat64(n);
    const jobs = workers.map((w) => {
      const id = nextId++;
      const job: Job = { id, inputs: staged, inputRow0: row0, out: result, ctl, K, n, chunk, lowest };
      const done = new Promise<number>((resolve, reject) => pending.set(id, { resolve, reject }));
      w.ref();
      w.postMessage(job);
      return done;
    });
    try {
      if (mustCopy) {
        for (let c = K - 1; c >= lowest; c--) {
          const s = c * chunk;
          const e = Math.min(n, s + chunk);
          inputs.forEach((a, k) => {
            if (!isShared(a)) (staged[k] as Float64Array).set((a as Float64Array).subarray(s, e), s - row0);
          });
          Atomics.store(ctl, 1, s);
          Atomics.notify(ctl, 1);
        }
      }
      if (callerScores) for (let c = claimFront(ctl, K); c >= 0; c = claimFront(ctl, K)) kernel.scoreRange(inputs, 0, result, c * chunk, Math.min(n, (c + 1) * chunk));
      await Promise.all(jobs);
    } finally {
      for (const w of workers) w.unref();
    }
    const back = Atomics.load(ctl, 0) >>> 16;
    lastWorkerRows = n - Math.min(n, (K - back) * chunk);
    return result;
  };

  return {
    threads: nWorkers + 1,
    get lastWorkerRows() {
      return lastWorkerRows;
    },
    marginFrame(frame) {
      const next = queue.then(() => run(frame));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      lost = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Margins of one frame on several threads: a pool opened and closed for this call (worker start-up
 * is a few tens of milliseconds), or the calling thread alone for small frames and one thread.
 */
export async function marginFrameParallel(compiled: CompiledGbm, frame: Frame, opts: ScoringPoolOptions = {}): Promise<Float64Array> {
  const threads = Math.floor(opts.threads ?? availableParallelism());
  if (threads <= 1 || !compiled.program || frame.nRows < (opts.minRows ?? 50_000)) return compiled.marginFrame(frame);
  const pool = openGbmScoringPool(compiled, opts);
  try {
    return await pool.marginFrame(frame);
  } finally {
    await pool.close();
  }
}
