/** Sample splits: stratified k-fold, stratified train/validation, out-of-time by a date column. */
import { AppError } from '../../domain/errors.js';
import { makeRng, shuffleInPlace } from '../rng.js';

/**
 * Fold number (0..k−1) per row, stratified by target: each class is shuffled with the seed and dealt
 * round-robin, so fold sizes and event counts differ by at most one.
 */
export function stratifiedFolds(target: Uint8Array, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be an integer ≥ 2');
  const rng = makeRng(seed);
  const folds = new Int32Array(target.length);
  let offset = 0;
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < target.length; i++) if (target[i] === cls) idx.push(i);
    shuffleInPlace(idx, rng);
    idx.forEach((row, j) => {
      folds[row] = (j + offset) % k;
    });
    offset += idx.length;
  }
  return folds;
}

export interface IndexSplit {
  train: Int32Array;
  test: Int32Array;
}

export function foldSplit(folds: Int32Array, fold: number): IndexSplit {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < folds.length; i++) (folds[i] === fold ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** Stratified random split with `testShare` of each class in `test`. */
export function stratifiedSplit(target: Uint8Array, testShare: number, seed: number): IndexSplit {
  if (!(testShare > 0 && testShare < 1)) throw new RangeError('testShare must be in (0, 1)');
  const rng = makeRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < target.length; i++) if (target[i] === cls) idx.push(i);
    shuffleInPlace(idx, rng);
    const nTest = Math.round(idx.length * testShare);
    idx.forEach((row, j) => (j < nTest ? test : train).push(row));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Out-of-time split: rows dated strictly before `cutoff` train, rows on or after it test. Dates are
 * compared as ISO strings (YYYY-MM-DD or YYYY-MM); rows with no date are left out of both.
 */
export function outOfTimeSplit(dates: readonly (string | null)[], cutoff: string): IndexSplit {
  const train: number[] = [];
  const test: number[] = [];
  dates.forEach((d, i) => {
    if (d === null || d === '') return;
    (d < cutoff ? train : test).push(i);
  });
  if (train.length === 0 || test.length === 0) {
    throw new AppError({
      code: 'risk.oot_empty',
      en: `Out-of-time split at ${cutoff} leaves ${train.length} rows before and ${test.length} on or after; choose another cutoff`,
      zh: `按 ${cutoff} 做跨时间切分后，之前 ${train.length} 行、之后 ${test.length} 行；请换一个切分日期`,
    });
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
