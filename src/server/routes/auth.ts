/** Handlers for sign-in, the current user, users and the audit log. */
import type { Context } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import { appendAudit, readAudit, verifyAuditChain } from '../audit/audit-log.js';
import { dummyPasswordHash, verifyPassword } from '../auth/password.js';
import { can, PERMISSIONS, personalLevel, type Role } from '../auth/roles.js';
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_TTL_MS, type Session } from '../auth/sessions.js';
import { createUser, findUser, findUserWithHash, listUsers, setDisabled, setPassword, setRole } from '../auth/users.js';
import type { AUTH_ROUTES } from '../contract/auth.js';
import { HttpError, notFound } from '../errors.js';
import { availableFeatures } from './features.js';
import { requireSession, type AppDeps, type HandlerCtx, type Handlers } from './handler.js';

export function isHttps(c: Context, deps: AppDeps): boolean {
  if (deps.options.secureCookies === 'always') return true;
  if (deps.options.secureCookies === 'never') return false;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return deps.options.trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https';
}

function setSessionCookies(c: Context, deps: AppDeps, token: string, csrf: string): void {
  const secure = isHttps(c, deps);
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge });
  // Readable by the page's script (double-submit CSRF token); carries no authority by itself.
  setCookie(c, CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'Strict', path: '/', secure, maxAge });
}

export function me(session: Pick<Session, 'username' | 'role' | 'csrfToken'>) {
  const role: Role = session.role;
  return {
    username: session.username,
    role,
    permissions: PERMISSIONS.filter((p) => can(role, p)),
    personalLevel: personalLevel(role),
    features: availableFeatures(role),
    csrfToken: session.csrfToken,
  };
}

const badLogin = (): HttpError => new HttpError(401, { code: 'auth.bad_credentials', en: 'Wrong username or password.', zh: '用户名或密码错误。' });

function throttled(ms: number): HttpError {
  const s = Math.ceil(ms / 1000);
  return new HttpError(429, { code: 'auth.throttled', en: `Too many failed sign-ins; try again in ${s} s.`, zh: `登录失败次数过多，请在 ${s} 秒后重试。` }, { 'Retry-After': String(s) });
}

function userActor(ctx: HandlerCtx) {
  const s = requireSession(ctx);
  return { actor: s.username, actorRole: s.role, ip: ctx.ip };
}

export const authHandlers: Handlers<typeof AUTH_ROUTES> = {
  async login({ body }, ctx) {
    const { deps } = ctx;
    const now = deps.now().getTime();
    const username = body.username.trim().toLowerCase();
    const { ip: ipThrottle, user: userThrottle } = deps.throttle;
    const wait = Math.max(ipThrottle.retryAfter(ctx.ip, now), userThrottle.retryAfter(username, now));
    if (wait > 0) {
      await ctx.audit('auth.login_throttled', username);
      throw throttled(wait);
    }
    const user = await deps.db.read((conn) => findUserWithHash(conn, username));
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), body.password);
    if (!user || !ok || user.disabled) {
      ipThrottle.fail(ctx.ip, now);
      userThrottle.fail(username, now);
      await ctx.audit('auth.login_failed', username, { reason: !user ? 'unknown user' : user.disabled ? 'disabled' : 'bad password' });
      throw badLogin();
    }
    userThrottle.succeed(username);
    const { token, session } = await deps.db.write((conn) => deps.sessions.create(conn, user.username, user.role, now), { changesData: false });
    setSessionCookies(ctx.c, deps, token, session.csrfToken);
    await deps.db.write((conn) => appendAudit(conn, { actor: user.username, actorRole: user.role, action: 'auth.login', ip: ctx.ip }, deps.now()), { changesData: false });
    return me(session);
  },

  async logout(_input, ctx) {
    const s = requireSession(ctx);
    await ctx.deps.db.write((conn) => ctx.deps.sessions.destroy(conn, s.tokenHash), { changesData: false });
    deleteCookie(ctx.c, SESSION_COOKIE, { path: '/' });
    deleteCookie(ctx.c, CSRF_COOKIE, { path: '/' });
    await ctx.audit('auth.logout');
    return { ok: true as const };
  },

  async me(_input, ctx) {
    return me(requireSession(ctx));
  },

  async changeOwnPassword({ body }, ctx) {
    const s = requireSession(ctx);
    const u = await ctx.deps.db.read((conn) => findUserWithHash(conn, s.username));
    if (!u || !(await verifyPassword(u.passwordHash, body.current))) throw badLogin();
    await ctx.deps.db.write((conn) => setPassword(conn, s.username, body.next, userActor(ctx), ctx.deps.now()), { changesData: false });
    ctx.deps.sessions.forgetUser(s.username);
    return { ok: true as const };
  },

  async listUsers(_input, ctx) {
    return { users: await ctx.deps.db.read((conn) => listUsers(conn)) };
  },

  async createUser({ body }, ctx) {
    return ctx.deps.db.write((conn) => createUser(conn, { username: body.username, role: body.role, password: body.password }, userActor(ctx), ctx.deps.now()), { changesData: false });
  },

  async updateUser({ params, body }, ctx) {
    const { deps } = ctx;
    const actor = userActor(ctx);
    if (params.username === actor.actor && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
      throw new HttpError(409, { code: 'user.self_lockout', en: 'You cannot disable yourself or drop your own admin role.', zh: '不能停用自己或取消自己的管理员角色。' });
    }
    return deps.db.write(async (conn) => {
      if (!(await findUser(conn, params.username))) throw notFound(`user ${params.username}`);
      if (body.role !== undefined) await setRole(conn, params.username, body.role, actor, deps.now());
      if (body.disabled !== undefined) await setDisabled(conn, params.username, body.disabled, actor, deps.now());
      if (body.password !== undefined) await setPassword(conn, params.username, body.password, actor, deps.now());
      deps.sessions.forgetUser(params.username);
      const u = await findUser(conn, params.username);
      if (!u) throw notFound(`user ${params.username}`);
      return u;
    }, { changesData: false });
  },

  async auditLog({ query }, ctx) {
    const [page, chain] = await ctx.deps.db.read(async (conn) => [await readAudit(conn, query), await verifyAuditChain(conn)] as const);
    await ctx.audit('audit.view', null, { actor: query.actor ?? null, action: query.action ?? null, offset: query.offset });
    return { ...page, chain };
  },
};
