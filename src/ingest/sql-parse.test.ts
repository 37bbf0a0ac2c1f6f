import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDate } from '../domain/dates.js';
import { parseYuan } from '../domain/money.js';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { queryRows } from '../store/sql.js';
import { parseMacrosSql } from './sql-parse.js';

let ws: TempWorkspace;

beforeAll(async () => {
  ws = await openTempWorkspace();
  await ws.conn.run(parseMacrosSql());
});

afterAll(() => ws.dispose());

/** Evaluate `fn(v)` in DuckDB for each input (one query for all); empty text is NULL, as in the importer. */
async function sqlEach(fn: string, inputs: readonly string[]): Promise<unknown[]> {
  await ws.conn.run('CREATE OR REPLACE TEMP TABLE t (i INTEGER, v VARCHAR)');
  const app = await ws.conn.createAppender('t');
  inputs.forEach((v, i) => {
    app.appendInteger(i);
    app.appendVarchar(v);
    app.endRow();
  });
  app.closeSync();
  const rows = await queryRows<{ i: number; r: unknown }>(ws.conn, `SELECT i, ${fn}(NULLIF(v, '')) AS r FROM t ORDER BY i`);
  return rows.map((r) => r.r);
}

const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(digit, { minLength: min, maxLength: max }).map((a) => a.join(''));

