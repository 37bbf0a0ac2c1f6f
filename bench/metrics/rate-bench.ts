/**
 * Benchmark: the lawsuit rate sliced by two dimensions by quarter on a 10M-loan book, warm.
 * `computeRate` (compile + DuckDB + intervals, flags, ranks and slice-vs-rest tests in JS) against
 * the same figures written by hand in DuckDB SQL, interleaved in the same run, both over the raw
 * tables (cache off) and over the rate cache (after `refreshMetricsCache`, timed once). Every
 * variant's numbers are checked equal to computeRate's.
 *
 *   npx tsx bench/metrics/make-book.ts            # once: bench/out/metrics-10m.duckdb
 *   npx tsx bench/metrics/rate-bench.ts [--db bench/out/metrics-10m.duckdb] [--runs 7] [--slice product,province]
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { refreshMetricsCache } from '../../src/metrics/cache.js';
import { defaultMetricsConfig } from '../../src/metrics/config.js';
import { resolveDefinition } from '../../src/metrics/definitions.js';
import { planPeriods } from '../../src/metrics/periods.js';
import { computeRate } from '../../src/metrics/rate.js';
import { compileRateSql } from '../../src/metrics/sql/rate-sql.js';
import { queryRows } from '../../src/store/sql.js';
import { openWorkspace } from '../../src/store/workspace.js';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'bench/out/metrics-10m.duckdb' }, runs: { type: 'string', default: '7' }, slice: { type: 'string', default: 'product,province' } } });
const runs = Number(values.runs);
const [dimA, dimB] = (values.slice ?? '').split(',') as ['product' | 'province' | 'channel' | 'institution', 'product' | 'province' | 'channel' | 'institution'];
const FROM = '2021-01-01';
const TO = '2025-12-31';
const AS_OF = '2026-06-30';
const COL: Record<string, string> = { product: 'product_id', province: 'province', channel: 'channel', institution: 'institution_id' };

const config = defaultMetricsConfig();
const rw = await openWorkspace(resolve(values.db));
const refreshed = await refreshMetricsCache(rw.conn, config);
rw.close();
const ws = await openWorkspace(resolve(values.db), { readOnly: true });
const conn = ws.conn;
const query = { from: FROM, to: TO, asOf: AS_OF, grain: 'quarter' as const, slice: [dimA, dimB] };

/**
 * The same numbers by hand: lawsuits (counted, not enforcement-only, institution plaintiff or
 * defendant, lending) filed (or count date) in the window by quarter × dims; loans originated.
 * `cached` reads the cache tables (whole months only: the window is whole quarters).
 */
function handSql(sliced: boolean, cached: boolean): string {
  const a = COL[dimA] ?? '';
  const b = COL[dimB] ?? '';
  const nd = (col: string, dim: string): string => {
    const lc = cached ? `d.l_${col === 'product_id' ? 'product_id' : col === 'institution_id' ? 'institution_id' : col}` : `l.${col}`;
    const linked = cached ? 'd.loan_id' : 'l.loan_id';
    return dim === 'institution' ? `coalesce(d.institution_id, ${lc}, '(none)')` : `CASE WHEN ${linked} IS NULL THEN '(unlinked)' ELSE coalesce(${lc}, '(none)') END`;
  };
  const nDims = sliced ? `${nd(a, dimA)} AS a, ${nd(b, dimB)} AS b, ` : '';
  const eDims = sliced ? `coalesce(${a}, '(none)') AS a, coalesce(${b}, '(none)') AS b, ` : '';
  const join = sliced ? 'USING (q, a, b)' : 'USING (q)';
  const disputes = cached ? 'metrics_dispute_fact d' : 'dispute d LEFT JOIN loan l ON l.loan_id = d.loan_id';
  const loans = cached ? `SELECT date_trunc('quarter', originated_at)::DATE AS q, ${eDims}sum(loans) AS loans FROM metrics_loan_month` : `SELECT date_trunc('quarter', originated_at)::DATE AS q, ${eDims}count(*) AS loans FROM loan`;
  return `WITH n AS (
    SELECT date_trunc('quarter', coalesce(d.filed_at, d.count_date))::DATE AS q, ${nDims}count(*) AS events
    FROM ${disputes}
    WHERE coalesce(d.counts_as_lawsuit, TRUE) AND NOT coalesce(d.enforcement_only, FALSE) AND d.institution_role IN ('plaintiff', 'defendant') AND coalesce(d.is_lending, TRUE)
      AND coalesce(d.filed_at, d.count_date) BETWEEN DATE '${FROM}' AND DATE '${TO}'
    GROUP BY ALL),
  e AS (${loans} WHERE originated_at BETWEEN DATE '${FROM}' AND DATE '${TO}' GROUP BY ALL)
  SELECT q, ${sliced ? 'a, b, ' : ''}coalesce(events, 0) AS events, coalesce(loans, 0) AS loans FROM e FULL OUTER JOIN n ${join} ORDER BY ALL`;
}

