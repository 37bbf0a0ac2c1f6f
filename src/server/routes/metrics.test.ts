import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildBook1 } from '../../metrics/testing/books.js';
import { computeRate } from '../../metrics/rate.js';
import { overview } from '../../metrics/overview.js';
import { computeTrend } from '../../metrics/trend.js';
import { startHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: buildBook1 });
});
afterAll(async () => h.dispose());

describe('rate explorer API', () => {
  it('returns exactly what computeRate returns for the same query', async () => {
    const c = await h.as('analyst');
    const api = await c.call('rate', { query: { grain: 'quarter', slice: 'institution', from: '2024-01-01', to: '2024-06-30' } });
    const direct = await h.server.deps.db.read((conn) => computeRate(conn, { grain: 'quarter', slice: ['institution'], from: '2024-01-01', to: '2024-06-30' }, h.server.deps.config.metrics));
    expect(api).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(api.cells.length).toBeGreaterThan(0);
    expect(api.definition.ref).toBe('default@1');
  });

  it('serves repeated queries from the cache and recomputes after the data changes', async () => {
    const c = await h.as('analyst');
    const q = { query: { grain: 'month' as const, from: '2024-01-01', to: '2024-06-30' } };
    await c.call('rate', q);
    const { hits, misses } = h.server.deps.cache;
    await c.call('rate', q);
    expect(h.server.deps.cache.hits).toBe(hits + 1);
    await h.server.deps.db.write(async () => undefined); // any write bumps the data version
    await c.call('rate', q);
    expect(h.server.deps.cache.misses).toBe(misses + 1);
  });

  it('sends large cached results gzipped to clients that accept it, plain to others', async () => {
    const c = await h.as('analyst');
    await c.call('rate', { query: { grain: 'month', slice: 'institution', from: '2024-01-01', to: '2024-06-30' } });
    const cookie = `suitrate_session=${(c as unknown as { cookies: Map<string, string> }).cookies.get('suitrate_session')}`;
    const url = `${h.server.url}/api/rate?grain=month&slice=institution&from=2024-01-01&to=2024-06-30`;
    const zipped = await fetch(url, { headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(url, { headers: { cookie, 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await zipped.json()).toEqual(await plain.json());
  });

  it('lists definitions and dimensions', async () => {
    const meta = await (await h.as('legal')).call('rateMeta', {});
    expect(meta.definitions.map((d) => d.ref)).toContain('default@1');
    expect(meta.dimensions).toContain('province');
  });

  it('refuses an unknown slice dimension with 400 naming it', async () => {
    await expect((await h.as('analyst')).call('rate', { query: { slice: 'shoe_size' } })).rejects.toMatchObject({ status: 400, code: 'metrics.slice_unknown' });
  });

  it('exports CSV and XLSX with the same rows', async () => {
    const c = await h.as('auditor');
    const query = { grain: 'quarter', slice: 'institution', from: '2024-01-01', to: '2024-06-30' };
    const json = await c.call('rate', { query: { grain: 'quarter', slice: 'institution', from: '2024-01-01', to: '2024-06-30' } });
    const csv = (await (await c.raw('rateExport', { query: { ...query, format: 'csv' } })).text()).replace(/^\ufeff/, '').trim().split('\n');
    expect(csv[0]).toBe('period,period_start,period_end,institution,events,exposure,rate,lower,upper,small,small_reason,rank,rate_ratio_vs_rest,significant,definition');
    expect(csv.length - 1).toBe(json.cells.length);
    const xlsx = await (await c.raw('rateExport', { query: { ...query, format: 'xlsx' } })).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx);
    expect(wb.getWorksheet('rate')?.rowCount).toBe(json.cells.length + 1);
    expect(wb.getWorksheet('definition')?.getCell('B1').value).toBe('default@1');
  });
});

describe('overview API', () => {
  it('carries the metrics overview unchanged, the monthly trend series and alerts', async () => {
    const c = await h.as('complaint_handler');
    const api = await c.call('overview', { query: {} });
    const cfg = h.server.deps.config.metrics;
    const direct = JSON.parse(JSON.stringify(await h.server.deps.db.read((conn) => overview(conn, {}, cfg))));
    const trend = await h.server.deps.db.read((conn) => computeTrend(conn, {}, cfg));
    const { series, alerts, ...rest } = api;
    expect(rest).toEqual(direct);
    expect(series.map((p) => [p.period, p.events])).toEqual(trend.points.map((p) => [p.period, p.events]));
    expect(Array.isArray(alerts)).toBe(true);
  });
});
