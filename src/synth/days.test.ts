import { describe, expect, it } from 'vitest';
import { addMonths, fromEpochDay, toEpochDay } from '../domain/dates.js';
import { addMonthsDay, civilFromDays, dayOfIso, daysFromCivil, isoDay } from './days.js';

describe('fast epoch-day arithmetic agrees with domain/dates', () => {
  it('every day from 1999 to 2031 round-trips and matches toEpochDay/fromEpochDay', () => {
    for (let d = toEpochDay('1999-01-01'); d <= toEpochDay('2031-12-31'); d++) {
      const iso = fromEpochDay(d);
      expect(isoDay(d)).toBe(iso);
      expect(dayOfIso(iso)).toBe(d);
      const [y, m, dd] = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
    }
  });
  it('addMonthsDay equals addMonths (month-end clamping) for every day of 2023–2025 and 1–40 months', () => {
    for (let d = toEpochDay('2023-01-01'); d <= toEpochDay('2025-12-31'); d += 3) {
      for (const m of [1, 2, 11, 12, 13, 24, 40]) expect(isoDay(addMonthsDay(d, m))).toBe(addMonths(fromEpochDay(d), m));
    }
  });
});