const compiled = compileRateSql({
  definition: resolveDefinition('default@1'),
  dims: [dimA, dimB],
  plan: planPeriods(FROM, TO, 'quarter'),
  grain: 'quarter',
  asOf: AS_OF,
  filters: {},
  options: { vintageGrain: config.vintageGrain, amountBandsYuan: config.amountBandsYuan, toleranceFen: 0 },
});

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

type HandRow = { q: string; a: string; b: string; events: number; loans: number };
async function hand(cached: boolean): Promise<[HandRow[], HandRow[]]> {
  return [await queryRows<HandRow>(conn, handSql(true, cached)), await queryRows<HandRow>(conn, handSql(false, cached))];
}

// Warm-up and equality checks: computeRate (cached and raw) and both hand versions agree.
const rate = await computeRate(conn, query, config);
const rateRaw = await computeRate(conn, { ...query, cache: false }, config);
let mismatches = JSON.stringify(rate) === JSON.stringify(rateRaw) ? 0 : 1;
const key = (q: string, a: string, b: string): string => `${q}|${a}|${b}`;
for (const cached of [false, true]) {
  const [cells, totals] = await hand(cached);
  const handMap = new Map(cells.map((r) => [key(r.q, r.a, r.b), r]));
  for (const c of rate.cells) {
    const h = handMap.get(key(c.periodStart, c.slice[dimA] ?? '', c.slice[dimB] ?? ''));
    if (!h || h.events !== c.events || h.loans !== c.exposure) mismatches += 1;
  }
  mismatches += Math.abs(cells.length - rate.cells.length);
  for (const t of rate.totals) {
    const h = totals.find((x) => x.q === t.periodStart);
    if (!h || h.events !== t.events || h.loans !== t.exposure) mismatches += 1;
  }
}
await queryRows(conn, compiled.sql, compiled.params);

const t = { computeRateCached: [] as number[], handSqlCached: [] as number[], computeRateRaw: [] as number[], handSqlRaw: [] as number[], compiledRawQueryOnly: [] as number[] };
for (let i = 0; i < runs; i++) {
  t.computeRateCached.push((await time(() => computeRate(conn, query, config)))[0]);
  t.handSqlCached.push((await time(() => hand(true)))[0]);
  t.computeRateRaw.push((await time(() => computeRate(conn, { ...query, cache: false }, config)))[0]);
  t.handSqlRaw.push((await time(() => hand(false)))[0]);
  t.compiledRawQueryOnly.push((await time(() => queryRows(conn, compiled.sql, compiled.params)))[0]);
}
const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
const counts = (await queryRows<{ loans: number; disputes: number }>(conn, 'SELECT (SELECT count(*) FROM loan) AS loans, (SELECT count(*) FROM dispute) AS disputes'))[0];
ws.close();
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', ramGb: Math.round(totalmem() / 2 ** 30) },
  book: counts,
  query: { ...query, definition: 'default@1' },
  cells: rate.cells.length,
  periods: rate.totals.length,
  mismatches,
  runs,
  cacheRefreshMs: Math.round(refreshed.ms),
  cacheRows: { loanMonth: refreshed.rowsLoanMonth, disputes: refreshed.rowsDispute },
  ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { median: Math.round(med(v)), min: Math.round(Math.min(...v)) }])),
  ratioCached: med(t.computeRateCached) / med(t.handSqlCached),
  ratioRaw: med(t.computeRateRaw) / med(t.handSqlRaw),
  cachedVsHandRaw: med(t.computeRateCached) / med(t.handSqlRaw),
};
writeFileSync('bench/out/metrics-rate.json', JSON.stringify(result, null, 2));
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
