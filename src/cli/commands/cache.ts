/**
 * `suitrate cache refresh|status|drop`: the lawsuit-rate cache (src/metrics/cache.ts). Refresh it
 * after imports so `suitrate rate`, the report and the dashboard answer fast on large books; a stale
 * cache is never used.
 */
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { dropMetricsCache, metricsCacheStatus, refreshMetricsCache } from '../../metrics/cache.js';
import { contextFrom, withWorkspace } from '../context.js';
import { emit } from '../output.js';

export function registerCache(program: Command): void {
  program
    .command('cache')
    .description('Lawsuit-rate cache: refresh (after imports), status, drop')
    .argument('<action>', 'refresh | status | drop')
    .action(async (action: string, _o: unknown, c: Command) => {
      const ctx = contextFrom(c);
      if (!['refresh', 'status', 'drop'].includes(action)) {
        throw new AppError({ code: 'cli.cache_action', en: `cache action must be refresh, status or drop, got "${action}"`, zh: `cache 的操作须为 refresh、status 或 drop，收到“${action}”` });
      }
      await withWorkspace(
        ctx,
        async (ws) => {
          if (action === 'refresh') ctx.note(ctx.lang === 'zh' ? '正在重建起诉率缓存…' : 'rebuilding the rate cache…');
          if (action === 'drop') await dropMetricsCache(ws.conn);
          const s: { state: string; reason: string | null; rowsLoanMonth: number; rowsDispute: number; ms?: number } =
            action === 'refresh' ? await refreshMetricsCache(ws.conn, ctx.config.metrics) : await metricsCacheStatus(ws.conn, ctx.config.metrics);
          emit(ctx.format, s, [{ columns: ['state', 'reason', 'loan-month rows', 'dispute rows', 'ms'], rows: [[s.state, s.reason ?? '', s.rowsLoanMonth, s.rowsDispute, s.ms === undefined ? null : Math.round(s.ms)]] }]);
        },
        action === 'status' ? { readOnly: true, mustExist: true } : { mustExist: true },
      );
    });
}
