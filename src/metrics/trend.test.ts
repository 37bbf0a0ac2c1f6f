import { describe, expect, it } from 'vitest';
import { poissonChangePoints, robustDispersion } from './stats/changepoints.js';
import { fitPoissonTrend } from './stats/poisson-regression.js';
import { analyzeTrend, type TrendInputPoint } from './trend.js';

function months(n: number, start = '2023-01'): string[] {
  const [y0, m0] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const idx = y0 * 12 + (m0 - 1) + i;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  });
}

function series(events: number[], exposure: number | number[] = 1000): TrendInputPoint[] {
  const ps = months(events.length);
  return events.map((e, i) => ({ period: ps[i] ?? '', events: e, exposure: Array.isArray(exposure) ? (exposure[i] ?? 0) : exposure }));
}

describe('Poisson regression with exposure offset', () => {
  it('two points fit exactly: β = 12·ln 2 per year, SE = 12·√(1/10 + 1/20)', () => {
    const f = fitPoissonTrend([0, 1 / 12], [10, 20], [1000, 1000]);
    expect(f?.beta).toBeCloseTo(12 * Math.log(2), 10);
    expect(f?.alpha).toBeCloseTo(Math.log(0.01), 10);
    expect(f?.seBeta).toBeCloseTo(12 * Math.sqrt(1 / 10 + 1 / 20), 10);
  });

  it('four points match an independent Newton fit in numpy: α = −4.349740, β = 2.265557, SE 1.484602', () => {
    const f = fitPoissonTrend([-1.5 / 12, -0.5 / 12, 0.5 / 12, 1.5 / 12], [12, 7, 15, 21], [1000, 800, 1200, 1100]);
    expect(f?.alpha).toBeCloseTo(-4.349739599788004, 10);
    expect(f?.beta).toBeCloseTo(2.2655566379428085, 10);
    expect(f?.seBeta).toBeCloseTo(1.4846021822232474, 10);
    expect(f?.dispersion).toBeCloseTo(0.8148059601406651, 7);
    expect(f?.converged).toBe(true);
  });

  it('no events: no fit', () => {
    expect(fitPoissonTrend([0, 1, 2], [0, 0, 0], [10, 10, 10])).toBeNull();
  });
});

describe('change points on the Poisson likelihood', () => {
  it('12 months at 1% then 12 months at 3% split at month 13', () => {
    const segs = poissonChangePoints([...Array<number>(12).fill(10), ...Array<number>(12).fill(30)], Array<number>(24).fill(1000), { model: 'level' });
    expect(segs.map((s) => [s.start, s.end, s.events, s.rate])).toEqual([
      [0, 12, 120, 0.01],
      [12, 24, 360, 0.03],
    ]);
  });

  it('a constant series has no change point', () => {
    const segs = poissonChangePoints(Array<number>(24).fill(10), Array<number>(24).fill(1000));
    expect(segs).toHaveLength(1);
  });

  it('a small wobble (10, 11, 9, 12, 8 …) is not a change point under the default penalty', () => {
    const segs = poissonChangePoints([10, 11, 9, 12, 8, 10, 11, 9, 12, 8, 10, 11], Array<number>(12).fill(1000));
    expect(segs).toHaveLength(1);
  });

  it('trend model: a smooth exponential rise is one segment, not a staircase', () => {
    const ev = Array.from({ length: 36 }, (_, i) => 20 * Math.exp((0.3 * i) / 12));
    expect(poissonChangePoints(ev, Array<number>(36).fill(1000))).toHaveLength(1);
  });

  it('trend model: 100 a month for a year, then rising 5% a month, turns at month 12 (which lies on both lines)', () => {
    const ev = [...Array<number>(12).fill(100), ...Array.from({ length: 12 }, (_, i) => 100 * 1.05 ** (i + 1))];
    const segs = poissonChangePoints(ev, Array<number>(24).fill(5000));
    expect(segs.map((s) => s.start)).toEqual([0, 11]);
  });

  it('trend model: the same turn at a fifth of the volume (20 a month) is not distinguishable from one trend', () => {
    const ev = [...Array<number>(12).fill(20), ...Array.from({ length: 12 }, (_, i) => 20 * 1.05 ** (i + 1))];
    expect(poissonChangePoints(ev, Array<number>(24).fill(1000))).toHaveLength(1);
  });

  it('robust dispersion: a single level shift leaves φ at 1; alternating noise raises it', () => {
    expect(robustDispersion([...Array<number>(12).fill(10), ...Array<number>(12).fill(30)], Array<number>(24).fill(1000))).toBe(1);
    expect(robustDispersion([5, 25, 5, 25, 5, 25, 5, 25], Array<number>(8).fill(1000))).toBeGreaterThan(5);
  });

  it('segments respect the minimum length', () => {
    const segs = poissonChangePoints([0, 0, 50, 0, 0, 0, 0, 0], Array<number>(8).fill(1000), { minSegment: 3, penalty: 1 });
    for (const s of segs) expect(s.end - s.start).toBeGreaterThanOrEqual(3);
  });
});

