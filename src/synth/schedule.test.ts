import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDay } from './days.js';
import { buildSchedule, monthlyIrr } from './schedule.js';

const yuan = (y: number): number => Math.round(y * 100);

describe('equal_installment 等额本息', () => {
  const s = buildSchedule({ method: 'equal_installment', principalFen: yuan(12_000), termMonths: 12, annualRate: 0.12, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
  it('level payment 12,000 × 1% / (1 − 1.01^−12) = 1,066.19; first period 120.00 interest + 946.19 principal', () => {
    expect(s.interest[0]).toBe(yuan(120));
    expect(s.principal[0]).toBe(yuan(946.19));
    expect((s.principal[1] ?? 0) + (s.interest[1] ?? 0)).toBe(yuan(1_066.19));
  });
  it('principal sums exactly to 12,000.00 and the last installment absorbs rounding', () => {
    expect(s.principal.reduce((a, b) => a + b, 0)).toBe(yuan(12_000));
    const last = (s.principal[11] ?? 0) + (s.interest[11] ?? 0);
    expect(Math.abs(last - yuan(1_066.19))).toBeLessThanOrEqual(10);
  });
  it('due dates are monthly anniversaries of 2024-01-15', () => {
    expect(s.dueDay.map(isoDay).slice(0, 3)).toEqual(['2024-02-15', '2024-03-15', '2024-04-15']);
    expect(isoDay(s.dueDay[11] ?? 0)).toBe('2025-01-15');
  });
});

describe('equal_principal 等额本金', () => {
  it('12,000 over 12 months at 12%: 1,000 principal a month, interest 120, 110, … 10', () => {
    const s = buildSchedule({ method: 'equal_principal', principalFen: yuan(12_000), termMonths: 12, annualRate: 0.12, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
    expect(s.principal).toEqual(Array(12).fill(yuan(1_000)));
    expect(s.interest).toEqual([120, 110, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10].map(yuan));
  });
  it('10,000.00 over 3 months: 3,333.33, 3,333.33 and 3,333.34 (last absorbs the fen)', () => {
    const s = buildSchedule({ method: 'equal_principal', principalFen: yuan(10_000), termMonths: 3, annualRate: 0.12, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
    expect(s.principal).toEqual([333_333, 333_333, 333_334]);
  });
});

describe('interest_only 先息后本', () => {
  it('10,000 for 3 months at 12%: 100 interest each month, principal at maturity', () => {
    const s = buildSchedule({ method: 'interest_only', principalFen: yuan(10_000), termMonths: 3, annualRate: 0.12, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
    expect(s.interest).toEqual([yuan(100), yuan(100), yuan(100)]);
    expect(s.principal).toEqual([0, 0, yuan(10_000)]);
  });
});

describe('flat 等本等息 and card installments', () => {
  it('10,000 at a 6% flat rate over 12 months: 50.00 interest every month on the original principal', () => {
    const s = buildSchedule({ method: 'flat', principalFen: yuan(10_000), termMonths: 12, annualRate: 0.06, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
    expect(s.interest).toEqual(Array(12).fill(yuan(50)));
    expect(s.principal.slice(0, 11)).toEqual(Array(11).fill(83_333));
    expect(s.principal[11]).toBe(83_337);
  });
  it('card installment: no interest, a 0.6% fee of 60.00 per period', () => {
    const s = buildSchedule({ method: 'flat', principalFen: yuan(10_000), termMonths: 6, annualRate: 0, feePerPeriodFen: yuan(60), originatedAt: '2024-01-15' });
    expect(s.interest).toEqual(Array(6).fill(0));
    expect(s.fee).toEqual(Array(6).fill(yuan(60)));
    expect(s.principal.reduce((a, b) => a + b, 0)).toBe(yuan(10_000));
  });
});

describe('month ends clamp', () => {
  it('a loan of 2024-01-31 falls due 2024-02-29, 2024-03-31, 2024-04-30', () => {
    const s = buildSchedule({ method: 'equal_installment', principalFen: yuan(3_000), termMonths: 3, annualRate: 0.1, feePerPeriodFen: 0, originatedAt: '2024-01-31' });
    expect(s.dueDay.map(isoDay)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
  });
});

describe('property: every method sums exactly to the principal with non-negative parts', () => {
  it('random principal, term, rate and method', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 20_000_000 }),
        fc.constantFrom(1, 3, 6, 12, 24, 36),
        fc.double({ min: 0, max: 0.36, noNaN: true }),
        fc.constantFrom('equal_installment', 'equal_principal', 'interest_only', 'flat', 'bullet'),
        (p, n, r, method) => {
          const s = buildSchedule({ method, principalFen: p, termMonths: n, annualRate: r, feePerPeriodFen: 0, originatedAt: '2023-05-31' });
          expect(s.principal.reduce((a, b) => a + b, 0)).toBe(p);
          for (const x of [...s.principal, ...s.interest]) {
            expect(Number.isInteger(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('monthlyIrr', () => {
  it('DESIGN §4 check: 100,000 lent, 1,000 deducted, 12 × 8,833.33 → 12.80% (monthly IRR × 12), 13.58% effective', () => {
    const r = monthlyIrr(yuan(99_000), Array(12).fill(yuan(8_833.33)));
    expect((r * 12).toFixed(4)).toBe('0.1280');
    expect((Math.pow(1 + r, 12) - 1).toFixed(4)).toBe('0.1358');
  });
  it('an equal-installment schedule without fees returns its own rate', () => {
    const s = buildSchedule({ method: 'equal_installment', principalFen: yuan(50_000), termMonths: 24, annualRate: 0.18, feePerPeriodFen: 0, originatedAt: '2024-01-15' });
    const pay = s.principal.map((p, k) => p + (s.interest[k] ?? 0));
    expect(monthlyIrr(yuan(50_000), pay) * 12).toBeCloseTo(0.18, 5);
  });
});
