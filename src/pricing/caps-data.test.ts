import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { fourTimesLprOn, LPR_1Y_HISTORY, lprFixingOn, lprOn } from './caps-data.js';

/** DESIGN §4: [fixing date, day before, rate before (%), rate from the fixing date (%)]. */
const CHANGES: ReadonlyArray<[string, string, number, number]> = [
  ['2019-09-20', '2019-09-19', 4.25, 4.2],
  ['2019-11-20', '2019-11-19', 4.2, 4.15],
  ['2020-02-20', '2020-02-19', 4.15, 4.05],
  ['2020-04-20', '2020-04-19', 4.05, 3.85],
  ['2021-12-20', '2021-12-19', 3.85, 3.8],
  ['2022-01-20', '2022-01-19', 3.8, 3.7],
  ['2022-08-22', '2022-08-21', 3.7, 3.65],
  ['2023-06-20', '2023-06-19', 3.65, 3.55],
  ['2023-08-21', '2023-08-20', 3.55, 3.45],
  ['2024-07-22', '2024-07-21', 3.45, 3.35],
  ['2024-10-21', '2024-10-20', 3.35, 3.1],
  ['2025-05-20', '2025-05-19', 3.1, 3.0],
];

describe('one-year LPR by date', () => {
  for (const [fixing, before, rateBefore, rateAfter] of CHANGES) {
    it(`${before} → ${rateBefore}% and ${fixing} → ${rateAfter}%`, () => {
      expect(lprOn(before)).toBeCloseTo(rateBefore / 100, 10);
      expect(lprOn(fixing)).toBeCloseTo(rateAfter / 100, 10);
    });
  }

  it('the first fixing 2019-08-20 is 4.25%', () => {
    expect(lprOn('2019-08-20')).toBeCloseTo(0.0425, 10);
  });

  it('a date before 2019-08-20 is an AppError, not a number', () => {
    expect(() => lprOn('2019-08-19')).toThrow(AppError);
    expect(lprFixingOn('2019-08-19')).toBeNull();
  });

  it('a malformed date is an AppError', () => {
    expect(() => lprOn('2020/08/20')).toThrow(/YYYY-MM-DD/);
  });

  it('4 × LPR on 2020-08-20 is 15.4%', () => {
    expect(fourTimesLprOn('2020-08-20')).toBe(0.154);
  });

  it('every fixing has a source and the table is in date order', () => {
    const dates = LPR_1Y_HISTORY.map((f) => f.effectiveFrom);
    expect([...dates].sort()).toEqual(dates);
    for (const f of LPR_1Y_HISTORY) expect(f.source).toMatch(/LPR/);
  });
});
