/**
 * Fast calendar arithmetic on epoch days for the generator's hot loop (millions of due dates and
 * payment dates): Howard Hinnant's days_from_civil / civil_from_days, and a memo of ISO strings.
 * Same results as domain/dates.ts (a test checks them against each other), without Date objects.
 */
import type { IsoDate } from '../domain/dates.js';

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `day` plus `months` calendar months, clamped to the month end (as domain/dates addMonths). */
export function addMonthsDay(day: number, months: number): number {
  const [y, m, d] = civilFromDays(day);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, monthLength(ny, nm)));
}

const isoMemo = new Map<number, string>();

/** Epoch day → 'YYYY-MM-DD' (memoized: a book spans a few thousand distinct days). */
export function isoDay(day: number): IsoDate {
  let s = isoMemo.get(day);
  if (s === undefined) {
    const [y, m, d] = civilFromDays(day);
    s = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    if (isoMemo.size < 100_000) isoMemo.set(day, s);
  }
  return s;
}

export function dayOfIso(iso: IsoDate): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}
