/**
 * Sessions: a random 256-bit token in an HttpOnly cookie; the store keeps only its SHA-256, with a
 * per-session CSRF token (double-submit: the client echoes it in the X-CSRF-Token header, read from
 * a non-HttpOnly cookie). Sessions live 12 hours. Looked-up sessions are cached in memory; changes
 * to a user (password, role, disable) drop that user's sessions from both.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { exec, queryOne } from '../../store/sql.js';
import { isRole, type Role } from './roles.js';

export const SESSION_COOKIE = 'suitrate_session';
export const CSRF_COOKIE = 'suitrate_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Session {
  tokenHash: string;
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function ts(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export class SessionStore {
  private readonly cache = new Map<string, Session>();

  async create(conn: DuckDBConnection, username: string, role: Role, now: number): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const session: Session = { tokenHash: hashToken(token), username, role, csrfToken: randomBytes(24).toString('base64url'), expiresAt: now + SESSION_TTL_MS };
    await exec(conn, 'DELETE FROM app_session WHERE expires_at < ?::TIMESTAMP', [ts(now)]);
    await exec(conn, 'INSERT INTO app_session VALUES (?, ?, ?, ?::TIMESTAMP, ?::TIMESTAMP)', [session.tokenHash, username, session.csrfToken, ts(now), ts(session.expiresAt)]);
    this.cache.set(session.tokenHash, session);
    return { token, session };
  }

  /** A cached live session, without touching the store (the hot path of every request). */
  peek(token: string, now: number): Session | undefined {
    const s = this.cache.get(hashToken(token));
    return s && s.expiresAt > now ? s : undefined;
  }

  /** The live session for a cookie value, joined with the user's current role and status. */
  async lookup(conn: DuckDBConnection, token: string, now: number): Promise<Session | undefined> {
    const h = hashToken(token);
    const cached = this.cache.get(h);
    if (cached) {
      if (cached.expiresAt > now) return cached;
      this.cache.delete(h);
      return undefined;
    }
    const r = await queryOne<{ username: string; role: string; csrf_token: string; exp: number; disabled: boolean }>(
      conn,
      'SELECT s.username, u.role, s.csrf_token, epoch_ms(s.expires_at) AS exp, u.disabled FROM app_session s JOIN app_user u USING (username) WHERE s.token_hash = ?',
      [h],
    );
    if (!r || r.disabled || r.exp <= now || !isRole(r.role)) return undefined;
    const session: Session = { tokenHash: h, username: r.username, role: r.role, csrfToken: r.csrf_token, expiresAt: r.exp };
    this.cache.set(h, session);
    return session;
  }

  async destroy(conn: DuckDBConnection, tokenHash: string): Promise<void> {
    this.cache.delete(tokenHash);
    await exec(conn, 'DELETE FROM app_session WHERE token_hash = ?', [tokenHash]);
  }

  /** Forget cached sessions of a user (the store rows are deleted by the user functions). */
  forgetUser(username: string): void {
    for (const [k, s] of this.cache) if (s.username === username) this.cache.delete(k);
  }
}
