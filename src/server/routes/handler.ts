/** What a route handler receives, and the handler table types. */
import type { Context } from 'hono';
import type { Config } from '../../config/config.js';
import type { LoginThrottle } from '../auth/rate-limit.js';
import type { PersonalLevel } from '../auth/roles.js';
import type { Session, SessionStore } from '../auth/sessions.js';
import type { ResultCache } from '../cache.js';
import type { RouteParsed, RouteResponse, RouteSpec } from '../contract/define.js';
import type { ServerDb } from '../db.js';

export interface ServerOptions {
  /** 'auto': Secure cookies when the request came over https (or X-Forwarded-Proto: https with trustProxy). */
  secureCookies: 'auto' | 'always' | 'never';
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind your own reverse proxy). */
  trustProxy: boolean;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Folder for uploaded files and their rejects. */
  uploadDir: string;
}

export interface AppDeps {
  db: ServerDb;
  /** The application configuration (metrics definitions, pricing thresholds, …). */
  config: Config;
  sessions: SessionStore;
  throttle: { user: LoginThrottle; ip: LoginThrottle };
  cache: ResultCache;
  options: ServerOptions;
  /** Injected clock (tests freeze it). */
  now(): Date;
  /** Folder with the built web app, or undefined when not built. */
  webDist: string | undefined;
}

export interface HandlerCtx {
  deps: AppDeps;
  c: Context;
  /** Present on every route except public ones. */
  session: Session | undefined;
  personal: PersonalLevel;
  ip: string;
  /** Append to the audit log (serialized with other writes). */
  audit(action: string, target?: string | null, detail?: Record<string, unknown> | null): Promise<void>;
  /**
   * Serve a JSON result from the cache keyed by route + input + personal level + data version,
   * computing (and validating) it on a miss.
   */
  cached(compute: () => Promise<unknown>): Promise<Response>;
}

export type Handler<S extends RouteSpec> = (input: RouteParsed<S>, ctx: HandlerCtx) => Promise<RouteResponse<S> | Response>;

export type Handlers<T extends Record<string, RouteSpec>> = { [K in keyof T]: Handler<T[K]> };

export function requireSession(ctx: HandlerCtx): Session {
  if (!ctx.session) throw new Error('handler needs a session but the route is public');
  return ctx.session;
}
