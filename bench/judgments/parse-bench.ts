/**
 * Court-document parsing benchmark (not part of `npm test`).
 *
 * Corpus: the real documents with text in ../shared/data/judgments (full texts, enforcement rulings,
 * CAIL partial texts — repeated) mixed 1:3 with documents from the synthetic writer, streamed so
 * the corpus is never held in memory. Measures:
 *  1. single-thread parseDocument throughput (docs/s on one core) and peak RSS/heap at 10k, 20k
 *     and 40k documents (memory should stay flat as the corpus grows);
 *  2. the same with one worker thread per core (docs/s/core);
 *  3. the peer in the same run: a Python regex extractor (peer_extract.py) on the same 10k docs;
 *  4. end-to-end import (importCaseDocuments into DuckDB) of the 10k docs.
 *
 * Run: node --expose-gc --import tsx bench/judgments/parse-bench.ts [--sizes 10000,20000,40000] [--no-import] [--no-peer]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { importCaseDocuments } from '../../src/judgments/ingest.js';
import { parseDocument } from '../../src/judgments/parse-document.js';
import { renderCaseDocuments, synthCases } from '../../src/judgments/synth-documents.js';
import { openTempWorkspace } from '../../src/store/temp-workspace.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = resolve(repoRoot, '../shared/data/judgments');

function realTexts(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dataDir).filter((x) => /^(fulltext_|execution_|cail2019_scm)/.test(x) && x.endsWith('.jsonl'))) {
    for (const l of readFileSync(join(dataDir, f), 'utf8').split('\n')) {
      if (l.trim() === '') continue;
      const r = JSON.parse(l) as { text?: unknown };
      if (typeof r.text === 'string' && r.text.length > 50) out.push(r.text);
    }
  }
  return out;
}

/** The i-th document of the corpus: every 4th is real (cycled), the rest synthetic (batches of 500 cases). */
function* corpus(n: number, real: readonly string[], offset = 0, step = 1): Generator<string> {
  let synth: string[] = [];
  let synthBase = -1;
  for (let i = offset; i < n; i += step) {
    if (i % 4 === 0) {
      yield real[(i / 4) % real.length] ?? '';
      continue;
    }
    const block = Math.floor(i / 2000);
    if (block !== synthBase) {
      synth = renderCaseDocuments(synthCases(1500, 1000 + block)).map((d) => d.text);
      synthBase = block;
    }
    yield synth[i % synth.length] ?? '';
  }
}

interface RunResult {
  docs: number;
  chars: number;
  seconds: number;
  docsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Heap still in use after a full GC at the end (needs --expose-gc), or null. */
  retainedHeapMb: number | null;
  /** Documents per CPU-second of this process (user + system), robust to a shared, loaded machine. */
  docsPerCpuSecond: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function runSingle(n: number, real: readonly string[], offset = 0, step = 1): RunResult {
  let docs = 0;
  let chars = 0;
  let peakRss = 0;
  let peakHeap = 0;
  let parseMs = 0;
  let cpuUs = 0;
  for (const text of corpus(n, real, offset, step)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const d = parseDocument(text);
    parseMs += performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    cpuUs += c1.user + c1.system;
    chars += d.text.length;
    docs++;
    if (docs % 500 === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
  }
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  let retained: number | null = null;
  if (gc) {
    gc();
    retained = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  }
  return { docs, chars, seconds: parseMs / 1000, docsPerSecond: docs / (parseMs / 1000), peakRssMb: Math.round(peakRss / 2 ** 20), peakHeapMb: Math.round(peakHeap / 2 ** 20), retainedHeapMb: retained, docsPerCpuSecond: Math.round(docs / (cpuUs / 1e6)) };
}

/** Workers run concurrently; per-core rate = mean of each worker's parse-only rate (corpus generation excluded). */
async function runWorkers(n: number, workers: number): Promise<{ docsPerSecondPerCore: number; workerRates: number[]; wallSeconds: number }> {
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      new Promise<RunResult>((res, rej) => {
        const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
        const worker = new Worker(boot, { eval: true, workerData: { n, offset: w, step: workers } });
        worker.once('message', (r: RunResult) => res(r));
        worker.once('error', rej);
      }),
    ),
  );
  const rates = results.map((r) => Math.round(r.docsPerSecond));
  return { docsPerSecondPerCore: Math.round(rates.reduce((a, b) => a + b, 0) / rates.length), workerRates: rates, wallSeconds: (performance.now() - t0) / 1000 };
}

