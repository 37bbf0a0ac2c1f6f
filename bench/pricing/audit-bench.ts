/**
 * Pricing benchmark: contracts audited per second over a generated book, side by side in the same
 * run with the same IRRs computed by Debian's Python (scipy.optimize.brentq per flow) on the same
 * flows (exported to one file both read).
 *
 *   apt-get install -y python3-scipy python3-numpy
 *   npx tsx bench/pricing/audit-bench.ts [loans=1000000] [--skip-numpy]
 *
 * Measures, in one process on one temporary DuckDB workspace:
 *   1. `suitrate audit` end to end (stream from DuckDB → cash flows, IRR, caps, findings → Appender
 *      → publish), inline and with worker threads;
 *   2. its phases: streaming read only; the audit kernel only (in memory, one thread);
 *   3. IRR only over the exported flows: our solver vs scipy brentq (pure-Python Horner NPV and the
 *      idiomatic numpy NPV), with the largest absolute difference between the rates.
 * Results: printed as Markdown and written to bench/out/pricing-<loans>.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoanBatch } from '../../src/pricing/audit/batch.js';
import { auditBatch, batchFlows } from '../../src/pricing/audit/kernel.js';
import { runAudit, streamLoanBatches, type AuditRunResult } from '../../src/pricing/audit/run.js';
import { defaultPricingConfig } from '../../src/pricing/config-schema.js';
import { irrPeriodic } from '../../src/pricing/irr.js';
import { openTempWorkspace } from '../../src/store/temp-workspace.js';
import { BENCH_PRODUCTS, benchLoansSql } from './book-sql.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const outDir = join(repoRoot, 'bench/out');
const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const skipNumpy = args.includes('--skip-numpy');
const PYTHON = '/usr/bin/python3';

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const cpuSeconds = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

interface PyResult {
  n: number;
  npv: string;
  seconds: number;
  cpu_seconds: number;
  per_cpu_second: number;
  read_seconds: number;
  per_second: number;
  failed: number;
}

function writeFlows(path: string, parts: Array<{ offsets: Int32Array; amounts: Float64Array }>): { n: number; offsets: Float64Array; amounts: Float64Array } {
  const n = parts.reduce((a, p) => a + p.offsets.length - 1, 0);
  const total = parts.reduce((a, p) => a + p.amounts.length, 0);
  const offsets = new BigInt64Array(n + 1);
  const amounts = new Float64Array(total);
  let row = 0;
  let base = 0;
  for (const p of parts) {
    for (let i = 1; i < p.offsets.length; i++) offsets[++row] = BigInt(base + (p.offsets[i] ?? 0));
    amounts.set(p.amounts, base);
    base += p.amounts.length;
  }
  const header = new BigInt64Array([BigInt(n)]);
  writeFileSync(path, Buffer.concat([Buffer.from(header.buffer), Buffer.from(offsets.buffer), Buffer.from(amounts.buffer)]));
  return { n, offsets: Float64Array.from(offsets, (x) => Number(x)), amounts };
}

function jsIrrs(flows: { n: number; offsets: Float64Array; amounts: Float64Array }): { rates: Float64Array; seconds: number; cpu: number } {
  const rates = new Float64Array(flows.n);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < flows.n; i++) {
    const from = flows.offsets[i] ?? 0;
    const to = flows.offsets[i + 1] ?? 0;
    if (to - from < 2) {
      rates[i] = Number.NaN;
      continue;
    }
    const r = irrPeriodic(flows.amounts.subarray(from, to));
    rates[i] = r.status === 'ok' ? r.rate : Number.NaN;
  }
  return { rates, seconds: seconds(t0), cpu: cpuSeconds(c0) };
}

function compare(a: Float64Array, b: Float64Array): { compared: number; maxAbsPeriodic: number; maxAbsAnnual: number; nanMismatch: number } {
  let compared = 0;
  let maxAbs = 0;
  let nanMismatch = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) nanMismatch++;
      continue;
    }
    compared++;
    maxAbs = Math.max(maxAbs, Math.abs(x - y));
  }
  return { compared, maxAbsPeriodic: maxAbs, maxAbsAnnual: maxAbs * 12, nanMismatch };
}

function python(flowsPath: string, npv: 'horner' | 'numpy'): { result: PyResult; rates: Float64Array } {
  const out = join(outDir, `pricing-rates-${npv}.bin`);
  const line = execFileSync(PYTHON, [join(here, 'scipy_irr.py'), flowsPath, out, npv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const result = JSON.parse(line.trim().split('\n').pop() ?? '{}') as PyResult;
  const buf = readFileSync(out);
  return { result, rates: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8) };
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  const pyVersion = execFileSync(PYTHON, ['-c', 'import sys, scipy, numpy; print(sys.version.split()[0], scipy.__version__, numpy.__version__)'], { encoding: 'utf8' }).trim();
  console.error(`machine: ${JSON.stringify(machine)}; python/scipy/numpy ${pyVersion}`);

  const ws = await openTempWorkspace();
  try {
    let t0 = performance.now();
    await ws.conn.run(BENCH_PRODUCTS);
    await ws.conn.run(benchLoansSql(N));
    const generateSeconds = seconds(t0);
    console.error(`generated ${fmt(N)} loans in ${generateSeconds.toFixed(1)} s`);

    const config = defaultPricingConfig();
    const runs: Array<AuditRunResult & { label: string }> = [];
    for (const workers of [0, 1, 2]) {
      const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date(), workers, config });
      runs.push({ ...r, label: `audit, ${workers} worker thread${workers === 1 ? '' : 's'}` });
      console.error(`audit workers=${workers}: ${fmt(r.loansPerSecond)} loans/s (${(r.elapsedMs / 1000).toFixed(1)} s, ${fmt(r.findings)} findings; phases ms ${JSON.stringify(r.phasesMs)})`);
    }

    t0 = performance.now();
    const batches: LoanBatch[] = [];
    for await (const { batch } of streamLoanBatches(ws.conn, 'contract', {}, config.audit.batchSize)) batches.push(batch);
    const readSeconds = seconds(t0);
    console.error(`stream read only: ${fmt(N / readSeconds)} loans/s`);

    const kopts = { source: 'contract' as const, thresholds: config.regulatoryThresholds, disclosureTolerance: config.disclosureTolerance, patternTolerance: config.patternTolerance };
    auditBatch(batches[0] as LoanBatch, kopts); // warm-up
    t0 = performance.now();
    const kc0 = process.cpuUsage();
    let findings = 0;
    for (const b of batches) findings += auditBatch(b, kopts).findings.count;
    const kernelSeconds = seconds(t0);
    const kernelCpu = cpuSeconds(kc0);
    console.error(`kernel only (1 thread): ${fmt(N / kernelSeconds)} loans/s (${fmt(N / kernelCpu)} per CPU second), ${fmt(findings)} findings`);

    const flowsPath = join(outDir, `pricing-flows-${N}.bin`);
    const flows = writeFlows(flowsPath, batches.map(batchFlows));
    jsIrrs(flows); // warm-up
    const js = [jsIrrs(flows), jsIrrs(flows), jsIrrs(flows)].sort((a, b) => a.seconds - b.seconds)[1] ?? jsIrrs(flows);
    console.error(`IRR only, ours: ${fmt(flows.n / js.seconds)} flows/s (${fmt(flows.n / js.cpu)} per CPU second)`);

    const horner = python(flowsPath, 'horner');
    console.error(`IRR only, scipy brentq + Horner: ${fmt(horner.result.per_second)} flows/s (${fmt(horner.result.per_cpu_second)} per CPU second)`);
    const numpy = skipNumpy ? null : python(flowsPath, 'numpy');
    if (numpy) console.error(`IRR only, scipy brentq + numpy: ${fmt(numpy.result.per_second)} flows/s (${fmt(numpy.result.per_cpu_second)} per CPU second)`);

    const agreeHorner = compare(js.rates, horner.rates);
    const agreeNumpy = numpy ? compare(js.rates, numpy.rates) : null;
    const oursIrr = flows.n / js.seconds;
    const best = runs.reduce((a, r) => (r.loansPerSecond > a.loansPerSecond ? r : a));
    const result = {
      machine,
      python: pyVersion,
      loans: N,
      flows: flows.n,
      generateSeconds,
      audit: runs.map((r) => ({ label: r.label, workers: r.workers, seconds: r.elapsedMs / 1000, loansPerSecond: r.loansPerSecond, findings: r.findings, loansWithFindings: r.loansWithFindings, phasesMs: r.phasesMs })),
      phases: { streamReadPerSecond: N / readSeconds, kernelPerSecond: N / kernelSeconds, kernelPerCpuSecond: N / kernelCpu },
      irrOnly: {
        ours: { perSecond: oursIrr, seconds: js.seconds, perCpuSecond: flows.n / js.cpu },
        scipyHorner: horner.result,
        scipyNumpy: numpy?.result ?? null,
      },
      agreement: { horner: agreeHorner, numpy: agreeNumpy },
      ratios: {
        irrOnlyVsHorner: oursIrr / horner.result.per_second,
        irrOnlyVsNumpy: numpy ? oursIrr / numpy.result.per_second : null,
        kernelVsHorner: N / kernelSeconds / horner.result.per_second,
        kernelVsNumpy: numpy ? N / kernelSeconds / numpy.result.per_second : null,
        auditBestVsHorner: best.loansPerSecond / horner.result.per_second,
        auditBestVsNumpy: numpy ? best.loansPerSecond / numpy.result.per_second : null,
        cpu: {
          irrOnlyVsHorner: flows.n / js.cpu / horner.result.per_cpu_second,
          kernelVsHorner: N / kernelCpu / horner.result.per_cpu_second,
          irrOnlyVsNumpy: numpy ? flows.n / js.cpu / numpy.result.per_cpu_second : null,
          kernelVsNumpy: numpy ? N / kernelCpu / numpy.result.per_cpu_second : null,
        },
      },
    };
    writeFileSync(join(outDir, `pricing-${N}.json`), JSON.stringify(result, null, 2));
    const rows: Array<[string, number, string]> = [
      ...runs.map((r): [string, number, string] => [`ours: suitrate audit end to end, ${r.workers} workers (DuckDB read → findings stored)`, r.loansPerSecond, '']),
      ['ours: audit kernel only (flows, IRR, caps, findings; 1 thread, in memory)', N / kernelSeconds, ''],
      ['ours: IRR only (same flows, 1 thread)', oursIrr, `max abs diff vs Horner ${agreeHorner.maxAbsAnnual.toExponential(2)} (annual)`],
      ['scipy brentq per flow, pure-Python Horner NPV', horner.result.per_second, `${horner.result.failed} failed`],
      ...(numpy ? [['scipy brentq per flow, numpy NPV', numpy.result.per_second, `${numpy.result.failed} failed; max abs diff ${agreeNumpy?.maxAbsAnnual.toExponential(2)}`] as [string, number, string]] : []),
    ];
    console.log(`\n| what | contracts (flows) per second | note |\n|---|---:|---|`);
    for (const [w, v, n] of rows) console.log(`| ${w} | ${fmt(v)} | ${n} |`);
    console.log(`\nratios: ${JSON.stringify(result.ratios)}`);
    console.log(`agreement: ${JSON.stringify(result.agreement)}`);
  } finally {
    ws.dispose();
  }
}

await main();