describe('trend verdicts', () => {
  it('constant 1% for 24 months: flat, +0%/yr, no change point', () => {
    const t = analyzeTrend(series(Array<number>(24).fill(10)));
    expect(t.direction).toBe('flat');
    expect(t.fit?.annualChange).toBeCloseTo(0, 12);
    expect(t.changePoints).toEqual([]);
    expect(t.verdict.en).toMatch(/^No significant trend since 2023-01 \(0%\/yr, 95% CI −\d+% to \+\d+%\)\.$/);
    expect(t.verdict.zh).toMatch(/^自2023-01以来无显著趋势（年化0%，95%置信区间 −\d+% 至 \+\d+%）。$/);
  });

  it('a smooth rise of exactly e^0.3 − 1 = +35% a year over 36 months from 20 per 1,000: rising, recovered exactly', () => {
    const ev = Array.from({ length: 36 }, (_, i) => 20 * Math.exp((0.3 * i) / 12));
    const t = analyzeTrend(series(ev));
    expect(t.fit?.annualChange).toBeCloseTo(Math.exp(0.3) - 1, 10);
    expect(t.direction).toBe('rising');
    expect(t.verdict.en.startsWith('Rising since 2023-01: +35%/yr (95% CI +')).toBe(true);
    expect(t.verdict.zh.startsWith('自2023-01起上升：年化+35%（95%置信区间 +')).toBe(true);
    expect(t.points[35]?.fitted).toBeCloseTo(0.02 * Math.exp((0.3 * 35) / 12), 10);
  });

  it('a step from 1% to 3% at 2024-01 is reported as a change point with the level change', () => {
    const t = analyzeTrend(series([...Array<number>(12).fill(10), ...Array<number>(12).fill(30)]));
    expect(t.changePoints).toEqual([{ period: '2024-01', before: 0.01, after: 0.03, change: 2 }]);
    expect(t.fit?.since).toBe('2024-01');
    expect(t.direction).toBe('flat');
    expect(t.verdict.en).toContain('Change point at 2024-01: 1.00% → 3.00% (+200%).');
    expect(t.verdict.zh).toContain('2024-01 出现变点：1.00% → 3.00%（+200%）。');
  });

  it('too few lawsuits: an honest "cannot tell"', () => {
    const t = analyzeTrend(series([0, 1, 0, 0, 1, 0, 0, 1]));
    expect(t.direction).toBe('insufficient');
    expect(t.verdict).toEqual({ en: 'Too few lawsuits to tell a trend: 3 in 8 months.', zh: '纠纷太少，无法判断趋势：8个月共3件。' });
  });

  it('months before the book started (no exposure) are dropped from the series', () => {
    const t = analyzeTrend(series([0, 0, ...Array<number>(10).fill(10)], [0, 0, ...Array<number>(10).fill(1000)]));
    expect(t.points[0]?.period).toBe('2023-03');
  });
});
