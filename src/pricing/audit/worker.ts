/** Worker thread entry of the audit pool: audits the batches it is sent and transfers results back. */
import { parentPort } from 'node:worker_threads';
import { buffersOf, type BatchResult, type LoanBatch } from './batch.js';
import { planFindings } from './evidence.js';
import { auditBatch, type KernelOptions } from './kernel.js';

export interface WorkerRequest {
  id: number;
  batch: LoanBatch;
  opts: KernelOptions;
  /** A result the main thread has stored; its buffers are reused for this batch's result. */
  spare?: BatchResult;
}

parentPort?.on('message', (msg: WorkerRequest) => {
  try {
    const result = auditBatch(msg.batch, msg.opts, msg.spare);
    // How the findings are stored is worked out here, beside the kernel: the main thread only copies.
    result.findingPlan = planFindings(msg.batch, result);
    parentPort?.postMessage({ id: msg.id, result, batch: msg.batch }, [...buffersOf(result), ...buffersOf(msg.batch)]);
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
});
