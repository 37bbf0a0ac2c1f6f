/**
 * Peers: where the lender's lawsuit rate sits among other institutions — from the store (every
 * institution's own book) or from a file of case counts and declared business volumes. The
 * percentile is the share of peers with a lower rate (ties count half); its interval comes from a
 * seeded parametric bootstrap over every institution's Poisson uncertainty (Jeffreys posterior
 * Gamma(k + ½)/volume). "Low / middling / high for the industry" is computed from that interval.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { queryRows } from '../store/sql.js';
import { defaultMetricsConfig, type MetricsConfig } from './config.js';
import { formatLevel, formatRate } from './format.js';
import { computeRate, type RateQuery, type ResolvedDefinition } from './rate.js';
import { garwood, rateRatio, type RateRatio } from './stats/intervals.js';
import { gammaVariate, quantileSorted, seededRng } from './stats/random.js';

export interface PeerInput {
  institution: string;
  name?: string;
  cases: number;
  /** Business volume in the definition's denominator unit (e.g. loans originated in the window). */
  volume: number;
  source: 'store' | 'file';
}

export interface PeerRow extends PeerInput {
  rate: number;
  lower: number;
  upper: number;
  isSelf: boolean;
}

export type PeerPosition = 'low' | 'middling' | 'high' | 'unclear' | 'too_few_peers';

export interface PeerAnalysis {
  self: string;
  peers: PeerRow[];
  /** Percentile of the lender among the other institutions, 0 = lowest rate, 100 = highest. */
  percentile: number | null;
  percentileLower: number | null;
  percentileUpper: number | null;
  /** Median rate of the other institutions. */
  peerMedian: number | null;
  /** The lender's rate ÷ the pooled rate of all other institutions (exact conditional interval). */
  vsIndustry: RateRatio | null;
  position: PeerPosition;
  /** The interval lies inside the band of the position (otherwise the statement says "probably"). */
  certain: boolean;
  statement: { zh: string; en: string };
  method: { percentile: string; interval: string; bands: string; bootstrap: number; seed: number; level: number };
}

export interface PeerOptions {
  level?: number;
  bootstrap?: number;
  seed?: number;
  display?: ResolvedDefinition['display'];
}

const PERCENT: ResolvedDefinition['display'] = { scale: 100, per: { zh: '%', en: '%' } };

function percentileOf(self: number, others: readonly number[]): number {
  let below = 0;
  for (const r of others) {
    if (r < self) below += 1;
    else if (r === self) below += 0.5;
  }
  return (100 * below) / others.length;
}

function band(p: number): 'low' | 'middling' | 'high' {
  return p < 100 / 3 ? 'low' : p > 200 / 3 ? 'high' : 'middling';
}

function median(xs: readonly number[]): number {
  return quantileSorted([...xs].sort((a, b) => a - b), 0.5);
}

const POS_TEXT = {
  low: { en: 'low', zh: '偏低' },
  middling: { en: 'middling', zh: '中等' },
  high: { en: 'high', zh: '偏高' },
};

function statementText(a: Omit<PeerAnalysis, 'statement' | 'method'>, level: number, display: ResolvedDefinition['display']): { zh: string; en: string } {
  const others = a.peers.filter((p) => !p.isSelf).length;
  const self = a.peers.find((p) => p.isSelf);
  if (!self || a.position === 'too_few_peers' || a.percentile === null) {
    return { en: `Too few peers to compare (${others}; at least 3 needed).`, zh: `可比机构太少（${others}家，至少需要3家），无法比较。` };
  }
  const lv = formatLevel(level);
  const pct = `${Math.round(a.percentile)}`;
  const ci = `${Math.round(a.percentileLower ?? 0)}–${Math.round(a.percentileUpper ?? 100)}`;
  const numsEn = `${formatRate(self.rate, display, 'en')} vs a peer median of ${formatRate(a.peerMedian, display, 'en')} across ${others} peers; percentile ${pct} (${lv} interval ${ci})`;
  const numsZh = `${formatRate(self.rate, display, 'zh')}，可比机构（${others}家）中位数 ${formatRate(a.peerMedian, display, 'zh')}；百分位 ${pct}（${lv}区间 ${ci}）`;
  const who = self.name ?? self.institution;
  if (a.position === 'unclear') {
    return { en: `${who}: cannot place it among peers with confidence: ${numsEn}.`, zh: `尚无法可靠判断${who}在行业中的位置：${numsZh}。` };
  }
  const t = POS_TEXT[a.position];
  return a.certain
    ? { en: `${who}: ${t.en} for the industry: ${numsEn}.`, zh: `${who}处于行业${t.zh}水平：${numsZh}。` }
    : { en: `${who}: probably ${t.en} for the industry: ${numsEn}.`, zh: `${who}大致处于行业${t.zh}水平：${numsZh}。` };
}

