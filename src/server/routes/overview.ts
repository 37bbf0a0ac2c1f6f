/** Overview: the metrics area's overview() and computeTrend(), plus alerts derived from them. */
import { overview, type Overview } from '../../metrics/overview.js';
import { computeTrend, type TrendResult } from '../../metrics/trend.js';
import { volumeGaps } from '../../metrics/volume-gaps.js';
import type { OVERVIEW_ROUTES } from '../contract/overview.js';
import { cacheJson, cacheKey, jsonSafe } from '../json-cache.js';
import { API } from '../contract/index.js';
import type { AppDeps, Handlers } from './handler.js';

type Alert = { severity: 'high' | 'medium' | 'info'; zh: string; en: string; link: string | null };

/** Plain rules over the computed figures; each alert says why it fired. */
export function overviewAlerts(o: Overview, t: TrendResult): Alert[] {
  const out: Alert[] = [];
  if (o.trend.direction === 'rising') out.push({ severity: 'high', zh: `起诉率上升：${o.trend.verdict.zh}`, en: `Lawsuit rate rising: ${o.trend.verdict.en}`, link: '/rate' });
  if (o.peers.position === 'high') out.push({ severity: 'high', zh: `同业比较偏高：${o.peers.statement.zh}`, en: `High among peers: ${o.peers.statement.en}`, link: '/rate' });
  for (const cp of t.changePoints.slice(-1)) {
    const pct = Math.round(cp.change * 100);
    if (Math.abs(pct) >= 20) out.push({ severity: pct > 0 ? 'medium' : 'info', zh: `${cp.period} 起水平变化 ${pct > 0 ? '+' : ''}${pct}%`, en: `Level change from ${cp.period}: ${pct > 0 ? '+' : ''}${pct}%`, link: '/rate' });
  }
  const gaps = volumeGaps(t.points, o.window);
  if (gaps.periods.length > 0) {
    const n = gaps.periods.length;
    const first = gaps.periods[0] ?? '';
    const last = gaps.periods[n - 1] ?? '';
    const months = n === 1 ? first : `${first}…${last}`;
    const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
    out.push({
      severity: 'medium',
      zh: `${months}（${n} 个月）有纠纷 ${gaps.events} 件但没有业务量（分母为 0）：近 12 个月起诉率被高估。放款数据是否导入完整？也可改用在贷口径。`,
      en: `${months}: ${plural(n, 'month')} with ${plural(gaps.events, 'dispute')} but no business volume (denominator 0), so the 12-month rate is overstated. Is the loan data complete? An active-loan or balance definition avoids this.`,
      link: '/rate',
    });
  }
  if (o.headline.small) out.push({ severity: 'info', zh: '样本过小：总体起诉率的区间很宽，请谨慎解读。', en: 'Small sample: the headline interval is wide; read with care.', link: null });
  const fee = o.topCauses.find((c) => c.cause === 'fee_transparency');
  if (fee && fee.share !== null && fee.share >= 0.05) {
    out.push({ severity: 'medium', zh: `费率透明度纠纷占 ${(fee.share * 100).toFixed(1)}%，请查看费率审计。`, en: `Fee/rate disputes are ${(fee.share * 100).toFixed(1)}% of disputes; see the transparency audit.`, link: '/transparency' });
  }
  if (o.legalCost.recoveryRate !== null && o.legalCost.recoveryRate < 0.2 && o.legalCost.disputes > 0) {
    out.push({ severity: 'medium', zh: `诉讼回收率仅 ${(o.legalCost.recoveryRate * 100).toFixed(1)}%。`, en: `Litigation recovers only ${(o.legalCost.recoveryRate * 100).toFixed(1)}% of claims.`, link: null });
  }
  return out;
}

export async function computeOverview(deps: AppDeps, query: { asOf?: string | undefined; definition?: string | undefined }) {
  const config = deps.config.metrics;
  const [o, t] = await deps.db.read(async (conn) => [await overview(conn, { asOf: query.asOf, definition: query.definition }, config), await computeTrend(conn, { asOf: query.asOf, definition: query.definition }, config)] as const);
  const series = t.points.map((p, i) => {
    const c = t.cells[i];
    return { period: p.period, events: p.events, exposure: p.exposure, rate: p.rate, lower: c?.lower ?? null, upper: c?.upper ?? null, fitted: p.fitted };
  });
  return { ...o, series, alerts: overviewAlerts(o, t) };
}

export const overviewHandlers: Handlers<typeof OVERVIEW_ROUTES> = {
  async overview({ query }, ctx) {
    return ctx.cached(() => computeOverview(ctx.deps, query));
  },
};

/**
 * Compute the default overview into the cache ahead of the first visitor (at start and after each
 * data change): on a large book it takes minutes. Same key and bytes as a request would produce.
 */
export async function warmOverview(deps: AppDeps): Promise<void> {
  const version = deps.db.dataVersion;
  const input = { params: undefined, query: {}, body: undefined };
  const spec = API.overview;
  const result = jsonSafe(await computeOverview(deps, {}));
  if (deps.db.dataVersion !== version) return;
  for (const level of ['masked', 'hidden'] as const) await cacheJson(deps, spec, cacheKey('overview', level, version, input), async () => result);
}
