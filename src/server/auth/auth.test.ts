import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { startHarness, type Harness } from '../test/harness.js';
import { ApiClient, ApiError } from '../client.js';
import { endpointFile } from '../lockfile.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ server: { throttle: { user: { freeAttempts: 3, baseLockMs: 60_000, maxLockMs: 600_000, windowMs: 3_600_000 } } } });
});
afterAll(async () => h.dispose());

async function rawLogin(username: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: h.server.url, ...headers },
    body: JSON.stringify({ username, password }),
  });
}

describe('sign-in and sessions', () => {
  it('sets HttpOnly, SameSite=Strict, Path=/ session cookie and a readable CSRF cookie', async () => {
    const res = await rawLogin('analyst', h.passwords.analyst);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('suitrate_session='));
    const csrf = cookies.find((c) => c.startsWith('suitrate_csrf='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('marks cookies Secure when the request came over https (secureCookies: always)', async () => {
    const h2 = await startHarness({ server: { secureCookies: 'always' } });
    try {
      const res = await fetch(`${h2.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: h2.server.url },
        body: JSON.stringify({ username: 'admin', password: h2.passwords.admin }),
      });
      expect(res.headers.getSetCookie().find((c) => c.startsWith('suitrate_session='))).toMatch(/; Secure/);
    } finally {
      await h2.dispose();
    }
  });

  it('marks cookies Secure behind a trusted proxy that says X-Forwarded-Proto: https', async () => {
    const h2 = await startHarness({ server: { trustProxy: true } });
    try {
      const res = await fetch(`${h2.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: h2.server.url, 'X-Forwarded-Proto': 'https' },
        body: JSON.stringify({ username: 'admin', password: h2.passwords.admin }),
      });
      expect(res.headers.getSetCookie().find((c) => c.startsWith('suitrate_session='))).toMatch(/; Secure/);
    } finally {
      await h2.dispose();
    }
  });

  it('refuses a wrong password with 401 and does not say which part was wrong', async () => {
    const res = await rawLogin('legal', 'definitely-wrong-password');
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('auth.bad_credentials');
  });

  it('locks a username after repeated failures, even with the right password, and says when to retry', async () => {
    for (let i = 0; i < 3; i++) expect((await rawLogin('auditor', `wrong-${i}-xxxxxxxx`)).status).toBe(401);
    const res = await rawLogin('auditor', h.passwords.auditor);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBe(60);
    // other users from the same address are not locked out by that user's failures
    expect((await rawLogin('legal', h.passwords.legal)).status).toBe(200);
  });

  it('throttles a client address that sprays many usernames', async () => {
    const h2 = await startHarness({ server: { throttle: { ip: { freeAttempts: 4, baseLockMs: 30_000, maxLockMs: 600_000, windowMs: 3_600_000 } } } });
    try {
      const login = (u: string, p: string) =>
        fetch(`${h2.server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: h2.server.url }, body: JSON.stringify({ username: u, password: p }) });
      for (let i = 0; i < 4; i++) expect((await login(`nobody${i}`, 'wrong-password-here')).status).toBe(401);
      const res = await login('admin', h2.passwords.admin);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBe(30);
    } finally {
      await h2.dispose();
    }
  });

  it('refuses a state-changing request without the CSRF token (403) and accepts it with the token', async () => {
    const c = await h.as('admin');
    const cookie = `suitrate_session=${(c as unknown as { cookies: Map<string, string> }).cookies.get('suitrate_session')}`;
    const without = await fetch(`${h.server.url}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: h.server.url, Cookie: cookie },
      body: JSON.stringify({ username: 'newbie', role: 'analyst', password: 'a-long-enough-password' }),
    });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('auth.csrf');
    const created = await c.call('createUser', { body: { username: 'newbie', role: 'analyst', password: 'a-long-enough-password' } });
    expect(created.role).toBe('analyst');
  });

  it('refuses a cross-site Origin even with a valid token', async () => {
    const c = await h.as('admin');
    const cookie = `suitrate_session=${(c as unknown as { cookies: Map<string, string> }).cookies.get('suitrate_session')}`;
    const res = await fetch(`${h.server.url}/api/auth/logout`, { method: 'POST', headers: { Origin: 'https://evil.example', Cookie: cookie, 'X-CSRF-Token': c.csrfToken } });
    expect(res.status).toBe(403);
  });

  it('signs out: the old session no longer works', async () => {
    const c = new ApiClient(h.server.url);
    await c.login('complaint-handler', h.passwords.complaint_handler);
    expect((await c.call('me', {})).role).toBe('complaint_handler');
    await c.call('logout', {});
    await expect(c.call('me', {})).rejects.toMatchObject({ status: 401 });
  });

  it('a disabled user is signed out and cannot sign in', async () => {
    const admin = await h.as('admin');
    const victim = new ApiClient(h.server.url);
    await victim.login('newbie', 'a-long-enough-password');
    await admin.call('updateUser', { params: { username: 'newbie' }, body: { disabled: true } });
    await expect(victim.call('me', {})).rejects.toBeInstanceOf(ApiError);
    await expect(new ApiClient(h.server.url).login('newbie', 'a-long-enough-password')).rejects.toMatchObject({ status: 401 });
  });

  it('writes the endpoint file beside the workspace while running', () => {
    const file = endpointFile(h.dbPath);
    expect(existsSync(file)).toBe(true);
    const e = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
    expect(e).toMatchObject({ url: h.server.url, pid: process.pid });
  });
});
