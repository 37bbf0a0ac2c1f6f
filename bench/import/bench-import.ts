/**
 * Import benchmark: a generated N-loan book (loans, installments, repayments as canonical CSV),
 * imported with `importFile` vs the ceiling — a bare DuckDB `CREATE TABLE AS SELECT * FROM
 * read_csv(...)` of the same files — in the same run. Each side runs in its own child process so
 * peak RSS is per side.
 *
 *   npx tsx bench/import/bench-import.ts --loans 1000000 [--reps N] [--out bench/out/import] [--threads N] [--general]
 *
 * --general adds a third side: the same import with the fast path off (SUITRATE_INGEST_FAST=0).
 * --declined adds a fourth: the fast path on, over a copy of the book whose installment and repayment
 * files quote the first field of their first record (same values; the byte scan refuses the files,
 * so they take the general path after the fast path's attempt) — what a declined file costs.
 *
 * The book is written with DuckDB COPY from generate_series (deterministic), so generation time is
 * not part of the measurement. Results print as JSON and a Markdown table for BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { importFile } from '../../src/ingest/import-file.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { queryOne } from '../../src/store/sql.js';

const KINDS = ['loans', 'installments', 'repayments'] as const;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

async function generate(dir: string, loans: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const q = (p: string): string => `'${join(dir, p)}'`;
  writeFileSync(
    join(dir, 'institutions.csv'),
    'institution_id,name,short_name,kind,licensed,seat_province,seat_city,aliases\nI1,示例银行股份有限公司,示例银行,bank,true,北京,北京市,\nI2,示例消费金融有限公司,示例消金,consumer_finance,true,上海,上海市,\nI3,重庆示例小额贷款有限公司,示例小贷,microlender,true,重庆,重庆市,\nI4,示例网络平台有限公司,示例平台,online_platform,false,广东,深圳市,\n',
  );
  writeFileSync(
    join(dir, 'products.csv'),
    'product_id,institution_id,name,kind,repayment_method,nominal_rate,upfront_fee_rate,monthly_fee_rate,disclosed_apr,disclosed_rate_basis\nP1,I1,银行现金贷,cash_loan,equal_installment,0.072,0,0,0.072,irr\nP2,I2,消费分期,consumer_installment,equal_principal,0.18,0,0,0.18,irr\nP3,I3,小贷现金贷,cash_loan,equal_installment,0.24,0.02,0,0.30,irr\nP4,I4,平台分期,consumer_installment,flat,0.12,0,0.005,0.2,flat\n',
  );
  await c.run(`CREATE TABLE l AS SELECT
      'L' || lpad(CAST(i AS VARCHAR), 9, '0') AS loan_id,
      'I' || (i % 4 + 1) AS institution_id, 'P' || (i % 4 + 1) AS product_id,
      CAST(DATE '2021-01-01' + CAST(i * 7 % 1600 AS INTEGER) AS DATE) AS originated_at,
      CAST(1000 + (i * 7919) % 199000 AS DECIMAL(18,2)) + (i % 100) / 100 AS principal,
      [3, 6, 12, 24, 36][i % 5 + 1] AS term_months,
      [0.072, 0.18, 0.24, 0.12][i % 4 + 1] AS nominal_rate,
      ['app', 'partner', 'branch', 'online'][i % 4 + 1] AS channel,
      ['北京', '上海', '广东', '四川', '重庆', '河南'][i % 6 + 1] AS province
    FROM range(${loans}) t(i)`);
  await c.run(`COPY (SELECT loan_id, institution_id, product_id, '' AS customer_id, 'C-' || loan_id AS contract_no, channel, province, '' AS city,
      originated_at, CAST(originated_at + to_months(term_months) AS DATE) AS maturity_date, principal, term_months, 'equal_installment' AS repayment_method,
      nominal_rate, 0 AS upfront_fee, 0 AS monthly_fee, nominal_rate AS disclosed_apr, 'active' AS status, '' AS purpose FROM l ORDER BY loan_id) TO ${q('loans.csv')} (HEADER, DELIMITER ',')`);
  await c.run(`CREATE TABLE inst AS SELECT loan_id, s AS seq, CAST(originated_at + to_months(s) AS DATE) AS due_date,
      round(principal / term_months, 2) AS principal_due, round(principal * nominal_rate / 12, 2) AS interest_due, 0 AS fee_due, term_months, originated_at
    FROM l, range(1, term_months + 1) r(s)`);
  await c.run(`COPY (SELECT loan_id, seq, due_date, principal_due, interest_due, fee_due FROM inst ORDER BY loan_id, seq) TO ${q('installments.csv')} (HEADER, DELIMITER ',')`);
  await c.run(`COPY (SELECT 'R' || loan_id || '-' || seq AS repayment_id, loan_id, CAST(due_date - CAST(hash(loan_id, seq) % 5 AS INTEGER) AS DATE) AS paid_at,
      principal_due + interest_due AS amount, principal_due AS principal, interest_due AS interest, 0 AS fee, 0 AS penalty, 'bank_transfer' AS channel
    FROM inst WHERE due_date <= DATE '2025-06-30' AND hash(loan_id) % 20 <> 0 ORDER BY loan_id, seq) TO ${q('repayments.csv')} (HEADER, DELIMITER ',')`);
  c.closeSync();
  db.closeSync();
}

/** CPU seconds (user + system, every thread of the process) since `u0`. */
function cpuSince(u0: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(u0);
  return (u.user + u.system) / 1e6;
}

