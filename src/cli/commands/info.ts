import type { Command } from 'commander';
import { tableCounts } from '../../store/workspace.js';
import { contextFrom, withWorkspace } from '../context.js';
import { emit } from '../output.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('Show the workspace: file, schema version and row counts per table')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextFrom(cmd);
      await withWorkspace(ctx, async (ws) => {
        const counts = await tableCounts(ws.conn);
        emit(ctx.format, { path: ws.path, schemaVersion: ws.schemaVersion, tables: counts }, [
          { title: `${ws.path} (schema v${ws.schemaVersion})`, columns: ['table', 'rows'], rows: Object.entries(counts) },
        ]);
      }, { mustExist: true });
    });
}
