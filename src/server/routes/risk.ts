/** Risk handlers over the risk area's model store, watch-list view and model card. */
import { renderModelCard } from '../../risk/report/model-card.js';
import { listModels, loadModelVersion } from '../../risk/store/model-store.js';
import type { ModelMetrics } from '../../risk/pipeline.js';
import { queryOne, queryRows, type SqlParam } from '../../store/sql.js';
import type { RISK_ROUTES } from '../contract/risk.js';
import type { Handlers } from './handler.js';

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The evaluation to show: test set when the model was validated on one, else training. Tolerates partial metrics. */
function evaluationOf(metrics: unknown) {
  if (metrics === null || typeof metrics !== 'object') return null;
  const m = metrics as Record<string, unknown>;
  const pick = (k: 'test' | 'train') => {
    const e = m[k];
    if (e === null || typeof e !== 'object') return null;
    const x = e as Record<string, unknown>;
    return { on: k, rows: num(x['rows']) ?? 0, events: num(x['events']) ?? 0, auc: num(x['auc']), ks: num(x['ks']), gini: num(x['gini']), brier: num(x['brier']) };
  };
  return pick('test') ?? pick('train');
}

interface ReasonJson {
  feature?: unknown;
  detail?: unknown;
  impact?: unknown;
  unit?: unknown;
}

function reasonsOf(text: string | null) {
  if (!text) return [];
  try {
    const list = JSON.parse(text) as ReasonJson[];
    return Array.isArray(list) ? list.map((r) => ({ feature: String(r.feature ?? ''), detail: r.detail === undefined || r.detail === null ? null : String(r.detail), impact: num(r.impact), unit: typeof r.unit === 'string' ? r.unit : null })) : [];
  } catch {
    return [];
  }
}

/** Full evaluation as the training pipeline stores it (the card draws its charts from it); anything else is left out. */
function fullMetrics(m: unknown): ModelMetrics | null {
  if (m === null || typeof m !== 'object') return null;
  const x = m as Record<string, unknown>;
  const train = x['train'] as Record<string, unknown> | null | undefined;
  return x['split'] && typeof x['split'] === 'object' && train && Array.isArray(train['gains']) ? (m as ModelMetrics) : null;
}

export const riskHandlers: Handlers<typeof RISK_ROUTES> = {
  async riskModels(_input, ctx) {
    return ctx.cached(() =>
      ctx.deps.db.read(async (conn) => {
        const models = await listModels(conn);
        const runs = await queryRows<{ model_name: string; model_version: number; as_of: string; scored: number; watched: number; scored_at: string }>(
          conn,
          `WITH latest AS (SELECT model_name, model_version, max(as_of) AS as_of FROM risk_score GROUP BY model_name, model_version)
           SELECT s.model_name, s.model_version, l.as_of, count(*) AS scored, count(*) FILTER (WHERE s.watch) AS watched, CAST(max(s.scored_at) AS VARCHAR) AS scored_at
           FROM risk_score s JOIN latest l USING (model_name, model_version, as_of) GROUP BY s.model_name, s.model_version, l.as_of`,
        );
        return {
          models: models.map((m) => {
            const run = runs.find((r) => r.model_name === m.name && r.model_version === m.version);
            return {
              name: m.name,
              version: m.version,
              kind: m.kind,
              target: m.target,
              label: m.label,
              createdAt: m.createdAt,
              trainedRows: m.trainedRows,
              trainedEvents: m.trainedEvents,
              dataSource: m.dataSource,
              asOf: m.asOf,
              features: m.features,
              evaluation: evaluationOf(m.metrics),
              scoring: run ? { asOf: run.as_of, scored: run.scored, watched: run.watched, scoredAt: run.scored_at } : null,
            };
          }),
        };
      }),
    );
  },

  async watchlist({ query }, ctx) {
    const level = ctx.personal;
    const result = await ctx.deps.db.read(async (conn) => {
      const asOf = (await queryOne<{ d: string | null }>(conn, 'SELECT max(as_of) AS d FROM risk_score WHERE model_name = ? AND model_version = ?', [query.model, query.version]))?.d ?? null;
      if (asOf === null) return { asOf, total: 0, rows: [], personalLevel: level };
      const where = ['model_name = ?', 'model_version = ?', 'as_of = ?'];
      const params: SqlParam[] = [query.model, query.version, asOf];
      if (query.institution) {
        where.push('institution_id = ?');
        params.push(query.institution);
      }
      const w = where.join(' AND ');
      const total = (await queryOne<{ n: number }>(conn, `SELECT count(*) AS n FROM risk_watchlist WHERE ${w}`, params))?.n ?? 0;
      const rows = await queryRows<{ loan_id: string; institution_id: string | null; product_id: string | null; province: string | null; channel: string | null; customer_id: string | null; pd: number; score: number | null; risk_rank: number; reasons: string | null }>(
        conn,
        `SELECT loan_id, institution_id, product_id, province, channel, customer_id, pd, score, risk_rank, CAST(reasons AS VARCHAR) AS reasons FROM risk_watchlist WHERE ${w} ORDER BY risk_rank LIMIT ? OFFSET ?`,
        [...params, query.limit, query.offset],
      );
      return {
        asOf,
        total,
        rows: rows.map((r) => ({ loanId: r.loan_id, institutionId: r.institution_id, productId: r.product_id, province: r.province, channel: r.channel, customerId: level === 'masked' ? r.customer_id : null, pd: r.pd, score: r.score, rank: r.risk_rank, reasons: reasonsOf(r.reasons) })),
        personalLevel: level,
      };
    });
    if (level === 'masked' && result.rows.length > 0) await ctx.audit('personal.view', `watchlist:${query.model}@${query.version}`, { offset: query.offset, shown: result.rows.length });
    return result;
  },

  async modelCard({ params }, ctx) {
    const { meta, model } = await ctx.deps.db.read((conn) => loadModelVersion(conn, params.name, params.version));
    const html = renderModelCard({ name: meta.name, version: meta.version, model, metrics: fullMetrics(meta.metrics), createdAt: meta.createdAt, dataSource: meta.dataSource, asOf: meta.asOf, label: meta.label });
    return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Suitrate-Csp': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" } });
  },
};
