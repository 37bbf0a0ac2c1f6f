/** `suitrate funnel`: loans → 30+ → 90+ DPD → complaint → lawsuit per segment, and time to suit. */
import type { Command } from 'commander';
import { computeFunnel, type Share } from '../../metrics/funnel.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addSliceOption, addWindowOptions, parseSlice, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

function pct(s: Share): string {
  return s.rate === null ? '—' : `${(s.rate * 100).toFixed(2)}%`;
}

export function registerFunnel(program: Command): void {
  addSliceOption(addWindowOptions(program.command('funnel').description('Funnel from loans to lawsuits (30+/90+ DPD, complaints) and days from 90+ DPD to suit (Kaplan–Meier)')))
    .action(async (flags: MetricFlags, c: Command) => {
      const ctx = contextFrom(c);
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const { filters, ...q } = windowQuery(flags);
          const r = await computeFunnel(ws.conn, { ...q, filters, slice: parseSlice(flags.slice) }, ctx.config.metrics);
          const segs = r.segments;
          const label = (s: Record<string, string>): string => Object.values(s).join(' / ') || 'all';
          emit(ctx.format, r, [
            {
              title: `loans originated ${r.window.from}..${r.window.to}, as of ${r.window.asOf}`,
              columns: ['segment', 'loans', '30+ DPD', '90+ DPD', 'complaint', 'lawsuit', '90+→suit', 'complaint→suit', 'median days 90+→suit (CI)'],
              rows: segs.map((s) => [
                label(s.slice),
                s.stages.loans.count,
                `${s.stages.dpd30.count} (${pct(s.stages.dpd30)})`,
                `${s.stages.dpd90.count} (${pct(s.stages.dpd90)})`,
                `${s.stages.complaint.count} (${pct(s.stages.complaint)})`,
                `${s.stages.lawsuit.count} (${pct(s.stages.lawsuit)})`,
                pct(s.conversions.dpd90ToLawsuit),
                pct(s.conversions.complaintToLawsuit),
                s.timeToSuit.median === null ? 'not reached' : `${s.timeToSuit.median} (${s.timeToSuit.medianLower ?? '—'}–${s.timeToSuit.medianUpper ?? 'not reached'})`,
              ]),
            },
          ]);
        },
      );
    });
}
