import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoricalColumn, numericColumn } from '../frame/frame.js';
import { binColumn, makeLookup } from './apply.js';
import { binCategorical } from './categorical.js';
import { chiMerge, chiSquare2x2 } from './chimerge.js';
import { binNumeric } from './numeric.js';
import { optimalMerge, type MonotonicTrend } from './optimal.js';
import { DEFAULT_BINNING, type BinningOptions } from './types.js';
import { binStats, woeOf } from './woe.js';

const opts = (o: Partial<BinningOptions> = {}): BinningOptions => ({ ...DEFAULT_BINNING, ...o });

describe('WOE and IV on hand-computed data', () => {
  // 10 rows, 4 bads: x < 3 holds 1 bad and 4 goods, x ≥ 3 holds 3 bads and 2 goods
  const x = Float64Array.from([1, 1, 2, 2, 2, 3, 3, 4, 4, 5]);
  const y = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  const b = binNumeric('x', x, y, opts({ userCuts: [3] }));

  it('WOE = ln(%bad / %good) per bin', () => {
    expect(b.bins[0]?.woe).toBe(Math.log(1 / 4 / (4 / 6)));
    expect(b.bins[1]?.woe).toBe(Math.log(3 / 4 / (2 / 6)));
  });
  it('IV = Σ (%bad − %good) · WOE', () => {
    const iv0 = (1 / 4 - 4 / 6) * Math.log(1 / 4 / (4 / 6));
    const iv1 = (3 / 4 - 2 / 6) * Math.log(3 / 4 / (2 / 6));
    expect(b.bins[0]?.iv).toBe(iv0);
    expect(b.bins[1]?.iv).toBe(iv1);
    expect(b.iv).toBe(0 + iv0 + iv1 + 0);
  });
  it('the empty missing bin has WOE 0', () => {
    expect(b.bins[2]).toEqual({ count: 0, events: 0, nonEvents: 0, eventRate: 0, woe: 0, iv: 0 });
    expect(b.labels).toEqual(['[-inf, 3)', '[3, +inf)', 'missing']);
  });
  it('a bin without bads gets the Haldane correction (+0.5 to both counts)', () => {
    expect(woeOf(0, 3, 4, 6)).toBe(Math.log(0.5 / 4 / (3.5 / 6)));
    expect(binStats(0, 3, 4, 6).iv).toBe((0 - 3 / 6) * Math.log(0.5 / 4 / (3.5 / 6)));
  });
});

describe('missing and special values', () => {
  const x = Float64Array.from([Number.NaN, -1, -1, 1, 2, 3, 4, 5, 6, -2, Number.NaN, 7]);
  const y = Uint8Array.from([1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0]);
  const b = binNumeric('x', x, y, opts({ specialCodes: [-1, -2], userCuts: [4] }));
  it('puts each special code and missing in bins of their own, in a fixed order', () => {
    expect(b.labels).toEqual(['[-inf, 4)', '[4, +inf)', 'special -2', 'special -1', 'missing']);
    expect(b.bins.map((s) => s.count)).toEqual([3, 4, 1, 2, 2]);
    expect(b.bins.map((s) => s.events)).toEqual([1, 1, 1, 1, 2]);
  });
  it('routes values, specials, NaN and unparseable input to the same bins when scoring one record', () => {
    const look = makeLookup(b);
    expect([look(3.9), look(4), look(-2), look(-1), look(null), look('abc'), look(' 5 '), look(undefined)]).toEqual([0, 1, 2, 3, 4, 4, 1, 4]);
  });
  it('bins a frame column like the record lookup', () => {
    expect(Array.from(binColumn(b, numericColumn('x', x)))).toEqual([4, 3, 3, 0, 0, 0, 1, 1, 1, 2, 4, 1]);
  });
});

/** All partitions of P pre-bins into contiguous groups (brute force). */
function* partitions(P: number): Generator<number[]> {
  for (let mask = 0; mask < 1 << (P - 1); mask++) {
    const starts: number[] = [];
    for (let i = 1; i < P; i++) if (mask & (1 << (i - 1))) starts.push(i);
    yield starts;
  }
}

function bruteForce(ev: number[], ne: number[], maxBins: number, minCount: number, trend: MonotonicTrend): number {
  const te = ev.reduce((a, b) => a + b, 0);
  const tg = ne.reduce((a, b) => a + b, 0);
  let best = Number.NEGATIVE_INFINITY;
  for (const starts of partitions(ev.length)) {
    if (starts.length + 1 > maxBins) continue;
    const bounds = [0, ...starts, ev.length];
    const bins = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      let e = 0;
      let g = 0;
      for (let i = bounds[k] as number; i < (bounds[k + 1] as number); i++) {
        e += ev[i] as number;
        g += ne[i] as number;
      }
      bins.push({ e, g, rate: e / (e + g) });
    }
    if (bins.length > 1 && bins.some((b) => b.e + b.g < minCount || b.e < 1 || b.g < 1)) continue;
    const rates = bins.map((b) => b.rate);
    const ok = (() => {
      const up = (i: number): boolean => (rates[i + 1] as number) >= (rates[i] as number);
      const down = (i: number): boolean => (rates[i + 1] as number) <= (rates[i] as number);
      const idx = rates.slice(1).map((_, i) => i);
      if (trend === 'ascending') return idx.every(up);
      if (trend === 'descending') return idx.every(down);
      if (trend === 'peak') return idx.some((p) => idx.every((i) => (i < p ? up(i) : down(i)))) || idx.every(up);
      if (trend === 'valley') return idx.some((p) => idx.every((i) => (i < p ? down(i) : up(i)))) || idx.every(down);
      return true;
    })();
    if (!ok) continue;
    let iv = 0;
    for (const b of bins) iv += binStats(b.e, b.g, te, tg).iv;
    best = Math.max(best, iv);
  }
  return best;
}

