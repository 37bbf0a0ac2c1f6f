import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfUp } from '../domain/money.js';
import { roundFen } from './schedule.js';

describe('roundFen (the schedule kernel rounding)', () => {
  it('equals roundHalfUp on any finite value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e13, max: 1e13, noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(roundFen(x)).toBe(roundHalfUp(x));
      }),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('equals roundHalfUp on halves and near-halves', () => {
    for (const x of [0.5, 1.5, 2.5, -0.5, -2.5, 1.005 * 100, 0.4999999995, 0.499999998, -0.4999999995, 12345.5, -0.2, 0]) {
      expect(roundFen(x)).toBe(roundHalfUp(x));
    }
  });
});
