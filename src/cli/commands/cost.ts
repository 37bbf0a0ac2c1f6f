/** `suitrate cost`: legal cost of the counted disputes per product (or another slice) and in total. */
import type { Command } from 'commander';
import { formatYuan } from '../../domain/money.js';
import { computeLegalCost, type CostRow } from '../../metrics/cost/compute-cost.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addSliceOption, addWindowOptions, parseSlice, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

export function registerCost(program: Command): void {
  addSliceOption(addWindowOptions(program.command('cost').description('Legal cost of litigation: court, appeal, enforcement and preservation fees, lawyers, staff, recovery, net cost')))
    .action(async (flags: MetricFlags, c: Command) => {
      const ctx = contextFrom(c);
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const r = await computeLegalCost(ws.conn, { ...windowQuery(flags), ...(flags.slice !== undefined ? { slice: parseSlice(flags.slice) } : {}) }, ctx.config.metrics);
          const y = (f: number | null): string => (f === null ? '—' : formatYuan(f));
          const row = (x: CostRow): unknown[] => [Object.values(x.slice).join(' / ') || 'total', x.disputes, y(x.courtFeeFen), y(x.appealFeeFen + x.enforcementFeeFen + x.preservationFeeFen), y(x.lawyerFeeFen + x.staffFen), y(x.totalCostFen), y(x.costPerDisputeFen), y(x.recoveredFen), y(x.netCostFen)];
          emit(ctx.format, r, [
            {
              title: `legal cost, disputes ${r.window.from}..${r.window.to} [${r.definition.ref}] (yuan; lawyer ${r.assumptions.lawyer.perDisputeYuan}/dispute, staff ${r.assumptions.staffPerDisputeYuan}/dispute: assumptions, see config metrics.cost)`,
              columns: ['slice', 'disputes', 'court fees', 'appeal+enforcement+preservation', 'lawyers+staff', 'total cost', 'per dispute', 'recovered', 'net cost'],
              rows: [...r.rows.map(row), row(r.total)],
            },
          ]);
        },
      );
    });
}
