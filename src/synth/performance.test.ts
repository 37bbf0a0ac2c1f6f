import { describe, expect, it } from 'vitest';
import { addMonthsDay, dayOfIso } from './days.js';
import { Ledger } from './ledger.js';
import { type ChainParams, simulateLoan } from './performance.js';
import { Rng } from './prng.js';
import { buildSchedule } from './schedule.js';

const ORIGIN = '2023-01-10';
const P = 1_200_000;

function setup(overrides: Partial<ChainParams>): { ledger: Ledger; params: ChainParams } {
  const s = buildSchedule({ method: 'equal_installment', principalFen: P, termMonths: 12, annualRate: 0.12, feePerPeriodFen: 0, originatedAt: ORIGIN });
  const params: ChainParams = {
    missBase: 0,
    mobCurve: [1],
    bucketOutcomes: Array.from({ length: 6 }, () => [0, 0, 0] as [number, number, number]),
    cureFactor: 1,
    partialShare: [0.5, 0.5],
    cureDelay: [3, 25],
    earlySettleMonthly: 0,
    penaltyDaily: 0.0005,
    settleInterestDaily: 0.12 / 360,
    chargeRemainingFeesOnSettle: false,
    postChargeOffMonthly: 0,
    postChargeOffShare: [0.1, 0.1],
    asOfDay: dayOfIso('2026-06-30'),
    ...overrides,
  };
  return { ledger: new Ledger(s, ORIGIN), params };
}

const paidTotal = (l: Ledger): number => l.payments.reduce((a, p) => a + p.principal, 0);

describe('repayment chain', () => {
  it('never missing: 12 on-time payments, no delinquency, paid off', () => {
    const { ledger, params } = setup({});
    const trace = simulateLoan(ledger, params, new Rng(1), () => null);
    expect(ledger.payments).toHaveLength(12);
    expect(ledger.paidOff).toBe(true);
    expect(trace.d90Day).toBe(-1);
    expect(paidTotal(ledger)).toBe(P);
    ledger.payments.forEach((p, k) => expect(p.day).toBeLessThanOrEqual(ledger.dueDay[k] ?? 0));
  });

  it('always missing and never paying: 90+ DPD 90 days after the first due date, charge-off at 181', () => {
    const { ledger, params } = setup({ missBase: 1 });
    const seen: number[] = [];
    const trace = simulateLoan(ledger, params, new Rng(2), (outstanding, d90) => {
      seen.push(outstanding, d90);
      return null;
    });
    const firstDue = addMonthsDay(dayOfIso(ORIGIN), 1);
    expect(trace.d90Day).toBe(firstDue + 90);
    expect(trace.coDay).toBe(firstDue + 181);
    expect(seen).toEqual([P, firstDue + 90]);
    expect(ledger.payments).toHaveLength(0);
    expect(trace.monthBucket.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 7]);
  });

  it('missing and always curing in M1: one late payment a month with penalty, never 90+, paid off', () => {
    const { ledger, params } = setup({ missBase: 1, bucketOutcomes: [[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]] });
    const trace = simulateLoan(ledger, params, new Rng(3), () => null);
    expect(trace.d90Day).toBe(-1);
    expect(ledger.paidOff).toBe(true);
    expect(ledger.payments).toHaveLength(12);
    ledger.payments.forEach((p, k) => {
      const late = p.day - (ledger.dueDay[k] ?? 0);
      expect(late).toBeGreaterThanOrEqual(3);
      expect(late).toBeLessThanOrEqual(25);
      expect(p.penalty).toBeGreaterThan(0);
    });
  });

  it('a suit decided at 90+ DPD takes over on its filing day: no chain payments after it', () => {
    const { ledger, params } = setup({ missBase: 1, postChargeOffMonthly: 1 });
    const trace = simulateLoan(ledger, params, new Rng(4), (_o, d90) => d90 + 120);
    const firstDue = addMonthsDay(dayOfIso(ORIGIN), 1);
    expect(trace.suitDay).toBe(firstDue + 210);
    for (const p of ledger.payments) expect(p.day).toBeLessThan(trace.suitDay);
  });

  it('early settlement rewrites the schedule: the settlement installment carries the remaining principal', () => {
    const { ledger, params } = setup({ earlySettleMonthly: 1 });
    simulateLoan(ledger, params, new Rng(5), () => null);
    expect(ledger.n).toBe(2);
    expect(ledger.paidOff).toBe(true);
    expect(ledger.dueP.reduce((a, b) => a + b, 0)).toBe(P);
    expect(ledger.dueDay[1]).toBe(ledger.payments[1]?.day);
    expect(paidTotal(ledger)).toBe(P);
  });

  it('the same seed gives the same payments', () => {
    const run = (): string => {
      const { ledger, params } = setup({ missBase: 0.3, bucketOutcomes: [[0.5, 0, 0.2], [0.3, 0.1, 0.1], [0.1, 0.1, 0.1], [0.05, 0.05, 0.05], [0, 0, 0], [0, 0, 0]] });
      simulateLoan(ledger, params, new Rng(99), () => null);
      return JSON.stringify(ledger.payments);
    };
    expect(run()).toBe(run());
  });
});
