/** Public API of the server area (used by the CLI, the demo and tests). */
export { startServer, defaultWebDist, type StartOptions, type RunningServer } from './start.js';
export { createUser, listUsers, setPassword, setDisabled, setRole, findUser, type NewUser, type UserRecord } from './auth/users.js';
export { ROLES, PERMISSIONS, ROLE_PERMISSIONS, can, personalLevel, type Role, type Permission } from './auth/roles.js';
export { appendAudit, readAudit, verifyAuditChain, type AuditEntry } from './audit/audit-log.js';
export { readEndpoint, endpointFile, type ServerEndpoint } from './lockfile.js';
export { ApiClient } from './client.js';
export { API, type Api, type RouteKey } from './contract/index.js';
