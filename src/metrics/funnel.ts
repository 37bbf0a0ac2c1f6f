/**
 * The road to court, per loan originated in the window, as of asOf: loans → ever more than 30 days
 * past due → ever more than 90 → complaint → lawsuit, with conversion rates per segment (Wilson
 * intervals), and the time from first 90+ DPD to the first suit as a Kaplan–Meier curve (censored
 * at asOf, or at payoff for accounts that paid off without a suit).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addMonths, type IsoDate } from '../domain/dates.js';
import { queryRows } from '../store/sql.js';
import { checkDate, resolveAsOf } from './as-of.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import type { RateDefinition } from './definitions.js';
import { resolveDefinitionInput, type ResolvedDefinition } from './rate.js';
import { isLoanDimension, loanSideSql, parseDimensions, type LoanDimension } from './sql/dimensions.js';
import { firstDelinquencyCte, scheduleAndPaymentsCtes } from './sql/loan-facts.js';
import { SqlParams } from './sql/params.js';
import { eventDateSql, numeratorFilterSql } from './sql/rate-sql.js';
import { wilson } from './stats/intervals.js';
import { kaplanMeier, type KmResult } from './stats/kaplan-meier.js';

export const FUNNEL_STAGES = ['loans', 'dpd30', 'dpd90', 'complaint', 'lawsuit'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface Share {
  count: number;
  of: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface FunnelSegment {
  slice: Record<string, string>;
  /** Loans reaching each stage; each as a share of all loans of the segment. */
  stages: Record<FunnelStage, Share>;
  /** Step conversions within nested groups. */
  conversions: {
    loansToDpd30: Share;
    dpd30ToDpd90: Share;
    dpd90ToLawsuit: Share;
    complaintToLawsuit: Share;
    /** Of the loans sued, the share that complained first. */
    lawsuitsWithPriorComplaint: Share;
    /** Of the loans sued, the share sued before reaching 90+ DPD (or never). */
    lawsuitsBeforeDpd90: Share;
  };
  /** Days from first 90+ DPD to the first suit. */
  timeToSuit: KmResult;
}

export interface FunnelQuery {
  definition?: string | RateDefinition;
  from?: string;
  to?: string;
  asOf?: string;
  slice?: readonly string[];
  filters?: Partial<Record<LoanDimension, readonly string[]>>;
}

export interface FunnelResult {
  definition: ResolvedDefinition;
  window: { from: IsoDate; to: IsoDate; asOf: IsoDate };
  segments: FunnelSegment[];
  total: FunnelSegment;
}

function share(count: number, of: number, level: number): Share {
  if (of <= 0) return { count, of, rate: null, lower: null, upper: null };
  const w = wilson(Math.min(count, of), of, level);
  return { count, of, rate: w.estimate, lower: w.lower, upper: w.upper };
}

interface CountRow {
  loans: number;
  dpd30: number;
  dpd90: number;
  complaint: number;
  lawsuit: number;
  dpd90_lawsuit: number;
  complaint_lawsuit: number;
  complaint_before_suit: number;
  suit_before_90: number;
  [k: string]: unknown;
}

interface GroupRow {
  d30: boolean;
  d90: boolean;
  cmp: boolean;
  suit: boolean;
  cmp_before: boolean;
  suit_before_90: boolean;
  t: number | null;
  ev: boolean;
  n: number;
  [k: string]: unknown;
}

interface KmRow {
  t: number;
  events: number;
  censored: number;
  [k: string]: unknown;
}

