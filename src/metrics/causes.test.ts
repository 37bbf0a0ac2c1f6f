import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { computeCauses } from './causes.js';
import { wilson } from './stats/intervals.js';
import { buildBook1 } from './testing/books.js';

describe('causes on book 1, 2024-Q1', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('5 of 6 counted disputes are overdue repayment, 1 (D3) about fees', async () => {
    const r = await computeCauses(ws.conn, { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'quarter' });
    const w = wilson(5, 6);
    expect(r.overall.map((c) => [c.cause, c.events, c.total])).toEqual([
      ['overdue_repayment', 5, 6],
      ['fee_transparency', 1, 6],
    ]);
    expect(r.overall[0]).toMatchObject({ share: 5 / 6, lower: w.lower, upper: w.upper });
  });

  it('by month: March has D3 (fees), D6 and D10 (overdue): fees 1 of 3', async () => {
    const r = await computeCauses(ws.conn, { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'month' });
    expect(r.rows.filter((x) => x.period === '2024-03').map((x) => [x.cause, x.events, x.total])).toEqual([
      ['fee_transparency', 1, 3],
      ['overdue_repayment', 2, 3],
    ]);
  });
});
