import { describe, expect, it } from 'vitest';
import { groupSurvival, kaplanMeier } from './kaplan-meier.js';

describe('Kaplan–Meier', () => {
  // Five accounts: suits on days 10, 20, 40; censored (no suit by asOf) at 30 and 50.
  const km = kaplanMeier(groupSurvival([10, 20, 30, 40, 50], [true, true, false, true, false]));

  it('survival steps 0.8, 0.6, 0.3 at days 10, 20, 40', () => {
    expect(km.steps.filter((s) => s.events > 0).map((s) => [s.time, s.atRisk, Number(s.survival.toFixed(12))])).toEqual([
      [10, 5, 0.8],
      [20, 4, 0.6],
      [40, 2, 0.3],
    ]);
    expect(km.n).toBe(5);
    expect(km.events).toBe(3);
  });

  it('Greenwood variance at day 40: 0.3² × (1/20 + 1/12 + 1/2) = 0.057', () => {
    expect(km.steps.find((s) => s.time === 40)?.variance).toBeCloseTo(0.057, 12);
  });

  it('log-log band at day 40: [0.01230, 0.71922]', () => {
    const s = km.steps.find((x) => x.time === 40);
    expect(s?.lower).toBeCloseTo(0.012301529425416076, 10);
    expect(s?.upper).toBeCloseTo(0.7192180208104151, 10);
  });

  it('median 40 days; interval from day 10 (lower band 0.204 < ½) to not reached', () => {
    expect([km.median, km.medianLower, km.medianUpper]).toEqual([40, 10, null]);
  });

  it('a curve at exactly ½ over a stretch takes the midpoint: 2 of 4 sued on day 1, next suit on day 3 → median 2', () => {
    const k = kaplanMeier(groupSurvival([1, 1, 3, 4], [true, true, true, false]));
    expect(k.steps[0]?.survival).toBe(0.5);
    expect(k.median).toBe(2);
  });

  it('observations at the same time are merged, events before censorings', () => {
    const split = kaplanMeier([{ time: 10, events: 0, censored: 1 }, { time: 10, events: 1, censored: 0 }, { time: 20, events: 1, censored: 0 }, { time: 5, events: 0, censored: 0 }, { time: 30, events: 0, censored: 1 }]);
    const together = kaplanMeier([{ time: 10, events: 1, censored: 1 }, { time: 20, events: 1, censored: 0 }, { time: 30, events: 0, censored: 1 }]);
    expect(split.steps.filter((x) => x.events > 0)).toEqual(together.steps.filter((x) => x.events > 0));
    expect(split.steps[0]).toMatchObject({ time: 10, atRisk: 4, survival: 0.75 });
  });

  it('no events: survival stays 1 and no median', () => {
    const k = kaplanMeier(groupSurvival([5, 6], [false, false]));
    expect(k.median).toBeNull();
    expect(k.events).toBe(0);
  });
});
