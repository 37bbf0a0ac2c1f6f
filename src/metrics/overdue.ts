/**
 * Overdue metrics as of any date (asOf injected): DPD buckets M0–M6+, roll rates between
 * month-ends, and vintage curves (share of a cohort ever more than 90 days past due by months on
 * book). All computed in DuckDB from installment and repayment; rules in sql/loan-facts.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, addMonths, daysInMonth, type IsoDate } from '../domain/dates.js';
import { queryRows } from '../store/sql.js';
import { checkDate, resolveAsOf } from './as-of.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { periodStart } from './periods.js';
import { isLoanDimension, loanSideSql, parseDimensions, type LoanDimension } from './sql/dimensions.js';
import { dpdBucketSql, dpdSnapshotCte, firstDelinquencyCte, scheduleAndPaymentsCtes } from './sql/loan-facts.js';
import { SqlParams } from './sql/params.js';
import { wilson } from './stats/intervals.js';

export const DPD_BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const;
export type DpdBucket = (typeof DPD_BUCKETS)[number];

/** M0 = current (0 days), M1 = 1–30, M2 = 31–60, M3 = 61–90, M4 = 91–120, M5 = 121–150, M6+ = 151 and more. */
export function dpdBucket(dpd: number): DpdBucket {
  if (dpd <= 0) return 'M0';
  const i = Math.min(6, Math.ceil(dpd / 30));
  return DPD_BUCKETS[i] ?? 'M6+';
}

export interface OverdueQuery {
  asOf?: string;
  slice?: readonly string[];
  filters?: Partial<Record<LoanDimension, readonly string[]>>;
}

function loanDims(slice: readonly string[] | undefined): LoanDimension[] {
  const dims = parseDimensions(slice ?? []);
  for (const d of dims) {
    if (!isLoanDimension(d)) throw new RangeError(`overdue metrics can be sliced by loan dimensions only, not ${d}`);
  }
  return dims as LoanDimension[];
}

function sliceSql(p: SqlParams, dims: LoanDimension[], config: MetricsConfig): { select: string; where: (filters: OverdueQuery['filters']) => string } {
  const opts = { vintageGrain: config.vintageGrain, amountBandsYuan: config.amountBandsYuan };
  return {
    select: dims.map((d, i) => `, ${loanSideSql(d, p, opts)} AS d${i}`).join(''),
    where: (filters) =>
      Object.entries(filters ?? {})
        .filter(([, v]) => v && v.length > 0)
        .map(([d, v]) => ` AND ${loanSideSql(d as LoanDimension, p, opts)} IN ${p.textList(v ?? [])}`)
        .join(''),
  };
}

function sliceOf(row: Record<string, unknown>, dims: LoanDimension[]): Record<string, string> {
  const out: Record<string, string> = {};
  dims.forEach((d, i) => {
    out[d] = String(row[`d${i}`]);
  });
  return out;
}

export interface BucketRow {
  slice: Record<string, string>;
  bucket: DpdBucket;
  accounts: number;
  /** Share of open accounts of the slice. */
  share: number;
  /** Amount due and unpaid, fen. */
  arrearsFen: number;
}

export interface OpenAccounts {
  slice: Record<string, string>;
  /** Accounts on the book at asOf: not paid off and not charged off. */
  accounts: number;
  /** Paid off (normally or early) by asOf. */
  closed: number;
  /** Charged off or written off and past `chargeOffDpd` at asOf: off the open book. */
  chargedOff: number;
}

export interface OverdueBuckets {
  asOf: IsoDate;
  rows: BucketRow[];
  /** Accounts per slice; shares in `rows` are of `accounts` (closed and charged-off excluded). */
  open: OpenAccounts[];
}

