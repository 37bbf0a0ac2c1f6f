/** Apply a fitted binning to data: bin index and WOE per row, or per single value. */
import { recordNumber, recordString, type Column, type RecordValue } from '../frame/frame.js';
import { numericBinOf } from './numeric.js';
import { missingBinIndex, type CategoricalBinning, type FeatureBinning } from './types.js';

/** Level → bin index for a categorical binning (levels not listed score as missing). */
export function levelBinMap(b: CategoricalBinning): Map<string, number> {
  const m = new Map<string, number>();
  b.groups.forEach((g, i) => {
    for (const l of g) m.set(l, i);
  });
  return m;
}

/** Bin index of every row of `column` (which must be the binning's feature). */
export function binColumn(b: FeatureBinning, column: Column): Int32Array {
  const n = column.kind === 'numeric' ? column.values.length : column.codes.length;
  const out = new Int32Array(n);
  if (b.kind === 'numeric') {
    if (column.kind === 'numeric') {
      for (let i = 0; i < n; i++) out[i] = numericBinOf(b.cuts, b.specialCodes, column.values[i] as number);
      return out;
    }
    // categorical column holding numeric-looking text: parse each level once
    const byCode = column.levels.map((l) => numericBinOf(b.cuts, b.specialCodes, recordNumber(l)));
    const miss = missingBinIndex(b);
    for (let i = 0; i < n; i++) {
      const c = column.codes[i] as number;
      out[i] = c < 0 ? miss : (byCode[c] as number);
    }
    return out;
  }
  const map = levelBinMap(b);
  const miss = missingBinIndex(b);
  if (column.kind === 'numeric') {
    for (let i = 0; i < n; i++) {
      const v = column.values[i] as number;
      out[i] = Number.isNaN(v) ? miss : (map.get(String(v)) ?? miss);
    }
    return out;
  }
  const byCode = column.levels.map((l) => map.get(l) ?? miss);
  for (let i = 0; i < n; i++) {
    const c = column.codes[i] as number;
    out[i] = c < 0 ? miss : (byCode[c] as number);
  }
  return out;
}

export function woeColumn(b: FeatureBinning, column: Column): Float64Array {
  const idx = binColumn(b, column);
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = (b.bins[idx[i] as number] as { woe: number }).woe;
  return out;
}

/** A fast single-value lookup built once per binning. */
export type BinLookup = (v: RecordValue) => number;

export function makeLookup(b: FeatureBinning): BinLookup {
  if (b.kind === 'numeric') {
    const cuts = b.cuts;
    const specials = b.specialCodes;
    return (v) => numericBinOf(cuts, specials, recordNumber(v));
  }
  const map = levelBinMap(b);
  const miss = missingBinIndex(b);
  return (v) => {
    const s = recordString(v);
    return s === null ? miss : (map.get(s) ?? miss);
  };
}
