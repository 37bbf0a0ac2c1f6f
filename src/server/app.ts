/**
 * The HTTP application: every route of the contract registered with zod validation and its access
 * rule, the OpenAPI document, security headers, CSRF checks and the static web app.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isAppError } from '../domain/errors.js';
import { appendAudit } from './audit/audit-log.js';
import { can, personalLevel } from './auth/roles.js';
import { CSRF_HEADER, SESSION_COOKIE, sameSecret, type Session } from './auth/sessions.js';
import { ErrorBody, type RouteSpec } from './contract/define.js';
import { API } from './contract/index.js';
import { HttpError, forbidden, statusFor, unauthenticated } from './errors.js';
import type { AppDeps, HandlerCtx } from './routes/handler.js';
import { HANDLERS } from './routes/index.js';
import { cachedResponse, cacheJson, cacheKey, jsonSafe } from './json-cache.js';
import { staticHandler } from './static.js';

type Vars = { session: Session | undefined; ip: string };
type Env = { Variables: Vars };

export function clientIp(c: Context, deps: AppDeps): string {
  if (deps.options.trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function errorResponse(c: Context, err: unknown): Response {
  if (isAppError(err)) {
    const status = statusFor(err);
    const headers = err instanceof HttpError ? err.headers : {};
    const details = Object.keys(err.details).length ? { details: err.details } : {};
    return c.json({ error: { code: err.code, en: err.en, zh: err.zh, ...details } }, status as 400, headers);
  }
  process.stderr.write(`suitrate serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return c.json({ error: { code: 'server.internal', en: 'Internal server error (see the server log).', zh: '服务器内部错误（请查看服务器日志）。' } }, 500);
}

/** Same-origin check for state-changing requests: Origin (or Referer) must name this host. */
function sameOrigin(c: Context): boolean {
  const host = c.req.header('host');
  const origin = c.req.header('origin') ?? c.req.header('referer');
  if (!origin) return c.req.header('sec-fetch-site') !== 'cross-site';
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function accessMiddleware(spec: RouteSpec, deps: AppDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('ip', clientIp(c, deps));
    const unsafe = spec.method !== 'get';
    if (unsafe && !sameOrigin(c)) throw new HttpError(403, { code: 'auth.csrf', en: 'Cross-site request refused.', zh: '拒绝跨站请求。' });
    if (spec.access === 'public') {
      c.set('session', undefined);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const now = deps.now().getTime();
    const session = token ? (deps.sessions.peek(token, now) ?? (await deps.db.read((conn) => deps.sessions.lookup(conn, token, now)))) : undefined;
    if (!session) throw unauthenticated();
    if (unsafe) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!sameSecret(sent, session.csrfToken)) throw new HttpError(403, { code: 'auth.csrf', en: 'Missing or wrong CSRF token.', zh: '缺少或错误的 CSRF 令牌。' });
    }
    if (spec.access !== 'session' && !can(session.role, spec.access)) throw forbidden(spec.access);
    c.set('session', session);
    return next();
  };
}

function openApiRoute(spec: RouteSpec, deps: AppDeps) {
  const request: Record<string, unknown> = {};
  if (spec.params) request['params'] = spec.params;
  if (spec.query) request['query'] = spec.query;
  if (spec.body) request['body'] = { content: { 'application/json': { schema: spec.body } }, required: true };
  const okContent = spec.kind === 'file' ? { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } : { 'application/json': { schema: spec.response } };
  const err = { content: { 'application/json': { schema: ErrorBody } } };
  return createRoute({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    // Upload bodies (multipart) are validated by the handler, so only described here.
    description: spec.kind === 'upload' && spec.form ? `multipart/form-data fields: ${Object.keys(spec.form.shape).join(', ')}` : undefined,
    tags: [spec.tag],
    request,
    middleware: [accessMiddleware(spec, deps)],
    security: spec.access === 'public' ? [] : [{ session: [] }],
    responses: {
      200: { description: 'OK', content: okContent },
      400: { description: 'Invalid request', ...err },
      401: { description: 'Not signed in', ...err },
      403: { description: 'Role not allowed, or CSRF check failed', ...err },
    },
  });
}

function handlerContext(c: Context<Env>, key: string, spec: RouteSpec, deps: AppDeps, input: unknown): HandlerCtx {
  const session = c.get('session');
  const ip = c.get('ip');
  const level = session ? personalLevel(session.role) : 'hidden';
  const audit: HandlerCtx['audit'] = async (action, target = null, detail = null) => {
    await deps.db.write((conn) => appendAudit(conn, { actor: session?.username ?? null, actorRole: session?.role ?? null, action, target, detail, ip }, deps.now()), { changesData: false });
  };
  return {
    deps,
    c,
    session,
    personal: level,
    ip,
    audit,
    async cached(compute) {
      const entry = await cacheJson(deps, spec, cacheKey(key, level, deps.db.dataVersion, input), compute);
      return cachedResponse(entry, c.req.header('accept-encoding'));
    },
  };
}

async function parsedInput(c: Context, spec: RouteSpec): Promise<{ params: unknown; query: unknown; body: unknown }> {
  const req = c.req as unknown as { valid(target: string): unknown };
  const valid = (t: string): unknown => req.valid(t);
  return {
    params: spec.params ? valid('param') : undefined,
    query: spec.query ? valid('query') : undefined,
    body: spec.body ? valid('json') : undefined,
  };
}

export function createApp(deps: AppDeps): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const first = issues[0];
        const where = first ? `${first.path || '(body)'}: ${first.message}` : 'invalid';
        return c.json({ error: { code: 'request.invalid', en: `Invalid request — ${where}`, zh: `请求无效 —— ${where}`, details: { issues } } }, 400);
      }
      return undefined;
    },
  });
  app.onError((err, c) => errorResponse(c, err));
  // A handler may ask for a stricter page policy (standalone HTML such as the key facts statement).
  app.use('*', async (c, next) => {
    await next();
    const own = c.res.headers.get('X-Suitrate-Csp');
    if (own) {
      c.res.headers.set('Content-Security-Policy', own);
      c.res.headers.delete('X-Suitrate-Csp');
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });

  for (const [key, spec] of Object.entries(API) as [keyof typeof API, RouteSpec][]) {
    const handler = HANDLERS[key] as (input: unknown, ctx: HandlerCtx) => Promise<unknown>;
    app.openapi(openApiRoute(spec, deps), (async (c: Context<Env>) => {
      const input = await parsedInput(c, spec);
      const out = await handler(input, handlerContext(c, key, spec, deps, input));
      if (out instanceof Response) return out;
      return c.json(spec.response.parse(jsonSafe(out)) as object, 200);
    }) as never);
  }

  app.get('/api/openapi.json', (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: 'suitrate API', version: '0.1.0', description: 'Lawsuit-rate analytics for consumer lenders. Sign in with POST /api/auth/login; send the X-CSRF-Token header on every non-GET request.' },
      }),
    ),
  );
  app.all('/api/*', (c) => c.json({ error: { code: 'api.no_route', en: `No API route ${c.req.method} ${c.req.path}`, zh: `没有接口 ${c.req.method} ${c.req.path}` } }, 404));
  if (deps.webDist) {
    const serve = staticHandler(deps.webDist);
    app.get('*', (c) => serve(c));
  } else {
    app.get('*', (c) => c.text('The web app is not built: run npm run build:web', 503));
  }
  return app;
}
