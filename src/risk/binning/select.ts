/**
 * Feature selection for scorecards: keep features with IV ≥ `minIv`, drop the weaker of any pair
 * whose WOE columns correlate beyond `maxCorrelation` (greedy by IV), and drop features whose bin
 * distribution is unstable between periods (CSI > `maxCsi`).
 */
import type { Frame } from '../frame/frame.js';
import { getColumn } from '../frame/frame.js';
import { csiFromBins } from '../eval/stability.js';
import { binColumn, woeColumn } from './apply.js';
import type { FeatureBinning } from './types.js';

export interface SelectionOptions {
  minIv: number;
  maxCorrelation: number;
  /** Most features kept (by IV). */
  maxFeatures: number;
  maxCsi: number;
}

export const DEFAULT_SELECTION: SelectionOptions = { minIv: 0.02, maxCorrelation: 0.7, maxFeatures: 30, maxCsi: 0.25 };

export interface SelectionDecision {
  feature: string;
  iv: number;
  kept: boolean;
  reason: string;
  csi?: number;
}

export function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export interface StabilityCheck {
  /** Rows of the base period and of the later period(s) in `frame`. */
  base: Int32Array;
  current: Int32Array;
}

export function selectFeatures(binnings: readonly FeatureBinning[], frame: Frame, o: Partial<SelectionOptions> = {}, stability?: StabilityCheck): SelectionDecision[] {
  const opts = { ...DEFAULT_SELECTION, ...o };
  const order = [...binnings].sort((a, b) => b.iv - a.iv);
  const decisions: SelectionDecision[] = [];
  const keptWoe: { feature: string; woe: Float64Array }[] = [];
  for (const b of order) {
    const d: SelectionDecision = { feature: b.feature, iv: b.iv, kept: false, reason: '' };
    decisions.push(d);
    if (b.iv < opts.minIv) {
      d.reason = `IV ${b.iv.toFixed(4)} < ${opts.minIv}`;
      continue;
    }
    const col = getColumn(frame, b.feature);
    if (stability) {
      const bins = binColumn(b, col);
      const csi = csiFromBins(Array.from(stability.base, (i) => bins[i] as number), Array.from(stability.current, (i) => bins[i] as number), b.labels).psi;
      d.csi = csi;
      if (csi > opts.maxCsi) {
        d.reason = `unstable: CSI ${csi.toFixed(4)} > ${opts.maxCsi}`;
        continue;
      }
    }
    const woe = woeColumn(b, col);
    const clash = keptWoe.find((k) => Math.abs(pearson(k.woe, woe)) > opts.maxCorrelation);
    if (clash) {
      d.reason = `WOE correlation with ${clash.feature} above ${opts.maxCorrelation}`;
      continue;
    }
    if (keptWoe.length >= opts.maxFeatures) {
      d.reason = `beyond the ${opts.maxFeatures} strongest features`;
      continue;
    }
    keptWoe.push({ feature: b.feature, woe });
    d.kept = true;
    d.reason = 'kept';
  }
  return decisions;
}
