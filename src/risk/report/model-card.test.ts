import { describe, expect, it } from 'vitest';
import { categoricalColumn, makeFrame, numericColumn, type LabeledFrame } from '../frame/frame.js';
import { trainModel } from '../pipeline.js';
import { makeRng } from '../rng.js';
import { renderModelCard } from './model-card.js';

function data(n: number): LabeledFrame & { dates: string[] } {
  const rng = makeRng(3);
  const x = new Float64Array(n);
  const k: string[] = [];
  const y = new Uint8Array(n);
  const dates: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rng.next() * 10;
    k.push(rng.next() < 0.5 ? '<script>alert(1)</script>' : 'plain');
    y[i] = rng.next() < 1 / (1 + Math.exp(-(-2 + 0.3 * (x[i] as number) + (k[i] === 'plain' ? 0.5 : 0)))) ? 1 : 0;
    dates.push(i < n * 0.7 ? '2023-01-15' : '2023-09-15');
  }
  return { frame: makeFrame([numericColumn('amount<b>', x), categoricalColumn('kind', k)]), target: y, targetName: 'bad', dates };
}

describe('model card', () => {
  it('is self-contained, escapes every name and label, and shows both samples', async () => {
    const d = data(2000);
    const { model, metrics } = await trainModel({ kind: 'scorecard', data: d, split: { kind: 'oot', dates: d.dates, cutoff: '2023-07-01' } });
    expect(metrics.split).toEqual({ kind: 'oot', trainRows: 1400, testRows: 600, cutoff: '2023-07-01' });
    const html = renderModelCard({ name: 'card<test>', version: 3, model, metrics, createdAt: '2024-01-01T00:00:00Z', dataSource: 'csv:x.csv' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('amount&lt;b&gt;');
    expect(html).toContain('card&lt;test&gt; v3');
    expect(html).not.toMatch(/https?:\/\//);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('oot at 2023-07-01');
  });

  it('renders a boosting model with its training curve', async () => {
    const d = data(1500);
    const { model, metrics } = await trainModel({ kind: 'gbm', data: d, split: { kind: 'holdout', testShare: 0.3, seed: 1 }, gbm: { params: { nEstimators: 30, earlyStoppingRounds: 5 }, validShare: 0.2 } });
    const html = renderModelCard({ name: 'g', version: null, model, metrics, createdAt: 'now', dataSource: 'csv' });
    expect(html).toContain('Training curve');
    expect(html).toContain('Total split gain');
  });

  it('renders partial metrics (older records, edited side files) from what is present, never throws', async () => {
    const d = data(1200);
    const { model, metrics } = await trainModel({ kind: 'gbm', data: d, split: { kind: 'holdout', testShare: 0.3, seed: 1 }, gbm: { params: { nEstimators: 10 } } });
    const full = JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>;
    const train = full['train'] as Record<string, unknown>;
    const card = (m: unknown): string => renderModelCard({ name: 'p', version: 1, model, metrics: m as typeof metrics, createdAt: 'now', dataSource: 'csv' });

    const onlyAuc = card({ train: { auc: 0.7125 } });
    expect(onlyAuc).toContain('<h2>Performance</h2>');
    expect(onlyAuc).toContain('<td>AUC</td><td>0.7125</td><td>—</td>');
    expect(onlyAuc).not.toContain('ROC curve');
    expect(onlyAuc).not.toContain('<h2>Stability</h2>');
    expect(onlyAuc).not.toContain('Feature importance');
    expect(onlyAuc).toContain('Gradient boosting');

    const noCurves = card({ ...full, stability: undefined, importance: 'n/a', train: { ...train, roc: null, gains: [{ group: 1 }], histogram: { edges: 'x' }, auc: null }, test: null });
    expect(noCurves).toContain('Split: holdout');
    expect(noCurves).toContain('<td>AUC</td><td>—</td><td>—</td>');
    expect(noCurves).not.toContain('ROC curve');
    expect(noCurves).not.toContain('PD distribution');
    expect(noCurves).not.toContain('Gains and lift');
    expect(noCurves).toContain('Reliability');
    expect(noCurves).not.toContain('<h2>Stability</h2>');

    expect(card({})).not.toContain('<h2>Performance</h2>');
    expect(card([1, 2])).not.toContain('<h2>Performance</h2>');
    const whole = card(full);
    for (const part of ['ROC curve', 'PD distribution (test sample)', 'Gains and lift (test sample', '<h2>Stability</h2>', 'Total split gain']) expect(whole).toContain(part);
  });
});
