/**
 * Interest and fee rates mentioned in court text, normalized to simple annual decimals:
 * 日万分之五 → 0.0005 × 365 = 0.1825; 月利率21.86‰ → 0.02186 × 12; 月息2分 → 0.02 × 12 = 0.24;
 * 年利率24% → 0.24; 贷款市场报价利率四倍 → 4 × the one-year LPR on the relevant date (pricing's
 * LPR table); 年利率3.85%的四倍 → 0.154. Conventions when the period is not written: a bare %
 * is annual, a bare ‰ or 分 is monthly (the folk convention in private lending). Each result carries
 * its definition so a reader can check the arithmetic.
 */
import type { IsoDate } from '../domain/dates.js';
import { lprFixingOn } from '../pricing/caps-data.js';
import { findDates } from './cn-dates.js';
import { parseAnyNumber } from './numbers.js';
import type { Span } from './span.js';

export type RatePeriod = 'day' | 'month' | 'year';

export interface RateMention {
  /** Simple annual rate as a decimal, or null when the text names a rate without a value (同期贷款利率四倍 before the LPR existed). */
  annual: number | null;
  period: RatePeriod;
  /** The stated number as a decimal of its period (日万分之五 → 0.0005). */
  perPeriod: number | null;
  basis: 'stated' | 'lpr_multiple' | 'benchmark_multiple' | 'lpr';
  multiple: number | null;
  definition: string;
  span: Span;
}

const NUM = '[0-9]{1,4}(?:\\.[0-9]{1,6})?|[零〇一二两三四五六七八九十百点]{1,8}';
const DAY_WAN_RE = new RegExp(`(?:每日|按日|日利率|日息|日)(?:按|为)?万分之(${NUM})`, 'g');
const PERIOD_RE = new RegExp(`(年利率|年息|年化利率|年化|年利|年率|月利率|月息|月利息|月利|月率|日利率|日息|日利息|利率|利息|息)(?:为|按|是|约|计|标准为)?(${NUM})(%|‰|分|厘)`, 'g');
const LPR_RE = /(?:一年期)?(?:贷款市场报价利率|LPR)(?:（LPR）)?(?:的)?([一二三四1234])倍/g;
const BENCH_RE = /(?:同期|同类)(?:银行)?(?:贷款)?(?:基准)?利率的?([一二三四1234])倍/g;
const LPR_PLAIN_RE = /(?:一年期)?(?:贷款市场报价利率|LPR)(?!（LPR）)(?!的?[一二三四1234]倍)/g;
const MULTIPLE_AFTER_RE = /^的?([一二三四1234])倍/;

function periodOf(keyword: string, unit: string): RatePeriod {
  if (keyword.startsWith('年')) return 'year';
  if (keyword.startsWith('月')) return 'month';
  if (keyword.startsWith('日')) return 'day';
  return unit === '%' ? 'year' : 'month';
}

function unitScale(unit: string, period: RatePeriod): number {
  if (unit === '%') return 0.01;
  if (unit === '‰') return 0.001;
  if (unit === '分') return period === 'year' ? 0.1 : period === 'day' ? 0.0001 : 0.01;
  return period === 'year' ? 0.01 : period === 'day' ? 0.00001 : 0.001; // 厘
}

const PER_YEAR: Record<RatePeriod, number> = { day: 365, month: 12, year: 1 };

function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

function multipleOf(s: string): number {
  return '一二三四'.includes(s) ? '一二三四'.indexOf(s) + 1 : Number(s);
}

/** The date that applies to a mention at `offset` (nearest date before it in the sentence, else the fallback). */
export type DateAt = (offset: number) => IsoDate | null;

/** The date a rate applies from: a date earlier in the same sentence, else later in it, else the fallback. */
function sentenceDate(text: string, at: number, dateAt: DateAt): IsoDate | null {
  let s = at;
  while (s > 0 && at - s < 300 && !'。\n'.includes(text[s - 1] ?? '')) s--;
  let e = at;
  while (e < text.length && e - at < 300 && !'。\n'.includes(text[e] ?? '')) e++;
  const ds = findDates(text.slice(s, e));
  const before = ds.filter((d) => s + d.span.start < at);
  return before[before.length - 1]?.date ?? ds[0]?.date ?? dateAt(at);
}

