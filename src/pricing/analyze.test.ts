import { describe, expect, it } from 'vitest';
import { analyzeContract } from './analyze.js';
import { parseContract, type ContractInput } from './contract.js';

const analyze = (input: ContractInput) => analyzeContract(parseContract(input));
const pct2 = (r: number | null): string => (r === null ? 'null' : (r * 100).toFixed(2));
const codes = (input: ContractInput): string[] => analyze(input).findings.map((f) => f.code);

const PBOC: ContractInput = { principal: 100000, term: 12, method: 'flat', annual_rate: 0.06, upfront_fee: 1000, start_date: '2023-03-01' };
const FLAT6: ContractInput = { principal: 100000, term: 12, method: 'flat', annual_rate: 0.06, start_date: '2023-03-01' };
const DAILY: ContractInput = { principal: 10000, term: 12, method: 'equal_installment', daily_rate: '0.05%', start_date: '2023-03-01', disclosed_apr: 0.1825, disclosed_rate_basis: 'daily' };

describe('rates of a contract', () => {
  it('PBOC example as a contract (6% flat, 1,000 deducted) → 12.80% nominal', () => {
    expect(pct2(analyze(PBOC).rates.nominalAnnual)).toBe('12.80');
  });

  it('PBOC example as a contract → 13.58% effective', () => {
    expect(pct2(analyze(PBOC).rates.effectiveAnnual)).toBe('13.58');
  });

  it('6% flat over 12 months as a contract → 10.90% nominal IRR', () => {
    expect(pct2(analyze(FLAT6).rates.nominalAnnual)).toBe('10.90');
  });

  it('6% flat: the flat rate on the amount received is 6.00% (labelled flat)', () => {
    expect(pct2(analyze(FLAT6).rates.flatAnnual)).toBe('6.00');
  });

  it('日息万五 equal installments: simple rate on the balance is 18.25%', () => {
    expect(pct2(analyze(DAILY).rates.simpleAnnual)).toBe('18.25');
  });

  it('日息万五 equal installments: IRR 18.25% nominal, (1 + 0.1825/12)^12 − 1 = 19.86% effective', () => {
    const r = analyze(DAILY).rates;
    expect(pct2(r.nominalAnnual)).toBe('18.25');
    expect(pct2(r.effectiveAnnual)).toBe(((Math.pow(1 + 0.1825 / 12, 12) - 1) * 100).toFixed(2));
  });

  it('a 1,000-period schedule (equal installments at 12%) solves to 12.00%', () => {
    const a = analyze({ principal: 1_000_000, term: 1000, method: 'equal_installment', annual_rate: 0.12 });
    expect(pct2(a.rates.nominalAnnual)).toBe('12.00');
    expect(a.cashFlows.amounts).toHaveLength(1001);
  });

  it('weekly periods annualize by 52', () => {
    const a = analyze({ principal: 5200, term: 52, period: 'week', method: 'equal_installment', annual_rate: 0.26 });
    expect(a.rates.periodsPerYear).toBe(52);
    expect(pct2(a.rates.nominalAnnual)).toBe('26.00');
  });

  it('dated repayments: 1,000 → 1,100 after 365 days is 10.00% (XIRR)', () => {
    const a = analyze({ principal: 1000, term: 12, start_date: '2023-01-01', repayments: [{ date: '2024-01-01', amount: 1100 }] });
    expect(a.rates.basis).toBe('dated');
    expect(pct2(a.rates.xirrAnnual)).toBe('10.00');
  });
});

describe('degenerate contracts give a clear result, never NaN', () => {
  it('upfront fees equal to the principal: no rate, problem pricing.fees_exceed_principal', () => {
    const a = analyze({ principal: 1000, term: 12, annual_rate: 0.1, upfront_fee: 1000 });
    expect(a.rates.problem?.code).toBe('pricing.fees_exceed_principal');
    expect(a.rates.nominalAnnual).toBeNull();
    expect(a.findings.map((f) => f.code)).toContain('rate.unavailable');
  });

  it('absurd fees (99% deducted) still give a finite, huge rate', () => {
    const a = analyze({ principal: 10000, term: 12, annual_rate: 0.1, upfront_fee: 9900 });
    expect(Number.isFinite(a.rates.nominalAnnual)).toBe(true);
    expect(a.rates.nominalAnnual).toBeGreaterThan(10);
  });

  it('repayments of nothing (all zero): rate unavailable, no_sign_change', () => {
    const a = analyze({ principal: 1000, term: 12, start_date: '2023-01-01', repayments: [{ date: '2023-02-01', amount: 0 }] });
    expect(a.rates.problem?.code).toBe('pricing.irr_no_sign_change');
  });

  it('a zero-rate loan without fees costs nothing: rate 0.00%', () => {
    expect(pct2(analyze({ principal: 1200, term: 12, annual_rate: 0 }).rates.nominalAnnual)).toBe('0.00');
  });
});

