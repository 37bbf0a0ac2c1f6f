/** Bin every feature of a labelled frame with shared defaults and per-feature overrides. */
import type { Column, LabeledFrame } from '../frame/frame.js';
import { binCategorical } from './categorical.js';
import { binNumeric } from './numeric.js';
import { DEFAULT_BINNING, type BinningOptions, type FeatureBinning } from './types.js';

export interface FitBinningOptions {
  defaults?: Partial<BinningOptions>;
  perFeature?: Readonly<Record<string, Partial<BinningOptions>>>;
  /** Columns to bin (default: all). */
  features?: readonly string[];
}

export function binFeature(column: Column, target: Uint8Array, opts: BinningOptions): FeatureBinning {
  return column.kind === 'numeric' ? binNumeric(column.name, column.values, target, opts) : binCategorical(column.name, column.codes, column.levels, target, opts);
}

export function resolveBinningOptions(name: string, o: FitBinningOptions = {}): BinningOptions {
  return { ...DEFAULT_BINNING, ...(o.defaults ?? {}), ...(o.perFeature?.[name] ?? {}) };
}

export function fitBinnings(data: LabeledFrame, o: FitBinningOptions = {}): FeatureBinning[] {
  const wanted = o.features ? new Set(o.features) : null;
  return data.frame.columns.filter((c) => wanted === null || wanted.has(c.name)).map((c) => binFeature(c, data.target, resolveBinningOptions(c.name, o)));
}
