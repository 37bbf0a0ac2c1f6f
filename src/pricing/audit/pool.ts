/**
 * A small pool of worker threads for the audit kernel. Each worker handles one batch at a time;
 * batches queue in order. Under tsx/vitest (TypeScript sources) workers load the .ts entry through
 * tsx; from the build they load the compiled .js.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../domain/errors.js';
import { buffersOf, type BatchResult, type LoanBatch } from './batch.js';
import type { KernelOptions } from './kernel.js';
import type { WorkerRequest } from './worker.js';

/** A batch's result, with the batch itself (its buffers travel to the worker and back). */
export interface PoolReply {
  result: BatchResult;
  batch: LoanBatch;
}

interface Task {
  req: WorkerRequest;
  resolve: (r: PoolReply) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: Task | null;
}

type WorkerReply = { id: number; result: BatchResult; batch: LoanBatch } | { id: number; error: string };

/**
 * The worker: compiled .js from the build; under tsx/vitest (TypeScript sources) a small bootstrap
 * registers tsx's ESM loader inside the worker, then imports worker.ts.
 */
function newWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

export class AuditPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: newWorker(), busy: null };
      slot.worker.on('message', (msg: WorkerReply) => this.onMessage(slot, msg));
      slot.worker.on('error', (err) => this.onError(slot, err));
      this.slots.push(slot);
    }
  }

  /** Batches waiting or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.busy !== null).length;
  }

  /**
   * Audit a batch in a worker; its buffers are transferred there and back (do not touch it meanwhile).
   * `spare`: a result the caller is done with, handed to the worker to reuse its buffers.
   */
  run(batch: LoanBatch, opts: KernelOptions, spare?: BatchResult): Promise<PoolReply> {
    if (this.closed) return Promise.reject(new Error('audit pool is closed'));
    return new Promise<PoolReply>((resolve, reject) => {
      const req: WorkerRequest = { id: this.nextId++, batch, opts };
      if (spare) req.spare = spare;
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.busy = task;
      slot.worker.postMessage(task.req, [...buffersOf(task.req.batch), ...(task.req.spare ? buffersOf(task.req.spare) : [])]);
    }
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    const task = slot.busy;
    slot.busy = null;
    if (task) {
      if ('error' in msg) task.reject(new AppError({ code: 'pricing.worker_failed', en: `audit worker failed: ${msg.error}`, zh: `审计工作线程出错：${msg.error}` }));
      else task.resolve({ result: msg.result, batch: msg.batch });
    }
    this.pump();
  }

  private onError(slot: Slot, err: unknown): void {
    const task = slot.busy;
    slot.busy = null;
    task?.reject(err);
    for (const t of this.queue.splice(0)) t.reject(err);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
