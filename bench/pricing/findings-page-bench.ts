/**
 * The dashboard's findings list on a 1M-loan audit run: one page chosen from the integer tables
 * (findingsPage, migration 27) against the same page sorted through pricing_finding_detail by loan id
 * (the query before), first page, a page a million findings deep, and filtered pages.
 *
 *   flock /tmp/suitrate-bench.lock npx tsx bench/pricing/findings-page-bench.ts [loans=1000000]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { findingsPage, type FindingsPageFilter } from '../../src/pricing/audit/findings-page.js';
import { runAudit } from '../../src/pricing/audit/run.js';
import { BENCH_PRODUCTS, benchLoansSql } from '../../src/pricing/audit/synthetic-book.js';
import { queryRows } from '../../src/store/sql.js';
import { openTempWorkspace } from '../../src/store/temp-workspace.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ws = await openTempWorkspace();
try {
  await ws.conn.run(BENCH_PRODUCTS);
  await ws.conn.run(benchLoansSql(N));
  const run = await runAudit(ws.instance, ws.conn, { startedAt: new Date(), workers: 0 });
  console.log(`machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${new Date().toISOString()}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`run: ${run.loansAudited} loans, ${run.findings} findings`);
  const top = (await queryRows<{ code: string; product_id: string }>(ws.conn, 'SELECT code, any_value(product_id) AS product_id FROM pricing_finding_detail GROUP BY code ORDER BY count(*) DESC LIMIT 1'))[0];
  const cases: Array<[string, FindingsPageFilter, number]> = [
    ['first page', {}, 0],
    ['1,000,000 deep', {}, Math.min(1_000_000, Math.max(0, run.findings - 50))],
    [`code ${top?.code}`, { code: top?.code }, 100],
    ['severity medium', { severity: 'medium' }, 0],
    [`product ${top?.product_id}`, { productId: top?.product_id }, 0],
  ];
  const old = async (filter: FindingsPageFilter, offset: number): Promise<number> => {
    const where = ['f.run_id = ?'];
    const params: Array<string | number> = [run.runId];
    for (const [col, v] of [['f.product_id', filter.productId], ['f.code', filter.code], ['f.severity', filter.severity]] as const) {
      if (!v) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    const rows = await queryRows(
      ws.conn,
      `SELECT f.loan_id, f.code, f.evidence::VARCHAR AS evidence FROM pricing_finding_detail f WHERE ${where.join(' AND ')}
       ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, f.loan_id, f.code LIMIT 50 OFFSET ?`,
      [...params, offset],
    );
    return rows.length;
  };
  const best = async (f: () => Promise<number>): Promise<{ ms: number; rows: number }> => {
    let ms = Infinity;
    let rows = 0;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      rows = await f();
      ms = Math.min(ms, performance.now() - t0);
    }
    return { ms, rows };
  };
  console.log('| page (50 findings) | findingsPage (ms) | sorted through the view by loan id (ms) | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [label, filter, offset] of cases) {
    const a = await best(async () => (await findingsPage(ws.conn, run.runId, filter, 50, offset)).rows.length);
    const b = await best(() => old(filter, offset));
    if (a.rows !== b.rows) throw new Error(`${label}: ${a.rows} rows against ${b.rows}`);
    console.log(`| ${label} | ${a.ms.toFixed(0)} | ${b.ms.toFixed(0)} | ${(b.ms / a.ms).toFixed(1)}× |`);
  }
} finally {
  ws.dispose();
}
