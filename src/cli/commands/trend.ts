/** `suitrate trend`: the monthly lawsuit rate with its fitted trend, change points and a verdict. */
import type { Command } from 'commander';
import { formatChange, formatRate } from '../../metrics/format.js';
import { computeTrend } from '../../metrics/trend.js';
import { AppError } from '../../domain/errors.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addWindowOptions, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

export function registerTrend(program: Command): void {
  addWindowOptions(program.command('trend').description('Monthly lawsuit rate, fitted trend, change points and a plain-language verdict'))
    .option('--months <n>', 'months in the series ending at the as-of date (default config metrics.trend.months, 24)')
    .action(async (flags: MetricFlags & { months?: string }, c: Command) => {
      const ctx = contextFrom(c);
      const months = flags.months === undefined ? undefined : Number(flags.months);
      if (months !== undefined && !(Number.isInteger(months) && months >= 6 && months <= 240)) {
        throw new AppError({ code: 'cli.months', en: `--months must be a whole number from 6 to 240, got "${flags.months}"`, zh: `--months 须为 6 到 240 之间的整数，收到“${flags.months}”` });
      }
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const { from: _from, to: _to, ...q } = windowQuery(flags);
          const t = await computeTrend(ws.conn, { ...q, ...(months !== undefined ? { months } : {}) }, ctx.config.metrics);
          const fmt = (x: number | null): string => formatRate(x, t.definition.display, ctx.lang);
          emit(ctx.format, t, [
            {
              title: t.verdict[ctx.lang],
              columns: ['month', 'disputes', 'exposure', 'rate', 'fitted', 'change point'],
              rows: t.points.map((p) => [p.period, p.events, Math.round(p.exposure * 100) / 100, fmt(p.rate), fmt(p.fitted), t.changePoints.some((cp) => cp.period === p.period) ? '▲' : '']),
            },
            ...(t.fit ? [{ columns: ['since', 'per year', 'lower', 'upper', 'p'], rows: [[t.fit.since, formatChange(t.fit.annualChange), formatChange(t.fit.lower), formatChange(t.fit.upper), t.fit.pValue.toFixed(4)]] }] : []),
          ]);
        },
      );
    });
}