describe('disclosure findings', () => {
  it('flat rate shown at 6%: flat_rate_shown, true rate 1.82× higher', () => {
    const a = analyze({ ...FLAT6, disclosed_apr: 0.06, disclosed_rate_basis: 'flat' });
    const f = a.findings.find((x) => x.code === 'disclosure.flat_rate_shown');
    expect(f?.severity).toBe('high');
    expect(Number(f?.numbers['ratio']).toFixed(2)).toBe('1.82');
  });

  it('a flat rate shown without a stated basis is recognised by its value', () => {
    expect(codes({ ...FLAT6, disclosed_apr: 0.06 })).toEqual(['disclosure.flat_rate_shown']);
  });

  it('credit-card installments at 0.6% a month shown as 7.2% a year: flat_rate_shown', () => {
    expect(codes({ principal: 12000, term: 12, method: 'credit_card_installment', period_fee_rate: 0.006, disclosed_apr: 0.072, start_date: '2023-03-01' })).toEqual([
      'disclosure.flat_rate_shown',
    ]);
  });

  it('日息万五 headline: daily_rate_headline with 18.25% simple, not understated', () => {
    const a = analyze(DAILY);
    expect(a.findings.map((f) => f.code)).toEqual(['disclosure.daily_rate_headline']);
    expect(a.findings[0]?.numbers['simpleAnnual']).toBe(0.1825);
    expect(a.findings[0]?.zh).toContain('18.25%（单利）');
  });

  it('fees left out: 20% shown, 1% monthly fee → fees_excluded (and not a generic understatement)', () => {
    const a = analyze({ principal: 10000, term: 12, annual_rate: 0.2, monthly_fee_rate: 0.01, disclosed_apr: 0.2, disclosed_rate_basis: 'irr', start_date: '2023-03-01' });
    expect(a.findings.map((f) => f.code)).toEqual(['disclosure.fees_excluded', 'cap.licensed_24', 'cap.threshold.reg_20']);
    const f = a.findings[0];
    expect(f?.flowsWithoutFees?.[1]?.amountFen).toBeLessThan(f?.flows[1]?.amountFen ?? 0);
  });

  it('interest deducted upfront (砍头息) is a high-severity upfront_deduction', () => {
    const a = analyze({ principal: 10000, term: 12, annual_rate: 0.1, fees: [{ kind: 'interest_deducted', timing: 'upfront_deducted', amount: 500 }], disclosed_apr: 0.1, disclosed_rate_basis: 'irr', start_date: '2023-03-01' });
    const f = a.findings.find((x) => x.code === 'disclosure.upfront_deduction');
    expect(f?.severity).toBe('high');
    expect(f?.numbers['netDisbursedFen']).toBe(950000);
  });

  it('a plain understatement (24% loan shown as 18%): understated by 6.00 points', () => {
    const a = analyze({ principal: 10000, term: 12, annual_rate: 0.24, disclosed_apr: 0.18, disclosed_rate_basis: 'irr', start_date: '2023-03-01' });
    const f = a.findings.find((x) => x.code === 'disclosure.understated');
    expect(f?.severity).toBe('high');
    expect(Number(f?.numbers['gap']).toFixed(4)).toBe('0.0600');
  });

  it('no disclosed rate: disclosure.missing', () => {
    expect(codes({ principal: 10000, term: 12, annual_rate: 0.12, start_date: '2023-03-01' })).toEqual(['disclosure.missing']);
  });

  it('a correct IRR disclosure with no fees has no findings', () => {
    expect(codes({ principal: 10000, term: 12, annual_rate: 0.18, disclosed_apr: 0.18, disclosed_rate_basis: 'irr', start_date: '2023-03-01' })).toEqual([]);
  });

  it('every finding carries the cash flows that prove it (t = 0 is minus the amount received)', () => {
    const a = analyze({ ...PBOC, disclosed_apr: 0.06, disclosed_rate_basis: 'flat' });
    for (const f of a.findings) {
      expect(f.flows).toHaveLength(13);
      expect(f.flows[0]).toEqual({ t: 0, date: '2023-03-01', amountFen: -9_900_000 });
    }
  });
});