/** DPD buckets M0–M6+ of all loans originated by asOf, neither paid off nor charged off. */
export async function overdueBuckets(conn: DuckDBConnection, query: OverdueQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<OverdueBuckets> {
  const asOf = await resolveAsOf(conn, query.asOf);
  const dims = loanDims(query.slice);
  const p = new SqlParams();
  const s = sliceSql(p, dims, config);
  const asOfSql = p.date(asOf);
  const sql = `WITH m_snapdates(snap_date) AS (VALUES (${asOfSql})),
${scheduleAndPaymentsCtes(asOfSql, p.int(config.dpdToleranceFen))},
${dpdSnapshotCte(p.int(config.dpdToleranceFen), s.select, s.where(query.filters), p.int(config.chargeOffDpd))}
SELECT ${dims.map((_, i) => `d${i}, `).join('')}${dpdBucketSql('dpd', 'charged_off')} AS bucket, count(*) AS accounts, sum(arrears_fen)::BIGINT AS arrears_fen
FROM m_snap GROUP BY ALL ORDER BY ALL`;
  const raw = await queryRows<{ bucket: string; accounts: number; arrears_fen: number }>(conn, sql, p.list());
  const open = new Map<string, OpenAccounts>();
  for (const r of raw) {
    const slice = sliceOf(r, dims);
    const key = JSON.stringify(slice);
    const o = open.get(key) ?? { slice, accounts: 0, closed: 0, chargedOff: 0 };
    if (r.bucket === 'closed') o.closed += r.accounts;
    else if (r.bucket === 'charged_off') o.chargedOff += r.accounts;
    else o.accounts += r.accounts;
    open.set(key, o);
  }
  const rows: BucketRow[] = [];
  for (const o of open.values()) {
    for (const bucket of DPD_BUCKETS) {
      const r = raw.find((x) => x.bucket === bucket && JSON.stringify(sliceOf(x, dims)) === JSON.stringify(o.slice));
      const accounts = r?.accounts ?? 0;
      rows.push({ slice: o.slice, bucket, accounts, share: o.accounts > 0 ? accounts / o.accounts : 0, arrearsFen: r?.arrears_fen ?? 0 });
    }
  }
  return { asOf, rows, open: [...open.values()] };
}

/** Last day of the month of `date`. */
export function monthEnd(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-${String(daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)))).padStart(2, '0')}`;
}

/** Month-ends from the month of `from` to the last month-end on or before `to`. */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let m = periodStart(from, 'month'); m <= to; m = addMonths(m, 1)) {
    const e = monthEnd(m);
    if (e <= to) out.push(e);
  }
  return out;
}

/** Where an open account is at the next month-end: a bucket, paid off, or charged off. */
export type RollState = DpdBucket | 'closed' | 'charged_off';
export const ROLL_STATES: readonly RollState[] = [...DPD_BUCKETS, 'closed', 'charged_off'];

export interface RollRow {
  /** Month-end the accounts are observed at. */
  from: IsoDate;
  to: IsoDate;
  slice: Record<string, string>;
  bucket: DpdBucket;
  accounts: number;
  /** Accounts in a worse bucket (or charged off) at the next month-end ÷ accounts. */
  rollForward: number | null;
  /** Accounts in a better bucket (or paid off) at the next month-end ÷ accounts. */
  cure: number | null;
  /** Counts by state at the next month-end. */
  next: Record<RollState, number>;
}

export interface RollRates {
  asOf: IsoDate;
  monthEnds: IsoDate[];
  /** One row per month pair, slice and starting bucket. */
  rows: RollRow[];
  /** All month pairs pooled. */
  pooled: RollRow[];
}

export interface RollQuery extends OverdueQuery {
  from?: string;
  to?: string;
}

function emptyNext(): Record<RollState, number> {
  return { M0: 0, M1: 0, M2: 0, M3: 0, M4: 0, M5: 0, 'M6+': 0, closed: 0, charged_off: 0 };
}

function finishRoll(row: RollRow): RollRow {
  const i = DPD_BUCKETS.indexOf(row.bucket);
  let worse = row.next.charged_off;
  let better = row.next.closed;
  DPD_BUCKETS.forEach((b, j) => {
    if (j > i) worse += row.next[b];
    if (j < i) better += row.next[b];
  });
  row.rollForward = row.accounts > 0 ? worse / row.accounts : null;
  row.cure = row.accounts > 0 ? better / row.accounts : null;
  return row;
}

/**
 * Roll rates between consecutive month-ends in [from, to] (default: the 12 months to asOf):
 * transitions of open accounts from each DPD bucket to the next month-end's state.
 */
export async function rollRates(conn: DuckDBConnection, query: RollQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<RollRates> {
  const asOf = await resolveAsOf(conn, query.asOf);
  const to = query.to !== undefined ? checkDate(query.to, 'to') : asOf;
  const from = query.from !== undefined ? checkDate(query.from, 'from') : addDays(addMonths(to, -12), 1);
  const ends = monthEnds(from, to < asOf ? to : asOf);
  const dims = loanDims(query.slice);
  if (ends.length < 2) return { asOf, monthEnds: ends, rows: [], pooled: [] };
  const p = new SqlParams();
  const s = sliceSql(p, dims, config);
  const asOfSql = p.date(asOf);
  const dCols = dims.map((_, i) => `a.d${i}, `).join('');
  const sql = `WITH m_snapdates(snap_date) AS (VALUES ${ends.map((e) => `(${p.date(e)})`).join(', ')}),
