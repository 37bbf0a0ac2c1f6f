/**
 * The web app's API client: the same typed call layer and zod contract as the server
 * (src/server/contract), over the browser's fetch with same-origin cookies. Sends the CSRF token
 * (double-submit cookie) on every non-GET request. A 401 sends the user to the login page.
 */
import { ApiError, callRoute, errorFrom, routeUrl, type CallInput, type CallOutput, type Transport } from '../../../src/server/contract/call.js';
import { API, type Api } from '../../../src/server/contract/index.js';

export { ApiError };
export type { CallOutput };

function csrfToken(): string {
  const m = /(?:^|;\s*)suitrate_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

const transport: Transport = async (req) => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.json) headers['Content-Type'] = 'application/json';
  if (req.unsafe) headers['X-CSRF-Token'] = csrfToken();
  const res = await fetch(req.url, { method: req.method, headers, body: req.body ?? null, credentials: 'same-origin' });
  if (res.status === 401 && !req.url.startsWith('/api/auth/login')) onUnauthorized();
  return res;
};

export function api<K extends keyof Api>(key: K, input: CallInput<K>): Promise<CallOutput<K>> {
  return callRoute(transport, key, input);
}

/** URL of a GET route, for downloads via <a href>. */
export function apiUrl<K extends keyof Api>(key: K, input: { params?: unknown; query?: unknown }): string {
  return routeUrl(API[key], input);
}

/** Upload a file to an 'upload' route (multipart), returning the typed JSON response. */
export async function upload<K extends keyof Api>(key: K, form: FormData, input: { params?: unknown; query?: unknown } = {}): Promise<CallOutput<K>> {
  const res = await transport({ method: 'POST', url: routeUrl(API[key], input), body: form, json: false, unsafe: true });
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as CallOutput<K>;
}

/** Fetch a file route with the session and save it (for routes that need the CSRF header or POST). */
export async function download(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw await errorFrom(res);
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
