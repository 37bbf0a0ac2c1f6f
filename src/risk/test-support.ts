/**
 * Test helpers: the real public data sets live in ../shared/data relative to the repository root.
 * A missing file is a loud failure, never a skip (CI always has them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabeledCsv } from './frame/csv-frame.js';
import type { LabeledFrame } from './frame/frame.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');

export function sharedFile(...parts: string[]): string {
  const p = resolve(SHARED_DATA, ...parts);
  if (!existsSync(p)) throw new Error(`Real test data missing: ${p}. The tests need ../shared/data (see /work/shared/data/README.md); they fail rather than skip.`);
  return p;
}

export interface CreditSet {
  file: string;
  target: string;
  bad: string;
  drop: string[];
  categorical: string[];
}

/** The four real credit sets and how to read them. */
export const CREDIT_SETS: Record<'german' | 'taiwan' | 'lendingClub' | 'creditData', CreditSet> = {
  german: { file: 'german_credit.csv', target: 'class_1good_2bad', bad: '2', drop: [], categorical: [] },
  taiwan: { file: 'taiwan_default.csv', target: 'default_payment_next_month', bad: '1', drop: ['ID'], categorical: ['SEX', 'EDUCATION', 'MARRIAGE'] },
  lendingClub: { file: 'lending_club_sample.csv', target: 'Class', bad: 'bad', drop: [], categorical: [] },
  creditData: { file: 'credit_data.csv', target: 'Status', bad: 'bad', drop: [], categorical: [] },
};

export function loadCreditSet(set: CreditSet): LabeledFrame {
  const path = sharedFile('credit', set.file);
  return parseLabeledCsv(readFileSync(path, 'utf8'), { file: set.file, target: set.target, badValues: [set.bad], drop: set.drop, categorical: set.categorical });
}
