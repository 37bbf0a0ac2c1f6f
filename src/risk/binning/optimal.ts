/**
 * Optimal merging of ordered pre-bins: among all partitions of the pre-bins into contiguous bins
 * that satisfy the constraints (at most `maxBins` bins, each with at least `minCount` rows,
 * `minEvents` bads and `minNonEvents` goods, event rates following `trend`), find the one with the
 * largest information value. IV is a sum over bins, so a dynamic programme over (bins used, end of
 * the last bin, start of the last bin, trend phase) is exact — the same optimum a MIP solver finds
 * for this objective, in O(maxBins · P³) for P pre-bins.
 */
import { HALDANE } from './woe.js';

export type MonotonicTrend = 'ascending' | 'descending' | 'peak' | 'valley' | 'none';

export interface MergeConstraints {
  maxBins: number;
  minCount: number;
  minEvents: number;
  minNonEvents: number;
  trend: MonotonicTrend;
}

export interface MergeInput {
  events: ArrayLike<number>;
  nonEvents: ArrayLike<number>;
  /** Totals over the whole sample (all bins including missing and special). */
  totalEvents: number;
  totalNonEvents: number;
}

export interface MergeResult {
  /** Index of the first pre-bin of each bin after the first (ascending). */
  starts: number[];
  iv: number;
}

function segIv(e: number, g: number, te: number, tg: number): number {
  if (e + g === 0) return 0;
  const zero = e === 0 || g === 0;
  const ee = zero ? e + HALDANE : e;
  const gg = zero ? g + HALDANE : g;
  return (e / te - g / tg) * Math.log(ee / te / (gg / tg));
}

/** Allowed phase transitions: [fromPhase][toPhase] given the direction of the event rate change. */
function nextPhase(trend: MonotonicTrend, phase: number, prevRate: number, rate: number): number {
  const up = rate >= prevRate;
  const down = rate <= prevRate;
  switch (trend) {
    case 'none':
      return 0;
    case 'ascending':
      return up ? 0 : -1;
    case 'descending':
      return down ? 0 : -1;
    case 'peak':
      if (phase === 0) return up ? 0 : 1;
      return down ? 1 : -1;
    case 'valley':
      if (phase === 0) return down ? 0 : 1;
      return up ? 1 : -1;
  }
}

export function optimalMerge(input: MergeInput, c: MergeConstraints): MergeResult {
  const P = input.events.length;
  const ce = new Float64Array(P + 1);
  const cg = new Float64Array(P + 1);
  for (let i = 0; i < P; i++) {
    ce[i + 1] = (ce[i] as number) + (input.events[i] as number);
    cg[i + 1] = (cg[i] as number) + (input.nonEvents[i] as number);
  }
  const te = input.totalEvents;
  const tg = input.totalNonEvents;
  const segE = (i: number, j: number): number => (ce[j] as number) - (ce[i] as number);
  const segG = (i: number, j: number): number => (cg[j] as number) - (cg[i] as number);
  const feasible = (i: number, j: number): boolean => {
    const e = segE(i, j);
    const g = segG(i, j);
    return e + g >= c.minCount && e >= c.minEvents && g >= c.minNonEvents;
  };
  const rate = (i: number, j: number): number => {
    const e = segE(i, j);
    const g = segG(i, j);
    return e + g === 0 ? 0 : e / (e + g);
  };
  const phases = c.trend === 'peak' || c.trend === 'valley' ? 2 : 1;
  const B = Math.max(1, Math.min(c.maxBins, P));
  // value[b][phase][i][j]: best IV of prefix [0, j) in b+1 bins, last bin [i, j), in `phase`.
  const size = (P + 1) * (P + 1);
  const value: Float64Array[] = [];
  const back: Int32Array[] = []; // encodes (k, prevPhase) as k * 2 + prevPhase
  for (let b = 0; b < B; b++) {
    for (let ph = 0; ph < phases; ph++) {
      value.push(new Float64Array(size).fill(Number.NEGATIVE_INFINITY));
      back.push(new Int32Array(size).fill(-1));
    }
  }
  const at = (b: number, ph: number): number => b * phases + ph;
  for (let j = 1; j <= P; j++) {
    if (feasible(0, j)) (value[at(0, 0)] as Float64Array)[j] = segIv(segE(0, j), segG(0, j), te, tg);
  }
  for (let b = 1; b < B; b++) {
    for (let i = 1; i < P; i++) {
      for (let j = i + 1; j <= P; j++) {
        if (!feasible(i, j)) continue;
        const r = rate(i, j);
        const iv = segIv(segE(i, j), segG(i, j), te, tg);
        for (let k = 0; k < i; k++) {
          const rPrev = rate(k, i);
          for (let ph = 0; ph < phases; ph++) {
            const prev = (value[at(b - 1, ph)] as Float64Array)[k * (P + 1) + i] as number;
            if (prev === Number.NEGATIVE_INFINITY) continue;
            const np = nextPhase(c.trend, ph, rPrev, r);
            if (np < 0) continue;
            const cand = prev + iv;
            const cell = i * (P + 1) + j;
            const target = value[at(b, np)] as Float64Array;
            if (cand > (target[cell] as number) + 1e-15) {
              target[cell] = cand;
              (back[at(b, np)] as Int32Array)[cell] = k * 2 + ph;
            }
          }
        }
      }
    }
  }
  // best final state ending at P
  let best = Number.NEGATIVE_INFINITY;
  let bestState: [number, number, number] | null = null;
  for (let b = 0; b < B; b++) {
    for (let ph = 0; ph < phases; ph++) {
      for (let i = 0; i < P; i++) {
        const v = (value[at(b, ph)] as Float64Array)[i * (P + 1) + P] as number;
        // prefer fewer bins on (near-)ties: strictly better by a relative margin
        if (v === Number.NEGATIVE_INFINITY) continue;
        if (bestState === null || v > best + 1e-12 * Math.max(1, Math.abs(best))) {
          best = v;
          bestState = [b, ph, i];
        }
      }
    }
  }
  if (bestState === null) return { starts: [], iv: segIv(segE(0, P), segG(0, P), te, tg) };
  const starts: number[] = [];
  let [b, ph, i] = bestState;
  let j = P;
  while (b > 0) {
    starts.push(i);
    const code = (back[at(b, ph)] as Int32Array)[i * (P + 1) + j] as number;
    const k = code >> 1;
    const pph = code & 1;
    j = i;
    i = k;
    ph = pph;
    b--;
  }
  starts.reverse();
  return { starts, iv: best };
}
