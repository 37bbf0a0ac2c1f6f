/**
 * Money mentions in court text, with spans: 61,152.14元, 人民币159,405.92元, 650万元, 1.5万元,
 * 三万八千五百元, 八十二元三角六分, 柒拾万零柒仟壹佰元整, 2000000美元, 港币379620元.
 */
import type { Fen } from '../domain/money.js';
import { parseArabic, parseChineseInteger, yuanNumberToFen } from './numbers.js';
import type { Span } from './span.js';

export type Currency = 'CNY' | 'USD' | 'HKD' | 'EUR' | 'JPY' | 'GBP';

export interface Amount {
  fen: Fen;
  currency: Currency;
  span: Span;
}

const CN = '零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟';
const ARABIC_RE = /(人民币|港币|港元|美元|美金|欧元|RMB|￥|¥)?[ ]?([0-9][0-9,]{0,20}(?:\.[0-9]{1,6})?)[ ]?(万亿|亿|万|千)?[ ]?(美元|美金|港元|港币|欧元|日元|英镑|元|圆)/g;
const CHINESE_RE = new RegExp(`(人民币|港币|美元)?([${CN}]{1,24})(元|圆)(?:([${CN}])角)?(?:([${CN}])分)?`, 'g');

const UNIT: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 };

function currencyOf(prefix: string | undefined, suffix: string): Currency {
  const s = `${prefix ?? ''}${suffix}`;
  if (s.includes('美')) return 'USD';
  if (s.includes('港')) return 'HKD';
  if (s.includes('欧')) return 'EUR';
  if (s.includes('日元')) return 'JPY';
  if (s.includes('英镑')) return 'GBP';
  return 'CNY';
}

function arabicAmounts(text: string, out: Amount[]): void {
  const re = new RegExp(ARABIC_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const num = parseArabic(m[2] ?? '');
    if (num === null) continue;
    const before = text[m.index - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    const fen = yuanNumberToFen(num, UNIT[m[3] ?? ''] ?? 1);
    if (fen === null) continue;
    out.push({ fen, currency: currencyOf(m[1], m[4] ?? ''), span: { start: m.index, end: m.index + m[0].length, text: m[0] } });
  }
}

function chineseAmounts(text: string, out: Amount[]): void {
  const re = new RegExp(CHINESE_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (!/[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]/.test(m[2] ?? '')) continue;
    const intPart = parseChineseInteger(m[2] ?? '');
    if (intPart === null) continue;
    const jiao = m[4] ? parseChineseInteger(m[4]) ?? 0 : 0;
    const fenPart = m[5] ? parseChineseInteger(m[5]) ?? 0 : 0;
    const fen = intPart * 100 + jiao * 10 + fenPart;
    if (!Number.isSafeInteger(fen)) continue;
    out.push({ fen, currency: currencyOf(m[1], m[3] ?? ''), span: { start: m.index, end: m.index + m[0].length, text: m[0] } });
  }
}

/** All money mentions in `text`, ordered by position (non-overlapping). */
export function findAmounts(text: string): Amount[] {
  const all: Amount[] = [];
  arabicAmounts(text, all);
  chineseAmounts(text, all);
  all.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const out: Amount[] = [];
  let end = -1;
  for (const a of all) {
    if (a.span.start < end) continue;
    out.push(a);
    end = a.span.end;
  }
  return out;
}
