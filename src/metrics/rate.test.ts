import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { defaultMetricsConfig, MetricsConfigSchema } from './config.js';
import { computeRate, type RateCell } from './rate.js';
import { garwood, wilson } from './stats/intervals.js';
import { BOOK2_AS_OF, buildBook1, buildBook2 } from './testing/books.js';

const Q1 = { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30' };

function cell(cells: RateCell[], slice: Record<string, string>, period?: string): RateCell {
  const found = cells.find((c) => (period === undefined || c.period === period) && Object.entries(slice).every(([k, v]) => c.slice[k] === v));
  if (!found) throw new Error(`no cell ${JSON.stringify(slice)} ${period ?? ''}`);
  return found;
}

describe('lawsuit rate on hand-built book 1', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('default@1 over 2024-Q1: 6 disputes (D1 D2 D3 D5 D6 D10) ÷ 20 loans = 0.30 with the Garwood interval', async () => {
    const r = await computeRate(ws.conn, Q1);
    expect(r.definition.ref).toBe('default@1');
    expect(r.definition.numerator).toEqual({ basis: 'period', role: 'either', lendingOnly: true, dateBasis: 'filed' });
    expect(r.definition.denominator).toEqual({ kind: 'originated' });
    expect(r.cells).toHaveLength(1);
    const c = r.cells[0];
    const g = garwood(6, 20);
    expect(c).toMatchObject({ period: '2024-01-01..2024-03-31', events: 6, exposure: 20, rate: 0.3, lower: g.lower, upper: g.upper, fallbackDates: 1 });
    expect(c?.lower).toBeCloseTo(0.1100947, 7);
    expect(c?.upper).toBeCloseTo(0.6529737, 7);
    expect(r.query).toMatchObject({ from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'all', rolling: 1, level: 0.95 });
  });

  it('by month: Jan 2 ÷ 11, Feb 1 ÷ 4, Mar 3 ÷ 5', async () => {
    const r = await computeRate(ws.conn, { ...Q1, grain: 'month' });
    expect(r.cells.map((c) => [c.period, c.events, c.exposure])).toEqual([
      ['2024-01', 2, 11],
      ['2024-02', 1, 4],
      ['2024-03', 3, 5],
    ]);
  });

  it('by institution: A 3 ÷ 10 (D1 D2 D3), B 3 ÷ 10 (D5, unlinked D6, D10); equal rates, ratio 1, p = 1', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['institution'] }, MetricsConfigSchema.parse({ smallCell: { minEvents: 1, minExposure: 1 } }));
    const a = cell(r.cells, { institution: 'A' });
    const b = cell(r.cells, { institution: 'B' });
    expect([a.events, a.exposure, b.events, b.exposure]).toEqual([3, 10, 3, 10]);
    expect(a.vsRest).toMatchObject({ ratio: 1, significant: false });
    expect(a.vsRest?.pValue).toBeCloseTo(1, 10);
    expect(r.totals[0]).toMatchObject({ events: 6, exposure: 20 });
  });

  it('by product: PA1 3 ÷ 10, PB1 2 ÷ 10, and the unlinked dispute in its own cell without exposure', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['product'] });
    expect(cell(r.cells, { product: 'PA1' })).toMatchObject({ events: 3, exposure: 10, rate: 0.3 });
    expect(cell(r.cells, { product: 'PB1' })).toMatchObject({ events: 2, exposure: 10, rate: 0.2 });
    expect(cell(r.cells, { product: '(unlinked)' })).toMatchObject({ events: 1, exposure: 0, rate: null, small: true, smallReason: 'no_exposure', rank: null });
  });

  it('small cells are flagged and not ranked (default: fewer than 10 events)', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['product'] });
    expect(cell(r.cells, { product: 'PA1' })).toMatchObject({ small: true, smallReason: 'few_events', rank: null, vsRest: null });
    const loose = await computeRate(ws.conn, { ...Q1, slice: ['product'] }, MetricsConfigSchema.parse({ smallCell: { minEvents: 2, minExposure: 5 } }));
    expect(cell(loose.cells, { product: 'PA1' })).toMatchObject({ small: false, rank: 1 });
    expect(cell(loose.cells, { product: 'PB1' })).toMatchObject({ small: false, rank: 2 });
  });

  it('by amount band: ≤5,000 1 ÷ 1; 5,000–10,000 1 ÷ 2; 10,000–30,000 1 ÷ 7; 50,000–100,000 2 ÷ 10', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['amount_band'] });
    const rows = r.cells.filter((c) => c.exposure > 0).map((c) => [c.slice['amount_band'], c.events, c.exposure]);
    expect(rows).toEqual([
      ['10,000–30,000', 1, 7],
      ['5,000–10,000', 1, 2],
      ['50,000–100,000', 2, 10],
      ['≤5,000', 1, 1],
    ]);
  });

  it('by court (numerator only): X 3, Y 2, Z 1, each over all 20 loans, adding up to the total', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['court'] });
    expect(r.cells.map((c) => [c.slice['court'], c.events, c.exposure])).toEqual([
      ['法院X', 3, 20],
      ['法院Y', 2, 20],
      ['法院Z', 1, 20],
    ]);
    expect(r.cells.every((c) => c.vsRest === null)).toBe(true);
  });

  it('institution × court: A at X has D1 and D2 over A’s 10 loans', async () => {
    const r = await computeRate(ws.conn, { ...Q1, slice: ['institution', 'court'] });
    expect(cell(r.cells, { institution: 'A', court: '法院X' })).toMatchObject({ events: 2, exposure: 10 });
    expect(cell(r.cells, { institution: 'A', court: '法院Z' })).toMatchObject({ events: 0, exposure: 10 });
    expect(cell(r.cells, { institution: 'B', court: '法院X' })).toMatchObject({ events: 1, exposure: 10 });
  });

  it('role filters: plaintiff 5, defendant 1, any party 7 (adds the third-party D9)', async () => {
    const user = MetricsConfigSchema.parse({
      definitions: [
        { name: 'plaintiff', version: 1, numerator: { role: 'plaintiff' }, denominator: { kind: 'originated' } },
        { name: 'defendant', version: 1, numerator: { role: 'defendant' }, denominator: { kind: 'originated' } },
        { name: 'anyrole', version: 1, numerator: { role: 'any' }, denominator: { kind: 'originated' } },
        { name: 'all-causes', version: 2, numerator: { lendingOnly: false }, denominator: { kind: 'originated' } },
      ],
    });
    const events = async (definition: string): Promise<number> => (await computeRate(ws.conn, { ...Q1, definition }, user)).cells[0]?.events ?? -1;
    expect(await events('plaintiff')).toBe(5);
    expect(await events('defendant@1')).toBe(1);
    expect(await events('anyrole')).toBe(7);
    expect(await events('all-causes')).toBe(7);
  });

  it('cause and court filters in a user definition: fee disputes 1; court code 渝0192 2', async () => {
    const user = MetricsConfigSchema.parse({
      definitions: [
        { name: 'fees', version: 1, numerator: { causeCategories: ['fee_transparency'] }, denominator: { kind: 'originated' } },
        { name: 'court-yu', version: 1, numerator: { courts: ['渝0192'] }, denominator: { kind: 'originated' } },
      ],
    });
    expect((await computeRate(ws.conn, { ...Q1, definition: 'fees' }, user)).cells[0]?.events).toBe(1);
    expect((await computeRate(ws.conn, { ...Q1, definition: 'court-yu' }, user)).cells[0]?.events).toBe(2);
  });

  it('decided date basis: decided in Q1 only D2 (2024-03-01)', async () => {
    const user = MetricsConfigSchema.parse({ definitions: [{ name: 'decided', version: 1, numerator: { dateBasis: 'decided' }, denominator: { kind: 'originated' } }] });
    const r = await computeRate(ws.conn, { ...Q1, definition: 'decided' }, user);
    expect(r.cells[0]?.events).toBe(1);
  });

  it('cohort@1: 6 of the 20 Q1 loans ended in a lawsuit by asOf (a1 a2 a4 a7 b1 b6), Wilson interval', async () => {
    const r = await computeRate(ws.conn, { ...Q1, definition: 'cohort' });
    const w = wilson(6, 20);
    expect(r.cells[0]).toMatchObject({ events: 6, exposure: 20, rate: 0.3, lower: w.lower, upper: w.upper });
  });

  it('filters: institution B only gives 3 ÷ 10', async () => {
    const r = await computeRate(ws.conn, { ...Q1, filters: { institution: ['B'] } });
    expect(r.cells[0]).toMatchObject({ events: 3, exposure: 10 });
  });

  it('rolling 2 months: Feb covers Jan–Feb (3 ÷ 15), Mar covers Feb–Mar (4 ÷ 9)', async () => {
    const r = await computeRate(ws.conn, { from: '2024-02-01', to: '2024-03-31', asOf: '2024-06-30', grain: 'month', rolling: 2 });
    expect(r.cells.map((c) => [c.period, c.windowStart, c.events, c.exposure])).toEqual([
      ['2024-02', '2024-01-01', 3, 15],
      ['2024-03', '2024-02-01', 4, 9],
    ]);
  });

  it('a window cut mid-month is clipped and flagged partial: 2024-01-10..2024-02-15 has Jan 2 ÷ 6 (a1..a6), Feb 1 ÷ 0', async () => {
    const r = await computeRate(ws.conn, { from: '2024-01-10', to: '2024-02-15', asOf: '2024-06-30', grain: 'month' });
    expect(r.cells.map((c) => [c.period, c.periodStart, c.periodEnd, c.partial, c.events, c.exposure])).toEqual([
      ['2024-01', '2024-01-10', '2024-01-31', true, 2, 6],
      ['2024-02', '2024-02-01', '2024-02-15', true, 1, 0],
    ]);
  });

  it('asOf cuts what is known: as of 2024-02-29 the Q1 window holds only Jan–Feb (3 ÷ 15)', async () => {
    const r = await computeRate(ws.conn, { from: '2024-01-01', to: '2024-03-31', asOf: '2024-02-29' });
    expect(r.query.to).toBe('2024-02-29');
    expect(r.cells[0]).toMatchObject({ events: 3, exposure: 15 });
  });

  it('rejects an unknown definition and an unknown slice with clear errors', async () => {
    await expect(computeRate(ws.conn, { ...Q1, definition: 'nope' })).rejects.toThrow(/Unknown rate definition "nope"/);
    await expect(computeRate(ws.conn, { ...Q1, slice: ['color'] })).rejects.toThrow(/Unknown slice dimension "color"/);
  });
});

