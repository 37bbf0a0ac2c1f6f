/**
 * `<db>.server.json`: written beside the workspace while `suitrate serve` holds it, so the CLI can
 * tell users where the server is instead of failing on DuckDB's file lock. Removed on shutdown; a
 * file whose pid is no longer alive is stale and ignored (and replaced by the next server).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ServerEndpoint {
  url: string;
  pid: number;
  dbPath: string;
  startedAt: string;
}

export function endpointFile(dbPath: string): string {
  return `${dbPath}.server.json`;
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server for a workspace, or undefined when none (or the file is stale). */
export function readEndpoint(dbPath: string): ServerEndpoint | undefined {
  const file = endpointFile(dbPath);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerEndpoint>;
    if (typeof parsed.url !== 'string' || typeof parsed.pid !== 'number') return undefined;
    if (!pidAlive(parsed.pid)) return undefined;
    return { url: parsed.url, pid: parsed.pid, dbPath: parsed.dbPath ?? dbPath, startedAt: parsed.startedAt ?? '' };
  } catch {
    return undefined;
  }
}

export function writeEndpoint(e: ServerEndpoint): void {
  writeFileSync(endpointFile(e.dbPath), JSON.stringify(e, null, 2) + '\n', { mode: 0o644 });
}

/** Remove the file if it is ours (same pid). */
export function removeEndpoint(dbPath: string, pid: number = process.pid): void {
  const file = endpointFile(dbPath);
  if (!existsSync(file)) return;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerEndpoint>;
    if (parsed.pid !== pid) return;
  } catch {
    // unreadable: ours to clean up
  }
  rmSync(file, { force: true });
}
