/**
 * `suitrate rate`: the lawsuit rate by definition, slice, grain and window. Table on a terminal
 * (rate with interval, small cells flagged, ranks, slice vs rest), the full result as JSON with
 * --json (the same object the HTML report embeds), raw numbers as CSV with --csv.
 */
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { compareRates } from '../../metrics/compare.js';
import { allDefinitions, definitionRef } from '../../metrics/definitions.js';
import { formatRate } from '../../metrics/format.js';
import { computeRate, type RateCell, type RateResult } from '../../metrics/rate.js';
import { contextFrom } from '../context.js';
import { emit, type TableData } from '../output.js';
import { addSliceOption, addWindowOptions, parseGrain, parseRolling, parseSlice, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

function humanTable(r: RateResult, lang: 'zh' | 'en'): TableData {
  const d = r.definition;
  const fmt = (x: number | null): string => formatRate(x, d.display, lang);
  const flag = (c: RateCell): string => (c.smallReason === 'no_exposure' ? 'no exposure' : c.small ? 'small cell' : '');
  const vs = (c: RateCell): string => (c.vsRest ? `×${c.vsRest.ratio.toFixed(2)} (p=${c.vsRest.pValue < 0.001 ? '<0.001' : c.vsRest.pValue.toFixed(3)})${c.vsRest.significant ? ' *' : ''}` : '');
  const sliced = r.query.slice.length > 0;
  return {
    title: `${d.label?.[lang] ?? d.ref} [${d.ref}] ${r.query.from}..${r.query.to} (as of ${r.query.asOf}${r.query.rolling > 1 ? `, rolling ${r.query.rolling}` : ''})`,
    columns: ['period', ...r.query.slice, 'disputes', lang === 'zh' ? d.denominatorUnit.zh : d.denominatorUnit.en, 'rate', `${Math.round(r.query.level * 100)}% CI`, ...(sliced ? ['rank', 'vs rest', 'note'] : ['note'])],
    rows: r.cells.map((c) => [
      c.period + (c.partial ? '*' : ''),
      ...r.query.slice.map((s) => c.slice[s] ?? ''),
      c.events,
      Math.round(c.exposure * 100) / 100,
      fmt(c.rate),
      c.rate === null ? '' : `${fmt(c.lower)}–${fmt(c.upper)}`,
      ...(sliced ? [c.rank ?? '', vs(c), flag(c)] : [flag(c)]),
    ]),
  };
}

function csvTable(r: RateResult): TableData {
  return {
    columns: ['definition', 'period', 'period_start', 'period_end', 'window_start', ...r.query.slice, 'events', 'exposure', 'rate', 'lower', 'upper', 'small', 'small_reason', 'rank', 'vs_rest_ratio', 'vs_rest_lower', 'vs_rest_upper', 'vs_rest_p'],
    rows: r.cells.map((c) => [
      r.definition.ref,
      c.period,
      c.periodStart,
      c.periodEnd,
      c.windowStart,
      ...r.query.slice.map((s) => c.slice[s] ?? ''),
      c.events,
      c.exposure,
      c.rate,
      c.lower,
      c.upper,
      c.small,
      c.smallReason,
      c.rank,
      c.vsRest?.ratio ?? null,
      c.vsRest?.lower ?? null,
      c.vsRest?.upper ?? null,
      c.vsRest?.pValue ?? null,
    ]),
  };
}

export function registerRate(program: Command): void {
  const cmd = program.command('rate').description('Lawsuit rate (起诉率) by definition, slice, grain and window, with exact intervals');
  addSliceOption(addWindowOptions(cmd))
    .option('--grain <grain>', 'month | quarter | year | all (default all: one figure for the window)')
    .option('--rolling <n>', 'rolling window of n periods')
    .option('--list-definitions', 'list the rate definitions (built-in and from the config) and exit')
    .option('--vs <from..to>', 'compare the window with another one (exact rate ratio and p-value), e.g. --vs 2023-01-01..2023-12-31')
    .action(async (flags: MetricFlags & { listDefinitions?: boolean; vs?: string }, c: Command) => {
      const ctx = contextFrom(c);
      if (flags.listDefinitions) {
        const defs = allDefinitions(ctx.config.metrics.definitions);
        emit(ctx.format, defs, [
          {
            columns: ['definition', 'label', 'numerator', 'denominator', 'interval'],
            rows: defs.map((d) => [definitionRef(d), d.label?.[ctx.lang] ?? '', JSON.stringify(d.numerator), d.denominator.kind, d.interval]),
          },
        ]);
        return;
      }
      await withReadWorkspace(
        ctx,
        async (ws) => {
          if (flags.vs !== undefined) {
            const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(flags.vs.trim());
            if (!m) throw new AppError({ code: 'cli.vs', en: `--vs must look like 2023-01-01..2023-12-31, got "${flags.vs}"`, zh: `--vs 格式应为 2023-01-01..2023-12-31，收到“${flags.vs}”` });
            const main = windowQuery(flags);
            const cmp = await compareRates(ws.conn, main, { ...main, from: m[1] ?? '', to: m[2] ?? '' }, ctx.config.metrics);
            const fmt = (x: number | null): string => formatRate(x, cmp.definition.display, ctx.lang);
            const row = (label: string, side: typeof cmp.a): unknown[] => [label, `${side.query.from}..${side.query.to}`, side.cell.events, Math.round(side.cell.exposure * 100) / 100, fmt(side.cell.rate), `${fmt(side.cell.lower)}–${fmt(side.cell.upper)}`];
            const r = cmp.ratio;
            emit(ctx.format, cmp, [
              {
                title: r ? `ratio ${r.estimate.toFixed(3)} (${Math.round(ctx.config.metrics.level * 100)}% CI ${r.lower.toFixed(3)}–${Number.isFinite(r.upper) ? r.upper.toFixed(3) : '∞'}), p = ${r.pValue.toPrecision(3)}${r.significant ? ' — a real difference' : ' — not a significant difference'}` : 'no exposure in one window',
                columns: ['', 'window', 'disputes', 'exposure', 'rate', 'CI'],
                rows: [row('a', cmp.a), row('b', cmp.b)],
              },
            ]);
            return;
          }
          const rolling = parseRolling(flags.rolling);
          const result = await computeRate(
            ws.conn,
            { ...windowQuery(flags), slice: parseSlice(flags.slice), grain: parseGrain(flags.grain, 'all'), ...(rolling !== undefined ? { rolling } : {}) },
            ctx.config.metrics,
          );
          emit(ctx.format, result, [ctx.format === 'csv' ? csvTable(result) : humanTable(result, ctx.lang)]);
          if (ctx.format === 'table' && result.cells.some((x) => x.small)) ctx.note(`small cells (fewer than ${result.query.smallCell.minEvents} disputes or exposure below ${result.query.smallCell.minExposure}) are not ranked; * after a period = partial period`);
        },
      );
    });
}
