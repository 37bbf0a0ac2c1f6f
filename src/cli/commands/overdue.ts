/** `suitrate overdue`: DPD buckets as of a date, roll rates between month-ends, vintage curves. */
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { formatYuan } from '../../domain/money.js';
import { overdueBuckets, rollRates, vintageCurves } from '../../metrics/overdue.js';
import type { LoanDimension } from '../../metrics/sql/dimensions.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addSliceOption, parseFilters, parseSlice, withReadWorkspace } from './metrics-flags.js';

interface OverdueFlags {
  view: string;
  asOf?: string;
  from?: string;
  to?: string;
  slice?: string;
  filter?: string[];
  cohort?: string;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

export function registerOverdue(program: Command): void {
  addSliceOption(program.command('overdue').description('Overdue metrics as of a date: DPD buckets M0–M6+, roll rates, vintage curves (90+ DPD by months on book)'))
    .option('--view <view>', 'buckets | roll | vintage', 'buckets')
    .option('--as-of <date>', 'as-of date (default: the latest date in the data)')
    .option('--from <date>', 'roll: first month; vintage: first cohort')
    .option('--to <date>', 'roll: last month; vintage: last cohort')
    .option('--cohort <grain>', 'vintage cohorts: month | quarter', 'month')
    .option('--filter <dim=v1,v2>', 'keep only these values of a loan dimension (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (flags: OverdueFlags, c: Command) => {
      const ctx = contextFrom(c);
      const base = {
        ...(flags.asOf !== undefined ? { asOf: flags.asOf } : {}),
        slice: parseSlice(flags.slice),
        filters: parseFilters(flags.filter) as Partial<Record<LoanDimension, string[]>>,
      };
      const range = { ...(flags.from !== undefined ? { from: flags.from } : {}), ...(flags.to !== undefined ? { to: flags.to } : {}) };
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const label = (s: Record<string, string>): string => Object.values(s).join(' / ') || 'all';
          if (flags.view === 'buckets') {
            const r = await overdueBuckets(ws.conn, base, ctx.config.metrics);
            const sum = (k: 'accounts' | 'closed' | 'chargedOff'): number => r.open.reduce((a, o) => a + o[k], 0);
            emit(ctx.format, r, [{ title: `DPD buckets as of ${r.asOf}: shares of ${sum('accounts').toLocaleString('en-US')} open accounts (paid off ${sum('closed').toLocaleString('en-US')}, charged off ${sum('chargedOff').toLocaleString('en-US')})`, columns: ['segment', 'bucket', 'accounts', 'share', 'arrears (yuan)'], rows: r.rows.map((x) => [label(x.slice), x.bucket, x.accounts, pct(x.share), formatYuan(x.arrearsFen)]) }]);
          } else if (flags.view === 'roll') {
            const r = await rollRates(ws.conn, { ...base, ...range }, ctx.config.metrics);
            emit(ctx.format, r, [{ title: `roll rates, month-ends ${r.monthEnds[0] ?? ''}..${r.monthEnds[r.monthEnds.length - 1] ?? ''} (pooled)`, columns: ['segment', 'from bucket', 'accounts', 'roll forward', 'cure', 'next M0..M6+ / closed / charged off'], rows: r.pooled.map((x) => [label(x.slice), x.bucket, x.accounts, pct(x.rollForward), pct(x.cure), Object.values(x.next).join(' ')]) }]);
          } else if (flags.view === 'vintage') {
            if (flags.cohort !== 'month' && flags.cohort !== 'quarter') throw new AppError({ code: 'cli.cohort', en: '--cohort must be month or quarter', zh: '--cohort 须为 month 或 quarter' });
            const r = await vintageCurves(ws.conn, { ...base, ...range, cohort: flags.cohort }, ctx.config.metrics);
            const maxMob = Math.max(0, ...r.curves.map((v) => v.points.length));
            emit(ctx.format, r, [{ title: `ever 90+ DPD by months on book, as of ${r.asOf}`, columns: ['cohort', 'segment', 'loans', ...Array.from({ length: maxMob }, (_, i) => `MOB ${i + 1}`)], rows: r.curves.map((v) => [v.cohort, label(v.slice), v.loans, ...v.points.map((p) => pct(p.rate))]) }]);
          } else {
            throw new AppError({ code: 'cli.view', en: `--view must be buckets, roll or vintage, got "${flags.view}"`, zh: `--view 须为 buckets、roll 或 vintage，收到“${flags.view}”` });
          }
        },
      );
    });
}