describe('optimal merging (exact dynamic programme)', () => {
  const trends: MonotonicTrend[] = ['ascending', 'descending', 'peak', 'valley', 'none'];
  for (const trend of trends) {
    it(`finds the brute-force maximum IV under a ${trend} trend`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 60 })), { minLength: 2, maxLength: 9 }), fc.integer({ min: 2, max: 5 }), (cells, maxBins) => {
          const ev = cells.map((c) => c[0]);
          const ne = cells.map((c) => c[1]);
          const te = ev.reduce((a, b) => a + b, 0);
          const tg = ne.reduce((a, b) => a + b, 0);
          const r = optimalMerge({ events: ev, nonEvents: ne, totalEvents: te, totalNonEvents: tg }, { maxBins, minCount: 5, minEvents: 1, minNonEvents: 1, trend });
          const best = bruteForce(ev, ne, maxBins, 5, trend);
          expect(r.iv).toBeCloseTo(best, 12);
          expect(r.starts.length + 1).toBeLessThanOrEqual(maxBins);
        }),
        { numRuns: 60, seed: 7 },
      );
    });
  }
});

describe('monotonic numeric binning', () => {
  // event probability rises with x, with noise
  const n = 2000;
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  let s = 12345;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    x[i] = Math.floor(rnd() * 100);
    y[i] = rnd() < 0.05 + 0.3 * ((x[i] as number) / 100) ** 2 ? 1 : 0;
  }
  it('auto picks ascending and the event rates never fall', () => {
    const b = binNumeric('x', x, y, opts());
    expect(b.trend).toBe('ascending');
    const rates = b.bins.slice(0, b.cuts.length + 1).map((r) => r.eventRate);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] as number);
    expect(rates.length).toBeGreaterThan(2);
  });
  it('respects the minimum bin share', () => {
    const b = binNumeric('x', x, y, opts({ minBinShare: 0.2 }));
    for (const bin of b.bins.slice(0, b.cuts.length + 1)) expect(bin.count).toBeGreaterThanOrEqual(0.2 * n);
  });
  it('a forced descending trend on rising data collapses to one regular bin', () => {
    const b = binNumeric('x', x, y, opts({ trend: 'descending' }));
    expect(b.cuts.length).toBeLessThanOrEqual(1);
  });
  it('ChiMerge also yields a monotone binning within maxBins', () => {
    const b = binNumeric('x', x, y, opts({ method: 'chimerge', maxBins: 5 }));
    const rates = b.bins.slice(0, b.cuts.length + 1).map((r) => r.eventRate);
    expect(rates.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1] as number);
  });
});

describe('chi-square', () => {
  it('2×2 χ² by the textbook formula', () => {
    // rows (10 bad, 20 good), (20 bad, 10 good): expected 15 everywhere
    expect(chiSquare2x2(10, 20, 20, 10)).toBe((4 * 25) / 15);
  });
  it('merges identical neighbours first', () => {
    const r = chiMerge({ events: [5, 5, 30], nonEvents: [45, 45, 20], totalEvents: 40, totalNonEvents: 110 }, { maxBins: 10, minCount: 0, minEvents: 0, minNonEvents: 0, trend: 'none', chiThreshold: 3.841 });
    expect(r.starts).toEqual([2]);
  });
});

describe('categorical binning', () => {
  const levels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c', null, null];
  const y = Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0]);
  const col = categoricalColumn('k', levels);
  const b = binCategorical('k', col.codes, col.levels, y, opts({ minBinShare: 0.25, minPrebinShare: 0 }));
  it('groups levels with equal event rates and orders groups by event rate', () => {
    expect(b.groups).toEqual([['a', 'c'], ['b']]);
    expect(b.bins.map((x) => x.count)).toEqual([8, 4, 2]);
    expect(b.bins[0]?.woe).toBe(Math.log(2 / 6 / (6 / 8)));
  });
  it('scores unseen levels and missing as the missing bin', () => {
    const look = makeLookup(b);
    expect([look('a'), look('b'), look('zzz'), look(null), look('')]).toEqual([0, 1, 2, 2, 2]);
  });
  it('pools rare levels before grouping', () => {
    const many = [...Array(50).fill('big'), ...Array(50).fill('big2'), 'rare1', 'rare2'];
    const yy = Uint8Array.from(many.map((_, i) => (i % 3 === 0 ? 1 : 0)));
    const c = categoricalColumn('k', many);
    const bb = binCategorical('k', c.codes, c.levels, yy, opts({ minPrebinShare: 0.05, minBinShare: 0 }));
    expect(bb.groups.some((g) => g.includes('rare1') && g.includes('rare2'))).toBe(true);
  });
});