m_order AS (SELECT snap_date, lead(snap_date) OVER (ORDER BY snap_date) AS next_date FROM m_snapdates),
${scheduleAndPaymentsCtes(asOfSql, p.int(config.dpdToleranceFen))},
${dpdSnapshotCte(p.int(config.dpdToleranceFen), s.select, s.where(query.filters), p.int(config.chargeOffDpd))}
SELECT a.snap_date AS from_date, o.next_date AS to_date, ${dCols}${dpdBucketSql('a.dpd')} AS bucket, ${dpdBucketSql('b.dpd', 'b.charged_off')} AS next_state, count(*) AS n
FROM m_snap a JOIN m_order o ON o.snap_date = a.snap_date JOIN m_snap b ON b.loan_id = a.loan_id AND b.snap_date = o.next_date
WHERE a.dpd IS NOT NULL AND NOT a.charged_off
GROUP BY ALL ORDER BY ALL`;
  const raw = await queryRows<{ from_date: string; to_date: string; bucket: DpdBucket; next_state: RollState; n: number }>(conn, sql, p.list());
  const rows = new Map<string, RollRow>();
  const pooled = new Map<string, RollRow>();
  for (const r of raw) {
    const slice = sliceOf(r, dims);
    const add = (map: Map<string, RollRow>, key: string, fromD: string, toD: string): void => {
      const row = map.get(key) ?? { from: fromD, to: toD, slice, bucket: r.bucket, accounts: 0, rollForward: null, cure: null, next: emptyNext() };
      row.accounts += r.n;
      row.next[r.next_state] += r.n;
      map.set(key, row);
    };
    add(rows, JSON.stringify([r.from_date, slice, r.bucket]), r.from_date, r.to_date);
    add(pooled, JSON.stringify([slice, r.bucket]), ends[0] ?? '', ends[ends.length - 1] ?? '');
  }
  const order = (a: RollRow, b: RollRow): number => a.from.localeCompare(b.from) || JSON.stringify(a.slice).localeCompare(JSON.stringify(b.slice)) || DPD_BUCKETS.indexOf(a.bucket) - DPD_BUCKETS.indexOf(b.bucket);
  return { asOf, monthEnds: ends, rows: [...rows.values()].map(finishRoll).sort(order), pooled: [...pooled.values()].map(finishRoll).sort(order) };
}

export interface VintagePoint {
  mob: number;
  /** Loans ever more than 90 days past due by this month on book. */
  ever90: number;
  rate: number;
  lower: number;
  upper: number;
}

export interface VintageCurve {
  cohort: string;
  slice: Record<string, string>;
  loans: number;
  /** Months on book observed for every loan of the cohort by asOf. */
  points: VintagePoint[];
}

export interface VintageQuery extends OverdueQuery {
  /** Cohorts originated from this date (default: 24 months before asOf). */
  from?: string;
  to?: string;
  cohort?: 'month' | 'quarter';
  maxMob?: number;
}

/**
 * Vintage curves: for each origination cohort, the share of its loans that were ever more than 90
 * days past due by each month on book (MOB = whole months from origination to the first 90+ date),
 * shown only for MOBs every loan of the cohort has reached by asOf.
 */
export async function vintageCurves(conn: DuckDBConnection, query: VintageQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<{ asOf: IsoDate; cohort: 'month' | 'quarter'; curves: VintageCurve[] }> {
  const asOf = await resolveAsOf(conn, query.asOf);
  const grain = query.cohort ?? 'month';
  const from = query.from !== undefined ? checkDate(query.from, 'from') : periodStart(addMonths(asOf, -24), grain);
  const to = query.to !== undefined ? checkDate(query.to, 'to') : asOf;
  const maxMob = query.maxMob ?? 36;
  const dims = loanDims(query.slice);
  const p = new SqlParams();
  const s = sliceSql(p, dims, config);
  const asOfSql = p.date(asOf);
  const sql = `WITH ${scheduleAndPaymentsCtes(asOfSql, p.int(config.dpdToleranceFen))},
