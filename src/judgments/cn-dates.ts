/**
 * Dates in court text: 2017年5月25日, 二〇一八年一月三十一日, 二○一七年十月十七日, 二0一七年十月三十日,
 * 二〇一二年八月三日, with spans. Impossible dates are skipped.
 */
import { isValidYmd, ymd, type IsoDate } from '../domain/dates.js';
import { parseChineseInteger } from './numbers.js';
import type { Span } from './span.js';

export interface DateMention {
  date: IsoDate;
  span: Span;
  chinese: boolean;
}

const ARABIC_DATE_RE = /(?<![0-9])((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日/g;
const YEAR_DIGITS = '〇○零0Oo一二三四五六七八九';
const YEAR_DIGIT_SET = new Set(Array.from(YEAR_DIGITS));
const CN_DATE_RE = new RegExp(`([${YEAR_DIGITS}]{4})年([一二三四五六七八九十]{1,3}|元)月([一二三四五六七八九十]{1,3})日`, 'g');

function cnDigitYear(s: string): number | null {
  let v = 0;
  for (const c of s) {
    const d = '〇○零0Oo'.includes(c) ? 0 : '一二三四五六七八九'.indexOf(c) + 1;
    if (d < 0) return null;
    v = v * 10 + d;
  }
  return v;
}

/** Every date in `text`, in order. */
export function findDates(text: string): DateMention[] {
  const out: DateMention[] = [];
  let m: RegExpExecArray | null;
  const re1 = new RegExp(ARABIC_DATE_RE.source, 'g');
  while ((m = re1.exec(text)) !== null) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (isValidYmd(y, mo, d)) out.push({ date: ymd(y, mo, d), span: { start: m.index, end: m.index + m[0].length, text: m[0] }, chinese: false });
  }
  // Chinese-numeral dates: anchor on each 年 and try the pattern from four characters before it.
  const re2 = new RegExp(CN_DATE_RE.source, 'y');
  for (let at = text.indexOf('年', 4); at >= 0; at = text.indexOf('年', at + 1)) {
    if (!YEAR_DIGIT_SET.has(text[at - 1] ?? '') || !YEAR_DIGIT_SET.has(text[at - 4] ?? '')) continue;
    re2.lastIndex = at - 4;
    m = re2.exec(text);
    if (!m) continue;
    const y = cnDigitYear(m[1] ?? '');
    const mo = m[2] === '元' ? 1 : parseChineseInteger(m[2] ?? '');
    const d = parseChineseInteger(m[3] ?? '');
    if (y !== null && mo !== null && d !== null && isValidYmd(y, mo, d)) {
      out.push({ date: ymd(y, mo, d), span: { start: m.index, end: m.index + m[0].length, text: m[0] }, chinese: true });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Parse exactly one date (either script); null otherwise. */
export function parseCourtDate(s: string): IsoDate | null {
  const t = s.trim();
  const found = findDates(t);
  const f = found[0];
  return f && found.length === 1 && f.span.start === 0 && f.span.end === t.length ? f.date : null;
}