function lprMention(text: string, m: RegExpExecArray, dateAt: DateAt, multiple: number): RateMention {
  const date = sentenceDate(text, m.index, dateAt);
  const fixing = date ? lprFixingOn(date) : null;
  const span = { start: m.index, end: m.index + m[0].length, text: m[0] };
  if (!fixing) {
    return { annual: null, period: 'year', perPeriod: null, basis: multiple === 1 ? 'lpr' : 'lpr_multiple', multiple, definition: `${multiple} × 一年期LPR（${date ?? '日期不明'}，无LPR数据）`, span };
  }
  const annual = round8(multiple * fixing.rate);
  return { annual, period: 'year', perPeriod: annual, basis: multiple === 1 ? 'lpr' : 'lpr_multiple', multiple, definition: `${multiple} × 一年期LPR ${(fixing.rate * 100).toFixed(2)}%（${fixing.effectiveFrom} 起适用，按 ${date} 取值）`, span };
}

function stated(text: string, m: RegExpExecArray): RateMention | null {
  const keyword = m[1] ?? '';
  const value = parseAnyNumber(m[2] ?? '');
  const unit = m[3] ?? '';
  if (value === null || value <= 0) return null;
  const period = periodOf(keyword, unit);
  const perPeriod = round8(value * unitScale(unit, period));
  let annual = round8(perPeriod * PER_YEAR[period]);
  let end = m.index + m[0].length;
  let multiple: number | null = null;
  const after = MULTIPLE_AFTER_RE.exec(text.slice(end, end + 4));
  if (after) {
    multiple = multipleOf(after[1] ?? '1');
    annual = round8(annual * multiple);
    end += after[0].length;
  }
  if (annual <= 0 || annual > 10) return null;
  const def = `${m[0]}${multiple ? ` × ${multiple}` : ''} → ${perPeriod} per ${period}${period === 'year' ? '' : ` × ${PER_YEAR[period]}`}${multiple ? ` × ${multiple}` : ''}`;
  return { annual, period, perPeriod, basis: 'stated', multiple, definition: def, span: { start: m.index, end, text: text.slice(m.index, end) } };
}

/** Every rate mention in `text`, in order, non-overlapping. */
export function findRates(text: string, dateAt: DateAt = () => null): RateMention[] {
  const all: RateMention[] = [];
  let m: RegExpExecArray | null;
  const dayRe = new RegExp(DAY_WAN_RE.source, 'g');
  while ((m = dayRe.exec(text)) !== null) {
    const v = parseAnyNumber(m[1] ?? '');
    if (v === null || v <= 0) continue;
    const perPeriod = round8(v / 10_000);
    all.push({ annual: round8(perPeriod * 365), period: 'day', perPeriod, basis: 'stated', multiple: null, definition: `${m[0]} → ${perPeriod} per day × 365`, span: { start: m.index, end: m.index + m[0].length, text: m[0] } });
  }
  const perRe = new RegExp(PERIOD_RE.source, 'g');
  while ((m = perRe.exec(text)) !== null) {
    const r = stated(text, m);
    if (r) all.push(r);
  }
  const lprRe = new RegExp(LPR_RE.source, 'g');
  while ((m = lprRe.exec(text)) !== null) all.push(lprMention(text, m, dateAt, multipleOf(m[1] ?? '1')));
  const plainRe = new RegExp(LPR_PLAIN_RE.source, 'g');
  while ((m = plainRe.exec(text)) !== null) all.push(lprMention(text, m, dateAt, 1));
  const benchRe = new RegExp(BENCH_RE.source, 'g');
  while ((m = benchRe.exec(text)) !== null) {
    const multiple = multipleOf(m[1] ?? '1');
    all.push({ annual: null, period: 'year', perPeriod: null, basis: 'benchmark_multiple', multiple, definition: `${multiple} × 同期贷款基准利率（数值未载明）`, span: { start: m.index, end: m.index + m[0].length, text: m[0] } });
  }
  all.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const out: RateMention[] = [];
  let end = -1;
  for (const r of all) {
    if (r.span.start < end) continue;
    out.push(r);
    end = r.span.end;
  }
  return out;
}