/** The real full-text documents alone (long judgments, avg ≈ 3,500 characters), repeated 5,000 times. */
function fullTextsOnly(): { documents: number; docs: number; avgChars: number; docsPerSecond: number; docsPerCpuSecond: number } {
  const full: string[] = [];
  for (const f of readdirSync(dataDir).filter((x) => x.startsWith('fulltext_') && x.endsWith('.jsonl'))) {
    for (const l of readFileSync(join(dataDir, f), 'utf8').split('\n')) if (l.trim() !== '') full.push(String((JSON.parse(l) as { text?: unknown }).text ?? ''));
  }
  for (let i = 0; i < 500; i++) parseDocument(full[i % full.length] ?? '');
  let cpu = 0;
  let wall = 0;
  let chars = 0;
  const n = 5000;
  for (let i = 0; i < n; i++) {
    const d = full[i % full.length] ?? '';
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parseDocument(d);
    wall += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
    chars += d.length;
  }
  return { documents: full.length, docs: n, avgChars: Math.round(chars / n), docsPerSecond: Math.round(n / (wall / 1000)), docsPerCpuSecond: Math.round(n / (cpu / 1e6)) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizes = (args.includes('--sizes') ? (args[args.indexOf('--sizes') + 1] ?? '') : '10000,20000,40000').split(',').map(Number);
  const real = realTexts();
  const out: Record<string, unknown> = {
    date: new Date().toISOString().slice(0, 10),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? '?', ramGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    realDocuments: real.length,
  };
  // Warm up the JIT on 1,000 documents before measuring.
  runSingle(1000, real);
  const single: Record<string, RunResult> = {};
  for (const n of sizes) {
    single[n] = runSingle(n, real);
    console.error(`single thread ${n}: ${Math.round(single[n].docsPerSecond)} docs/s wall, ${single[n].docsPerCpuSecond} docs/CPU-s, peak RSS ${single[n].peakRssMb} MB, peak heap ${single[n].peakHeapMb} MB, retained after GC ${single[n].retainedHeapMb} MB`);
  }
  out['singleThread'] = single;
  out['fullTextsOnly'] = fullTextsOnly();
  console.error(`full texts only: ${JSON.stringify(out['fullTextsOnly'])}`);
  const cores = availableParallelism();
  const first = sizes[0] ?? 10000;
  out['workers'] = { workers: cores, ...(await runWorkers(first, cores)) };
  console.error(`workers ×${cores} on ${first}: ${JSON.stringify(out['workers'])}`);

  const tmp = join(repoRoot, 'bench/out/judgments');
  mkdirSync(tmp, { recursive: true });
  const corpusFile = join(tmp, `corpus-${first}.jsonl`);
  const ws = createWriteStream(corpusFile);
  let i = 0;
  for (const text of corpus(first, real)) ws.write(JSON.stringify({ id: `bench-${i++}`, text }) + '\n');
  await new Promise<void>((r) => ws.end(r));
  if (!args.includes('--no-peer')) {
    const nodeSame = runSingle(first, real);
    const py = JSON.parse(execFileSync('/usr/bin/python3', [join(repoRoot, 'bench/judgments/peer_extract.py'), corpusFile], { encoding: 'utf8' })) as { docs_per_second: number };
    out['peer'] = { name: 'Python 3 regex extractor (peer_extract.py, subset of fields, no spans)', docsPerSecond: py.docs_per_second, suitrateDocsPerSecond: nodeSame.docsPerSecond, ratio: nodeSame.docsPerSecond / py.docs_per_second };
    console.error(`peer: ${JSON.stringify(out['peer'])}`);
  }
  if (!args.includes('--no-import')) {
    const tws = await openTempWorkspace();
    try {
      const t0 = performance.now();
      const s = await importCaseDocuments(tws, corpusFile, { rejectsPath: join(tmp, 'import.rejects.csv') });
      const seconds = (performance.now() - t0) / 1000;
      out['import'] = { docs: s.read, stored: s.stored, unchanged: s.unchanged, rejected: s.rejected, disputes: s.disputes, seconds, docsPerSecond: s.read / seconds };
      const t1 = performance.now();
      const again = await importCaseDocuments(tws, corpusFile, { rejectsPath: join(tmp, 'import2.rejects.csv') });
      out['reimport'] = { unchanged: again.unchanged, seconds: (performance.now() - t1) / 1000 };
      console.error(`import: ${JSON.stringify(out['import'])} re-import: ${JSON.stringify(out['reimport'])}`);
    } finally {
      tws.dispose();
    }
  }
  writeFileSync(join(tmp, 'parse-bench.json'), JSON.stringify(out, null, 2));
  console.log(JSON.stringify(out, null, 2));
}

if (isMainThread) {
  await main();
} else {
  const { n, offset, step } = workerData as { n: number; offset: number; step: number };
  runSingle(Math.min(n, 1000), realTexts());
  parentPort?.postMessage(runSingle(n, realTexts(), offset, step));
}