describe('other denominators on hand-built book 2 (2024-Q2, asOf 2024-06-30, one dispute S1 filed 2024-06-15)', () => {
  let ws: TempWorkspace;
  const Q2 = { from: '2024-04-01', to: '2024-06-30', asOf: BOOK2_AS_OF };
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook2(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('per-active-loan@1: loan-days L2 91 + L3 91 + L4 9 + L5 11 = 202 over 91 days → 2.2198 average active loans', async () => {
    const r = await computeRate(ws.conn, { ...Q2, definition: 'per-active-loan' });
    expect(r.cells[0]?.events).toBe(1);
    expect(r.cells[0]?.exposure).toBeCloseTo(202 / 91, 12);
    expect(r.cells[0]?.rate).toBeCloseTo(91 / 202, 12);
  });

  it('per-customer@1: C2 (L2 and L5), C3, C4 → 3 customers', async () => {
    const r = await computeRate(ws.conn, { ...Q2, definition: 'per-customer' });
    expect(r.cells[0]).toMatchObject({ events: 1, exposure: 3 });
  });

  it('per-balance@1: 15,134,640 fen-days of principal = 0.041465 ten-thousand-yuan-years', async () => {
    const r = await computeRate(ws.conn, { ...Q2, definition: 'per-balance' });
    // L2 80,000 × 91 + L3 100,488 × 30 + 40,000 × 61 + L4 120,000 × 9 + L5 120,000 × 11
    expect(r.cells[0]?.exposure).toBeCloseTo(15_134_640 / (1_000_000 * 365), 12);
    expect(r.definition.display).toEqual({ scale: 1, per: { zh: '件/万元·年', en: 'per 10,000 yuan-years' } });
  });

  it('per-90dpd@1: one account (L2) first passed 90 DPD in Q2, on 2024-05-31', async () => {
    const r = await computeRate(ws.conn, { ...Q2, definition: 'per-90dpd' });
    expect(r.cells[0]).toMatchObject({ events: 1, exposure: 1, rate: 1 });
  });

  it('per-active-loan by month: April (L2 30 + L3 30 + L4 9)/30 = 2.3', async () => {
    const r = await computeRate(ws.conn, { ...Q2, definition: 'per-active-loan', grain: 'month' });
    expect(r.cells.map((c) => [c.period, Number(c.exposure.toFixed(10)), c.events])).toEqual([
      ['2024-04', 2.3, 0],
      ['2024-05', 2, 0],
      ['2024-06', Number(((30 + 30 + 11) / 30).toFixed(10)), 1],
    ]);
  });
});

describe('defaults', () => {
  it('the config default definition is default@1', () => {
    expect(defaultMetricsConfig().defaultDefinition).toBe('default@1');
  });
});
