import { describe, expect, it } from 'vitest';
import { CREDIT_SETS, loadCreditSet, sharedFile } from './test-support.js';

describe('real test data', () => {
  it('fails loudly (never skips) when a shared file is missing', () => {
    expect(() => sharedFile('credit', 'does-not-exist.csv')).toThrow(/Real test data missing/);
  });
  it('reads the four credit sets with their documented outcome rates', () => {
    const rate = (k: keyof typeof CREDIT_SETS): [number, number] => {
      const d = loadCreditSet(CREDIT_SETS[k]);
      return [d.frame.nRows, d.target.reduce((a, b) => a + b, 0)];
    };
    expect(rate('german')).toEqual([1000, 300]);
    expect(rate('lendingClub')).toEqual([9857, 517]);
    expect(rate('creditData')[1]).toBe(1254);
    expect(rate('taiwan')[0]).toBe(30000);
  });
});