${firstDelinquencyCte(asOfSql, p.int(config.dpdToleranceFen))},
v AS (
  SELECT date_trunc('${grain}', l.originated_at)::DATE AS cohort${s.select}, datesub('month', l.originated_at, f.first90_at) AS mob90
  FROM loan l LEFT JOIN product pr ON pr.product_id = l.product_id LEFT JOIN m_first_dpd f ON f.loan_id = l.loan_id
  WHERE l.originated_at >= ${p.date(from)} AND l.originated_at <= ${p.date(to < asOf ? to : asOf)} ${s.where(query.filters)}
)
SELECT cohort${dims.map((_, i) => `, d${i}`).join('')}, mob90, count(*) AS n FROM v GROUP BY ALL ORDER BY ALL`;
  const raw = await queryRows<{ cohort: string; mob90: number | null; n: number }>(conn, sql, p.list());
  const groups = new Map<string, { cohort: string; slice: Record<string, string>; loans: number; hist: Map<number, number> }>();
  for (const r of raw) {
    const slice = sliceOf(r, dims);
    const key = JSON.stringify([r.cohort, slice]);
    const g = groups.get(key) ?? { cohort: r.cohort, slice, loans: 0, hist: new Map<number, number>() };
    g.loans += r.n;
    if (r.mob90 !== null) g.hist.set(r.mob90, (g.hist.get(r.mob90) ?? 0) + r.n);
    groups.set(key, g);
  }
  const curves: VintageCurve[] = [];
  for (const g of groups.values()) {
    const cohortEnd = addDays(addMonths(g.cohort, grain === 'month' ? 1 : 3), -1);
    const points: VintagePoint[] = [];
    let cum = 0;
    for (let k = 0; k <= maxMob; k++) {
      cum += g.hist.get(k) ?? 0;
      if (k === 0 || addMonths(cohortEnd, k) > asOf) continue;
      const w = wilson(cum, g.loans, config.level);
      points.push({ mob: k, ever90: cum, rate: w.estimate, lower: w.lower, upper: w.upper });
    }
    const label = grain === 'month' ? g.cohort.slice(0, 7) : `${g.cohort.slice(0, 4)}-Q${Math.floor((Number(g.cohort.slice(5, 7)) - 1) / 3) + 1}`;
    curves.push({ cohort: label, slice: g.slice, loans: g.loans, points });
  }
  return { asOf, cohort: grain, curves };
}
