/**
 * Test harness: a real server on a random loopback port over a temporary workspace, with one user
 * per role (random passwords). No mocks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openWorkspace, type Workspace } from '../../store/workspace.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ROLES, type Role } from '../auth/roles.js';
import { createUser } from '../auth/users.js';
import { ApiClient } from '../client.js';
import { startServer, type RunningServer, type StartOptions } from '../start.js';

export interface Harness {
  server: RunningServer;
  dir: string;
  dbPath: string;
  passwords: Record<Role, string>;
  /** A client signed in as the user of that role. */
  as(role: Role): Promise<ApiClient>;
  anon(): ApiClient;
  dispose(): Promise<void>;
}

export async function startHarness(opts: { seed?: (conn: DuckDBConnection) => Promise<void>; seedWorkspace?: (ws: Workspace) => Promise<void>; server?: Partial<StartOptions> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'suitrate-server-'));
  const dbPath = join(dir, 'ws.duckdb');
  const passwords = {} as Record<Role, string>;
  const ws = await openWorkspace(dbPath);
  try {
    for (const role of ROLES) {
      passwords[role] = randomBytes(12).toString('base64url');
      await createUser(ws.conn, { username: role.replace('_', '-'), role, password: passwords[role] });
    }
    if (opts.seed) await opts.seed(ws.conn);
    if (opts.seedWorkspace) await opts.seedWorkspace(ws);
  } finally {
    ws.close();
  }
  const server = await startServer({ dbPath, port: 0, webDist: null, warm: false, ...opts.server });
  const clients = new Map<Role, ApiClient>();
  return {
    server,
    dir,
    dbPath,
    passwords,
    async as(role) {
      const have = clients.get(role);
      if (have) return have;
      const c = new ApiClient(server.url);
      await c.login(role.replace('_', '-'), passwords[role]);
      clients.set(role, c);
      return c;
    },
    anon: () => new ApiClient(server.url),
    async dispose() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
