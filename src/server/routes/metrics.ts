/** Rate explorer handlers over the metrics area's computeRate (results cached by data version). */
import { AppError } from '../../domain/errors.js';
import { allDefinitions } from '../../metrics/definitions.js';
import { GRAINS } from '../../metrics/periods.js';
import { computeRate, resolveDefinitionInput, type RateQuery, type RateResult } from '../../metrics/rate.js';
import { DIMENSIONS, type Dimension } from '../../metrics/sql/dimensions.js';
import type { z } from 'zod';
import type { METRICS_ROUTES, RateQuerySchema } from '../contract/metrics.js';
import { rateCsv, rateXlsx } from './rate-export.js';
import type { HandlerCtx, Handlers } from './handler.js';

type RateQueryInput = z.output<typeof RateQuerySchema>;

function parseFilters(text: string | undefined): RateQuery['filters'] {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError({ code: 'request.invalid', en: 'filters must be a JSON object {dimension: [values]}', zh: 'filters 必须是 JSON 对象 {维度: [取值]}' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AppError({ code: 'request.invalid', en: 'filters must be a JSON object', zh: 'filters 必须是 JSON 对象' });
  const out: Partial<Record<Dimension, string[]>> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!(DIMENSIONS as readonly string[]).includes(k)) throw new AppError({ code: 'metrics.slice_unknown', en: `Unknown filter dimension ${k}`, zh: `未知的筛选维度 ${k}` });
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new AppError({ code: 'request.invalid', en: `filters.${k} must be a list of strings`, zh: `filters.${k} 必须是字符串列表` });
    out[k as Dimension] = v as string[];
  }
  return out;
}

export function toRateQuery(q: RateQueryInput): RateQuery {
  return {
    definition: q.definition,
    slice: q.slice ? q.slice.split(',').map((s) => s.trim()).filter((s) => s !== '') : [],
    grain: q.grain,
    from: q.from,
    to: q.to,
    asOf: q.asOf,
    rolling: q.rolling,
    filters: parseFilters(q.filters),
  };
}

export async function rateFor(ctx: HandlerCtx, q: RateQueryInput): Promise<RateResult> {
  const query = toRateQuery(q);
  return ctx.deps.db.read((conn) => computeRate(conn, query, ctx.deps.config.metrics));
}

export const metricsHandlers: Handlers<typeof METRICS_ROUTES> = {
  async rateMeta(_input, ctx) {
    const m = ctx.deps.config.metrics;
    return {
      definitions: allDefinitions(m.definitions).map((d) => resolveDefinitionInput(d, m)),
      defaultDefinition: m.defaultDefinition,
      dimensions: [...DIMENSIONS],
      grains: [...GRAINS],
    };
  },

  async rate({ query }, ctx) {
    return ctx.cached(() => rateFor(ctx, query));
  },

  async rateExport({ query }, ctx) {
    const { format, ...rest } = query;
    const result = await rateFor(ctx, rest);
    const name = `lawsuit-rate-${result.definition.name}-${result.query.from}-${result.query.to}`;
    if (format === 'xlsx') {
      return new Response(await rateXlsx(result), {
        headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}.xlsx"` },
      });
    }
    return new Response('\ufeff' + rateCsv(result), { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` } });
  },
};
