/**
 * Generator benchmark: `suitrate generate` (compiled JS, a child process per size) for each size
 * given, measuring wall time, loans/s, rows/s, MB/s and peak RSS (/usr/bin/time -v), next to the
 * I/O ceiling in the same run: `dd` writing the same number of bytes to the same disk. Output
 * goes to a temporary folder (checked for free space first) and is deleted afterwards.
 *
 *   npx tsx bench/generate/bench-generate.ts --loans 200000,1000000 [--dir /tmp] [--only loans,installments,repayments]
 *
 * Prints JSON and a Markdown table for BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join(ROOT, 'bench/out/generate-build');
/** Rough bytes per loan for all eight files (measured: ~1.5 KB); the disk check keeps 2× that. */
const BYTES_PER_LOAN = 1600;

interface Run {
  loans: number;
  only: string | null;
  wallS: number;
  userS: number;
  sysS: number;
  peakRssMb: number;
  loansPerS: number;
  rowsPerS: number;
  mb: number;
  mbPerS: number;
  rows: Record<string, number>;
  ddWallS: number;
  ddMbPerS: number;
  ratioToDd: number;
}

function build(): void {
  rmSync(BUILD, { recursive: true, force: true });
  // tsc exits non-zero when other areas have type errors; it still emits, and only synth/cli are used here.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(join(BUILD, 'run.js'), "import { main } from './cli/main.js';\nprocess.exitCode = await main(process.argv);\n");
}

function parseTime(stderr: string): { wall: number; user: number; sys: number; rssKb: number } {
  const num = (re: RegExp): number => Number(re.exec(stderr)?.[1] ?? 'NaN');
  const wallText = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(stderr)?.[1] ?? '0:0';
  const parts = wallText.split(':').map(Number);
  const wall = parts.reduce((a, p) => a * 60 + p, 0);
  return { wall, user: num(/User time \(seconds\): ([\d.]+)/), sys: num(/System time \(seconds\): ([\d.]+)/), rssKb: num(/Maximum resident set size \(kbytes\): (\d+)/) };
}

function ddCeiling(dir: string, bytes: number): number {
  const mb = Math.max(1, Math.round(bytes / 1e6));
  const file = join(dir, 'dd.bin');
  const t0 = performance.now();
  execFileSync('dd', ['if=/dev/zero', `of=${file}`, 'bs=1000000', `count=${mb}`], { stdio: 'ignore' });
  const s = (performance.now() - t0) / 1000;
  rmSync(file, { force: true });
  return s;
}

function runOne(base: string, loans: number, only: string | null): Run {
  const free = statfsSync(base);
  const freeBytes = free.bavail * free.bsize;
  if (freeBytes < loans * BYTES_PER_LOAN * 2) throw new Error(`not enough free space in ${base}: ${(freeBytes / 1e9).toFixed(1)} GB free, need ~${((loans * BYTES_PER_LOAN * 2) / 1e9).toFixed(1)} GB`);
  const dir = mkdtempSync(join(base, 'suitrate-gen-bench-'));
  try {
    const args = ['-v', process.execPath, join(BUILD, 'run.js'), 'generate', '--loans', String(loans), '--seed', '42', '--out', dir, '--json', '--quiet'];
    if (only) args.push('--only', only);
    const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`generate failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const t = parseTime(r.stderr);
    const summary = JSON.parse(r.stdout) as { rows: Record<string, number>; files: { file: string | null; bytes: number; rows: number }[] };
    const written = summary.files.filter((f) => f.file !== null);
    const bytes = written.reduce((a, f) => a + f.bytes, 0);
    const rows = written.reduce((a, f) => a + f.rows, 0);
    const dd = ddCeiling(dir, bytes);
    return {
      loans, only, wallS: t.wall, userS: t.user, sysS: t.sys, peakRssMb: Math.round(t.rssKb / 1024),
      loansPerS: Math.round(loans / t.wall), rowsPerS: Math.round(rows / t.wall), mb: Math.round(bytes / 1e6), mbPerS: Math.round(bytes / 1e6 / t.wall),
      rows: summary.rows, ddWallS: Math.round(dd * 100) / 100, ddMbPerS: Math.round(bytes / 1e6 / dd), ratioToDd: Math.round((t.wall / dd) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function machine(): Record<string, string> {
  const sh = (cmd: string): string => {
    try {
      return execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc'),
    cpu: sh("lscpu | grep 'Model name' | sed 's/.*: *//'") || (cpus()[0]?.model ?? '?'),
    ramGb: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    load: sh('cat /proc/loadavg'),
  };
}

const sizes = arg('loans', '200000,1000000').split(',').map((s) => Number(s.replace(/_/g, '')));
const base = arg('dir', '/tmp');
const only = arg('only', '') || null;
mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
build();
const m = machine();
const runs: Run[] = [];
for (const n of sizes) {
  process.stderr.write(`generating ${n} loans…\n`);
  runs.push(runOne(base, n, only));
}
const result = { machine: m, loadAfter: machine()['load'], runs };
writeFileSync(join(ROOT, `bench/out/generate-${sizes.join('-')}.json`), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
console.log('\n| loans | files | wall s | loans/s | rows/s | MB written | MB/s | peak RSS MB | dd same bytes s | ratio to dd |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of runs) {
  console.log(`| ${r.loans.toLocaleString('en-US')} | ${r.only ?? 'all 8'} | ${r.wallS.toFixed(1)} | ${r.loansPerS.toLocaleString('en-US')} | ${r.rowsPerS.toLocaleString('en-US')} | ${r.mb.toLocaleString('en-US')} | ${r.mbPerS} | ${r.peakRssMb} | ${r.ddWallS} | ${r.ratioToDd}× |`);
}
