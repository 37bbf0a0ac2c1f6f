/**
 * Column-oriented data for model training and scoring: numeric columns are Float64Array with NaN
 * for missing; categorical columns are Int32Array codes into a level list, −1 for missing.
 * Targets are Uint8Array (1 = bad/event, 0 = good).
 */
import { AppError } from '../../domain/errors.js';

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `levels`, or −1 when missing. */
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Frame {
  readonly nRows: number;
  readonly columns: readonly Column[];
}

/** A frame with a binary outcome (1 = event/bad). */
export interface LabeledFrame {
  readonly frame: Frame;
  readonly target: Uint8Array;
  readonly targetName: string;
}

/** One record as it arrives for single-record scoring (a CSV row, a JSON body, an API call). */
export type RecordValue = number | string | boolean | null | undefined;
export type InputRecord = Readonly<Record<string, RecordValue>>;

/**
 * A Float64Array in shared memory: numeric columns live there so that scoring worker threads read
 * them without a copy (plain loads and stores cost the same as on an ordinary ArrayBuffer).
 */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
}

export function numericColumn(name: string, values: ArrayLike<number>): NumericColumn {
  const v = sharedFloat64(values.length);
  for (let i = 0; i < values.length; i++) v[i] = values[i] as number;
  return { kind: 'numeric', name, values: v };
}

/** Build a categorical column from strings (null/undefined/'' = missing); levels in order of first appearance. */
export function categoricalColumn(name: string, values: readonly (string | null | undefined)[]): CategoricalColumn {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = levels.length;
      levels.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { kind: 'categorical', name, codes, levels };
}

export function makeFrame(columns: readonly Column[]): Frame {
  const first = columns[0];
  const nRows = first ? columnLength(first) : 0;
  const seen = new Set<string>();
  for (const c of columns) {
    if (columnLength(c) !== nRows) throw new RangeError(`column ${c.name} has ${columnLength(c)} rows, expected ${nRows}`);
    if (seen.has(c.name)) throw new RangeError(`duplicate column ${c.name}`);
    seen.add(c.name);
  }
  return { nRows, columns };
}

export function columnLength(c: Column): number {
  return c.kind === 'numeric' ? c.values.length : c.codes.length;
}

export function getColumn(frame: Frame, name: string): Column {
  const c = frame.columns.find((col) => col.name === name);
  if (!c) {
    throw new AppError({
      code: 'risk.column_missing',
      en: `Column "${name}" is not in the data (columns: ${frame.columns.map((x) => x.name).join(', ')})`,
      zh: `数据中没有列“${name}”（现有列：${frame.columns.map((x) => x.name).join('、')}）`,
    });
  }
  return c;
}

/** Rows `idx` of every column (levels are kept so codes stay comparable). */
export function takeRows(frame: Frame, idx: ArrayLike<number>): Frame {
  const columns = frame.columns.map((c): Column => {
    if (c.kind === 'numeric') {
      const v = sharedFloat64(idx.length);
      for (let i = 0; i < idx.length; i++) v[i] = c.values[idx[i] as number] as number;
      return { kind: 'numeric', name: c.name, values: v };
    }
    const codes = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) codes[i] = c.codes[idx[i] as number] as number;
    return { kind: 'categorical', name: c.name, codes, levels: c.levels };
  });
  return { nRows: idx.length, columns };
}

export function takeLabeled(data: LabeledFrame, idx: ArrayLike<number>): LabeledFrame {
  const target = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) target[i] = data.target[idx[i] as number] as number;
  return { frame: takeRows(data.frame, idx), target, targetName: data.targetName };
}

export function dropColumns(frame: Frame, names: readonly string[]): Frame {
  const drop = new Set(names);
  return { nRows: frame.nRows, columns: frame.columns.filter((c) => !drop.has(c.name)) };
}

/** Row `i` as a plain record (missing → null). */
export function rowRecord(frame: Frame, i: number): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const c of frame.columns) {
    if (c.kind === 'numeric') {
      const v = c.values[i] as number;
      out[c.name] = Number.isNaN(v) ? null : v;
    } else {
      const code = c.codes[i] as number;
      out[c.name] = code < 0 ? null : (c.levels[code] ?? null);
    }
  }
  return out;
}

/** Read a numeric value from a record: numbers as is, numeric strings parsed, anything else missing (NaN). */
export function recordNumber(v: RecordValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '' || isMissingToken(t)) return Number.NaN;
    const n = Number(t);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}

/** Read a categorical value from a record (null when missing). Numbers are written in JS's shortest form. */
export function recordString(v: RecordValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const t = v.trim();
  return t === '' || isMissingToken(t) ? null : t;
}

const MISSING_TOKENS = new Set(['na', 'n/a', 'nan', 'null', 'none', '?', '-']);

export function isMissingToken(t: string): boolean {
  return MISSING_TOKENS.has(t.toLowerCase());
}
