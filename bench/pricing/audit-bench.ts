/**
 * Pricing benchmark: contracts audited per second over a generated book, side by side in the same
 * run with the same IRRs computed by Debian's Python on the same flows (exported to one file both
 * read).
 *
 *   apt-get install -y python3-scipy python3-numpy
 *   npx tsx bench/pricing/audit-bench.ts [loans=1000000] [--skip-numpy] [--legacy] [--roots=N]
 *
 * Measures, in one process on one temporary DuckDB workspace:
 *   1. `suitrate audit` end to end (stream from DuckDB → cash flows, IRR, caps, findings → bulk
 *      append into the result tables, one transaction), inline and with 1 and 2 worker threads, each
 *      twice (before and after the Python peers, the machine being shared); wall and process CPU time;
 *   2. with --legacy: the former storage path (value-by-value Appender into temp staging + SQL
 *      publish into persistent wide tables in one transaction, test-support.ts) on the same kernel,
 *      for the writer's before/after;
 *   3. phases: the streaming read only; the audit kernel only (in memory, one thread);
 *   4. IRR only over the exported flows: ours vs Python — scipy.optimize.brentq per flow with a
 *      pure-Python Horner NPV and with a NumPy NPV, NumPy-vectorized Newton over all flows at once,
 *      and (--roots=N, first N flows) numpy.roots — with the largest absolute difference between rates.
 *   5. disk per run: database blocks in use after a CHECKPOINT, before and after the first run and
 *      (--legacy) the former path's run.
 * Results: printed as Markdown and written to bench/out/pricing-<loans>.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoanBatch } from '../../src/pricing/audit/batch.js';
import { auditBatch, batchFlows } from '../../src/pricing/audit/kernel.js';
import { streamLoanBatches } from '../../src/pricing/audit/reader.js';
import { runAudit, type AuditRunResult } from '../../src/pricing/audit/run.js';
import { createGroupsSql } from '../../src/pricing/audit/sql.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../src/pricing/audit/synthetic-book.js';
import { legacyAudit } from '../../src/pricing/audit/test-support.js';
import { defaultPricingConfig } from '../../src/pricing/config-schema.js';
import { irrPeriodic } from '../../src/pricing/irr.js';
import { openTempWorkspace } from '../../src/store/temp-workspace.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const outDir = join(repoRoot, 'bench/out');
const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const skipNumpy = args.includes('--skip-numpy');
const withLegacy = args.includes('--legacy');
const rootsSample = Number(args.find((a) => a.startsWith('--roots='))?.slice('--roots='.length) ?? 0);
const PYTHON = '/usr/bin/python3';

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const cpuSeconds = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

type PyMode = 'horner' | 'numpy' | 'vector' | 'roots';

interface PyResult {
  n: number;
  npv: PyMode;
  seconds: number;
  cpu_seconds: number;
  per_cpu_second: number;
  read_seconds: number;
  per_second: number;
  failed: number;
}

interface Timed {
  label: string;
  perSecond: number;
  perCpuSecond: number;
  seconds: number;
  cpuSeconds: number;
  load: string;
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
  for (let i = 0; i < b.length; i++) {
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

function python(flowsPath: string, mode: PyMode, limit = 0): { result: PyResult; rates: Float64Array; load: string } {
  const out = join(outDir, `pricing-rates-${mode}.bin`);
  const extra = limit > 0 ? [String(limit)] : [];
  const line = execFileSync(PYTHON, [join(here, 'scipy_irr.py'), flowsPath, out, mode, ...extra], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const result = JSON.parse(line.trim().split('\n').pop() ?? '{}') as PyResult;
  const buf = readFileSync(out);
  return { result, rates: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8), load: load() };
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(), loadAtStart: load() };
  const pyVersion = execFileSync(PYTHON, ['-c', 'import sys, scipy, numpy; print(sys.version.split()[0], scipy.__version__, numpy.__version__)'], { encoding: 'utf8' }).trim();
  console.error(`machine: ${JSON.stringify(machine)}; python/scipy/numpy ${pyVersion}`);

  const ws = await openTempWorkspace();
  try {
    let t0 = performance.now();
    await ws.conn.run(BENCH_PRODUCTS);
    await ws.conn.run(benchLoansSql(N));
    await ws.conn.run('CHECKPOINT');
    const generateSeconds = seconds(t0);
    console.error(`generated ${fmt(N)} loans in ${generateSeconds.toFixed(1)} s`);

    const config = defaultPricingConfig();
    const audits: Array<Timed & { workers: number; findings: number; phasesMs: AuditRunResult['phasesMs'] }> = [];
    const audit = async (workers: number, round: number): Promise<void> => {
      const l = load();
      const c0 = process.cpuUsage();
      // Wall clock around the whole call, as a user waits for it: the commit included.
      const w0 = performance.now();
      const r = await runAudit(ws.instance, ws.conn, { startedAt: new Date(), workers, config });
      const wall = seconds(w0);
      const cpu = cpuSeconds(c0);
      if (r.loansAudited !== N) throw new Error(`audit stored ${r.loansAudited} loans, expected ${N}`);
      audits.push({ label: `audit end to end, ${workers} worker thread${workers === 1 ? '' : 's'} (round ${round})`, workers, perSecond: N / wall, perCpuSecond: N / cpu, seconds: wall, cpuSeconds: cpu, load: l, findings: r.findings, phasesMs: r.phasesMs });
      console.error(`audit workers=${workers} round ${round}: ${fmt(N / wall)} loans/s (${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s, ${fmt(r.findings)} findings; phases ms ${JSON.stringify(r.phasesMs)}; load ${l})`);
    };
    // Disk per run: database blocks in use after a CHECKPOINT, before and after (outside the timings).
    const usedMiB = async (): Promise<number> => {
      await ws.conn.run('CHECKPOINT');
      const row = (await ws.conn.runAndReadAll('SELECT used_blocks::DOUBLE * block_size AS b FROM pragma_database_size() WHERE database_name = current_database()')).getRowObjects()[0];
      return Number(row?.['b'] ?? Number.NaN) / 2 ** 20;
    };
    // The first run also numbers every loan (pricing_audit_loan_ref); a later run of the same book does not.
    const storage: { compactRunMiB: number; compactRerunMiB: number; formerRunMiB: number | null } = { compactRunMiB: Number.NaN, compactRerunMiB: Number.NaN, formerRunMiB: null };
    let before = await usedMiB();
    await audit(0, 1);
    storage.compactRunMiB = (await usedMiB()) - before;
    before = await usedMiB();
    await audit(1, 1);
    storage.compactRerunMiB = (await usedMiB()) - before;
    await audit(2, 1);

    let legacy: Timed | null = null;
    if (withLegacy) {
      before = await usedMiB();
      const l = load();
      const c0 = process.cpuUsage();
      t0 = performance.now();
      await legacyAudit(ws.conn, 'legacy', { persistent: true });
      const s = seconds(t0);
      const cpu = cpuSeconds(c0);
      storage.formerRunMiB = (await usedMiB()) - before;
      const stored = (await ws.conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM legacy_audit_loan')).getRowObjects()[0]?.['n'];
      if (stored !== N) throw new Error(`former storage path stored ${String(stored)} loans, expected ${N}`);
      legacy = { label: 'former storage path (value-by-value Appender → temp staging → SQL publish into persistent wide tables, one transaction), same kernel, inline', perSecond: N / s, perCpuSecond: N / cpu, seconds: s, cpuSeconds: cpu, load: l };
      console.error(`legacy writer: ${fmt(N / s)} loans/s (${s.toFixed(1)} s, CPU ${cpu.toFixed(1)} s; load ${l})`);
      await ws.conn.run('DROP TABLE legacy_audit_loan; DROP TABLE legacy_finding');
    }

    const groups = createGroupsSql(0, {});
    await ws.conn.run(groups.sql, groups.params);
    t0 = performance.now();
    let c0 = process.cpuUsage();
    const batches: LoanBatch[] = [];
    for await (const { batch } of streamLoanBatches(ws.conn, 'contract', 0, {}, config.audit.batchSize)) batches.push(batch);
    const read: Timed = { label: 'streaming read only (DuckDB → typed-array batches)', perSecond: N / seconds(t0), perCpuSecond: N / cpuSeconds(c0), seconds: seconds(t0), cpuSeconds: cpuSeconds(c0), load: load() };
    console.error(`stream read only: ${fmt(read.perSecond)} loans/s`);

    const kopts = { source: 'contract' as const, thresholds: config.regulatoryThresholds, disclosureTolerance: config.disclosureTolerance, patternTolerance: config.patternTolerance };
    auditBatch(batches[0] as LoanBatch, kopts); // warm-up
    t0 = performance.now();
    c0 = process.cpuUsage();
    let findings = 0;
    for (const b of batches) findings += auditBatch(b, kopts).findings.count;
    const kernel: Timed = { label: 'audit kernel only (schedule → flows, IRR, IRR without fees, caps with excess amounts, findings; 1 thread, in memory)', perSecond: N / seconds(t0), perCpuSecond: N / cpuSeconds(c0), seconds: seconds(t0), cpuSeconds: cpuSeconds(c0), load: load() };
    console.error(`kernel only (1 thread): ${fmt(kernel.perSecond)} loans/s (${fmt(kernel.perCpuSecond)} per CPU second), ${fmt(findings)} findings`);

    const flowsPath = join(outDir, `pricing-flows-${N}.bin`);
    const flows = writeFlows(flowsPath, batches.map(batchFlows));
    batches.length = 0;
    jsIrrs(flows); // warm-up
    const l = load();
    const js = [jsIrrs(flows), jsIrrs(flows), jsIrrs(flows)].sort((a, b) => a.seconds - b.seconds)[1] ?? jsIrrs(flows);
    const irr: Timed = { label: 'IRR only, same flows, 1 thread (Newton on the Horner polynomial, Brent fallback)', perSecond: flows.n / js.seconds, perCpuSecond: flows.n / js.cpu, seconds: js.seconds, cpuSeconds: js.cpu, load: l };
    console.error(`IRR only, ours: ${fmt(irr.perSecond)} flows/s (${fmt(irr.perCpuSecond)} per CPU second)`);

    const peers: Array<{ mode: PyMode; label: string; run: ReturnType<typeof python> }> = [];
    const peer = (mode: PyMode, label: string, limit = 0): void => {
      const run = python(flowsPath, mode, limit);
      peers.push({ mode, label, run });
      console.error(`IRR only, ${label}: ${fmt(run.result.per_second)} flows/s (${fmt(run.result.per_cpu_second)} per CPU second; ${run.result.failed} failed; load ${run.load})`);
    };
    peer('vector', 'NumPy-vectorized Newton over all flows at once');
    peer('horner', 'scipy.optimize.brentq per flow, pure-Python Horner NPV');
    if (!skipNumpy) peer('numpy', 'scipy.optimize.brentq per flow, NumPy NPV');
    if (rootsSample > 0) peer('roots', `numpy.roots per flow (first ${fmt(rootsSample)} flows)`, rootsSample);

    for (const w of [0, 1, 2]) await audit(w, 2);

    const agreement = Object.fromEntries(peers.map((p) => [p.mode, compare(js.rates, p.run.rates)]));
    const best = audits.reduce((a, r) => (r.perSecond > a.perSecond ? r : a));
    const ratios = Object.fromEntries(
      peers.map((p) => [
        p.mode,
        {
          auditBestWall: best.perSecond / p.run.result.per_second,
          auditBestCpu: best.perCpuSecond / p.run.result.per_cpu_second,
          kernelWall: kernel.perSecond / p.run.result.per_second,
          kernelCpu: kernel.perCpuSecond / p.run.result.per_cpu_second,
          irrWall: irr.perSecond / p.run.result.per_second,
          irrCpu: irr.perCpuSecond / p.run.result.per_cpu_second,
        },
      ]),
    );
    const result = { machine: { ...machine, loadAtEnd: load() }, python: pyVersion, loans: N, flows: flows.n, generateSeconds, audits, legacy, storage, read, kernel, irr, peers: peers.map((p) => ({ label: p.label, ...p.run.result, load: p.run.load })), agreement, ratios };
    writeFileSync(join(outDir, `pricing-${N}.json`), JSON.stringify(result, null, 2));

    const rows: Array<[string, number, number, string]> = [
      ...audits.map((a): [string, number, number, string] => [`ours: ${a.label}`, a.perSecond, a.perCpuSecond, a.load]),
      ...(legacy ? [[`ours: ${legacy.label}`, legacy.perSecond, legacy.perCpuSecond, legacy.load] as [string, number, number, string]] : []),
      [`ours: ${read.label}`, read.perSecond, read.perCpuSecond, read.load],
      [`ours: ${kernel.label}`, kernel.perSecond, kernel.perCpuSecond, kernel.load],
      [`ours: ${irr.label}`, irr.perSecond, irr.perCpuSecond, irr.load],
      ...peers.map((p): [string, number, number, string] => [`peer: ${p.label}`, p.run.result.per_second, p.run.result.per_cpu_second, p.run.load]),
    ];
    console.log(`\n| what (same run) | per second (wall) | per CPU-second | load average (1/5/15 min) |\n|---|---:|---:|---|`);
    for (const [w, v, c, ld] of rows) console.log(`| ${w} | ${fmt(v)} | ${fmt(c)} | ${ld} |`);
    console.log(`\nratios: ${JSON.stringify(ratios, null, 1)}`);
    console.log(`agreement: ${JSON.stringify(agreement)}`);
    console.log(`storage per ${fmt(N)}-loan run (MiB after CHECKPOINT): ${JSON.stringify(storage)}`);
  } finally {
    ws.dispose();
  }
}

await main();
