/** Registers the metric commands: rate, trend, peers, funnel, causes, cost, overdue, report, cache. */
import type { Command } from 'commander';
import { registerCache } from './cache.js';
import { registerCauses } from './causes.js';
import { registerCost } from './cost.js';
import { registerFunnel } from './funnel.js';
import { registerOverdue } from './overdue.js';
import { registerPeers } from './peers.js';
import { registerRate } from './rate.js';
import { registerReport } from './report.js';
import { registerTrend } from './trend.js';

export function registerMetrics(program: Command): void {
  registerRate(program);
  registerTrend(program);
  registerPeers(program);
  registerFunnel(program);
  registerCauses(program);
  registerCost(program);
  registerOverdue(program);
  registerReport(program);
  registerCache(program);
}
