import { describe, expect, it } from 'vitest';
import { analyzeContract } from './analyze.js';
import { parseContract, type ContractInput } from './contract.js';
import { renderKeyFactsStatement } from './kfs.js';

const render = (input: ContractInput, lenderName?: string): string => {
  const c = parseContract(input);
  return renderKeyFactsStatement(c, analyzeContract(c), { preparedOn: '2024-06-01', lenderName: lenderName ?? null });
};

const PBOC: ContractInput = { principal: 100000, term: 12, method: 'flat', annual_rate: 0.06, upfront_fee: 1000, start_date: '2023-03-01', disclosed_apr: 0.06, disclosed_rate_basis: 'flat' };

describe('key facts statement', () => {
  it('shows the IRR annualized rate 12.80% and the effective 13.58%, labelled', () => {
    const html = render(PBOC);
    expect(html).toContain('<div class="value">12.80%</div>');
    expect(html).toContain('<div class="value">13.58%</div>');
    expect(html).toContain('年化利率（IRR） / Annualized rate (IRR)');
    expect(html).toContain('Simple annual rate (SIMPLE)');
  });

  it('shows total cost, amount received and the 1,000 deducted', () => {
    const html = render(PBOC);
    expect(html).toContain('¥7,000.00');
    expect(html).toContain('¥99,000.00');
    expect(html).toContain('已扣除 ¥1,000.00');
  });

  it('lists every schedule row on the page for 12 payments', () => {
    const html = render(PBOC);
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(12);
  });

  it('escapes every text (a lender name with markup stays text)', () => {
    const html = render(PBOC, '<script>alert("x")</script>&Co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;Co');
  });

  it('is self-contained and prints on A4 (no external resources, no scripts)', () => {
    const html = render(PBOC);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
  });

  it('puts a 36-month schedule in an appendix page and keeps page one short', () => {
    const html = render({ principal: 36000, term: 36, annual_rate: 0.12, start_date: '2023-03-01' });
    expect(html).toContain('class="appendix"');
    expect(html).toContain('36 payments in all');
  });

  it('shows the findings as warnings in both languages', () => {
    const html = render(PBOC);
    expect(html).toContain('flat (add-on) rate');
    expect(html).toContain('等本等息');
  });
});
