import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../store/sql.js';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { courtFee, courtFeeChargedSql, enforcementFee, paymentOrderFee, preservationFee, scheduleFeeSql } from './court-fees.js';
import { CASE_ACCEPTANCE_FEE, ENFORCEMENT_FEE, PRESERVATION_FEE } from './fee-schedule.js';

const yuan = (y: number): number => Math.round(y * 100);

describe('case acceptance fee, art. 13 cumulative brackets', () => {
  it('20,000 yuan → 300', () => expect(courtFee(yuan(20_000)).chargedFen).toBe(yuan(300)));
  it('50,000 yuan → 1,050', () => expect(courtFee(yuan(50_000)).chargedFen).toBe(yuan(1_050)));
  it('100,000 yuan → 2,300', () => expect(courtFee(yuan(100_000)).chargedFen).toBe(yuan(2_300)));
  it('300,000 yuan → 5,800', () => expect(courtFee(yuan(300_000)).chargedFen).toBe(yuan(5_800)));
  it('1,000,000 yuan → 13,800', () => expect(courtFee(yuan(1_000_000)).chargedFen).toBe(yuan(13_800)));
  it('up to 10,000 yuan is a flat 50', () => {
    expect(courtFee(yuan(800)).chargedFen).toBe(yuan(50));
    expect(courtFee(yuan(10_000)).chargedFen).toBe(yuan(50));
  });
  it('30,000,000 yuan: 13,800 + 9,000 + 24,000 + 35,000 + 60,000 + 50,000 = 191,800', () => {
    expect(courtFee(yuan(30_000_000)).chargedFen).toBe(yuan(191_800));
  });
  it('fractional fen round half up: 10,000.02 yuan → 50 + 0.0005 → 50.00', () => {
    expect(courtFee(10_000 * 100 + 2).chargedFen).toBe(5000);
    // 10,000.20 yuan: 50 + 0.20 × 2.5% = 50.005 → 50.01
    expect(courtFee(10_000 * 100 + 20).chargedFen).toBe(5001);
  });
});

describe('halving (arts. 15, 16)', () => {
  it('simple procedure halves: 20,000 → 150', () => {
    const f = courtFee(yuan(20_000), { procedure: 'simple' });
    expect(f.fullFen).toBe(yuan(300));
    expect(f.chargedFen).toBe(yuan(150));
    expect(f.halvedFor).toEqual(['simple_procedure']);
  });
  it('small-claims procedure halves: 50,000 → 525', () => expect(courtFee(yuan(50_000), { procedure: 'small_claims' }).chargedFen).toBe(yuan(525)));
  it('mediation halves: 100,000 → 1,150', () => expect(courtFee(yuan(100_000), { outcome: 'mediated' }).chargedFen).toBe(yuan(1_150)));
  it('withdrawal halves: 300,000 → 2,900', () => expect(courtFee(yuan(300_000), { outcome: 'withdrawn' }).chargedFen).toBe(yuan(2_900)));
  it('simple procedure AND mediation halve only once: 1,000,000 → 6,900', () => {
    const f = courtFee(yuan(1_000_000), { procedure: 'simple', outcome: 'mediated' });
    expect(f.chargedFen).toBe(yuan(6_900));
    expect(f.halvedFor).toEqual(['simple_procedure', 'mediation']);
  });
  it('ordinary procedure with a judgment is not halved', () => expect(courtFee(yuan(50_000), { procedure: 'ordinary', outcome: 'full_support' }).chargedFen).toBe(yuan(1_050)));
  it('half of an odd fen amount rounds up: 10,000.20 yuan simple → 25.01', () => expect(courtFee(10_000 * 100 + 20, { procedure: 'simple' }).chargedFen).toBe(2501));
});

