/**
 * Parse a CSV text into a {@link LabeledFrame}: header row, one record per row. A column is numeric
 * when every non-missing cell parses as a finite number, otherwise categorical (or when named in
 * `categorical`). The target becomes 1 where it equals one of `badValues` (default: `1`, `bad`,
 * `yes`, `true`, `default`), else 0. Rows with a missing target or a wrong number of cells are left
 * out and reported as {@link RowProblem}s — never thrown.
 */
import { parse } from 'csv-parse/sync';
import { AppError, type RowProblem } from '../../domain/errors.js';
import { categoricalColumn, isMissingToken, makeFrame, sharedFloat64, type Column, type Frame, type LabeledFrame } from './frame.js';

export interface CsvFrameOptions {
  /** File name used in problems and errors. */
  file: string;
  /** Target column; absent for scoring data. */
  target?: string;
  /** Target values meaning "bad" (event). Compared as trimmed strings and, when numeric, as numbers. */
  badValues?: readonly string[];
  /** Columns to read as categorical even when their values look numeric (codes like 1/2/3). */
  categorical?: readonly string[];
  /** Columns to leave out (identifiers, dates used only for splitting …). */
  drop?: readonly string[];
}

export interface CsvFrameResult {
  frame: Frame;
  /** Present when `target` was given. */
  target?: Uint8Array;
  /** Physical line (1-based) of each kept row, for error messages and joining results back. */
  lines: Int32Array;
  problems: RowProblem[];
  /** Raw string values of the dropped columns, by name (e.g. a date column for out-of-time splits). */
  dropped: Record<string, (string | null)[]>;
}

const DEFAULT_BAD = ['1', 'bad', 'yes', 'true', 'default', 'y'];

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function readRecords(text: string, file: string): ParsedRecord[] {
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true }) as unknown as ParsedRecord[];
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'risk.csv_parse', en: `${file}: not a readable CSV file (${msg})`, zh: `${file}：无法解析为 CSV 文件（${msg}）`, cause: err });
  }
}

function isBad(raw: string, bad: readonly string[]): boolean {
  const t = raw.trim();
  const n = Number(t);
  for (const b of bad) {
    if (t.toLowerCase() === b.toLowerCase()) return true;
    if (t !== '' && b.trim() !== '' && Number.isFinite(n) && n === Number(b)) return true;
  }
  return false;
}

function cellMissing(raw: string | undefined): boolean {
  if (raw === undefined) return true;
  const t = raw.trim();
  return t === '' || isMissingToken(t);
}

function buildColumn(name: string, cells: (string | undefined)[], forceCategorical: boolean): Column {
  if (!forceCategorical) {
    const values = sharedFloat64(cells.length);
    let numeric = true;
    for (let i = 0; i < cells.length; i++) {
      const raw = cells[i];
      if (cellMissing(raw)) {
        values[i] = Number.NaN;
        continue;
      }
      const n = Number((raw as string).trim());
      if (!Number.isFinite(n)) {
        numeric = false;
        break;
      }
      values[i] = n;
    }
    if (numeric) return { kind: 'numeric', name, values };
  }
  return categoricalColumn(name, cells.map((c) => (cellMissing(c) ? null : (c as string).trim())));
}

