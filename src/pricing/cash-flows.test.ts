import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { buildCashFlows } from './cash-flows.js';
import { parseContract, type ContractInput } from './contract.js';

const flows = (input: ContractInput) => buildCashFlows(parseContract(input));

describe('schedules (fen, half away from zero, last period absorbs the remainder)', () => {
  it('equal installments: 10,000 at 12% for 12 months pays 888.49 a month', () => {
    const cf = flows({ principal: 10000, term: 12, method: 'equal_installment', annual_rate: 0.12 });
    // A = 10000 × 0.01 / (1 − 1.01^−12) = 888.4879 → 888.49
    expect(cf.schedule.slice(0, 11).every((r) => r.paymentFen === 88849)).toBe(true);
    expect(cf.schedule[0]).toMatchObject({ interestFen: 10000, principalFen: 78849 });
    expect(cf.schedule.reduce((a, r) => a + r.principalFen, 0)).toBe(1_000_000);
    expect(cf.schedule[11]?.balanceAfterFen).toBe(0);
  });

  it('equal installments: the last payment absorbs the rounding (888.47)', () => {
    const cf = flows({ principal: 10000, term: 12, method: 'equal_installment', annual_rate: 0.12 });
    // Worked by hand (decimal, half-up per period): after 11 × 888.49 the balance is 879.67;
    // interest 8.80 → last payment 888.47.
    expect(cf.schedule[10]?.balanceAfterFen).toBe(87967);
    expect(cf.schedule[11]?.paymentFen).toBe(88847);
  });

  it('equal principal: 12,000 at 12% → first 1,120.00, last 1,010.00', () => {
    const cf = flows({ principal: 12000, term: 12, method: 'equal_principal', annual_rate: 0.12 });
    expect(cf.schedule[0]?.paymentFen).toBe(112000);
    expect(cf.schedule[11]?.paymentFen).toBe(101000);
    expect(cf.totalInterestFen).toBe(78000); // 120 + 110 + … + 10 = 780
  });

  it('interest only: 10,000 at 12% for 6 months → 100 a month, principal at the end', () => {
    const cf = flows({ principal: 10000, term: 6, method: 'interest_only', annual_rate: 0.12 });
    expect(cf.schedule.map((r) => r.paymentFen)).toEqual([10000, 10000, 10000, 10000, 10000, 1010000]);
  });

  it('flat: 100,000 at 6% for 12 months → 11 × 8,833.33 and a last 8,833.37', () => {
    const cf = flows({ principal: 100000, term: 12, method: 'flat', annual_rate: 0.06 });
    expect(cf.schedule.slice(0, 11).every((r) => r.paymentFen === 883333)).toBe(true);
    expect(cf.schedule[11]?.paymentFen).toBe(883337);
    expect(cf.totalInterestFen).toBe(600000);
  });

  it('bullet: 10,000 at 12% for 6 months → 10,600 at maturity, nothing before', () => {
    const cf = flows({ principal: 10000, term: 6, method: 'bullet', annual_rate: 0.12 });
    expect(Array.from(cf.amounts)).toEqual([-1000000, 0, 0, 0, 0, 0, 1060000]);
  });

  it('credit-card installments: 12,000 over 12 with 0.6% a period → 1,072 each', () => {
    const cf = flows({ principal: 12000, term: 12, method: 'credit_card_installment', period_fee_rate: 0.006 });
    expect(cf.schedule.every((r) => r.paymentFen === 107200 && r.feeFen === 7200 && r.interestFen === 0)).toBe(true);
    expect(cf.totalFeesFen).toBe(86400);
  });

  it('half away from zero: 1.50 yuan × 12%/12 = 1.5 fen interest rounds to 2 fen', () => {
    const cf = flows({ principal: '1.50', term: 1, method: 'interest_only', annual_rate: 0.12 });
    expect(cf.schedule[0]?.interestFen).toBe(2);
  });

  it('zero rate equal installments split the principal evenly, last absorbs (100.00 / 3)', () => {
    const cf = flows({ principal: 100, term: 3, method: 'equal_installment', annual_rate: 0 });
    expect(cf.schedule.map((r) => r.principalFen)).toEqual([3333, 3333, 3334]);
  });

  it('fee on the outstanding balance: 1% of 12,000, then of 6,000', () => {
    const cf = flows({ principal: 12000, term: 2, method: 'equal_principal', annual_rate: 0, fees: [{ kind: 'guarantee', timing: 'per_period', rate: 0.01, base: 'balance' }] });
    expect(cf.schedule.map((r) => r.feeFen)).toEqual([12000, 6000]);
  });
});

