/** Session, users and audit-log routes. */
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../auth/roles.js';
import { Ok, route } from './define.js';

export const RoleSchema = z.enum(ROLES);
export const PermissionSchema = z.enum(PERMISSIONS);

export const MeSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  permissions: z.array(PermissionSchema),
  personalLevel: z.enum(['masked', 'hidden']),
  /** Back-end areas present in this build and workspace; pages for absent areas are not shown. */
  features: z.array(z.string()),
  csrfToken: z.string(),
});

export const UserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  ip: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const AUTH_ROUTES = {
  login: route({
    method: 'post',
    path: '/api/auth/login',
    access: 'public',
    tag: 'auth',
    summary: 'Sign in; sets the session and CSRF cookies',
    body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
    response: MeSchema,
  }),
  logout: route({ method: 'post', path: '/api/auth/logout', access: 'session', tag: 'auth', summary: 'Sign out', response: Ok }),
  me: route({ method: 'get', path: '/api/me', access: 'session', tag: 'auth', summary: 'The signed-in user, permissions and available features', response: MeSchema }),
  changeOwnPassword: route({
    method: 'post',
    path: '/api/me/password',
    access: 'session',
    tag: 'auth',
    summary: 'Change my password (signs out other sessions)',
    body: z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }),
    response: Ok,
  }),
  listUsers: route({ method: 'get', path: '/api/users', access: 'users.manage', tag: 'users', summary: 'List users', response: z.object({ users: z.array(UserSchema) }) }),
  createUser: route({
    method: 'post',
    path: '/api/users',
    access: 'users.manage',
    tag: 'users',
    summary: 'Create a user',
    body: z.object({ username: z.string().min(2).max(32), role: RoleSchema, password: z.string().min(1).max(1024) }),
    response: UserSchema,
  }),
  updateUser: route({
    method: 'put',
    path: '/api/users/{username}',
    access: 'users.manage',
    tag: 'users',
    summary: 'Change a user: role, disabled, password',
    params: z.object({ username: z.string().min(1).max(64) }),
    body: z.object({ role: RoleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(1).max(1024).optional() }),
    response: UserSchema,
  }),
  auditLog: route({
    method: 'get',
    path: '/api/audit',
    access: 'audit.read',
    tag: 'audit',
    summary: 'Read the audit log (newest first) and check its hash chain',
    query: z.object({
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({
      total: z.number().int(),
      entries: z.array(AuditEntrySchema),
      chain: z.object({ ok: z.boolean(), rows: z.number().int(), brokenAt: z.number().int().nullable(), reason: z.string().nullable(), head: z.string() }),
    }),
  }),
} as const;
