import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { analyzeContract } from './analyze.js';
import { parseContract } from './contract.js';
import { regZApr, unitPeriodsBetween } from './reg-z.js';

const monthly = (first: string, n: number, amount: number) => Array.from({ length: n }, (_, k) => ({ date: addMonths(first, k), amount }));
const weekly = (first: string, n: number, amount: number) => Array.from({ length: n }, (_, k) => ({ date: addDays(first, 7 * k), amount }));

/** Regulation Z appendix J examples, as listed in DESIGN §4 (published APRs to two decimals). */
describe('Regulation Z appendix J actuarial method', () => {
  it('$5,000 on 1978-01-10, 24 monthly × $230 from 1978-02-10 → 9.69%', () => {
    const r = regZApr([{ date: '1978-01-10', amount: 5000 }], monthly('1978-02-10', 24, 230));
    expect((r.apr * 100).toFixed(2)).toBe('9.69');
  });

  it('$6,000 on 1978-02-10, 36 monthly × $200 from 1978-04-01 (odd days) → 11.82%', () => {
    const r = regZApr([{ date: '1978-02-10', amount: 6000 }], monthly('1978-04-01', 36, 200));
    expect((r.apr * 100).toFixed(2)).toBe('11.82');
  });

  it('$500 on 1978-03-20, 30 weekly × $17.60 from 1978-04-21 → 14.96%', () => {
    const r = regZApr([{ date: '1978-03-20', amount: 500 }], weekly('1978-04-21', 30, 17.6));
    expect((r.apr * 100).toFixed(2)).toBe('14.96');
  });

  it('$1,000 on 1978-01-03 repaid $1,080 on 1978-09-15 (single payment) → 11.45%', () => {
    const r = regZApr([{ date: '1978-01-03', amount: 1000 }], [{ date: '1978-09-15', amount: 1080 }]);
    expect((r.apr * 100).toFixed(2)).toBe('11.45');
  });

  it('odd days of example 2: 1 full month back from 1978-04-01 plus 19 days → f = 19/30', () => {
    expect(unitPeriodsBetween('1978-02-10', '1978-04-01', { kind: 'months', months: 1 })).toEqual({ t: 1, f: 19 / 30 });
  });

  it('odd days of example 3: 32 days = 4 weeks + 4 days', () => {
    expect(unitPeriodsBetween('1978-03-20', '1978-04-21', { kind: 'days', days: 7 })).toEqual({ t: 4, f: 4 / 7 });
  });

  it('the weekly example chooses a weekly unit period (52 a year)', () => {
    const r = regZApr([{ date: '1978-03-20', amount: 500 }], weekly('1978-04-21', 30, 17.6));
    expect(r.unitPeriod).toEqual({ kind: 'days', days: 7 });
    expect(r.unitPeriodsPerYear).toBe(52);
  });

  it('a zero or negative payment is an AppError', () => {
    expect(() => regZApr([{ date: '2024-01-01', amount: 100 }], [{ date: '2024-02-01', amount: 0 }])).toThrow(AppError);
  });

  it('--jurisdiction us: a contract with example 1 payments reports the appendix J APR (9.69%)', () => {
    const repayments = monthly('1978-02-10', 24, 230).map((p) => ({ date: p.date, amount: p.amount }));
    const c = parseContract({ principal: 5000, term: 24, start_date: '1978-01-10', repayments, jurisdiction: 'us' });
    const a = analyzeContract(c);
    expect(a.regZ && (a.regZ.apr * 100).toFixed(2)).toBe('9.69');
    expect(a.caps.checks).toEqual([]);
  });
});
