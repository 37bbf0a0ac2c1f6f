/**
 * Flags shared by the metric commands (rate, trend, peers, funnel, cost, causes, overdue): the
 * window, the definition, slices and filters, parsed into the metrics module's query types.
 */
import type { Command } from 'commander';
import { AppError, isAppError } from '../../domain/errors.js';
import type { Workspace } from '../../store/workspace.js';
import { withWorkspace, type CliContext } from '../context.js';
import { GRAINS, type Grain } from '../../metrics/periods.js';
import { isDimension, type Dimension } from '../../metrics/sql/dimensions.js';

export interface MetricFlags {
  definition?: string;
  slice?: string;
  grain?: string;
  from?: string;
  to?: string;
  rolling?: string;
  asOf?: string;
  filter?: string[];
}

export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option('--definition <ref>', 'rate definition name@version (default: config metrics.defaultDefinition, default@1)')
    .option('--from <date>', 'window start (inclusive)')
    .option('--to <date>', 'window end (inclusive; default the as-of date)')
    .option('--as-of <date>', 'as-of date (default: the latest date in the data)')
    .option('--filter <dim=v1,v2>', 'keep only these values of a dimension (repeatable)', (v: string, prev: string[] = []) => [...prev, v]);
}

export function addSliceOption(cmd: Command): Command {
  return cmd.option('--slice <dims>', 'slice by dimension(s), comma-separated: institution, product, product_kind, province, channel, vintage, amount_band, court, court_province, cause_category, procedure, role');
}

export function parseGrain(v: string | undefined, fallback: Grain): Grain {
  if (v === undefined) return fallback;
  if (!(GRAINS as readonly string[]).includes(v)) {
    throw new AppError({ code: 'cli.grain', en: `--grain must be one of ${GRAINS.join(', ')}, got "${v}"`, zh: `--grain 须为 ${GRAINS.join('、')} 之一，收到“${v}”` });
  }
  return v as Grain;
}

export function parseRolling(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new AppError({ code: 'cli.rolling', en: `--rolling must be a whole number of periods, got "${v}"`, zh: `--rolling 须为整数期数，收到“${v}”` });
  }
  return n;
}

export function parseSlice(v: string | undefined): string[] {
  return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function parseFilters(list: readonly string[] | undefined): Partial<Record<Dimension, string[]>> {
  const out: Partial<Record<Dimension, string[]>> = {};
  for (const item of list ?? []) {
    const m = /^([a-z_]+)=(.+)$/.exec(item.trim());
    const dim = m?.[1];
    if (!m || dim === undefined || !isDimension(dim)) {
      throw new AppError({ code: 'cli.filter', en: `--filter must look like dimension=value1,value2 with a known dimension, got "${item}"`, zh: `--filter 格式应为 维度=值1,值2（维度须为已知维度），收到“${item}”` });
    }
    out[dim] = [...(out[dim] ?? []), ...(m[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')];
  }
  return out;
}

/** Common query fields from the flags. */
export function windowQuery(f: MetricFlags): { definition?: string; from?: string; to?: string; asOf?: string; filters: Partial<Record<Dimension, string[]>> } {
  return {
    ...(f.definition !== undefined ? { definition: f.definition } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
    ...(f.asOf !== undefined ? { asOf: f.asOf } : {}),
    filters: parseFilters(f.filter),
  };
}

/**
 * Run `fn` on the workspace opened read-only (other readers may share it); when the file first needs
 * migrating after an upgrade, open it read-write once instead, which migrates it.
 */
export async function withReadWorkspace<T>(ctx: CliContext, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  try {
    return await withWorkspace(ctx, fn, { readOnly: true, mustExist: true });
  } catch (err) {
    if (!(isAppError(err) && err.code === 'workspace.outdated')) throw err;
    ctx.note(ctx.lang === 'zh' ? '工作区结构需要升级，正在以读写模式打开以完成升级…' : 'the workspace needs migrating; opening it read-write once…');
    return withWorkspace(ctx, fn, { mustExist: true });
  }
}
