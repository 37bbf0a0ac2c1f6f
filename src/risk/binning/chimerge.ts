/**
 * ChiMerge (Kerber 1992): merge the adjacent pair of bins whose event/non-event split is most alike
 * (smallest χ²) until every adjacent pair differs significantly (χ² ≥ threshold) and there are at
 * most `maxBins` bins. Bins breaking the size/event minimums or the monotonic trend are merged first.
 */
import type { MergeConstraints, MergeInput, MergeResult } from './optimal.js';
import { HALDANE } from './woe.js';

interface Group {
  start: number;
  e: number;
  g: number;
}

export function chiSquare2x2(e1: number, g1: number, e2: number, g2: number): number {
  const n = e1 + g1 + e2 + g2;
  if (n === 0) return 0;
  const rows = [e1 + g1, e2 + g2];
  const cols = [e1 + e2, g1 + g2];
  const obs = [
    [e1, g1],
    [e2, g2],
  ];
  let chi = 0;
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      const exp = ((rows[r] as number) * (cols[c] as number)) / n;
      if (exp > 0) chi += ((((obs[r] as number[])[c] as number) - exp) ** 2) / exp;
    }
  }
  return chi;
}

const rateOf = (x: Group): number => (x.e + x.g === 0 ? 0 : x.e / (x.e + x.g));

function violatesTrend(trend: MergeConstraints['trend'], a: Group, b: Group): boolean {
  if (trend === 'ascending') return rateOf(b) < rateOf(a);
  if (trend === 'descending') return rateOf(b) > rateOf(a);
  return false;
}

function pairChi(gs: Group[], i: number): number {
  const a = gs[i] as Group;
  const b = gs[i + 1] as Group;
  return chiSquare2x2(a.e, a.g, b.e, b.g);
}

function mergeAt(gs: Group[], i: number): void {
  const a = gs[i] as Group;
  const b = gs[i + 1] as Group;
  gs.splice(i, 2, { start: a.start, e: a.e + b.e, g: a.g + b.g });
}

/** Smallest-χ² pair among those passing `pick` (or −1). */
function bestPair(gs: Group[], pick: (i: number) => boolean): number {
  let best = -1;
  let bestChi = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < gs.length; i++) {
    if (!pick(i)) continue;
    const chi = pairChi(gs, i);
    if (chi < bestChi) {
      bestChi = chi;
      best = i;
    }
  }
  return best;
}

export function chiMerge(input: MergeInput, c: MergeConstraints & { chiThreshold: number }): MergeResult {
  if (c.trend === 'peak' || c.trend === 'valley') throw new RangeError('ChiMerge supports ascending, descending or no trend');
  const gs: Group[] = [];
  for (let i = 0; i < input.events.length; i++) gs.push({ start: i, e: input.events[i] as number, g: input.nonEvents[i] as number });
  const small = (x: Group): boolean => x.e + x.g < c.minCount || x.e < c.minEvents || x.g < c.minNonEvents;
  while (gs.length > 1) {
    let i = bestPair(gs, (k) => small(gs[k] as Group) || small(gs[k + 1] as Group));
    if (i < 0) i = bestPair(gs, (k) => violatesTrend(c.trend, gs[k] as Group, gs[k + 1] as Group));
    if (i < 0 && gs.length > c.maxBins) i = bestPair(gs, () => true);
    if (i < 0) {
      const j = bestPair(gs, () => true);
      if (j >= 0 && pairChi(gs, j) < c.chiThreshold) i = j;
    }
    if (i < 0) break;
    mergeAt(gs, i);
  }
  let iv = 0;
  for (const x of gs) {
    if (x.e + x.g === 0) continue;
    const zero = x.e === 0 || x.g === 0;
    const ee = zero ? x.e + HALDANE : x.e;
    const gg = zero ? x.g + HALDANE : x.g;
    iv += (x.e / input.totalEvents - x.g / input.totalNonEvents) * Math.log(ee / input.totalEvents / (gg / input.totalNonEvents));
  }
  return { starts: gs.slice(1).map((x) => x.start), iv };
}