export async function computeFunnel(conn: DuckDBConnection, query: FunnelQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<FunnelResult> {
  const definition = resolveDefinitionInput(query.definition, config);
  const asOf = await resolveAsOf(conn, query.asOf);
  const to = query.to !== undefined ? checkDate(query.to, 'to') : asOf;
  const from = query.from !== undefined ? checkDate(query.from, 'from') : addMonths(asOf, -24);
  const dims = parseDimensions(query.slice ?? []).filter(isLoanDimension);
  const p = new SqlParams();
  const opts = { vintageGrain: config.vintageGrain, amountBandsYuan: config.amountBandsYuan };
  const asOfSql = p.date(asOf);
  const dimSel = dims.map((d, i) => `, ${loanSideSql(d, p, opts)} AS d${i}`).join('');
  const dimCols = dims.map((_, i) => `d${i}, `).join('');
  const filterSql = Object.entries(query.filters ?? {})
    .filter(([, v]) => v && v.length > 0)
    .map(([d, v]) => ` AND ${loanSideSql(d as LoanDimension, p, opts)} IN ${p.textList(v ?? [])}`)
    .join('');
  const ev = eventDateSql(definition);
  const ctes = `WITH ${scheduleAndPaymentsCtes(asOfSql, p.int(config.dpdToleranceFen))},
${firstDelinquencyCte(asOfSql, p.int(config.dpdToleranceFen))},
base AS (
  SELECT l.loan_id, l.customer_id${dimSel}
  FROM loan l LEFT JOIN product pr ON pr.product_id = l.product_id
  WHERE l.originated_at >= ${p.date(from)} AND l.originated_at <= ${p.date(to < asOf ? to : asOf)} ${filterSql}
),
cmp AS (
  SELECT loan_id, min(d) AS first_complaint_at FROM (
    SELECT b.loan_id, c.received_at::DATE AS d FROM base b JOIN complaint c ON c.loan_id = b.loan_id
    UNION ALL
    SELECT b.loan_id, c.received_at::DATE AS d FROM base b JOIN complaint c ON c.loan_id IS NULL AND c.customer_id = b.customer_id
  ) WHERE d <= ${asOfSql} GROUP BY loan_id
),
suit AS (
  SELECT d.loan_id, min(${ev}) AS first_suit_at FROM dispute d
  WHERE d.loan_id IS NOT NULL AND ${numeratorFilterSql(definition, p).join(' AND ')} AND ${ev} <= ${asOfSql}
  GROUP BY d.loan_id
),
f AS (
  SELECT b.*, fd.first30_at, fd.first90_at, cm.first_complaint_at, s.first_suit_at, po.payoff_at
  FROM base b
  LEFT JOIN m_first_dpd fd ON fd.loan_id = b.loan_id
  LEFT JOIN cmp cm ON cm.loan_id = b.loan_id
  LEFT JOIN suit s ON s.loan_id = b.loan_id
  LEFT JOIN m_payoff po ON po.loan_id = b.loan_id
)`;
  // One query: loans grouped by their funnel flags and (for 90+ accounts) days to suit; JS sums.
  const sql = `${ctes}
SELECT ${dimCols}
  first30_at IS NOT NULL AS d30, first90_at IS NOT NULL AS d90, first_complaint_at IS NOT NULL AS cmp, first_suit_at IS NOT NULL AS suit,
  coalesce(first_suit_at IS NOT NULL AND first_complaint_at < first_suit_at, FALSE) AS cmp_before,
  first_suit_at IS NOT NULL AND (first90_at IS NULL OR first_suit_at < first90_at) AS suit_before_90,
  CASE WHEN first90_at IS NULL THEN NULL
       WHEN first_suit_at IS NOT NULL AND (payoff_at IS NULL OR first_suit_at <= payoff_at) THEN greatest(date_diff('day', first90_at, first_suit_at), 0)
       ELSE greatest(date_diff('day', first90_at, least(${asOfSql}, coalesce(payoff_at, ${asOfSql}))), 0) END AS t,
  first90_at IS NOT NULL AND first_suit_at IS NOT NULL AND (payoff_at IS NULL OR first_suit_at <= payoff_at) AS ev,
  count(*) AS n
FROM f GROUP BY ALL ORDER BY ALL`;
  const grouped = await queryRows<GroupRow>(conn, sql, p.list());
  const key = (r: Record<string, unknown>): string => JSON.stringify(dims.map((_, i) => r[`d${i}`]));
  const counts: CountRow[] = [];
  const kmRows: KmRow[] = [];
  const byKey = new Map<string, CountRow>();
  for (const g of grouped) {
    let c = byKey.get(key(g));
    if (!c) {
      c = { loans: 0, dpd30: 0, dpd90: 0, complaint: 0, lawsuit: 0, dpd90_lawsuit: 0, complaint_lawsuit: 0, complaint_before_suit: 0, suit_before_90: 0 };
      dims.forEach((_, i) => {
        (c as CountRow)[`d${i}`] = g[`d${i}`];
      });
      byKey.set(key(g), c);
      counts.push(c);
    }
    c.loans += g.n;
    if (g.d30) c.dpd30 += g.n;
    if (g.d90) c.dpd90 += g.n;
    if (g.cmp) c.complaint += g.n;
    if (g.suit) c.lawsuit += g.n;
    if (g.d90 && g.suit) c.dpd90_lawsuit += g.n;
    if (g.cmp && g.suit) c.complaint_lawsuit += g.n;
    if (g.cmp_before) c.complaint_before_suit += g.n;
    if (g.suit_before_90) c.suit_before_90 += g.n;
    if (g.t !== null) {
      const row: KmRow = { t: g.t, events: g.ev ? g.n : 0, censored: g.ev ? 0 : g.n };
      dims.forEach((_, i) => {
        row[`d${i}`] = g[`d${i}`];
      });
      kmRows.push(row);
    }
  }
  const level = config.level;
  const sliceOf = (r: Record<string, unknown>): Record<string, string> => Object.fromEntries(dims.map((d, i) => [d, String(r[`d${i}`])]));
  const segmentOf = (c: CountRow, km: KmRow[]): FunnelSegment => ({
    slice: sliceOf(c),
    stages: {
      loans: share(c.loans, c.loans, level),
      dpd30: share(c.dpd30, c.loans, level),
      dpd90: share(c.dpd90, c.loans, level),
      complaint: share(c.complaint, c.loans, level),
      lawsuit: share(c.lawsuit, c.loans, level),
    },
    conversions: {
      loansToDpd30: share(c.dpd30, c.loans, level),
      dpd30ToDpd90: share(c.dpd90, c.dpd30, level),
      dpd90ToLawsuit: share(c.dpd90_lawsuit, c.dpd90, level),
      complaintToLawsuit: share(c.complaint_lawsuit, c.complaint, level),
      lawsuitsWithPriorComplaint: share(c.complaint_before_suit, c.lawsuit, level),
      lawsuitsBeforeDpd90: share(c.suit_before_90, c.lawsuit, level),
    },
    timeToSuit: kaplanMeier(
      km.map((k) => ({ time: k.t, events: k.events, censored: k.censored })),
      level,
    ),
  });
  const segments = counts.map((c) => segmentOf(c, kmRows.filter((k) => key(k) === key(c))));
  const sum = (f: (c: CountRow) => number): number => counts.reduce((s, c) => s + f(c), 0);
  const totalCounts: CountRow = {
    loans: sum((c) => c.loans),
    dpd30: sum((c) => c.dpd30),
    dpd90: sum((c) => c.dpd90),
    complaint: sum((c) => c.complaint),
    lawsuit: sum((c) => c.lawsuit),
    dpd90_lawsuit: sum((c) => c.dpd90_lawsuit),
    complaint_lawsuit: sum((c) => c.complaint_lawsuit),
    complaint_before_suit: sum((c) => c.complaint_before_suit),
    suit_before_90: sum((c) => c.suit_before_90),
  };
  const pooledKm = new Map<number, KmRow>();
  for (const k of kmRows) {
    const o = pooledKm.get(k.t) ?? { t: k.t, events: 0, censored: 0 };
    o.events += k.events;
    o.censored += k.censored;
    pooledKm.set(k.t, o);
  }
  const total = { ...segmentOf(totalCounts, [...pooledKm.values()]), slice: {} };
  return { definition, window: { from, to: to < asOf ? to : asOf, asOf }, segments: dims.length > 0 ? segments : [total], total };
}