/** Place `self` among `peers` (pure). */
export function analyzePeers(peers: readonly PeerInput[], self: string, opts: PeerOptions = {}): PeerAnalysis {
  const level = opts.level ?? 0.95;
  const B = opts.bootstrap ?? 2000;
  const seed = opts.seed ?? 20240601;
  const display = opts.display ?? PERCENT;
  const method = {
    percentile: 'share of other institutions with a lower rate (ties count half), 0–100',
    interval: 'seeded parametric bootstrap: every rate drawn from Gamma(cases + 0.5, 1) / volume',
    bands: 'low < 33⅓ ≤ middling ≤ 66⅔ < high; "probably" when the interval crosses a band edge, "unclear" when it spans all three',
    bootstrap: B,
    seed,
    level,
  };
  const usable = peers.filter((p) => p.volume > 0 && Number.isInteger(p.cases) && p.cases >= 0);
  const rows: PeerRow[] = usable.map((p) => {
    const g = garwood(p.cases, p.volume, level);
    return { ...p, rate: g.estimate, lower: g.lower, upper: g.upper, isSelf: p.institution === self };
  });
  rows.sort((a, b) => a.rate - b.rate || a.institution.localeCompare(b.institution));
  const me = rows.find((r) => r.isSelf);
  const others = rows.filter((r) => !r.isSelf);
  const base = { self, peers: rows, percentile: null, percentileLower: null, percentileUpper: null, peerMedian: others.length > 0 ? median(others.map((o) => o.rate)) : null, vsIndustry: null, certain: false };
  if (!me || others.length < 3) {
    const a = { ...base, position: 'too_few_peers' as const };
    return { ...a, statement: statementText(a, level, display), method };
  }
  const percentile = percentileOf(
    me.rate,
    others.map((o) => o.rate),
  );
  const rng = seededRng(seed);
  const draws: number[] = [];
  const draw = (p: PeerRow): number => gammaVariate(rng, p.cases + 0.5) / p.volume;
  for (let b = 0; b < B; b++) {
    const mine = draw(me);
    draws.push(
      percentileOf(
        mine,
        others.map((o) => draw(o)),
      ),
    );
  }
  draws.sort((x, y) => x - y);
  const alpha = 1 - level;
  const lo = quantileSorted(draws, alpha / 2);
  const hi = quantileSorted(draws, 1 - alpha / 2);
  const otherCases = others.reduce((s, o) => s + o.cases, 0);
  const otherVolume = others.reduce((s, o) => s + o.volume, 0);
  const vsIndustry = rateRatio(me.cases, me.volume, otherCases, otherVolume, level);
  const pos = band(percentile);
  const spansAll = band(lo) === 'low' && band(hi) === 'high';
  const certain = band(lo) === pos && band(hi) === pos;
  const a = { ...base, percentile, percentileLower: lo, percentileUpper: hi, vsIndustry, position: spansAll ? ('unclear' as const) : pos, certain: !spansAll && certain };
  return { ...a, statement: statementText(a, level, display), method };
}

export interface PeersQuery extends Omit<RateQuery, 'slice' | 'grain' | 'rolling'> {
  /** The lender; default config.metrics.institutionId, else the institution with the largest volume. */
  self?: string;
  /** Peers from a file (already parsed); the store's institutions are used when absent. */
  filePeers?: readonly PeerInput[];
}

export interface PeersResult extends PeerAnalysis {
  definition: ResolvedDefinition;
  window: { from: IsoDate; to: IsoDate; asOf: IsoDate };
}

/**
 * Peers for the rate over one window: every institution in the store (sliced by institution), or
 * the file's peers plus the lender's own figures from the store when the file lacks them.
 */
export async function computePeers(conn: DuckDBConnection, query: PeersQuery = {}, config: MetricsConfig = defaultMetricsConfig()): Promise<PeersResult> {
  const rate = await computeRate(conn, { ...query, slice: ['institution'], grain: 'all' }, config);
  const names = new Map((await queryRows<{ id: string; name: string }>(conn, 'SELECT institution_id AS id, coalesce(short_name, name) AS name FROM institution')).map((r) => [r.id, r.name]));
  const fromStore: PeerInput[] = rate.cells
    .filter((c) => c.exposure > 0)
    .map((c) => {
      const id = c.slice['institution'] ?? '';
      const name = names.get(id);
      return { institution: id, cases: c.events, volume: c.exposure, source: 'store' as const, ...(name !== undefined ? { name } : {}) };
    });
  const byVolume = [...fromStore].sort((a, b) => b.volume - a.volume);
  const self = query.self ?? config.institutionId ?? byVolume[0]?.institution;
  if (self === undefined) {
    throw new AppError({ code: 'metrics.peers_no_self', en: 'No institution with business volume in the window to compare', zh: '窗口内没有有业务量的机构可供比较' });
  }
  let peers: PeerInput[] = fromStore;
  if (query.filePeers) {
    peers = [...query.filePeers];
    const mine = fromStore.find((p) => p.institution === self);
    if (!peers.some((p) => p.institution === self) && mine) peers.push(mine);
  }
  const analysis = analyzePeers(peers, self, { level: config.level, bootstrap: config.peers.bootstrap, seed: config.peers.seed, display: rate.definition.display });
  return { ...analysis, definition: rate.definition, window: { from: rate.query.from, to: rate.query.to, asOf: rate.query.asOf } };
}
