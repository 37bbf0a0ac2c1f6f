/** Encoding computed results as JSON for responses and the result cache. */
import type { RouteSpec } from './contract/define.js';
import type { AppDeps } from './routes/handler.js';

/** JSON has no Infinity or NaN: computed figures that are not finite (e.g. an unbounded interval) become null. */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}

/** The result-cache key: route, personal-data level, workspace data version, validated input. */
export function cacheKey(route: string, level: string, dataVersion: number, input: unknown): string {
  return `${route}|${level}|${dataVersion}|${JSON.stringify(input)}`;
}

/** Compute, validate and encode a JSON result into the cache (the same bytes a request would get). */
export function cacheJson(deps: AppDeps, spec: RouteSpec, key: string, compute: () => Promise<unknown>): Promise<Uint8Array> {
  return deps.cache.get(key, async () => Buffer.from(JSON.stringify(spec.response.parse(jsonSafe(await compute())))));
}