const dateLike = fc.oneof(
  fc.tuple(fc.integer({ min: 1890, max: 2210 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('-', '/', '.', '年', ''), fc.boolean(), fc.constantFrom('', '', '', ' 10:30', 'T08:00:00', ' 23:59:59', 'T1:2')).map(([y, m, d, sep, pad, time]) => {
    const p = (n: number): string => (pad ? String(n).padStart(2, '0') : String(n));
    if (sep === '年') return `${y}年${p(m)}月${p(d)}日`;
    return `${y}${sep}${sep === '' ? String(m).padStart(2, '0') : p(m)}${sep}${sep === '' ? String(d).padStart(2, '0') : p(d)}${time}`;
  }),
  fc.string({ maxLength: 12 }),
  digits(1, 9),
);

const moneyLike = fc.oneof(
  fc.tuple(fc.constantFrom('', '-', '+', '¥', '￥', '人民币', 'RMB '), digits(1, 17), fc.option(digits(0, 5)), fc.constantFrom('', '元')).map(([pre, int, frac, post]) => `${pre}${int}${frac === null ? '' : '.' + frac}${post}`),
  fc.tuple(digits(1, 3), fc.array(digits(3, 3), { minLength: 1, maxLength: 5 }), fc.option(digits(1, 3))).map(([a, groups, frac]) => `${a},${groups.join(',')}${frac === null ? '' : '.' + frac}`),
  fc.string({ maxLength: 10 }),
);

describe('SQL value parsers agree with the domain parsers', () => {
  it('sr_date(v) = parseDate(v) for date-like and random strings', async () => {
    const inputs = fc.sample(fc.tuple(dateLike, fc.constantFrom('', '', ' ', '  '), fc.constantFrom('', '', ' ')), { numRuns: 3000, seed: 42 }).map(([d, a, b]) => a + d + b).filter((s) => s.trim() !== '' && !/[^\S ]/.test(s));
    const got = await sqlEach('sr_date', inputs);
    expect(got.filter((v) => v !== null).length).toBeGreaterThan(inputs.length / 8); // the sample exercises valid dates too
    inputs.forEach((s, i) => {
      const js = parseDate(s);
      expect({ s, v: got[i] ?? null }).toEqual({ s, v: js.ok ? js.date : null });
    });
  });

  it('sr_money(v) = parseYuan(v) in fen for amount-like and random strings', async () => {
    const inputs = fc.sample(fc.tuple(moneyLike, fc.constantFrom('', '', ' '), fc.constantFrom('', '', ' ')), { numRuns: 3000, seed: 7 }).map(([m, a, b]) => a + m + b).filter((s) => s.trim() !== '' && !/[^\S ]/.test(s));
    const got = await sqlEach('sr_money', inputs);
    expect(got.filter((v) => v !== null).length).toBeGreaterThan(inputs.length / 4);
    inputs.forEach((s, i) => {
      const js = parseYuan(s);
      expect({ s, v: got[i] ?? null }).toEqual({ s, v: js.ok ? js.fen : null });
    });
  });

  it('the fast paths the read uses accept only what the domain parsers read, to the same value', async () => {
    const edges = ['9055.960000000001', '0.005', '-0.005', '0.0049999', '-2.675', '1.995', '9999999999999.99', '9999999999999.995', '0.00500000000000000000001'];
    expect(await sqlEach('sr_money', edges)).toEqual(edges.map((s) => {
      const js = parseYuan(s);
      return js.ok ? js.fen : null;
    }));
    expect(await sqlEach('sr_money_fast', edges)).toEqual([905596, 1, -1, 0, -268, 200, 999999999999999, null, 1]);
    const money = fc.sample(moneyLike, { numRuns: 3000, seed: 11 }).filter((s) => s !== '');
    const gotMoney = await sqlEach('sr_money_fast', money);
    expect(gotMoney.filter((v) => v !== null).length).toBeGreaterThan(50); // the sample exercises the fast path
    money.forEach((s, i) => {
      const js = parseYuan(s);
      if (gotMoney[i] !== null) expect({ s, v: gotMoney[i] }).toEqual({ s, v: js.ok ? js.fen : 'rejected' });
    });
    const dates = fc.sample(dateLike, { numRuns: 3000, seed: 12 }).filter((s) => s !== '');
    const gotDates = await sqlEach('sr_date_fast', dates);
    expect(gotDates.filter((v) => v !== null).length).toBeGreaterThan(20);
    dates.forEach((s, i) => {
      const js = parseDate(s);
      if (gotDates[i] !== null) expect({ s, v: gotDates[i] }).toEqual({ s, v: js.ok ? js.date : 'rejected' });
    });
  });

  it('the int and rate fast paths agree with sr_int and sr_rate wherever they accept a value', async () => {
    const inputs = ['0', '7', '-7', '007', '123456789', '1234567890', '+5', '5.0', ' 5', '1e3', '.5', '5.', '0.18', '-0.5', '18%', '0.12345678901234', 'abc'];
    const fastInt = await sqlEach('sr_int_fast', inputs);
    const fullInt = await sqlEach('sr_int', inputs);
    const fastRate = await sqlEach('sr_rate_fast', inputs);
    const fullRate = await sqlEach('sr_rate', inputs);
    expect(fastInt).toEqual([0, 7, -7, 7, 123456789, null, null, null, null, null, null, null, null, null, null, null, null]);
    inputs.forEach((s, i) => {
      if (fastInt[i] !== null) expect({ s, v: fastInt[i] }).toEqual({ s, v: fullInt[i] });
      if (fastRate[i] !== null) expect({ s, v: fastRate[i] }).toEqual({ s, v: fullRate[i] });
    });
    expect(fastRate.filter((v) => v !== null).length).toBe(12);
  });

  it('sr_rate reads decimals and percentages', async () => {
    expect(await sqlEach('sr_rate', ['0.18', '18%', '13.58％', '.5', 'abc', '-1%'])).toEqual([0.18, 0.18, 0.1358, 0.5, null, -0.01]);
  });

  it('sr_bool reads the documented spellings', async () => {
    expect(await sqlEach('sr_bool', ['true', 'FALSE', '1', '0', '是', '否', 'Y', 'n', 'maybe'])).toEqual([true, false, true, false, true, false, true, false, null]);
  });

  it('sr_ts keeps the time of day and rejects impossible times', async () => {
    expect(await sqlEach('sr_ts', ['2024-03-01 09:30', '2024/3/1 23:59:59', '2024-03-01', '2024-03-01 24:00'])).toEqual(['2024-03-01T09:30:00Z', '2024-03-01T23:59:59Z', '2024-03-01T00:00:00Z', null]);
  });
});