interface SideResult {
  side: 'ceiling' | 'importFile' | 'general' | 'declined';
  perKind: { kind: string; rows: number; seconds: number; cpuSeconds: number }[];
  maxRssMb: number;
}

async function childCeiling(dir: string, threads: string): Promise<SideResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  const db = await DuckDBInstance.create(join(tmp, 'c.duckdb'), threads ? { threads } : {});
  const c = await db.connect();
  const perKind: SideResult['perKind'] = [];
  for (const kind of KINDS) {
    const t0 = process.hrtime.bigint();
    const u0 = process.cpuUsage();
    await c.run(`CREATE TABLE ${kind} AS SELECT * FROM read_csv('${join(dir, kind + '.csv')}')`);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuSeconds = cpuSince(u0);
    const r = await c.runAndReadAll(`SELECT count(*) FROM ${kind}`);
    perKind.push({ kind, rows: Number(r.getRows()[0]?.[0] ?? 0), seconds, cpuSeconds });
  }
  c.closeSync();
  db.closeSync();
  rmSync(tmp, { recursive: true, force: true });
  return { side: 'ceiling', perKind, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function childOurs(dir: string, threads: string): Promise<SideResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const ws = await openWorkspace(join(tmp, 'w.duckdb'), threads ? { threads: Number(threads) } : {});
  for (const kind of ['institutions', 'products'] as const) await importFile(ws, { kind, file: join(dir, `${kind}.csv`), asOf: '2025-06-30' });
  const perKind: SideResult['perKind'] = [];
  for (const kind of KINDS) {
    const t0 = process.hrtime.bigint();
    const u0 = process.cpuUsage();
    const s = await importFile(ws, { kind, file: join(dir, `${kind}.csv`), asOf: '2025-06-30' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuSeconds = cpuSince(u0);
    if (s.rejected > 0 || s.stored !== s.read) throw new Error(`unexpected: ${JSON.stringify(s)}`);
    perKind.push({ kind, rows: s.stored, seconds, cpuSeconds });
  }
  const n = await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM installment');
  if ((n?.n ?? 0) !== perKind[1]?.rows) throw new Error('installment count mismatch');
  ws.close();
  rmSync(tmp, { recursive: true, force: true });
  return { side: 'importFile', perKind, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** A copy of the book whose installment and repayment files quote the first field of their first record. */
async function declinedCopy(bookDir: string): Promise<string> {
  const out = `${bookDir}-declined`;
  if (existsSync(join(out, 'repayments.csv'))) return out;
  mkdirSync(out, { recursive: true });
  for (const f of ['institutions.csv', 'products.csv', 'loans.csv']) copyFileSync(join(bookDir, f), join(out, f));
  for (const f of ['installments.csv', 'repayments.csv']) {
    let first = true;
    let header = true;
    const quote = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (!first) return done(null, chunk);
        first = false;
        const text = chunk.toString('latin1');
        const nl = text.indexOf('\n');
        if (!header || nl < 0) return done(null, chunk);
        header = false;
        const comma = text.indexOf(',', nl + 1);
        return done(null, Buffer.from(`${text.slice(0, nl + 1)}"${text.slice(nl + 1, comma)}"${text.slice(comma)}`, 'latin1'));
      },
    });
    await pipeline(createReadStream(join(bookDir, f), { highWaterMark: 1 << 20 }), quote, createWriteStream(join(out, f)));
  }
  return out;
}

/** Per file, the repetition with the least wall time; peak RSS the largest of all. */
function fastest(runs: readonly SideResult[]): SideResult {
  const first = runs[0];
  if (!first) throw new Error('no runs');
  const perKind = first.perKind.map((_, i) => {
    const all = runs.flatMap((r) => (r.perKind[i] ? [r.perKind[i]] : []));
    return all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  });
  return { side: first.side, perKind, maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

function runChild(mode: string, dir: string, threads: string): SideResult {
  const res = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--child', mode, '--out', dir, '--threads', threads], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`${mode} failed (exit ${res.status ?? res.signal})`);
  const last = res.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as SideResult;
}

async function main(): Promise<void> {
  const dir = resolve(arg('out', 'bench/out/import'));
  const threads = arg('threads', '');
  const child = arg('child', '');
  if (child === 'ceiling') return void console.log(JSON.stringify(await childCeiling(dir, threads)));
  if (child === 'ours') return void console.log(JSON.stringify(await childOurs(dir, threads)));
  if (child === 'general') {
    process.env['SUITRATE_INGEST_FAST'] = '0';
    return void console.log(JSON.stringify({ ...(await childOurs(dir, threads)), side: 'general' }));
  }
  if (child === 'declined') return void console.log(JSON.stringify({ ...(await childOurs(dir, threads)), side: 'declined' }));
  const loans = Number(arg('loans', '1000000'));
  const bookDir = join(dir, `book-${loans}`);
  if (!existsSync(join(bookDir, 'repayments.csv'))) {
    const t0 = Date.now();
    await generate(bookDir, loans);
    console.error(`generated ${loans} loans in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${bookDir}`);
  }
  const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
  // --reps N alternates the sides (ceiling, importFile, ceiling, …) and keeps each side's fastest
  // time per file: on a shared machine one side can be starved of a core for a whole run.
  const reps = Math.max(1, Number(arg('reps', '1')));
  const ceilings: SideResult[] = [];
  const ourRuns: SideResult[] = [];
  const withGeneral = process.argv.includes('--general');
  const generalRuns: SideResult[] = [];
  const declinedDir = process.argv.includes('--declined') ? await declinedCopy(bookDir) : null;
  const declinedRuns: SideResult[] = [];
  for (let r = 0; r < reps; r++) {
    ceilings.push(runChild('ceiling', bookDir, threads));
    ourRuns.push(runChild('ours', bookDir, threads));
    if (withGeneral) generalRuns.push(runChild('general', bookDir, threads));
    if (declinedDir) declinedRuns.push(runChild('declined', declinedDir, threads));
  }
  const ceiling = fastest(ceilings);
  const ours = fastest(ourRuns);
  const general = withGeneral ? fastest(generalRuns) : null;
  const declined = declinedDir ? fastest(declinedRuns) : null;
  const rows = KINDS.map((kind, i) => {
    const c = ceiling.perKind[i];
    const o = ours.perKind[i];
    if (!c || !o) throw new Error('missing result');
    return {
      kind,
      rows: o.rows,
      ceilingSeconds: c.seconds,
      importSeconds: o.seconds,
      ratio: o.seconds / c.seconds,
      ceilingCpuSeconds: c.cpuSeconds,
      importCpuSeconds: o.cpuSeconds,
      cpuRatio: o.cpuSeconds / c.cpuSeconds,
      importRowsPerSecond: o.rows / o.seconds,
      ceilingRowsPerSecond: c.rows / c.seconds,
    };
  });
  const sum = (f: (r: (typeof rows)[number]) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const total = { ceilingSeconds: sum((r) => r.ceilingSeconds), importSeconds: sum((r) => r.importSeconds), ceilingCpuSeconds: sum((r) => r.ceilingCpuSeconds), importCpuSeconds: sum((r) => r.importCpuSeconds) };
  const machine = {
    nproc: cpus().length,
    model: (() => {
      try {
        return execFileSync('sh', ['-c', "lscpu | grep 'Model name' | sed 's/.*: *//'"], { encoding: 'utf8' }).trim();
      } catch {
        return cpus()[0]?.model ?? 'unknown';
      }
    })(),
    ramGb: Math.round(totalmem() / 2 ** 30),
  };
  const load = { before: loadBefore, after: loadavg().map((x) => Number(x.toFixed(2))) };
  const perRep = ceilings.map((c, r) => ({ ceilingSeconds: c.perKind.map((k) => k.seconds), importSeconds: ourRuns[r]?.perKind.map((k) => k.seconds) ?? [] }));
  const result = { date: new Date().toISOString(), loans, reps, perRep, machine, load, rows, total: { ...total, ratio: total.importSeconds / total.ceilingSeconds, cpuRatio: total.importCpuSeconds / total.ceilingCpuSeconds }, peakRssMb: { ceiling: ceiling.maxRssMb, importFile: ours.maxRssMb } };
  console.log(JSON.stringify(result, null, 2));
  console.log('\n| file | rows | read_csv CTAS (s) | importFile (s) | ratio | CPU s: read_csv / importFile (ratio) | importFile rows/s |\n|---|---:|---:|---:|---:|---:|---:|');
  const cpu = (c: number, o: number): string => `${c.toFixed(1)} / ${o.toFixed(1)} (${(o / c).toFixed(2)}×)`;
  for (const r of rows) console.log(`| ${r.kind}.csv | ${r.rows.toLocaleString('en-US')} | ${r.ceilingSeconds.toFixed(2)} | ${r.importSeconds.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${cpu(r.ceilingCpuSeconds, r.importCpuSeconds)} | ${Math.round(r.importRowsPerSecond).toLocaleString('en-US')} |`);
  console.log(`| **total** | ${sum((r) => r.rows).toLocaleString('en-US')} | ${total.ceilingSeconds.toFixed(2)} | ${total.importSeconds.toFixed(2)} | **${(total.importSeconds / total.ceilingSeconds).toFixed(2)}×** | ${cpu(total.ceilingCpuSeconds, total.importCpuSeconds)} | ${Math.round(sum((r) => r.rows) / total.importSeconds).toLocaleString('en-US')} |`);
  if (general) {
    console.log('\nThe general path (SUITRATE_INGEST_FAST=0: text read, parse, staged checks, insert — what a file with any non-canonical value or bad row takes), same run:\n\n| file | read_csv CTAS (s) | general path (s) | ratio | importFile (s) | general / importFile |\n|---|---:|---:|---:|---:|---:|');
    rows.forEach((r, i) => {
      const g = general.perKind[i];
      if (g) console.log(`| ${r.kind}.csv | ${r.ceilingSeconds.toFixed(2)} | ${g.seconds.toFixed(2)} | ${(g.seconds / r.ceilingSeconds).toFixed(2)}× | ${r.importSeconds.toFixed(2)} | ${(g.seconds / r.importSeconds).toFixed(2)}× |`);
    });
    const gs = general.perKind.reduce((a, k) => a + k.seconds, 0);
    console.log(`| **total** | ${total.ceilingSeconds.toFixed(2)} | ${gs.toFixed(2)} | **${(gs / total.ceilingSeconds).toFixed(2)}×** | ${total.importSeconds.toFixed(2)} | ${(gs / total.importSeconds).toFixed(2)}× |`);
    console.log(`peak RSS general path: ${general.maxRssMb.toFixed(0)} MB`);
  }
  if (declined) {
    console.log('\nA declined file (first field of the first record quoted: the fast path tries, its scan refuses, the general path imports), same run:\n\n| file | read_csv CTAS (s) | declined (s) | ratio | general path (s) | declined / general |\n|---|---:|---:|---:|---:|---:|');
    rows.forEach((r, i) => {
      const d = declined.perKind[i];
      const g = general?.perKind[i];
      if (d) console.log(`| ${r.kind}.csv | ${r.ceilingSeconds.toFixed(2)} | ${d.seconds.toFixed(2)} | ${(d.seconds / r.ceilingSeconds).toFixed(2)}× | ${g ? g.seconds.toFixed(2) : '—'} | ${g ? (d.seconds / g.seconds).toFixed(2) + '×' : '—'} |`);
    });
  }
  console.log(`\nload average (1/5/15 min): before ${load.before.join(' ')}, after ${load.after.join(' ')}`);
  console.log(`\npeak RSS: read_csv ${ceiling.maxRssMb.toFixed(0)} MB, importFile ${ours.maxRssMb.toFixed(0)} MB`);
}

await main();
