/**
 * Roles and what they may do. One table (ROLE_PERMISSIONS) decides every route's access; the
 * security tests iterate over it together with the route table.
 */
export const ROLES = ['admin', 'analyst', 'legal', 'complaint_handler', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'metrics.read', // overview, rate explorer, exports
  'cases.read', // case list and case pages (personal data masked by level below)
  'pricing.read', // transparency: audit findings, contracts, key facts statements
  'risk.read', // models, watch-list
  'imports.write', // upload files into the workspace
  'imports.read', // import history, validation reports, rejects
  'personal.masked', // see the store's masked forms (张*, 110***…1234) instead of fully hidden values
  'audit.read', // the audit log
  'users.manage', // create, disable, reset users
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['metrics.read', 'cases.read', 'pricing.read', 'risk.read', 'imports.write', 'imports.read', 'personal.masked', 'audit.read', 'users.manage'],
  analyst: ['metrics.read', 'cases.read', 'pricing.read', 'risk.read', 'imports.write', 'imports.read'],
  legal: ['metrics.read', 'cases.read', 'pricing.read', 'imports.read', 'personal.masked'],
  complaint_handler: ['metrics.read', 'cases.read', 'pricing.read', 'personal.masked'],
  auditor: ['metrics.read', 'cases.read', 'pricing.read', 'risk.read', 'imports.read', 'audit.read'],
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** How much personal data a role sees: 'masked' = the store's masked forms, 'hidden' = nothing. */
export type PersonalLevel = 'masked' | 'hidden';

export function personalLevel(role: Role): PersonalLevel {
  return can(role, 'personal.masked') ? 'masked' : 'hidden';
}
