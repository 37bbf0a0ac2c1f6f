import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { MetricsConfigSchema } from './config.js';
import { dpdBucket, monthEnds, overdueBuckets, rollRates, vintageCurves, type BucketRow, type RollRow } from './overdue.js';
import { wilson } from './stats/intervals.js';
import { BOOK2_AS_OF, buildBook2 } from './testing/books.js';
import { insertLoans, insertRows, installments, repayment } from './testing/insert.js';

function counts(rows: BucketRow[]): Record<string, number> {
  return Object.fromEntries(rows.filter((r) => r.accounts > 0).map((r) => [r.bucket, r.accounts]));
}

function roll(rows: RollRow[], bucket: string, from?: string): RollRow {
  const r = rows.find((x) => x.bucket === bucket && (from === undefined || x.from === from));
  if (!r) throw new Error(`no roll row ${bucket} ${from ?? ''}`);
  return r;
}

describe('DPD bucket rule', () => {
  it('0 → M0, 1 and 30 → M1, 31 → M2, 90 → M3, 91 → M4, 150 → M5, 151 → M6+', () => {
    expect([0, 1, 30, 31, 90, 91, 150, 151, 999].map(dpdBucket)).toEqual(['M0', 'M1', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+', 'M6+']);
  });
  it('month-ends from 2024-01-15 to 2024-04-29: Jan, Feb, Mar (April not yet ended)', () => {
    expect(monthEnds('2024-01-15', '2024-04-29')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
  });
});

describe('overdue metrics on hand-built book 2', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook2(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('as of 2024-06-30: L2 121 days (M5), L3 46 days (M2), L5 not yet due (M0); L1 and L4 closed', async () => {
    const b = await overdueBuckets(ws.conn, { asOf: BOOK2_AS_OF });
    expect(counts(b.rows)).toEqual({ M0: 1, M2: 1, M5: 1 });
    expect(b.open).toEqual([{ slice: {}, accounts: 3, closed: 2, chargedOff: 0 }]);
    const m5 = b.rows.find((r) => r.bucket === 'M5');
    expect(m5).toMatchObject({ share: 1 / 3, arrearsFen: 82_000 });
    expect(b.rows.find((r) => r.bucket === 'M2')?.arrearsFen).toBe(41_000);
  });

  it('as of 2024-03-31: L1 and L4 current, L2 30 days and L3 16 days (both M1)', async () => {
    const b = await overdueBuckets(ws.conn, { asOf: '2024-03-31' });
    expect(counts(b.rows)).toEqual({ M0: 2, M1: 2 });
  });

  it('tolerance: a loan 0.50 yuan short on each of three installments is M3 with no tolerance and paid off with 2 yuan', async () => {
    const short = await openTempWorkspace();
    try {
      await insertLoans(short.conn, [{ loan_id: 'S', originated_at: '2024-01-01', principal_fen: 120_000, term_months: 3 }]);
      await insertRows(short.conn, 'installment', installments('S', ['2024-02-01', '2024-03-01', '2024-04-01'], 40_000, 1_000));
      await insertRows(short.conn, 'repayment', [repayment('S', '2024-02-01', 40_950), repayment('S', '2024-03-01', 40_950), repayment('S', '2024-04-01', 40_950)]);
      expect(counts((await overdueBuckets(short.conn, { asOf: BOOK2_AS_OF })).rows)).toEqual({ M3: 1 });
      const tolerant = await overdueBuckets(short.conn, { asOf: BOOK2_AS_OF }, MetricsConfigSchema.parse({ dpdToleranceFen: 200 }));
      expect(tolerant.open).toEqual([{ slice: {}, accounts: 0, closed: 1, chargedOff: 0 }]);
    } finally {
      short.dispose();
    }
  });

  it('roll rates March → April: both M1 accounts roll to M2 (100%), both M0 accounts close', async () => {
    const r = await rollRates(ws.conn, { from: '2024-03-01', to: BOOK2_AS_OF, asOf: BOOK2_AS_OF });
    expect(r.monthEnds).toEqual(['2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30']);
    expect(roll(r.rows, 'M1', '2024-03-31')).toMatchObject({ accounts: 2, rollForward: 1, cure: 0 });
    expect(roll(r.rows, 'M0', '2024-03-31')).toMatchObject({ accounts: 2, rollForward: 0, cure: 1 });
    expect(roll(r.rows, 'M0', '2024-03-31').next.closed).toBe(2);
  });

  it('roll rates April → May: of two M2 accounts L2 rolls to M4 (60 → 91 days) and L3 cures to M1', async () => {
    const r = await rollRates(ws.conn, { from: '2024-03-01', to: BOOK2_AS_OF, asOf: BOOK2_AS_OF });
    const m2 = roll(r.rows, 'M2', '2024-04-30');
    expect(m2).toMatchObject({ accounts: 2, rollForward: 0.5, cure: 0.5 });
    expect(m2.next).toMatchObject({ M1: 1, M4: 1 });
  });

  it('pooled over the three month pairs: M1 3 accounts all roll forward; M2 half; M4 1 of 1', async () => {
    const r = await rollRates(ws.conn, { from: '2024-03-01', to: BOOK2_AS_OF, asOf: BOOK2_AS_OF });
    expect(r.pooled.map((x) => [x.bucket, x.accounts, x.rollForward])).toEqual([
      ['M0', 2, 0],
      ['M1', 3, 1],
      ['M2', 2, 0.5],
      ['M4', 1, 1],
    ]);
  });

  it('vintages: 2024-01 cohort (L1, L2) reaches 50% ever-90+ at MOB 4 (L2 on 2024-05-31); later cohorts stay at 0', async () => {
    const v = await vintageCurves(ws.conn, { asOf: BOOK2_AS_OF, from: '2024-01-01' });
    const jan = v.curves.find((c) => c.cohort === '2024-01');
    expect(jan?.loans).toBe(2);
    expect(jan?.points.map((p) => [p.mob, p.ever90, p.rate])).toEqual([
      [1, 0, 0],
      [2, 0, 0],
      [3, 0, 0],
      [4, 1, 0.5],
      [5, 1, 0.5],
    ]);
    const w = wilson(1, 2);
    expect(jan?.points[3]).toMatchObject({ lower: w.lower, upper: w.upper });
    expect(v.curves.find((c) => c.cohort === '2024-02')?.points.map((p) => p.mob)).toEqual([1, 2, 3, 4]);
    expect(v.curves.find((c) => c.cohort === '2024-03')?.points.map((p) => p.ever90)).toEqual([0, 0, 0]);
    expect(v.curves.find((c) => c.cohort === '2024-06')?.points).toEqual([]);
  });
});

describe('charge-off: a charged-off account leaves the open book once it is more than 180 days past due', () => {
  // Two loans of 3 × 410.00 due 2024-02-01, -03-01, -04-01, nothing ever paid. CO is marked
  // charged_off, ACT is still active. Days past due (oldest due 2024-02-01): 150 on 2024-06-30
  // (M5), 181 on 2024-07-31, 212 on 2024-08-31.
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await insertLoans(ws.conn, [
      { loan_id: 'CO', originated_at: '2024-01-01', principal_fen: 120_000, term_months: 3, status: 'charged_off' },
      { loan_id: 'ACT', originated_at: '2024-01-01', principal_fen: 120_000, term_months: 3, status: 'active' },
    ]);
    for (const id of ['CO', 'ACT']) await insertRows(ws.conn, 'installment', installments(id, ['2024-02-01', '2024-03-01', '2024-04-01'], 40_000, 1_000));
  });
  afterAll(() => ws.dispose());

  it('as of 2024-07-31 (181 days) the charged-off loan is off the book; the active one stays in M6+', async () => {
    const b = await overdueBuckets(ws.conn, { asOf: '2024-07-31' });
    expect(counts(b.rows)).toEqual({ 'M6+': 1 });
    expect(b.open).toEqual([{ slice: {}, accounts: 1, closed: 0, chargedOff: 1 }]);
    expect(b.rows.find((r) => r.bucket === 'M6+')?.share).toBe(1);
  });

  it('as of 2024-06-30 (150 days) both are open in M5: the status alone does not take a loan off the book earlier', async () => {
    const b = await overdueBuckets(ws.conn, { asOf: '2024-06-30' });
    expect(counts(b.rows)).toEqual({ M5: 2 });
    expect(b.open).toEqual([{ slice: {}, accounts: 2, closed: 0, chargedOff: 0 }]);
  });

  it('chargeOffDpd is configurable: at 200 days both stay open as of 2024-07-31 (M6+)', async () => {
    const b = await overdueBuckets(ws.conn, { asOf: '2024-07-31' }, MetricsConfigSchema.parse({ chargeOffDpd: 200 }));
    expect(counts(b.rows)).toEqual({ 'M6+': 2 });
    expect(b.open).toEqual([{ slice: {}, accounts: 2, closed: 0, chargedOff: 0 }]);
  });

  it('roll rates: the move from M6+ to charged off counts as rolling forward, never as a cure', async () => {
    const r = await rollRates(ws.conn, { from: '2024-06-01', to: '2024-08-31', asOf: '2024-08-31' }, MetricsConfigSchema.parse({ chargeOffDpd: 200 }));
    expect(r.monthEnds).toEqual(['2024-06-30', '2024-07-31', '2024-08-31']);
    // July → August: 181 → 212 days; CO is charged off at August's end, ACT stays in M6+.
    const july = roll(r.rows, 'M6+', '2024-07-31');
    expect(july).toMatchObject({ accounts: 2, rollForward: 0.5, cure: 0 });
    expect(july.next).toMatchObject({ 'M6+': 1, charged_off: 1, closed: 0 });
  });

  it('roll rates with the default 180 days: June-end M5 → July-end M6+ (ACT) and charged off (CO), both forward; CO starts no later row', async () => {
    const r = await rollRates(ws.conn, { from: '2024-06-01', to: '2024-08-31', asOf: '2024-08-31' });
    expect(roll(r.rows, 'M5', '2024-06-30')).toMatchObject({ accounts: 2, rollForward: 1, cure: 0, next: { M5: 0, 'M6+': 1, closed: 0, charged_off: 1 } });
    expect(roll(r.rows, 'M6+', '2024-07-31')).toMatchObject({ accounts: 1, rollForward: 0, cure: 0 });
  });
});
