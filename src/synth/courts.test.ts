import { describe, expect, it } from 'vitest';
import { courtFee, enforcementFee } from '../metrics/cost/court-fees.js';
import { CASE_NUMBER_RE, CaseNumberer, districtCourt, formatCaseNumber, INTERNET_COURTS, SPECIAL_COURTS } from './courts.js';
import { districtsOf } from './geography.js';
import { personalityRightsFee, smallClaimsLimitFen } from './lawsuits.js';
import { DEFAULT_CALIBRATION } from './calibration.js';

const yuan = (y: number): number => Math.round(y * 100);

describe('case numbers', () => {
  it('format （2023）渝0192民初12345号 and match the pattern', () => {
    const n = formatCaseNumber(2023, SPECIAL_COURTS.chongqingFtz.code, '民初', 12345);
    expect(n).toBe('（2023）渝0192民初12345号');
    expect(CASE_NUMBER_RE.test(n)).toBe(true);
    expect(CASE_NUMBER_RE.test('（2024）京04民终88号')).toBe(true);
    expect(CASE_NUMBER_RE.test('(2024)京04民终88号')).toBe(false);
  });

  it('district courts use the province abbreviation and the last four digits of the district code', () => {
    const chaoyang = districtsOf('11')[0];
    if (!chaoyang) throw new Error('no district');
    const c = districtCourt(chaoyang);
    expect(c.name).toBe('北京市朝阳区人民法院');
    expect(c.code).toBe('京0105');
    expect(c.appeal?.name).toBe('北京市第三中级人民法院');
    expect(INTERNET_COURTS['hangzhou']?.code).toBe('浙0192');
    expect(INTERNET_COURTS['beijing']?.code).toBe('京0491');
    expect(INTERNET_COURTS['guangzhou']?.code).toBe('粤0192');
  });

  it('sequences increase with the filing date per court, type and year, even when filed out of order', () => {
    const num = new CaseNumberer();
    const court = SPECIAL_COURTS.beijingInternet;
    const dates = ['2023-06-01', '2023-01-05', '2023-06-01', '2023-12-31', '2023-03-10', '2023-01-05'];
    const got = dates.map((d) => ({ d, seq: num.next(court, '民初', d).seq }));
    const sorted = [...got].sort((a, b) => a.d.localeCompare(b.d) || a.seq - b.seq);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i]?.seq ?? 0) > (sorted[i - 1]?.seq ?? 0)).toBe(true);
    expect(new Set(got.map((g) => g.seq)).size).toBe(dates.length);
    // Another type and another year restart their own sequences.
    expect(num.next(court, '执', '2023-01-05').seq).toBe(4 * 30 + 1);
    expect(num.next(court, '民初', '2024-01-01').seq).toBe(1);
  });

  it('a day that overflows its block still gets unique numbers', () => {
    const num = new CaseNumberer();
    const seqs = Array.from({ length: 100 }, () => num.next(SPECIAL_COURTS.chongqingFtz, '民初', '2022-02-02').seq);
    expect(new Set(seqs).size).toBe(100);
  });
});

describe('court fees by the real schedule (reused from metrics/cost)', () => {
  it.each([
    [20_000, 300],
    [50_000, 1_050],
    [100_000, 2_300],
    [300_000, 5_800],
    [1_000_000, 13_800],
  ])('%d yuan → %d yuan, half under the simple procedure', (claim, fee) => {
    expect(courtFee(yuan(claim)).fullFen).toBe(yuan(fee));
    expect(courtFee(yuan(claim), { procedure: 'simple' }).chargedFen).toBe(yuan(fee / 2));
  });
  it('enforcement: 100,000 → 1,400', () => expect(enforcementFee(yuan(100_000))).toBe(yuan(1_400)));
  it('personality-rights cases: 100 yuan up to 50,000 of damages, +1% to 100,000, +0.5% above', () => {
    expect(personalityRightsFee(yuan(30_000))).toBe(yuan(100));
    expect(personalityRightsFee(yuan(80_000))).toBe(yuan(400));
    expect(personalityRightsFee(yuan(200_000))).toBe(yuan(1_100));
  });
});

describe('small-claims ceiling', () => {
  it('Beijing, filed 2024: 50% × 1.7 × 120,698 (2023 national average wage) = 102,593.30 yuan', () => {
    expect(smallClaimsLimitFen(DEFAULT_CALIBRATION, '11', 2024)).toBe(yuan(102_593.3));
  });
  it('a year beyond the wage table uses the latest year', () => {
    expect(smallClaimsLimitFen(DEFAULT_CALIBRATION, '41', 2031)).toBe(Math.round(124_110 * 0.66 * 0.5 * 100));
  });
});
