/**
 * The typed call layer shared by the Node client (src/server/client.ts) and the web app
 * (web/src/api): route key + typed input → typed response, with errors as {@link ApiError}.
 * No Node or DOM dependencies: the caller supplies the transport.
 */
import type { RouteInput, RouteResponse, RouteSpec } from './define.js';
import { API, type Api } from './index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly en: string,
    readonly zh: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(`${status} ${code}: ${en}`);
    this.name = 'ApiError';
  }
}

type Defined<T> = { [K in keyof T as T[K] extends undefined ? never : K]: T[K] };
export type CallInput<K extends keyof Api> = Defined<RouteInput<Api[K]>>;
export type CallOutput<K extends keyof Api> = RouteResponse<Api[K]>;

export type Transport = (req: { method: string; url: string; body?: string | FormData; json: boolean; unsafe: boolean }) => Promise<Response>;

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

export function routeUrl(spec: RouteSpec, input: { params?: unknown; query?: unknown }): string {
  const path = fillPath(spec.path, input.params as Record<string, unknown> | undefined);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((input.query as Record<string, unknown> | undefined) ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { code?: string; en?: string; zh?: string; details?: Record<string, unknown> } } | undefined)?.error;
  return new ApiError(res.status, e?.code ?? `http.${res.status}`, e?.en ?? res.statusText, e?.zh ?? res.statusText, e?.details);
}

/** Call a JSON route. */
export async function callRoute<K extends keyof Api>(transport: Transport, key: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const spec: RouteSpec = API[key];
  const i = input as { params?: unknown; query?: unknown; body?: unknown };
  const res = await transport({
    method: spec.method.toUpperCase(),
    url: routeUrl(spec, i),
    body: i.body === undefined ? undefined : JSON.stringify(i.body),
    json: i.body !== undefined,
    unsafe: spec.method !== 'get',
  });
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as CallOutput<K>;
}
