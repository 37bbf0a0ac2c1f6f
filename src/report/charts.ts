/**
 * ECharts options built from metric results — JSON only (no functions), so they can be embedded
 * as data. Intervals are drawn as thin stacked range bars (transparent base + visible span) with a
 * point marker: whiskers without custom render code. Tooltips render as rich text, never HTML.
 */
import type { Lang } from './registry.js';

export const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#a33b3b', '#7a5ea8', '#3c8fa8', '#8c6d31', '#5b6770'];

export interface IntervalPoint {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Drawn grey (small cell, or not comparable). */
  muted?: boolean;
  highlight?: boolean;
}

const base = (): Record<string, unknown> => ({
  color: PALETTE,
  animation: false,
  tooltip: { renderMode: 'richText', confine: true },
  textStyle: { fontFamily: '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif' },
});

const round = (x: number | null, scale: number): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * scale * 1e6) / 1e6);

/** Horizontal bars of estimates with interval whiskers; categories top to bottom in the given order. */
export function intervalChart(points: IntervalPoint[], opts: { scale: number; unit: string; name: string }): Record<string, unknown> {
  const cats = points.map((p) => p.label).reverse();
  const pts = [...points].reverse();
  const color = (p: IntervalPoint): string => (p.highlight ? '#a33b3b' : p.muted ? '#b8c0c8' : '#1f5fa8');
  return {
    ...base(),
    grid: { left: 8, right: 24, top: 24, bottom: 24, containLabel: true },
    tooltip: { renderMode: 'richText', confine: true, trigger: 'item' },
    xAxis: { type: 'value', name: opts.unit, axisLabel: { formatter: opts.unit === '%' ? '{value}%' : '{value}' } },
    yAxis: { type: 'category', data: cats, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      { type: 'bar', stack: 'ci', silent: true, barWidth: 4, itemStyle: { color: 'transparent' }, tooltip: { show: false }, data: pts.map((p) => round(p.lower, opts.scale)) },
      {
        type: 'bar',
        stack: 'ci',
        name: 'CI',
        barWidth: 4,
        data: pts.map((p) => ({ value: p.lower === null || p.upper === null || !Number.isFinite(p.upper) ? null : round(p.upper - p.lower, opts.scale), itemStyle: { color: color(p), opacity: 0.45 } })),
        tooltip: { show: false },
      },
      { type: 'scatter', name: opts.name, symbolSize: 10, data: pts.map((p) => ({ value: round(p.value, opts.scale), itemStyle: { color: color(p) } })) },
    ],
  };
}

export function lineChart(opts: {
  x: string[];
  series: { name: string; data: (number | null)[]; dashed?: boolean; step?: boolean; area?: boolean }[];
  band?: { lower: (number | null)[]; upper: (number | null)[] };
  yUnit: string;
  markX?: { x: string; label: string }[];
  xName?: string;
}): Record<string, unknown> {
  const series: Record<string, unknown>[] = [];
  if (opts.band) {
    const lo = opts.band.lower;
    series.push({ type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, data: lo });
    series.push({
      type: 'line',
      stack: 'band',
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: '#1f5fa8', opacity: 0.12 },
      silent: true,
      tooltip: { show: false },
      data: opts.band.upper.map((u, i) => (u === null || lo[i] === null || lo[i] === undefined ? null : Math.round((u - (lo[i] ?? 0)) * 1e6) / 1e6)),
    });
  }
  opts.series.forEach((s, i) => {
    series.push({
      type: 'line',
      name: s.name,
      data: s.data,
      color: PALETTE[i % PALETTE.length],
      symbolSize: 5,
      connectNulls: false,
      ...(s.step ? { step: 'end' } : {}),
      ...(s.area ? { areaStyle: { opacity: 0.15 } } : {}),
      lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
      ...(i === 0 && opts.markX && opts.markX.length > 0 ? { markLine: { symbol: 'none', lineStyle: { color: '#a33b3b', type: 'dashed' }, label: { formatter: '{b}' }, data: opts.markX.map((m) => ({ xAxis: m.x, name: m.label })) } } : {}),
    });
  });
  return {
    ...base(),
    tooltip: { renderMode: 'richText', confine: true, trigger: 'axis' },
    legend: { top: 0, data: opts.series.map((s) => s.name) },
    grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
    xAxis: { type: 'category', data: opts.x, name: opts.xName ?? '', boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: opts.yUnit === '%' ? '{value}%' : '{value}' } },
    series,
  };
}

export function stackedBars(opts: { x: string[]; series: { name: string; data: (number | null)[] }[]; yUnit: string; horizontal?: boolean }): Record<string, unknown> {
  const cat = { type: 'category', data: opts.x };
  const val = { type: 'value', axisLabel: { formatter: opts.yUnit === '%' ? '{value}%' : '{value}' } };
  return {
    ...base(),
    tooltip: { renderMode: 'richText', confine: true, trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? cat : val,
    series: opts.series.map((s) => ({ type: 'bar', stack: 'all', name: s.name, data: s.data })),
  };
}

export function funnelChart(stages: { name: string; value: number }[]): Record<string, unknown> {
  return {
    ...base(),
    tooltip: { renderMode: 'richText', confine: true, trigger: 'item' },
    series: [{ type: 'funnel', sort: 'none', gap: 2, minSize: '4%', left: '10%', width: '80%', label: { show: true, position: 'inside', formatter: '{b}: {c}' }, data: stages }],
  };
}

/** Axis label in the report language. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}
