/**
 * The one-call summary the dashboard, the demo and the report headline use: the headline rate with
 * its interval over the 12 months to asOf, the trend verdict, the peers statement, the top causes,
 * the legal cost and the delinquency picture — each from the same functions as the detailed views.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, addMonths, type IsoDate } from '../domain/dates.js';
import { resolveAsOf } from './as-of.js';
import { computeCauses, type CauseShare } from './causes.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { computeLegalCost } from './cost/compute-cost.js';
import type { CostRow } from './cost/compute-cost.js';
import { formatLevel, formatRate } from './format.js';
import { overdueBuckets } from './overdue.js';
import { computePeers, type PeerInput, type PeersResult } from './peers.js';
import { computeRate, type RateCell, type RateQuery, type ResolvedDefinition } from './rate.js';
import { computeTrend, type TrendResult } from './trend.js';

export interface OverviewQuery {
  asOf?: string;
  definition?: RateQuery['definition'];
  /** Peers from a file; default: the institutions in the store. */
  filePeers?: readonly PeerInput[];
}

export interface Overview {
  asOf: IsoDate;
  window: { from: IsoDate; to: IsoDate };
  definition: ResolvedDefinition;
  institution: string | null;
  headline: RateCell & { text: { zh: string; en: string } };
  trend: Pick<TrendResult, 'direction' | 'verdict' | 'fit' | 'changePoints'>;
  peers: Pick<PeersResult, 'position' | 'certain' | 'statement' | 'percentile' | 'percentileLower' | 'percentileUpper' | 'peerMedian'> & { count: number };
  topCauses: CauseShare[];
  legalCost: CostRow;
  /** Shares are of open accounts (neither paid off nor charged off); chargedOff counts those off the book. */
  delinquency: { openAccounts: number; dpd30Plus: number; dpd90Plus: number; share30Plus: number | null; share90Plus: number | null; chargedOff: number };
}

function headlineText(c: RateCell, def: ResolvedDefinition, level: number, window: { from: string; to: string }): { zh: string; en: string } {
  const lv = formatLevel(level);
  const r = (lang: 'zh' | 'en', x: number | null): string => formatRate(x, def.display, lang);
  const expo = Math.round(c.exposure * 100) / 100;
  return {
    en: `Lawsuit rate ${r('en', c.rate)} (${lv} CI ${r('en', c.lower)}–${r('en', c.upper)}): ${c.events.toLocaleString('en-US')} disputes ÷ ${expo.toLocaleString('en-US')} ${def.denominatorUnit.en}, ${window.from} to ${window.to} [${def.ref}]`,
    zh: `起诉率 ${r('zh', c.rate)}（${lv}置信区间 ${r('zh', c.lower)}–${r('zh', c.upper)}）：${window.from} 至 ${window.to} 纠纷 ${c.events.toLocaleString('en-US')} 件 ÷ ${expo.toLocaleString('en-US')} ${def.denominatorUnit.zh}［${def.ref}］`,
  };
}

export async function overview(conn: DuckDBConnection, query: OverviewQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<Overview> {
  const asOf = await resolveAsOf(conn, query.asOf);
  const from = addDays(addMonths(asOf, -12), 1);
  const institution = config.institutionId ?? null;
  const filters = institution ? { institution: [institution] } : {};
  const base = { asOf, from, to: asOf, definition: query.definition, filters };
  const rate = await computeRate(conn, { ...base, grain: 'all' }, config);
  const cell = rate.totals[0];
  if (!cell) throw new Error('computeRate returned no period');
  const trend = await computeTrend(conn, { asOf, definition: query.definition, filters }, config);
  const peers = await computePeers(conn, { asOf, from, to: asOf, definition: query.definition, ...(institution ? { self: institution } : {}), ...(query.filePeers ? { filePeers: query.filePeers } : {}) }, config);
  const causes = await computeCauses(conn, { ...base, grain: 'all' }, config);
  const cost = await computeLegalCost(conn, { ...base, slice: [] }, config);
  const od = await overdueBuckets(conn, { asOf, filters }, config);
  const open = od.open.reduce((s, o) => s + o.accounts, 0);
  const chargedOff = od.open.reduce((s, o) => s + o.chargedOff, 0);
  const count = (buckets: string[]): number => od.rows.filter((r) => buckets.includes(r.bucket)).reduce((s, r) => s + r.accounts, 0);
  const d30 = count(['M2', 'M3', 'M4', 'M5', 'M6+']);
  const d90 = count(['M4', 'M5', 'M6+']);
  return {
    asOf,
    window: { from, to: asOf },
    definition: rate.definition,
    institution,
    headline: { ...cell, text: headlineText(cell, rate.definition, config.level, { from, to: asOf }) },
    trend: { direction: trend.direction, verdict: trend.verdict, fit: trend.fit, changePoints: trend.changePoints },
    peers: {
      position: peers.position,
      certain: peers.certain,
      statement: peers.statement,
      percentile: peers.percentile,
      percentileLower: peers.percentileLower,
      percentileUpper: peers.percentileUpper,
      peerMedian: peers.peerMedian,
      count: peers.peers.filter((p) => !p.isSelf).length,
    },
    topCauses: causes.overall.slice(0, 3),
    legalCost: cost.total,
    delinquency: { openAccounts: open, dpd30Plus: d30, dpd90Plus: d90, share30Plus: open > 0 ? d30 / open : null, share90Plus: open > 0 ? d90 / open : null, chargedOff },
  };
}
