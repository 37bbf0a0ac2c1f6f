import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { dropMetricsCache, metricsCacheStatus, refreshMetricsCache } from './cache.js';
import { MetricsConfigSchema } from './config.js';
import { computeRate, type RateQuery } from './rate.js';
import { BOOK2_AS_OF, buildBook1, buildBook2 } from './testing/books.js';
import { insertDisputes } from './testing/insert.js';

const Q1 = { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30' };
const QUERIES: RateQuery[] = [
  Q1,
  { ...Q1, grain: 'month' },
  { ...Q1, slice: ['institution'] },
  { ...Q1, slice: ['product', 'channel'], grain: 'quarter' },
  { ...Q1, slice: ['amount_band'] },
  { ...Q1, slice: ['vintage', 'province'] },
  { ...Q1, slice: ['court'] },
  { ...Q1, slice: ['institution', 'court'], grain: 'month' },
  { ...Q1, slice: ['product_kind'], filters: { product_kind: ['cash_loan'] } },
  { ...Q1, filters: { institution: ['B'] } },
  { ...Q1, definition: 'cohort', slice: ['product'] },
  { from: '2024-02-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'month', rolling: 2 },
  { from: '2024-01-10', to: '2024-02-15', asOf: '2024-06-30', grain: 'month', slice: ['channel'] },
  { from: '2024-01-01', to: '2024-03-31', asOf: '2024-02-29' },
  { from: '2023-07-01', to: '2024-06-30', asOf: '2024-06-30', grain: 'quarter' },
];

describe('the rate cache gives exactly the raw figures', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('is absent until refreshed, then fresh', async () => {
    expect((await metricsCacheStatus(ws.conn)).state).toBe('absent');
    const r = await refreshMetricsCache(ws.conn);
    expect(r).toMatchObject({ state: 'fresh', rowsDispute: 10 });
    expect(r.rowsLoanMonth).toBeGreaterThan(0);
  });

  it.each(QUERIES.map((q, i) => [i, q] as const))('query %i: cached = raw', async (_i, q) => {
    expect((await metricsCacheStatus(ws.conn)).state).toBe('fresh');
    expect(await computeRate(ws.conn, q)).toEqual(await computeRate(ws.conn, { ...q, cache: false }));
  });

  it('a new dispute makes it stale, and the rate follows the data, not the cache', async () => {
    await insertDisputes(ws.conn, [{ dispute_id: 'D11', institution_id: 'A', loan_id: 'a8', filed_at: '2024-02-20', court_name: '法院Y' }]);
    expect(await metricsCacheStatus(ws.conn)).toMatchObject({ state: 'stale', reason: 'data changed' });
    expect((await computeRate(ws.conn, Q1)).cells[0]?.events).toBe(7);
    await refreshMetricsCache(ws.conn);
    expect((await computeRate(ws.conn, Q1)).cells[0]?.events).toBe(7);
  });

  it('other amount bands make it stale', async () => {
    const other = MetricsConfigSchema.parse({ amountBandsYuan: [10000, 50000] });
    expect(await metricsCacheStatus(ws.conn, other)).toMatchObject({ state: 'stale', reason: 'amount bands changed' });
    const q = { ...Q1, slice: ['amount_band'] };
    expect(await computeRate(ws.conn, q, other)).toEqual(await computeRate(ws.conn, { ...q, cache: false }, other));
  });

  it('drop empties it', async () => {
    await dropMetricsCache(ws.conn);
    expect((await metricsCacheStatus(ws.conn)).state).toBe('absent');
  });
});

describe('cache with the other denominators (book 2): numerator from the cache, denominator raw', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook2(ws.conn);
    await refreshMetricsCache(ws.conn);
  });
  afterAll(() => ws.dispose());

  it.each(['per-active-loan', 'per-customer', 'per-balance', 'per-90dpd'])('%s: cached = raw', async (definition) => {
    const q = { from: '2024-04-01', to: BOOK2_AS_OF, asOf: BOOK2_AS_OF, grain: 'month' as const, definition };
    expect(await computeRate(ws.conn, q)).toEqual(await computeRate(ws.conn, { ...q, cache: false }));
  });
});
