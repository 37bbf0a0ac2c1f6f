/**
 * Is the difference real? Compare the rate of two windows (this quarter vs last) or two segments
 * (filters, e.g. product A vs product B) under one definition: both rates with their intervals and
 * the exact conditional rate ratio with its interval and p-value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { computeRate, type RateCell, type RateQuery, type ResolvedDefinition } from './rate.js';
import { rateRatio, type RateRatio } from './stats/intervals.js';

export interface RateComparison {
  definition: ResolvedDefinition;
  a: { query: RateQuery; cell: RateCell };
  b: { query: RateQuery; cell: RateCell };
  /** Rate of a ÷ rate of b; null when an exposure is zero. */
  ratio: (RateRatio & { significant: boolean }) | null;
}

/** Compare two unsliced windows or segments (each query's slice and grain are ignored). */
export async function compareRates(conn: DuckDBConnection, a: RateQuery, b: RateQuery, config: MetricsConfig = defaultMetricsConfig()): Promise<RateComparison> {
  const ra = await computeRate(conn, { ...a, slice: [], grain: 'all', rolling: 1 }, config);
  const rb = await computeRate(conn, { ...b, definition: ra.definition, slice: [], grain: 'all', rolling: 1 }, config);
  const ca = ra.totals[0];
  const cb = rb.totals[0];
  if (!ca || !cb) throw new Error('computeRate returned no period');
  const ratio = ca.exposure > 0 && cb.exposure > 0 ? rateRatio(ca.events, ca.exposure, cb.events, cb.exposure, config.level) : null;
  return {
    definition: ra.definition,
    a: { query: { ...a, from: ra.query.from, to: ra.query.to, asOf: ra.query.asOf }, cell: ca },
    b: { query: { ...b, from: rb.query.from, to: rb.query.to, asOf: rb.query.asOf }, cell: cb },
    ratio: ratio ? { ...ratio, significant: ratio.pValue < 1 - config.level } : null,
  };
}
