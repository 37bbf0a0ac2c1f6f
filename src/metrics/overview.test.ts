import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { MetricsConfigSchema } from './config.js';
import { overview } from './overview.js';
import { computeRate } from './rate.js';
import { buildBook1 } from './testing/books.js';

describe('overview on book 1 as of 2024-06-30', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('headline: 7 disputes (adds April’s D7) ÷ 21 loans over 2023-07-01..2024-06-30, the same cell computeRate gives', async () => {
    const o = await overview(ws.conn, { asOf: '2024-06-30' });
    expect(o.window).toEqual({ from: '2023-07-01', to: '2024-06-30' });
    expect(o.headline).toMatchObject({ events: 7, exposure: 21 });
    const r = await computeRate(ws.conn, { from: '2023-07-01', to: '2024-06-30', asOf: '2024-06-30' });
    const { text, ...cell } = o.headline;
    expect(cell).toEqual(r.totals[0]);
    expect(text.en).toBe('Lawsuit rate 33.33% (95% CI 13.40%–68.68%): 7 disputes ÷ 21 loans originated, 2023-07-01 to 2024-06-30 [default@1]');
    expect(text.zh).toBe('起诉率 33.33%（95%置信区间 13.40%–68.68%）：2023-07-01 至 2024-06-30 纠纷 7 件 ÷ 21 笔放款［default@1］');
  });

  it('trend, peers and causes speak honestly about a tiny book', async () => {
    const o = await overview(ws.conn, { asOf: '2024-06-30' });
    expect(o.trend.direction).toBe('insufficient');
    expect(o.peers.position).toBe('too_few_peers');
    expect(o.topCauses.map((c) => [c.cause, c.events])).toEqual([
      ['overdue_repayment', 6],
      ['fee_transparency', 1],
    ]);
    expect(o.legalCost.disputes).toBe(7);
    expect(o.delinquency).toEqual({ openAccounts: 21, dpd30Plus: 0, dpd90Plus: 0, share30Plus: 0, share90Plus: 0, chargedOff: 0 });
  });

  it('with a home institution the headline is that lender’s: A has 4 disputes (D1 D2 D3 D7) ÷ 11 loans', async () => {
    const o = await overview(ws.conn, { asOf: '2024-06-30' }, MetricsConfigSchema.parse({ institutionId: 'A' }));
    expect(o.institution).toBe('A');
    expect(o.headline).toMatchObject({ events: 4, exposure: 11 });
  });
});
