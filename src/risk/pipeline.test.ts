import { describe, expect, it } from 'vitest';
import { makeFrame, numericColumn, takeLabeled, type LabeledFrame } from './frame/frame.js';
import { makeScorer } from './model.js';
import { driftAgainstTraining } from './monitor.js';
import { trainModel } from './pipeline.js';
import { makeRng } from './rng.js';

/** `stable` predicts the same way in both periods; `drifting` changes its distribution in the later period. */
function twoPeriods(n: number): LabeledFrame & { dates: string[] } {
  const rng = makeRng(8);
  const stable = new Float64Array(n);
  const drifting = new Float64Array(n);
  const y = new Uint8Array(n);
  const dates: string[] = [];
  for (let i = 0; i < n; i++) {
    const late = i >= n / 2;
    stable[i] = rng.next() * 10;
    drifting[i] = rng.next() * 10 + (late ? 6 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-(-2 + 0.25 * (stable[i] as number) + 0.1 * (drifting[i] as number)))) ? 1 : 0;
    dates.push(late ? '2024-02-01' : '2023-08-01');
  }
  return { frame: makeFrame([numericColumn('stable', stable), numericColumn('drifting', drifting)]), target: y, targetName: 'bad', dates };
}

describe('train pipeline and drift monitoring', () => {
  it('drops a feature whose bins shift between periods of the training sample', async () => {
    const d = twoPeriods(4000);
    const plain = await trainModel({ kind: 'scorecard', data: d, split: { kind: 'none' } });
    expect(plain.model.kind === 'scorecard' && plain.model.features.map((f) => f.binning.feature).sort()).toEqual(['drifting', 'stable']);
    const checked = await trainModel({ kind: 'scorecard', data: d, split: { kind: 'none' }, stabilityDates: { dates: d.dates, cutoff: '2024-01-01' } });
    if (checked.model.kind !== 'scorecard') throw new Error('scorecard expected');
    expect(checked.model.features.map((f) => f.binning.feature)).toEqual(['stable']);
    const why = checked.model.training.selection.find((s) => s.feature === 'drifting');
    expect(why?.reason).toMatch(/unstable: CSI/);
    expect(why?.csi).toBeGreaterThan(0.25);
  });

  it('scoring the training sample itself shows no drift; a shifted sample does', async () => {
    const d = twoPeriods(4000);
    const { model, metrics } = await trainModel({ kind: 'scorecard', data: d, split: { kind: 'none' } });
    const pd = makeScorer(model).predictFrame(d.frame).pd;
    const same = driftAgainstTraining(model, metrics.baseline, pd, d.frame);
    expect(same.pdPsi).toBe(0);
    expect(same.csi.every((c) => c.csi === 0)).toBe(true);
    const late = takeLabeled(d, Int32Array.from({ length: 2000 }, (_, i) => 2000 + i));
    const shifted = driftAgainstTraining(model, metrics.baseline, makeScorer(model).predictFrame(late.frame).pd, late.frame);
    expect(shifted.csi.find((c) => c.feature === 'drifting')?.csi).toBeGreaterThan(0.25);
    expect(shifted.pdPsi).toBeGreaterThan(0.01);
  });

  it('keeps the training PD deciles as the baseline', async () => {
    const d = twoPeriods(1000);
    const { metrics } = await trainModel({ kind: 'gbm', data: d, split: { kind: 'holdout', testShare: 0.3, seed: 2 }, gbm: { params: { nEstimators: 10 } } });
    expect(metrics.baseline.counts.reduce((a, b) => a + b, 0)).toBe(metrics.split.trainRows);
    expect(metrics.baseline.cuts.length).toBe(metrics.baseline.counts.length - 1);
  });
});