describe('enforcement, preservation and payment-order fees (art. 14)', () => {
  it('enforcement: 10,000 → 50; 100,000 → 50 + 1,350 = 1,400; 1,000,000 → 50 + 7,350 + 5,000 = 12,400', () => {
    expect(enforcementFee(yuan(10_000))).toBe(yuan(50));
    expect(enforcementFee(yuan(100_000))).toBe(yuan(1_400));
    expect(enforcementFee(yuan(1_000_000))).toBe(yuan(12_400));
  });
  it('enforcement above 10M: 20,000,000 → 50 + 7,350 + 45,000 + 25,000 + 10,000 = 87,400', () => expect(enforcementFee(yuan(20_000_000))).toBe(yuan(87_400)));
  it('preservation: 1,000 → 30; 50,000 → 30 + 490 = 520; 200,000 → 30 + 990 + 500 = 1,520', () => {
    expect(preservationFee(yuan(1_000))).toBe(yuan(30));
    expect(preservationFee(yuan(50_000))).toBe(yuan(520));
    expect(preservationFee(yuan(200_000))).toBe(yuan(1_520));
  });
  it('preservation is capped at 5,000: 10,000,000 → 5,000 (uncapped would be 50,520)', () => expect(preservationFee(yuan(10_000_000))).toBe(yuan(5_000)));
  it('payment order: one third of the acceptance fee, 50,000 → 350', () => expect(paymentOrderFee(yuan(50_000))).toBe(yuan(350)));
  it('rejects negative or fractional fen', () => {
    expect(() => courtFee(-1)).toThrow(RangeError);
    expect(() => courtFee(1.5)).toThrow(RangeError);
  });
});

describe('the SQL form equals the TypeScript form', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
  });
  afterAll(() => ws.dispose());

  it('on a grid of amounts across every bracket, for all three schedules and the halving rules', async () => {
    const amounts = [0, 1, 99_999, 1_000_000, 1_000_020, 1_000_001, 2_000_000, 5_012_345, 10_000_000, 19_999_999, 30_000_000, 123_456_789, 999_999_999, 1_500_000_000, 3_333_333_333, 12_345_678_901];
    const values = amounts.map((a) => `(${a})`).join(', ');
    const sql = `SELECT a,
      ${scheduleFeeSql(CASE_ACCEPTANCE_FEE, 'a')} AS acc,
      ${scheduleFeeSql(ENFORCEMENT_FEE, 'a')} AS enf,
      ${scheduleFeeSql(PRESERVATION_FEE, 'a')} AS pres,
      ${courtFeeChargedSql('a', "'simple'", "'full_support'")} AS simple_fee,
      ${courtFeeChargedSql('a', "'ordinary'", "'withdrawn'")} AS withdrawn_fee,
      ${courtFeeChargedSql('a', "'ordinary'", "'dismissed'")} AS ordinary_fee
      FROM (VALUES ${values}) t(a) ORDER BY a`;
    const rows = await queryRows<{ a: number; acc: number; enf: number; pres: number; simple_fee: number; withdrawn_fee: number; ordinary_fee: number }>(ws.conn, sql);
    expect(rows).toHaveLength(amounts.length);
    for (const r of rows) {
      expect(r.acc).toBe(courtFee(r.a).fullFen);
      expect(r.enf).toBe(enforcementFee(r.a));
      expect(r.pres).toBe(preservationFee(r.a));
      expect(r.simple_fee).toBe(courtFee(r.a, { procedure: 'simple' }).chargedFen);
      expect(r.withdrawn_fee).toBe(courtFee(r.a, { outcome: 'withdrawn' }).chargedFen);
      expect(r.ordinary_fee).toBe(courtFee(r.a).chargedFen);
    }
  });

  it('NULL amount gives NULL', async () => {
    const rows = await queryRows<{ f: number | null }>(ws.conn, `SELECT ${scheduleFeeSql(CASE_ACCEPTANCE_FEE, 'NULL::BIGINT')} AS f`);
    expect(rows[0]?.f).toBeNull();
  });
});
