/**
 * Numbers as written in court documents: Arabic (61,152.14), Chinese numerals in everyday and
 * financial form (三万八千五百, 柒拾万零柒仟壹佰), digit-by-digit years (二〇一八), and money in
 * 元/万元/亿元 with 角/分. All parsing is by hand-written scanners (no regular expressions with
 * nested quantifiers) so cost is linear in the input.
 */
import type { Fen } from '../domain/money.js';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 0: 0, O: 0, o: 0, Ｏ: 0,
  一: 1, 壹: 1, 幺: 1,
  二: 2, 贰: 2, 两: 2, 貳: 2,
  三: 3, 叁: 3, 參: 3,
  四: 4, 肆: 4,
  五: 5, 伍: 5,
  六: 6, 陆: 6, 陸: 6,
  七: 7, 柒: 7,
  八: 8, 捌: 8,
  九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000, 億: 100_000_000 };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億';

export function isChineseNumeralChar(c: string | undefined): boolean {
  return c !== undefined && c !== '' && (c in DIGITS || c in SMALL_UNITS || c in BIG_UNITS) && c !== '0' && c !== 'O' && c !== 'o';
}

/**
 * Parse a Chinese integer numeral: 三万八千五百 → 38500, 十五 → 15, 一千零一十 → 1010,
 * 柒拾万零柒仟壹佰 → 707100, 二〇一八 → 2018 (digit sequence). Returns null when not a numeral.
 */
export function parseChineseInteger(s: string): number | null {
  if (s === '' || s.length > 40) return null;
  let hasUnit = false;
  for (const c of s) {
    if (c in SMALL_UNITS || c in BIG_UNITS) hasUnit = true;
    else if (!(c in DIGITS)) return null;
  }
  if (!hasUnit) {
    let v = 0;
    for (const c of s) v = v * 10 + (DIGITS[c] ?? 0);
    return v;
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const c of s) {
    if (c in DIGITS) {
      digit = DIGITS[c] ?? 0;
    } else if (c in SMALL_UNITS) {
      section += (digit < 0 ? 1 : digit) * (SMALL_UNITS[c] ?? 1);
      digit = -1;
    } else {
      const unit = BIG_UNITS[c] ?? 1;
      section += digit < 0 ? 0 : digit;
      if (unit === 100_000_000) {
        total = (total + section) * unit;
      } else {
        total += (section === 0 ? 1 : section) * unit;
      }
      section = 0;
      digit = -1;
    }
  }
  if (digit >= 0) section += digit;
  return total + section;
}

/** Parse an Arabic decimal that may carry thousands separators: 61,152.14 → 61152.14. */
export function parseArabic(s: string): number | null {
  const t = s.replace(/,/g, '');
  if (!/^[0-9]{1,15}(\.[0-9]{1,6})?$/.test(t)) return null;
  return Number(t);
}

/** Parse a number written either way (Arabic, Chinese, or 点 decimals like 二点一). */
export function parseAnyNumber(s: string): number | null {
  const a = parseArabic(s);
  if (a !== null) return a;
  const dot = s.indexOf('点');
  if (dot > 0) {
    const i = parseChineseInteger(s.slice(0, dot));
    const fracDigits = s.slice(dot + 1);
    if (i === null || fracDigits === '') return null;
    let frac = '';
    for (const c of fracDigits) {
      const d = DIGITS[c];
      if (d === undefined) return null;
      frac += String(d);
    }
    return Number(`${i}.${frac}`);
  }
  return parseChineseInteger(s);
}

/** Exact yuan (possibly with fractional fen digits) → fen, rounded half up without float drift. */
export function yuanNumberToFen(yuan: number, multiplier = 1): Fen | null {
  if (!Number.isFinite(yuan) || yuan < 0) return null;
  const fen = Math.round(yuan * multiplier * 100 * 1e6) / 1e6;
  const r = Math.floor(fen + 0.5 + 1e-9);
  return Number.isSafeInteger(r) ? r : null;
}
