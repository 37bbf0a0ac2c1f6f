import { describe, expect, it } from 'vitest';
import { evaluateCaps } from './caps.js';
import { defaultPricingConfig } from './config-schema.js';
import { capFindings, disclosureFindings, fieldsOf, findingText, rateUnavailableFinding, type DisclosureFacts, type FindingData } from './findings.js';

const base: DisclosureFacts = {
  disclosedRate: 0.06,
  basis: 'flat',
  irrNominal: 0.109,
  irrEffective: 0.1146,
  irrWithoutFees: 0.109,
  flatHeadline: 0.06,
  contractRate: 0.06,
  principalFen: 1_000_000,
  netDisbursedFen: 990_000,
  upfrontDeductedFen: 10_000,
  upfrontInterestFen: 0,
  feesFen: 10_000,
};
const tol = defaultPricingConfig();

function everyFinding(): FindingData[] {
  const caps = evaluateCaps({
    lenderKind: 'private',
    contractDate: '2021-01-15',
    rate: 0.3,
    amounts: [-1000, 1300],
    timesYears: [0, 1],
    overdue: { interestRate: 0.2, penaltyRate: 0.1, feeRate: 0 },
    thresholds: [{ id: 'x', rate: 0.1, appliesTo: 'all', zh: '阈值', en: 'threshold', source: 's' }],
  });
  return [
    ...disclosureFindings(base, tol),
    ...disclosureFindings({ ...base, basis: 'daily', disclosedRate: 0.1825 }, tol),
    ...disclosureFindings({ ...base, basis: 'none', disclosedRate: null }, tol),
    ...disclosureFindings({ ...base, basis: 'irr', disclosedRate: 0.05, feesFen: 0, upfrontDeductedFen: 0 }, tol),
    ...disclosureFindings({ ...base, basis: 'irr', contractRate: 0.2, disclosedRate: 0.06, flatHeadline: null, irrWithoutFees: 0.06 }, tol),
    ...capFindings(caps),
    rateUnavailableFinding(),
  ];
}

describe('finding data', () => {
  it('produces every disclosure and cap code', () => {
    const codes = new Set(everyFinding().map((f) => f.code));
    for (const c of ['disclosure.flat_rate_shown', 'disclosure.fees_excluded', 'disclosure.upfront_deduction', 'disclosure.daily_rate_headline', 'disclosure.missing', 'disclosure.understated', 'cap.private_4lpr', 'cap.threshold.x', 'cap.overdue.overdue_private_4lpr', 'rate.unavailable']) {
      expect(codes.has(c), c).toBe(true);
    }
  });

  it('keeps its figures in FINDING_FIELDS order (the book audit stores them by position)', () => {
    for (const f of everyFinding()) expect(Object.keys(f.numbers), f.code).toEqual([...fieldsOf(f.code)]);
  });

  it('renders a threshold finding with the configured label', () => {
    const t = findingText('cap.threshold.x', { rate: 0.3, cap: 0.1, excessRate: 0.2, excessFen: 12345 }, { thresholds: [{ id: 'x', rate: 0.1, appliesTo: 'all', zh: '内部上限', en: 'internal ceiling', source: 'board' }] });
    expect(t.en).toBe('The annualized rate 30.00% exceeds internal ceiling (10.00%) by 20.00 points; cost above the cap 123.45 yuan: regulatory expectation (not a court cap). Source: board');
  });
});
