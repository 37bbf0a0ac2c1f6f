import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { irrPeriodic, irrTimed, rateOrThrow, signChanges } from './irr.js';
import { xirr } from './xirr.js';

const pct2 = (r: number): string => (r * 100).toFixed(2);

function okRate(r: ReturnType<typeof irrPeriodic>): number {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.rate;
}

/** |NPV(rate)| relative to the sum of the absolute discounted terms (the size of the numbers added). */
function relativeResidual(amounts: readonly number[], rate: number): number {
  let s = 0;
  let m = 0;
  amounts.forEach((a, k) => {
    const term = a / Math.pow(1 + rate, k);
    s += term;
    m += Math.abs(term);
  });
  return Math.abs(s) / m;
}

describe('irrPeriodic — published examples', () => {
  it('PBOC 〔2021〕 No. 3: 100,000 lent, 1,000 deducted, 12 × 8,833.33 → 12.80% nominal', () => {
    const r = okRate(irrPeriodic([-99_000_00, ...Array<number>(12).fill(8_833_33)]));
    expect(pct2(r * 12)).toBe('12.80');
  });

  it('PBOC example effective annual (1 + r)^12 − 1 → 13.58%', () => {
    const r = okRate(irrPeriodic([-99_000_00, ...Array<number>(12).fill(8_833_33)]));
    expect(pct2(Math.pow(1 + r, 12) - 1)).toBe('13.58');
  });

  it('6% flat over 12 months (100,000 → 12 × 8,833.33) is 10.90% nominal IRR', () => {
    const r = okRate(irrPeriodic([-100_000_00, ...Array<number>(12).fill(8_833_33)]));
    expect(pct2(r * 12)).toBe('10.90');
  });

  it('the rate does not depend on the sign convention (borrower view)', () => {
    const lender = okRate(irrPeriodic([-99_000_00, ...Array<number>(12).fill(8_833_33)]));
    const borrower = okRate(irrPeriodic([99_000_00, ...Array<number>(12).fill(-8_833_33)]));
    expect(borrower).toBeCloseTo(lender, 14);
  });
});

describe('irrPeriodic — roots', () => {
  it('two sign changes with two roots (−100, 230, −132 → 10% and 20%) reports both', () => {
    const r = irrPeriodic([-100, 230, -132]);
    expect(r.status).toBe('multiple_roots');
    if (r.status !== 'multiple_roots') return;
    expect(r.rates).toHaveLength(2);
    expect(r.rates[0]).toBeCloseTo(0.1, 12);
    expect(r.rates[1]).toBeCloseTo(0.2, 12);
  });

  it('two sign changes and no real root (100, −150, 100) says so', () => {
    expect(irrPeriodic([100, -150, 100])).toEqual({ status: 'no_root', reason: 'no_real_root', signChanges: 2 });
  });

  it('two sign changes with a single root in range is ok (−100, 250, −10 → one root)', () => {
    // p(v) = −100 + 250v − 10v²: roots v = 0.4174 (r = 139.6%) and v = 24.58 (r = −95.9%): both are r > −1.
    const r = irrPeriodic([-100, 250, -10]);
    expect(r.status).toBe('multiple_roots');
  });

  it('all-zero flows: no_root/all_zero, not NaN', () => {
    expect(irrPeriodic([0, 0, 0])).toEqual({ status: 'no_root', reason: 'all_zero', signChanges: 0 });
  });

  it('no sign change: no_root/no_sign_change', () => {
    expect(irrPeriodic([-100, -5, 0])).toEqual({ status: 'no_root', reason: 'no_sign_change', signChanges: 0 });
  });

  it('a non-finite amount is invalid with its index', () => {
    expect(irrPeriodic([-100, 50, Number.NaN, 60])).toEqual({ status: 'invalid', reason: 'non_finite', index: 2 });
  });

  it('a single flow is invalid', () => {
    expect(irrPeriodic([-100])).toEqual({ status: 'invalid', reason: 'too_few_flows' });
  });

  it('leading zeros do not change the rate', () => {
    const a = okRate(irrPeriodic([-1000, 600, 600]));
    const b = okRate(irrPeriodic([0, 0, -1000, 600, 600]));
    expect(b).toBeCloseTo(a, 13);
  });

  it('1,000-period annuity at 1% per period gives back 1%', () => {
    const pay = (100_000 * 0.01) / (1 - Math.pow(1.01, -1000));
    const r = okRate(irrPeriodic([-100_000, ...Array<number>(1000).fill(pay)]));
    expect(r).toBeCloseTo(0.01, 12);
  });

  it('absurd amounts: 1 fen out, 10^15 fen back → rate 10^15 − 1 per period', () => {
    const r = okRate(irrPeriodic([-1, 1e15]));
    expect(r / (1e15 - 1)).toBeCloseTo(1, 10);
  });

  it('almost nothing back: rate just above −100%', () => {
    const r = okRate(irrPeriodic([-1e15, 1]));
    expect(r).toBeGreaterThan(-1);
    expect(r).toBeLessThan(-0.999999);
  });

  it('rateOrThrow turns a non-result into an AppError with a code', () => {
    expect(() => rateOrThrow(irrPeriodic([0, 0]))).toThrow(AppError);
    try {
      rateOrThrow(irrPeriodic([-1, -1]));
    } catch (err) {
      expect((err as AppError).code).toBe('pricing.irr_no_sign_change');
    }
  });

  it('counts sign changes skipping zeros', () => {
    expect(signChanges([-1, 0, 0, 2, 0, -3, 4])).toBe(3);
  });
});

