/**
 * Feature quantization for histogram boosting: numeric features get at most `maxBins` quantile
 * bins (every distinct value its own bin when there are few), placed on a seeded sample of rows for
 * large data; categorical levels get one bin each, rare levels one shared "other" bin. Missing values
 * get {@link MISSING_BIN}. The bin matrix is row-major uint8 (n × features).
 */
import type { Column, Frame, InputRecord } from '../frame/frame.js';
import { getColumn, recordNumber, recordString } from '../frame/frame.js';
import { makeRng } from '../rng.js';
import { MAX_VALUE_BINS, MISSING_BIN, type CategoricalGbmFeature, type GbmFeature } from './types.js';

function sampleIndex(n: number, max: number, seed: number): Uint32Array | null {
  if (n <= max) return null;
  const rng = makeRng(seed ^ 0x9e3779b9);
  const pick = new Uint32Array(max);
  // reservoir sampling keeps it O(n) and deterministic
  for (let i = 0; i < max; i++) pick[i] = i;
  for (let i = max; i < n; i++) {
    const j = rng.int(i + 1);
    if (j < max) pick[j] = i;
  }
  return pick;
}

export function numericCuts(values: Float64Array, maxBins: number, sample: Uint32Array | null): number[] {
  const m = sample ? sample.length : values.length;
  const v = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < m; i++) {
    const x = values[sample ? (sample[i] as number) : i] as number;
    if (!Number.isNaN(x)) v[k++] = x;
  }
  const sorted = v.subarray(0, k).sort();
  // few distinct values: each one its own bin
  const distinct: number[] = [];
  for (let i = 0; i < k && distinct.length <= maxBins; i++) {
    const x = sorted[i] as number;
    if (distinct.length === 0 || distinct[distinct.length - 1] !== x) distinct.push(x);
  }
  if (distinct.length <= maxBins) return distinct.slice(1);
  // equal-frequency cuts: the value at each quantile position starts a new bin (x < cut goes below)
  const cuts: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const cut = sorted[Math.floor((q * k) / maxBins)] as number;
    if (cut > (sorted[0] as number) && (cuts.length === 0 || cut > (cuts[cuts.length - 1] as number))) cuts.push(cut);
  }
  return cuts;
}

function categoricalFeature(c: Extract<Column, { kind: 'categorical' }>, minCount: number): CategoricalGbmFeature {
  const counts = new Float64Array(c.levels.length);
  for (let i = 0; i < c.codes.length; i++) {
    const code = c.codes[i] as number;
    if (code >= 0) counts[code] = (counts[code] as number) + 1;
  }
  const order = c.levels.map((_, i) => i).filter((i) => (counts[i] as number) > 0);
  order.sort((a, b) => (counts[b] as number) - (counts[a] as number) || ((c.levels[a] as string) < (c.levels[b] as string) ? -1 : 1));
  const frequent = order.filter((i) => (counts[i] as number) >= minCount).slice(0, MAX_VALUE_BINS - 1);
  const hasOther = frequent.length < order.length;
  const levels = frequent.map((i) => c.levels[i] as string);
  return { kind: 'categorical', name: c.name, levels, otherBin: hasOther ? levels.length : -1 };
}

export function fitFeatures(frame: Frame, maxBins: number, sampleRows: number, minCategoryCount: number, seed: number): GbmFeature[] {
  if (maxBins < 2 || maxBins > MAX_VALUE_BINS) throw new RangeError(`maxBins must be in 2..${MAX_VALUE_BINS}`);
  const sample = sampleIndex(frame.nRows, sampleRows, seed);
  return frame.columns.map((c): GbmFeature => (c.kind === 'numeric' ? { kind: 'numeric', name: c.name, cuts: numericCuts(c.values, maxBins, sample) } : categoricalFeature(c, minCategoryCount)));
}

export function featureBinCount(f: GbmFeature): number {
  return f.kind === 'numeric' ? f.cuts.length + 1 : f.levels.length + (f.otherBin >= 0 ? 1 : 0);
}

export function numericBin(cuts: readonly number[], x: number): number {
  if (Number.isNaN(x)) return MISSING_BIN;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < (cuts[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Level → bin for a categorical feature; unseen levels go to the "other" bin, or missing when there is none. */
export function levelBins(f: CategoricalGbmFeature): Map<string, number> {
  const m = new Map<string, number>();
  f.levels.forEach((l, i) => m.set(l, i));
  return m;
}

function columnBins(f: GbmFeature, c: Column): Uint8Array {
  const n = c.kind === 'numeric' ? c.values.length : c.codes.length;
  const out = new Uint8Array(n);
  if (f.kind === 'numeric') {
    if (c.kind === 'numeric') {
      for (let i = 0; i < n; i++) out[i] = numericBin(f.cuts, c.values[i] as number);
    } else {
      const byCode = c.levels.map((l) => numericBin(f.cuts, recordNumber(l)));
      for (let i = 0; i < n; i++) {
        const code = c.codes[i] as number;
        out[i] = code < 0 ? MISSING_BIN : (byCode[code] as number);
      }
    }
    return out;
  }
  return categoricalBins(f, c, out);
}

/** Bins of a categorical feature's column into `out` (numbers are matched as their text). */
export function categoricalBins(f: CategoricalGbmFeature, c: Column, out: Uint8Array): Uint8Array {
  const map = levelBins(f);
  const unseen = f.otherBin >= 0 ? f.otherBin : MISSING_BIN;
  if (c.kind === 'numeric') {
    for (let i = 0; i < out.length; i++) {
      const v = c.values[i] as number;
      out[i] = Number.isNaN(v) ? MISSING_BIN : (map.get(String(v)) ?? unseen);
    }
    return out;
  }
  const byCode = c.levels.map((l) => map.get(l) ?? unseen);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i] as number;
    out[i] = code < 0 ? MISSING_BIN : (byCode[code] as number);
  }
  return out;
}

/** Column-major uint8 bins (feature f at [f·n, (f+1)·n)). */
export function binColumns(features: readonly GbmFeature[], frame: Frame): Uint8Array {
  const n = frame.nRows;
  const out = new Uint8Array(n * features.length);
  features.forEach((f, j) => out.set(columnBins(f, getColumn(frame, f.name)), j * n));
  return out;
}

/** Row-major copy of column-major bins. */
export function rowMajor(col: Uint8Array, n: number, F: number): Uint8Array {
  const out = new Uint8Array(n * F);
  for (let f = 0; f < F; f++) {
    const base = f * n;
    for (let i = 0; i < n; i++) out[i * F + f] = col[base + i] as number;
  }
  return out;
}

/** Row-major uint8 bin matrix (n × features) of `frame` under the fitted features. */
export function binMatrix(features: readonly GbmFeature[], frame: Frame): Uint8Array {
  const F = features.length;
  const n = frame.nRows;
  const out = new Uint8Array(n * F);
  features.forEach((f, j) => {
    const col = columnBins(f, getColumn(frame, f.name));
    for (let i = 0; i < n; i++) out[i * F + j] = col[i] as number;
  });
  return out;
}

/** Bin of one record value (single-record scoring). */
export function recordBin(f: GbmFeature, v: InputRecord[string], map?: Map<string, number>): number {
  if (f.kind === 'numeric') return numericBin(f.cuts, recordNumber(v));
  const s = recordString(v);
  if (s === null) return MISSING_BIN;
  const b = (map ?? levelBins(f)).get(s);
  return b ?? (f.otherBin >= 0 ? f.otherBin : MISSING_BIN);
}
