/** Plain-language number formatting shared by verdicts, statements, the CLI and the report. */
import type { ResolvedDefinition } from './rate.js';

export type Lang = 'zh' | 'en';

/** A rate as users read it: "1.23%" or "0.85 per 10,000 yuan-years" (件/万元·年 in Chinese). */
export function formatRate(rate: number | null, display: ResolvedDefinition['display'], lang: Lang, digits = 2): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const v = (rate * display.scale).toFixed(digits);
  return display.per.en === '%' ? `${v}%` : `${v} ${display.per[lang]}`;
}

/** A relative change: +38%, −12%. */
export function formatChange(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : '—';
  const v = (x * 100).toFixed(digits);
  if (Number(v) === 0) return '0%';
  return x > 0 ? `+${v}%` : `−${v.replace('-', '')}%`;
}

export function formatLevel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}
