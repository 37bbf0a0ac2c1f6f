/** `suitrate causes`: share of counted disputes by cause category per period. */
import type { Command } from 'commander';
import { CAUSE_LABELS, computeCauses } from '../../metrics/causes.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addWindowOptions, parseGrain, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

export function registerCauses(program: Command): void {
  addWindowOptions(program.command('causes').description('Why disputes happen: share by cause category over time'))
    .option('--grain <grain>', 'month | quarter | year | all (default quarter)')
    .action(async (flags: MetricFlags, c: Command) => {
      const ctx = contextFrom(c);
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const r = await computeCauses(ws.conn, { ...windowQuery(flags), grain: parseGrain(flags.grain, 'quarter') }, ctx.config.metrics);
          const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
          emit(ctx.format, r, [
            {
              title: `${r.window.from}..${r.window.to} [${r.definition.ref}]`,
              columns: ['period', 'cause', 'disputes', 'of', 'share', 'CI'],
              rows: r.rows.map((x) => [x.period, CAUSE_LABELS[x.cause]?.[ctx.lang] ?? x.cause, x.events, x.total, pct(x.share), x.share === null ? '' : `${pct(x.lower)}–${pct(x.upper)}`]),
            },
          ]);
        },
      );
    });
}
