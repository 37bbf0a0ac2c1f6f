/**
 * A typed Node client for the API (the CLI's --server mode, tests and benchmarks). It keeps the
 * session and CSRF cookies itself and sends the CSRF header on non-GET requests.
 */
import { callRoute, errorFrom, routeUrl, type CallInput, type CallOutput, type Transport } from './contract/call.js';
import type { Api } from './contract/index.js';
import { API } from './contract/index.js';

export { ApiError } from './contract/call.js';

export class ApiClient {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  private readonly transport: Transport = async (req) => {
    const headers: Record<string, string> = { Origin: new URL(this.baseUrl).origin };
    if (req.json) headers['Content-Type'] = 'application/json';
    if (req.unsafe && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (this.cookies.size) headers['Cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(req.url, this.baseUrl), { method: req.method, headers, body: req.body ?? null });
    this.remember(res);
    return res;
  };

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  call<K extends keyof Api>(key: K, input: CallInput<K>): Promise<CallOutput<K>> {
    return callRoute(this.transport, key, input);
  }

  async login(username: string, password: string): Promise<CallOutput<'login'>> {
    const me = await this.call('login', { body: { username, password } });
    this.csrfToken = me.csrfToken;
    return me;
  }

  /** Raw request with the session (downloads, uploads). */
  async raw(key: keyof Api, input: { params?: unknown; query?: unknown }, body?: FormData): Promise<Response> {
    const spec = API[key];
    const res = await this.transport({ method: spec.method.toUpperCase(), url: routeUrl(spec, input), body, json: false, unsafe: spec.method !== 'get' });
    if (!res.ok) throw await errorFrom(res);
    return res;
  }
}
