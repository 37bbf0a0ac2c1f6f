/**
 * Every API route, by key. Areas add their routes here when their back end exists; the web app
 * shows a page only when its feature is listed by /api/me.
 */
import { z } from 'zod';
import type { Permission } from '../auth/roles.js';
import { AUTH_ROUTES } from './auth.js';
import { route } from './define.js';
import { CASE_ROUTES } from './cases.js';
import { IMPORT_ROUTES } from './imports.js';
import { METRICS_ROUTES } from './metrics.js';
import { OVERVIEW_ROUTES } from './overview.js';
import { RISK_ROUTES } from './risk.js';
import { TRANSPARENCY_ROUTES } from './transparency.js';

export const SYSTEM_ROUTES = {
  workspace: route({
    method: 'get',
    path: '/api/workspace',
    access: 'session',
    tag: 'system',
    summary: 'The workspace: file, schema version, data version and row counts per table (like suitrate info)',
    response: z.object({ path: z.string(), schemaVersion: z.number().int(), dataVersion: z.number().int(), tables: z.record(z.string(), z.number().int()) }),
  }),
  health: route({ method: 'get', path: '/api/health', access: 'public', tag: 'system', summary: 'Liveness and schema version', response: z.object({ ok: z.literal(true), schemaVersion: z.number().int(), dataVersion: z.number().int() }) }),
} as const;

export const API = {
  ...SYSTEM_ROUTES,
  ...AUTH_ROUTES,
  ...IMPORT_ROUTES,
  ...OVERVIEW_ROUTES,
  ...METRICS_ROUTES,
  ...CASE_ROUTES,
  ...TRANSPARENCY_ROUTES,
  ...RISK_ROUTES,
} as const;

export type Api = typeof API;
export type RouteKey = keyof Api;

/** Pages of the web app and the permission each needs; present only when its routes exist. */
export const FEATURES: readonly { feature: string; permission: Permission; routeTag: string }[] = [
  { feature: 'overview', permission: 'metrics.read', routeTag: 'overview' },
  { feature: 'rate', permission: 'metrics.read', routeTag: 'rate' },
  { feature: 'cases', permission: 'cases.read', routeTag: 'cases' },
  { feature: 'transparency', permission: 'pricing.read', routeTag: 'transparency' },
  { feature: 'risk', permission: 'risk.read', routeTag: 'risk' },
  { feature: 'imports', permission: 'imports.read', routeTag: 'imports' },
  { feature: 'users', permission: 'users.manage', routeTag: 'users' },
  { feature: 'audit', permission: 'audit.read', routeTag: 'audit' },
];
