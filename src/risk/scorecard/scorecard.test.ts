import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binNumeric } from '../binning/numeric.js';
import { DEFAULT_BINNING } from '../binning/types.js';
import { auc } from '../eval/metrics.js';
import { categoricalColumn, makeFrame, numericColumn, rowRecord, takeLabeled, type LabeledFrame } from '../frame/frame.js';
import { readFrameFromSql, writeFrameTable } from '../store/frame-table.js';
import { CREDIT_SETS, loadCreditSet } from '../test-support.js';
import { loadScorecard, saveScorecard } from './artifact.js';
import { pdFromScore, scalingConstants } from './points.js';
import { compileScorecard } from './score.js';
import { scorecardPdSql, scorecardScoreSql, scorecardSelectSql } from './sql.js';
import { assembleScorecard, trainScorecard } from './train.js';
import type { ScorecardModel } from './types.js';

const training = { rows: 0, events: 0, l2: 0, iterations: 0, converged: true, standardErrors: [], selection: [], binningOptions: {} };

describe('points scaling', () => {
  it('factor = PDO / ln 2 and offset = base − factor · ln(base odds)', () => {
    const { factor, offset } = scalingConstants({ baseScore: 600, baseOdds: 50, pdo: 20, pointsDecimals: null });
    expect(factor).toBe(20 / Math.LN2);
    expect(offset).toBe(600 - (20 / Math.LN2) * Math.log(50));
    expect(pdFromScore(600, factor, offset)).toBeCloseTo(1 / 51, 15);
    expect(pdFromScore(620, factor, offset)).toBeCloseTo(1 / 101, 15);
  });

  it('bin points are −factor · coefficient · WOE and base points offset − factor · intercept', () => {
    const x = Float64Array.from([1, 1, 2, 2, 2, 3, 3, 4, 4, 5]);
    const y = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    const b = binNumeric('x', x, y, { ...DEFAULT_BINNING, userCuts: [3] });
    const m = assembleScorecard('y', [b], { intercept: -0.4, coefficients: [0.8] }, { baseScore: 600, baseOdds: 50, pdo: 20, pointsDecimals: null }, training);
    const factor = 20 / Math.LN2;
    expect(m.basePoints).toBe(600 - factor * Math.log(50) - factor * -0.4);
    expect(m.features[0]?.points[0]).toBe(-factor * 0.8 * Math.log(1 / 4 / (4 / 6)));
    expect(m.features[0]?.points[2]).toBe(0);
    const sc = compileScorecard(m);
    const r = sc.score({ x: 4 });
    expect(r.score).toBe(m.basePoints + (m.features[0]?.points[1] as number));
    // the PD from the score equals the logistic model's PD
    expect(r.pd).toBeCloseTo(1 / (1 + Math.exp(-(-0.4 + 0.8 * Math.log(3 / 4 / (2 / 6))))), 14);
  });

  it('rounds points half away from zero when asked', () => {
    const x = Float64Array.from([1, 1, 2, 2, 2, 3, 3, 4, 4, 5]);
    const y = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    const b = binNumeric('x', x, y, { ...DEFAULT_BINNING, userCuts: [3] });
    const m = assembleScorecard('y', [b], { intercept: -0.4, coefficients: [0.8] }, { baseScore: 600, baseOdds: 50, pdo: 20, pointsDecimals: 0 }, training);
    for (const p of m.features[0]?.points ?? []) expect(Number.isInteger(p)).toBe(true);
    expect(Number.isInteger(m.basePoints)).toBe(true);
  });
});

