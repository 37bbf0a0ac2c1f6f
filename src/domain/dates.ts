/**
 * Calendar dates are ISO strings `YYYY-MM-DD` (DuckDB DATE); arithmetic goes through epoch days
 * (UTC, no time zones, no DST). Nothing here reads the wall clock: callers inject `asOf`.
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function splitIso(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

export function toEpochDay(date: IsoDate): number {
  const [y, m, d] = splitIso(date);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromEpochDay(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Add calendar months, clamping to the month end (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = splitIso(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Whole calendar months from `a` to `b`, counting a month only when its day has been reached. */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = splitIso(a);
  const [by, bm, bd] = splitIso(b);
  let months = (by - ay) * 12 + (bm - am);
  if (bd < ad && bd < daysInMonth(by, bm)) months -= 1;
  return months;
}

/** `2024-05` */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** `2024-Q2` */
export function quarterOf(date: IsoDate): string {
  const [y, m] = splitIso(date);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

export type ParseDateResult = { ok: true; date: IsoDate } | { ok: false; reason: string };

const PATTERNS: readonly RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/**
 * Parse a date as lenders export it: `2024-01-05`, `2024/1/5`, `2024.01.05`, `20240105`,
 * `2024年1月5日`, optionally followed by a time (ignored). Rejects impossible dates (2023-02-29)
 * and years outside 1900–2199 with a reason. Chinese-numeral dates (二〇一八年…) are parsed by
 * the court-document parser.
 */
export function parseDate(text: string): ParseDateResult {
  const s = text.trim().replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (s === '') return { ok: false, reason: 'empty date' };
  for (const re of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (!isValidYmd(y, mo, d)) return { ok: false, reason: `impossible date: "${text.slice(0, 30)}"` };
    return { ok: true, date: ymd(y, mo, d) };
  }
  return { ok: false, reason: `unrecognized date format: "${text.slice(0, 30)}"` };
}

/** Convert an Excel serial day number (1900 date system) to an ISO date. */
export function fromExcelSerial(serial: number): IsoDate {
  // Excel's day 60 is the fictitious 1900-02-29; serials after it are offset by one.
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0);
  return addDays('1899-12-31', days);
}
