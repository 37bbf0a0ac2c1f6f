/**
 * Why lenders end up in court: the share of counted disputes by cause category per period, with
 * Wilson intervals. Built on `computeRate` sliced by cause, so the counts are the rate's numerator.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { computeRate, type RateQuery, type ResolvedDefinition } from './rate.js';
import { wilson } from './stats/intervals.js';

export const CAUSE_CATEGORIES = ['overdue_repayment', 'contract_dispute', 'fee_transparency', 'service_conduct', 'other'] as const;

export const CAUSE_LABELS: Record<string, { zh: string; en: string }> = {
  overdue_repayment: { zh: '逾期还款', en: 'Overdue repayment' },
  contract_dispute: { zh: '合同纠纷（效力、欺诈、条款）', en: 'Contract dispute (validity, fraud, terms)' },
  fee_transparency: { zh: '费用与利率不透明', en: 'Opaque fees and rates' },
  service_conduct: { zh: '服务与催收行为', en: 'Service and collection conduct' },
  other: { zh: '其他', en: 'Other' },
  '(none)': { zh: '未分类', en: 'Unclassified' },
};

export interface CauseShare {
  period: string;
  cause: string;
  events: number;
  total: number;
  share: number | null;
  lower: number | null;
  upper: number | null;
}

export interface CauseResult {
  definition: ResolvedDefinition;
  window: { from: string; to: string; asOf: string };
  grain: string;
  rows: CauseShare[];
  /** Whole window, largest first. */
  overall: CauseShare[];
}

export async function computeCauses(conn: DuckDBConnection, query: Omit<RateQuery, 'slice'> = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<CauseResult> {
  const grain = query.grain ?? 'quarter';
  const byPeriod = await computeRate(conn, { ...query, grain, slice: ['cause_category'] }, config);
  const whole = await computeRate(conn, { ...query, from: byPeriod.query.from, to: byPeriod.query.to, asOf: byPeriod.query.asOf, grain: 'all', rolling: 1, slice: ['cause_category'] }, config);
  const totals = new Map(byPeriod.totals.map((t) => [t.period, t.events]));
  const toShare = (period: string, cause: string, events: number, total: number): CauseShare => {
    if (total <= 0) return { period, cause, events, total, share: null, lower: null, upper: null };
    const w = wilson(Math.min(events, total), total, config.level);
    return { period, cause, events, total, share: w.estimate, lower: w.lower, upper: w.upper };
  };
  const rows = byPeriod.cells.map((c) => toShare(c.period, c.slice['cause_category'] ?? '', c.events, totals.get(c.period) ?? 0));
  const wholeTotal = whole.totals[0]?.events ?? 0;
  const overall = whole.cells.map((c) => toShare(c.period, c.slice['cause_category'] ?? '', c.events, wholeTotal)).sort((a, b) => b.events - a.events || a.cause.localeCompare(b.cause));
  return { definition: byPeriod.definition, window: { from: byPeriod.query.from, to: byPeriod.query.to, asOf: byPeriod.query.asOf }, grain, rows, overall };
}