export function parseCsvFrame(text: string, opts: CsvFrameOptions): CsvFrameResult {
  const records = readRecords(text, opts.file);
  const header = records[0]?.record.map((h) => h.trim());
  if (!header || header.length === 0) {
    throw new AppError({ code: 'risk.csv_empty', en: `${opts.file}: no header row`, zh: `${opts.file}：缺少表头行` });
  }
  const dupe = header.find((h, i) => header.indexOf(h) !== i);
  if (dupe !== undefined) {
    throw new AppError({ code: 'risk.csv_header', en: `${opts.file}: column "${dupe}" appears twice in the header`, zh: `${opts.file}：表头中列“${dupe}”出现了两次` });
  }
  const targetIdx = opts.target === undefined ? -1 : header.indexOf(opts.target);
  if (opts.target !== undefined && targetIdx < 0) {
    throw new AppError({
      code: 'risk.target_missing',
      en: `${opts.file}: target column "${opts.target}" not found (columns: ${header.join(', ')})`,
      zh: `${opts.file}：找不到目标列“${opts.target}”（现有列：${header.join('、')}）`,
    });
  }
  const problems: RowProblem[] = [];
  const kept: ParsedRecord[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r] as ParsedRecord;
    if (rec.record.length !== header.length) {
      problems.push({ file: opts.file, line: rec.info.lines, column: '', code: 'csv.column_count', message: `expected ${header.length} cells, found ${rec.record.length}` });
      continue;
    }
    if (targetIdx >= 0 && cellMissing(rec.record[targetIdx])) {
      problems.push({ file: opts.file, line: rec.info.lines, column: opts.target ?? '', code: 'target.missing', message: 'the target is empty; row left out' });
      continue;
    }
    kept.push(rec);
  }
  const drop = new Set(opts.drop ?? []);
  for (const d of drop) {
    if (!header.includes(d)) throw new AppError({ code: 'risk.column_missing', en: `${opts.file}: column "${d}" to drop is not in the header`, zh: `${opts.file}：要排除的列“${d}”不在表头中` });
  }
  const categorical = new Set(opts.categorical ?? []);
  for (const c of categorical) {
    if (!header.includes(c)) throw new AppError({ code: 'risk.column_missing', en: `${opts.file}: categorical column "${c}" is not in the header`, zh: `${opts.file}：分类列“${c}”不在表头中` });
  }
  const columns: Column[] = [];
  const dropped: Record<string, (string | null)[]> = {};
  header.forEach((name, j) => {
    if (j === targetIdx) return;
    const cells = kept.map((k) => k.record[j]);
    if (drop.has(name)) {
      dropped[name] = cells.map((c) => (cellMissing(c) ? null : (c as string).trim()));
      return;
    }
    columns.push(buildColumn(name, cells, categorical.has(name)));
  });
  const lines = Int32Array.from(kept.map((k) => k.info.lines));
  const result: CsvFrameResult = { frame: makeFrame(columns), lines, problems, dropped };
  if (targetIdx >= 0) {
    const bad = opts.badValues && opts.badValues.length > 0 ? opts.badValues : DEFAULT_BAD;
    const target = new Uint8Array(kept.length);
    kept.forEach((k, i) => {
      target[i] = isBad(k.record[targetIdx] ?? '', bad) ? 1 : 0;
    });
    result.target = target;
  }
  return result;
}

/** Parse with a target and check both classes are present. */
export function parseLabeledCsv(text: string, opts: CsvFrameOptions & { target: string }): LabeledFrame & { problems: RowProblem[]; dropped: Record<string, (string | null)[]>; lines: Int32Array } {
  const r = parseCsvFrame(text, opts);
  const target = r.target as Uint8Array;
  let events = 0;
  for (let i = 0; i < target.length; i++) events += target[i] as number;
  if (events === 0 || events === target.length) {
    throw new AppError({
      code: 'risk.target_one_class',
      en: `${opts.file}: target "${opts.target}" has ${events === 0 ? 'no' : 'only'} bad rows with bad values ${JSON.stringify(opts.badValues ?? DEFAULT_BAD)}; pass --bad-value`,
      zh: `${opts.file}：目标列“${opts.target}”按坏样本取值 ${JSON.stringify(opts.badValues ?? DEFAULT_BAD)} 计算${events === 0 ? '没有坏样本' : '全是坏样本'}；请用 --bad-value 指定`,
    });
  }
  return { frame: r.frame, target, targetName: opts.target, problems: r.problems, dropped: r.dropped, lines: r.lines };
}