describe('reason codes', () => {
  const x = Float64Array.from([1, 1, 2, 2, 2, 3, 3, 4, 4, 5]);
  const k = ['a', 'a', 'b', 'b', 'a', 'b', 'b', 'a', 'b', 'b'];
  const y = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  const frame = makeFrame([numericColumn('x', x), categoricalColumn('k', k)]);
  it('rank features by points lost against the best bin', () => {
    const data: LabeledFrame = { frame, target: y, targetName: 'y' };
    const m = trainScorecard(data, { binning: { perFeature: { x: { userCuts: [3] } }, defaults: { minBinShare: 0, minPrebinShare: 0 } }, selection: { minIv: 0 }, logistic: { l2: 0.1 } });
    const sc = compileScorecard(m);
    const r = sc.score({ x: 4, k: 'b' }, 5);
    const fx = m.features.find((f) => f.binning.feature === 'x');
    expect(fx).toBeDefined();
    const best = Math.max(...(fx?.points.slice(0, 2) ?? []));
    const lostX = best - (fx?.points[1] as number);
    const rx = r.reasons.find((q) => q.feature === 'x');
    expect(rx?.pointsLost).toBe(lostX);
    expect(rx?.bin).toBe('[3, +inf)');
    expect(r.reasons.every((q, i) => i === 0 || (r.reasons[i - 1]?.pointsLost ?? 0) >= q.pointsLost)).toBe(true);
    // an applicant in x's best bin loses nothing on x
    const bestBin = fx?.points.indexOf(best) ?? -1;
    const inBest = bestBin === 0 ? 1 : 4;
    expect(sc.score({ x: inBest, k: 'a' }).reasons.filter((q) => q.feature === 'x')).toEqual([]);
  });
});

describe('scorecard on German credit (real data)', () => {
  let data: LabeledFrame;
  let model: ScorecardModel;
  let dir: string;
  let inst: DuckDBInstance;

  beforeAll(async () => {
    data = loadCreditSet(CREDIT_SETS.german);
    model = trainScorecard(data);
    dir = mkdtempSync(join(tmpdir(), 'suitrate-risk-'));
    inst = await DuckDBInstance.create(join(dir, 'sc.duckdb'));
  });
  afterAll(() => {
    inst.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discriminates: in-sample AUC above 0.75', () => {
    const s = compileScorecard(model).scoreFrame(data.frame);
    expect(auc(Array.from(s, (v) => -v), data.target)).toBeGreaterThan(0.75);
    expect(model.features.every((f) => f.coefficient >= 0)).toBe(true);
  });

  it('save/load keeps every parameter and scores identically to the last digit', () => {
    const text = saveScorecard(model);
    const back = loadScorecard(text);
    expect(back).toEqual(model);
    expect(saveScorecard(back)).toBe(text);
    const a = compileScorecard(model).scoreFrame(data.frame);
    const b = compileScorecard(back).scoreFrame(data.frame);
    for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
  });

  it('single-record scoring equals frame scoring', () => {
    const sc = compileScorecard(model);
    const all = sc.scoreFrame(data.frame);
    for (let i = 0; i < 50; i++) expect(sc.score(rowRecord(data.frame, i)).score).toBe(all[i]);
  });

  it('the exported SQL expression gives the same scores as the in-process scorer, row by row', async () => {
    const conn = await inst.connect();
    // add awkward rows: all missing, unseen categories, extreme numbers
    const sub = takeLabeled(data, Int32Array.from({ length: data.frame.nRows }, (_, i) => i));
    const extraFrame = makeFrame(
      sub.frame.columns.map((c) =>
        c.kind === 'numeric'
          ? numericColumn(c.name, [...Array.from(c.values), Number.NaN, -1e12, 1e12])
          : categoricalColumn(c.name, [...Array.from(c.codes, (x) => (x < 0 ? null : (c.levels[x] as string))), null, 'UNSEEN', "O'Brien"]),
      ),
    );
    const ids = Array.from({ length: extraFrame.nRows }, (_, i) => String(i));
    await writeFrameTable(conn, 'applicants', extraFrame, [{ name: 'row_id', values: ids }]);
    const sql = scorecardSelectSql(model, 'applicants', 'row_id');
    const back = await readFrameFromSql(conn, `${sql} ORDER BY CAST(id AS INTEGER)`, { keep: ['id'] });
    const sqlScores = (back.frame.columns.find((c) => c.name === 'score') as { values: Float64Array }).values;
    const sqlPd = (back.frame.columns.find((c) => c.name === 'pd') as { values: Float64Array }).values;
    const sc = compileScorecard(model);
    const js = sc.scoreFrame(extraFrame);
    expect(sqlScores.length).toBe(js.length);
    let mismatches = 0;
    for (let i = 0; i < js.length; i++) if (!Object.is(sqlScores[i], js[i])) mismatches++;
    expect(mismatches).toBe(0);
    for (let i = 0; i < js.length; i++) expect(sqlPd[i]).toBeCloseTo(sc.pd(js[i] as number), 14);
    expect(scorecardPdSql(scorecardScoreSql(model), model)).toContain('exp(');
    conn.closeSync();
  });
});
