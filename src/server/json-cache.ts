/** Encoding computed results as JSON for responses and the result cache. */
import { gzipSync } from 'node:zlib';
import type { CachedBody } from './cache.js';
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

/** Bodies above this size are also kept gzipped (computed once, sent to clients that accept gzip). */
export const GZIP_MIN_BYTES = 2048;

export function encodeJson(value: unknown): CachedBody {
  const body = Buffer.from(JSON.stringify(value));
  return { body, gzip: body.byteLength >= GZIP_MIN_BYTES ? gzipSync(body, { level: 6 }) : null };
}

/** Compute, validate and encode a JSON result into the cache (the same bytes a request would get). */
export function cacheJson(deps: AppDeps, spec: RouteSpec, key: string, compute: () => Promise<unknown>): Promise<CachedBody> {
  return deps.cache.get(key, async () => encodeJson(spec.response.parse(jsonSafe(await compute()))));
}

/** The response for a cached body: gzip when the client accepts it. */
export function cachedResponse(entry: CachedBody, acceptEncoding: string | undefined): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept-Encoding' };
  if (entry.gzip && /\bgzip\b/.test(acceptEncoding ?? '')) {
    headers['Content-Encoding'] = 'gzip';
    return new Response(entry.gzip, { status: 200, headers });
  }
  return new Response(entry.body, { status: 200, headers });
}