describe('cash flows', () => {
  it('PBOC example: 100,000 with 1,000 deducted → the borrower receives 99,000', () => {
    const cf = flows({ principal: 100000, term: 12, method: 'flat', annual_rate: 0.06, upfront_fee: 1000 });
    expect(cf.amounts[0]).toBe(-9_900_000);
    expect(cf.netDisbursedFen).toBe(9_900_000);
    expect(cf.totalCostFen).toBe(700_000);
    expect(cf.totalInterestFen + cf.totalFeesFen).toBe(cf.totalCostFen);
  });

  it('interest deducted upfront (砍头息) counts as interest, not as a fee', () => {
    const cf = flows({ principal: 10000, term: 1, method: 'bullet', annual_rate: 0, fees: [{ kind: 'interest_deducted', timing: 'upfront_deducted', amount: 500 }] });
    expect(cf.totalInterestFen).toBe(50000);
    expect(cf.totalFeesFen).toBe(0);
    expect(cf.netDisbursedFen).toBe(950000);
  });

  it('monthly due dates follow the start date, clamped to month ends', () => {
    const cf = flows({ principal: 3000, term: 3, method: 'equal_principal', annual_rate: 0.12, start_date: '2024-01-31' });
    expect(cf.schedule.map((r) => r.dueDate)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('actual repayments give dated flows (Actual/365 times)', () => {
    const cf = flows({ principal: 1000, term: 12, start_date: '2024-01-01', annual_rate: 0.1, repayments: [{ date: '2024-12-31', amount: 1100 }] });
    expect(cf.basis).toBe('dated');
    expect(Array.from(cf.amounts)).toEqual([-100000, 110000]);
    expect(cf.timesYears[1]).toBeCloseTo(365 / 365, 12);
  });

  it('an explicit schedule whose principal does not add up is an AppError', () => {
    expect(() =>
      flows({ principal: 1000, term: 2, schedule: [{ principal: 400, interest: 10 }, { principal: 500, interest: 5 }] }),
    ).toThrow(/adds up to 90000 fen/);
  });
});

describe('contract validation (degenerate inputs)', () => {
  const bad = (input: unknown): AppError => {
    try {
      parseContract(input, 'c.json');
    } catch (err) {
      if (err instanceof AppError) return err;
    }
    throw new Error('expected an AppError');
  };

  it('negative principal names the field', () => {
    expect(bad({ principal: -100, term: 12 }).en).toBe('c.json: field principal: must not be negative');
  });

  it('zero term is refused', () => {
    expect(bad({ principal: 100, term: 0 }).en).toMatch(/field term/);
  });

  it('a rate that is not a number is refused', () => {
    expect(bad({ principal: 100, term: 3, annual_rate: 'abc' }).en).toMatch(/field annual_rate: not a rate/);
  });

  it('NaN amounts are refused', () => {
    expect(bad({ principal: Number.NaN, term: 3 }).en).toMatch(/field principal/);
  });

  it('unknown fields are refused (typos do not pass silently)', () => {
    expect(bad({ principal: 100, term: 3, anual_rate: 0.1 }).en).toMatch(/anual_rate/);
  });

  it('a fee with both amount and rate is refused', () => {
    expect(bad({ principal: 100, term: 3, fees: [{ timing: 'per_period', amount: 1, rate: 0.01 }] }).en).toMatch(/exactly one of amount or rate/);
  });

  it('percent strings are read as percentages', () => {
    expect(parseContract({ principal: 100, term: 3, annual_rate: '18%' }).annualRate).toBeCloseTo(0.18, 12);
  });

  it('a daily rate becomes daily × 365 a year', () => {
    expect(parseContract({ principal: 100, term: 3, daily_rate: '0.05%' }).annualRate).toBeCloseTo(0.1825, 12);
  });
});