describe('irrPeriodic — converges on every well-posed flow (property)', () => {
  it('one outflow then non-negative inflows: ok and NPV(rate) ≈ 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_00 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000_00 }), { minLength: 1, maxLength: 120 }).filter((a) => a.some((x) => x > 0)),
        (out, ins) => {
          const flows = [-out, ...ins];
          const r = irrPeriodic(flows);
          expect(r.status).toBe('ok');
          if (r.status !== 'ok') return;
          expect(relativeResidual(flows, r.rate)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 400, seed: 20240601 },
    );
  });

  it('outflows then inflows (one sign change, several draws): ok', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
        (outs, ins) => {
          const flows = [...outs.map((x) => -x), ...ins];
          const r = irrPeriodic(flows);
          expect(r.status).toBe('ok');
          if (r.status === 'ok') expect(relativeResidual(flows, r.rate)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('irrTimed and XIRR', () => {
  it('spreadsheet XIRR documentation example → 37.336%', () => {
    const r = xirr([
      { date: '2008-01-01', amount: -10000 },
      { date: '2008-03-01', amount: 2750 },
      { date: '2008-10-30', amount: 4250 },
      { date: '2009-02-15', amount: 3250 },
      { date: '2009-04-01', amount: 2750 },
    ]);
    expect(r.status).toBe('ok');
    if (r.status === 'ok') expect(r.rate).toBeCloseTo(0.373362535, 8);
  });

  it('flows given out of order are sorted by date', () => {
    const a = xirr([
      { date: '2024-01-01', amount: -1000 },
      { date: '2025-01-01', amount: 1100 },
    ]);
    const b = xirr([
      { date: '2025-01-01', amount: 1100 },
      { date: '2024-01-01', amount: -1000 },
    ]);
    expect(a).toEqual(b);
  });

  it('one year (366 days in 2024) at 10%: 1000 → 1100 gives (1.1)^(365/366) − 1', () => {
    const r = xirr([
      { date: '2024-01-01', amount: -1000 },
      { date: '2025-01-01', amount: 1100 },
    ]);
    expect(r.status === 'ok' && r.rate).toBeCloseTo(Math.pow(1.1, 365 / 366) - 1, 12);
  });

  it('times out of order are rejected', () => {
    expect(irrTimed([-1, 2], [1, 0])).toEqual({ status: 'invalid', reason: 'bad_times', index: 1 });
  });

  it('all flows on the same day: no rate', () => {
    expect(irrTimed([-1, 2], [0, 0]).status).toBe('no_root');
  });

  it('an invalid date is an AppError naming the flow', () => {
    expect(() => xirr([{ date: '2024-13-01', amount: -1 }, { date: '2024-01-01', amount: 2 }])).toThrow(/Flow #1/);
  });
});
