/**
 * Access control over the whole route table: every route that is not public refuses requests
 * without a session (401) and from roles without its permission (403). The loop reads the contract,
 * so routes added later are covered automatically.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES } from './auth/roles.js';
import type { RouteSpec } from './contract/define.js';
import { API } from './contract/index.js';
import { routeUrl } from './contract/call.js';
import { startHarness, type Harness } from './test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.dispose());

const routes = Object.entries(API) as [string, RouteSpec][];

function dummyParams(spec: RouteSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of spec.path.matchAll(/\{(\w+)\}/g)) out[m[1] ?? ''] = 'x1';
  return out;
}

describe('route table', () => {
  it('has at least the auth, users and audit routes, all under /api/', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const [, spec] of routes) expect(spec.path.startsWith('/api/')).toBe(true);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${h.server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [key, spec] of routes) expect(doc.paths[spec.path]?.[spec.method], key).toBeDefined();
  });
});

describe.each(routes.filter(([, s]) => s.access !== 'public'))('%s', (key, spec) => {
  it('refuses requests without a session (401)', async () => {
    const res = await fetch(`${h.server.url}${routeUrl(spec, { params: dummyParams(spec) })}`, {
      method: spec.method.toUpperCase(),
      headers: { Origin: h.server.url, 'Content-Type': 'application/json' },
      body: spec.method === 'get' ? null : '{}',
    });
    expect(res.status, key).toBe(401);
  });

  const access = spec.access;
  const denied = access === 'session' || access === 'public' ? [] : ROLES.filter((r) => !can(r, access));
  if (denied.length > 0) {
    it.each(denied)('refuses role %s (403)', async (role) => {
      const c = await h.as(role);
      const err = await c.raw(key as keyof typeof API, { params: dummyParams(spec) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${key} as ${role}`).toMatchObject({ status: 403, code: 'auth.forbidden' });
    });
  }
});

describe('auditor is read-only', () => {
  it('holds no permission that changes data', () => {
    for (const [key, spec] of routes) {
      if (spec.method === 'get' || spec.access === 'public' || spec.access === 'session') continue;
      expect(can('auditor', spec.access), key).toBe(false);
    }
  });
});
