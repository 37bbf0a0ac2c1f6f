import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, fromExcelSerial, monthsBetween, parseDate, quarterOf } from './dates.js';

describe('dates', () => {
  it('parses the formats lenders export and rejects impossible dates', () => {
    expect(parseDate('2024/1/5')).toEqual({ ok: true, date: '2024-01-05' });
    expect(parseDate('20240105')).toEqual({ ok: true, date: '2024-01-05' });
    expect(parseDate('2024年1月5日')).toEqual({ ok: true, date: '2024-01-05' });
    expect(parseDate('2024-01-05 13:45:00')).toEqual({ ok: true, date: '2024-01-05' });
    expect(parseDate('2023-02-29')).toEqual({ ok: false, reason: 'impossible date: "2023-02-29"' });
    expect(parseDate('05/01/2024').ok).toBe(false);
  });
  it('does calendar arithmetic with month-end clamping', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(monthsBetween('2024-01-15', '2024-03-14')).toBe(1);
    expect(quarterOf('2024-05-31')).toBe('2024-Q2');
    expect(fromExcelSerial(45292)).toBe('2024-01-01');
  });
});
