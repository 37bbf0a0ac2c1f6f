import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { compareRates } from './compare.js';
import { rateRatio } from './stats/intervals.js';
import { buildBook1 } from './testing/books.js';

describe('comparing two windows or two segments (book 1)', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('March (3 ÷ 5) vs January (2 ÷ 11): ratio 3.3, exact interval and p-value', async () => {
    const c = await compareRates(ws.conn, { from: '2024-03-01', to: '2024-03-31', asOf: '2024-06-30' }, { from: '2024-01-01', to: '2024-01-31', asOf: '2024-06-30' });
    expect([c.a.cell.events, c.a.cell.exposure, c.b.cell.events, c.b.cell.exposure]).toEqual([3, 5, 2, 11]);
    const rr = rateRatio(3, 5, 2, 11);
    expect(c.ratio).toMatchObject({ estimate: 3.3, lower: rr.lower, upper: rr.upper, pValue: rr.pValue, significant: false });
  });

  it('institution A vs B over the quarter: 3 ÷ 10 each, ratio 1', async () => {
    const q = { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30' };
    const c = await compareRates(ws.conn, { ...q, filters: { institution: ['A'] } }, { ...q, filters: { institution: ['B'] } });
    expect(c.ratio?.estimate).toBe(1);
    expect(c.definition.ref).toBe('default@1');
  });
});
