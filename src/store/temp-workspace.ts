/** A real DuckDB workspace in a fresh temporary folder, for tests and benchmarks (no database mocks). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, type OpenOptions, type Workspace } from './workspace.js';

export interface TempWorkspace extends Workspace {
  readonly dir: string;
  /** Close and delete the folder. */
  dispose(): void;
}

export async function openTempWorkspace(opts: OpenOptions = {}): Promise<TempWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'suitrate-'));
  const ws = await openWorkspace(join(dir, 'test.duckdb'), opts);
  let closed = false;
  const closeDb = ws.close.bind(ws);
  return Object.assign(ws, {
    dir,
    close() {
      if (!closed) {
        closed = true;
        closeDb();
      }
    },
    dispose() {
      if (!closed) {
        closed = true;
        closeDb();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
