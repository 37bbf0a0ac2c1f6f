import { describe, expect, it } from 'vitest';
import { analyzeContract } from './analyze.js';
import { costAboveCap } from './caps.js';
import { parseContract, type ContractInput } from './contract.js';

const caps = (input: ContractInput) => analyzeContract(parseContract(input)).caps;
const bullet = (rate: number, date: string, lender: 'licensed' | 'private'): ContractInput => ({
  principal: 10000,
  term: 12,
  method: 'bullet',
  annual_rate: rate,
  start_date: date,
  lender_kind: lender,
  disclosed_apr: rate,
  disclosed_rate_basis: 'irr',
});

describe('caps by contract date and lender kind', () => {
  it('private loan formed 2020-08-19 falls under the 2015 rule (24% / 36%)', () => {
    expect(caps(bullet(0.1, '2020-08-19', 'private')).checks.map((c) => [c.id, c.capRate])).toEqual([
      ['private_2015_24', 0.24],
      ['private_2015_36', 0.36],
    ]);
  });

  it('private loan formed 2020-08-20 is capped at 4 × LPR (4 × 3.85% = 15.4%)', () => {
    expect(caps(bullet(0.1, '2020-08-20', 'private')).checks.map((c) => [c.id, c.capRate])).toEqual([['private_4lpr', 0.154]]);
  });

  it('private loan formed 2021-12-19 → 15.4%; on 2021-12-20 → 4 × 3.80% = 15.2%', () => {
    expect(caps(bullet(0.1, '2021-12-19', 'private')).checks[0]?.capRate).toBe(0.154);
    expect(caps(bullet(0.1, '2021-12-20', 'private')).checks[0]?.capRate).toBe(0.152);
  });

  it('licensed lender: 24% court standard plus the configured 20% regulatory threshold', () => {
    expect(caps(bullet(0.1, '2023-05-01', 'licensed')).checks.map((c) => [c.id, c.kind, c.capRate])).toEqual([
      ['licensed_24', 'legal', 0.24],
      ['threshold:reg_20', 'regulatory', 0.2],
    ]);
  });

  it('private loan without a contract date: no cap, and a note that says why', () => {
    const r = caps({ principal: 1000, term: 12, lender_kind: 'private', annual_rate: 0.1 });
    expect(r.checks).toEqual([]);
    expect(r.notes.map((n) => n.en)).toContain('no contract date: the private-lending cap depends on it');
  });
});

describe('amount a court would likely not support (from the cash flows)', () => {
  it('2021 private bullet at 20%: 10,000 → 12,000; allowed 15.4% × 10,000 = 1,540; excess 460.00', () => {
    const r = caps(bullet(0.2, '2021-01-15', 'private'));
    expect(r.checks[0]).toMatchObject({ id: 'private_4lpr', exceeds: true, excessFen: 46000 });
    expect(r.notSupportedFen).toBe(46000);
  });

  it('2019 private bullet at 30%: above 24% by 600.00 (not enforceable), below 36%', () => {
    const r = caps(bullet(0.3, '2019-06-01', 'private'));
    expect(r.checks.map((c) => [c.id, c.exceeds, c.excessFen])).toEqual([
      ['private_2015_24', true, 60000],
      ['private_2015_36', false, 0],
    ]);
    expect(r.notSupportedFen).toBe(60000);
  });

  it('licensed bullet at 30%: reducible above 24% (600.00); the 20% threshold (1,000.00) is regulatory only', () => {
    const r = caps(bullet(0.3, '2023-05-01', 'licensed'));
    expect(r.checks.map((c) => [c.id, c.excessFen])).toEqual([
      ['licensed_24', 60000],
      ['threshold:reg_20', 100000],
    ]);
    expect(r.notSupportedFen).toBe(60000);
  });

  it('a rate under the cap leaves nothing unsupported', () => {
    expect(caps(bullet(0.15, '2021-01-15', 'private')).notSupportedFen).toBe(0);
  });

  it('costAboveCap: two monthly payments, excess interest applied to principal first', () => {
    // 1,000 received; cap 12% → 1% a month. Pay 600: 10 interest + 590 principal (balance 410).
    // Month 2: 4.10 allowed interest, 410 principal; 700 − 414.10 = 285.90 excess.
    expect(costAboveCap([-1000, 600, 700], [0, 1 / 12, 2 / 12], 0.12)).toBeCloseTo(285.9, 9);
  });
});

describe('overdue charges (combined cap)', () => {
  it('licensed: overdue interest 12% + penalty 18% = 30% > 24%', () => {
    const a = analyzeContract(parseContract({ ...bullet(0.1, '2023-05-01', 'licensed'), overdue: { interest_rate: 0.12, penalty_rate: 0.18 } }));
    expect(a.caps.overdue.map((c) => [c.id, c.exceeds])).toEqual([['overdue_licensed_24', true]]);
    expect(a.caps.overdue[0]?.rate).toBeCloseTo(0.3, 12);
    expect(a.findings.map((f) => f.code)).toContain('cap.overdue.overdue_licensed_24');
  });

  it('private 2022-03-01: overdue 15% in all exceeds 4 × 3.70% = 14.8%', () => {
    const a = analyzeContract(parseContract({ ...bullet(0.1, '2022-03-01', 'private'), overdue: { interest_rate: 0.15 } }));
    expect(a.caps.overdue[0]).toMatchObject({ id: 'overdue_private_4lpr', capRate: 0.148, exceeds: true });
  });
});
