import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { computeFunnel } from './funnel.js';
import { wilson } from './stats/intervals.js';
import { BOOK2_AS_OF, buildBook2 } from './testing/books.js';
import { insertRows } from './testing/insert.js';

describe('funnel and time to suit on book 2 with two complaints', () => {
  let ws: TempWorkspace;
  const window = { from: '2024-01-01', to: BOOK2_AS_OF, asOf: BOOK2_AS_OF };
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook2(ws.conn);
    await insertRows(ws.conn, 'complaint', [
      // About loan L2, before its suit on 2024-06-15.
      { complaint_id: 'K1', customer_id: 'C2', loan_id: 'L2', received_at: '2024-05-20 10:00:00', status: 'closed', category: 'hardship' },
      // Customer C3 without a loan number: attributed to C3's loan L3.
      { complaint_id: 'K2', customer_id: 'C3', loan_id: null, received_at: '2024-04-20 09:00:00', status: 'closed', category: 'collection' },
      // After asOf: not yet known.
      { complaint_id: 'K3', customer_id: 'C4', loan_id: 'L4', received_at: '2024-07-02 09:00:00', status: 'received', category: 'fees' },
    ]);
  });
  afterAll(() => ws.dispose());

  it('loans 5 → 30+ DPD 2 (L2, L3) → 90+ DPD 1 (L2) → complaint 2 (L2, L3) → lawsuit 1 (L2)', async () => {
    const f = await computeFunnel(ws.conn, window);
    const st = f.total.stages;
    expect([st.loans.count, st.dpd30.count, st.dpd90.count, st.complaint.count, st.lawsuit.count]).toEqual([5, 2, 1, 2, 1]);
    const w = wilson(2, 5);
    expect(st.dpd30).toMatchObject({ of: 5, rate: 0.4, lower: w.lower, upper: w.upper });
  });

  it('conversions: 30+→90+ 1 of 2; 90+→suit 1 of 1; complaint→suit 1 of 2; the suit followed a complaint and came after 90+ DPD', async () => {
    const c = (await computeFunnel(ws.conn, window)).total.conversions;
    expect([c.dpd30ToDpd90.count, c.dpd30ToDpd90.of]).toEqual([1, 2]);
    expect([c.dpd90ToLawsuit.count, c.dpd90ToLawsuit.of]).toEqual([1, 1]);
    expect([c.complaintToLawsuit.count, c.complaintToLawsuit.of]).toEqual([1, 2]);
    expect([c.lawsuitsWithPriorComplaint.count, c.lawsuitsBeforeDpd90.count]).toEqual([1, 0]);
  });

  it('time to suit: L2 first passed 90 DPD on 2024-05-31 and was sued on 2024-06-15 → one event at 15 days, median 15', async () => {
    const km = (await computeFunnel(ws.conn, window)).total.timeToSuit;
    expect(km.n).toBe(1);
    expect(km.steps.map((s) => [s.time, s.events, s.survival])).toEqual([[15, 1, 0]]);
    expect(km.median).toBe(15);
  });

  it('by vintage (quarter): 2024-Q1 holds L1–L4 with the whole funnel; 2024-Q2 only L5', async () => {
    const f = await computeFunnel(ws.conn, { ...window, slice: ['vintage'] });
    expect(f.segments.map((s) => [s.slice['vintage'], s.stages.loans.count, s.stages.dpd30.count, s.stages.lawsuit.count])).toEqual([
      ['2024-Q1', 4, 2, 1],
      ['2024-Q2', 1, 0, 0],
    ]);
    expect(f.total.stages.loans.count).toBe(5);
  });

  it('as of 2024-05-31 there is no suit yet: L2 is censored at 0 days', async () => {
    const f = await computeFunnel(ws.conn, { from: '2024-01-01', to: '2024-05-31', asOf: '2024-05-31' });
    expect(f.total.stages.lawsuit.count).toBe(0);
    expect(f.total.timeToSuit.steps).toEqual([expect.objectContaining({ time: 0, events: 0, censored: 1 })]);
    expect(f.total.timeToSuit.median).toBeNull();
  });
});
