/**
 * XLSX → header-less CSV (`sheet row, cell1, cell2, …`) with exceljs's streaming reader, so large
 * workbooks are not loaded whole. Date cells become ISO dates (with the time when it is not
 * midnight); plain numbers in date columns are treated as Excel date serials; formulas give their
 * cached result; rich text is flattened.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { AppError } from '../domain/errors.js';
import { fromExcelSerial } from '../domain/dates.js';
import { csvField, type PrepareOptions } from './source.js';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function dateCellText(d: Date): string {
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && mi === 0 && s === 0 ? date : `${date} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

/** Plain text of one cell value as exceljs reports it. */
export function cellText(v: unknown, isDateColumn: boolean): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateCellText(v);
  if (typeof v === 'number') {
    if (isDateColumn && v > 0 && v < 109_575) {
      const whole = fromExcelSerial(v);
      const frac = v - Math.floor(v);
      if (frac < 1e-9) return whole;
      const secs = Math.round(frac * 86_400);
      return `${whole} ${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor((secs % 3600) / 60))}:${pad2(secs % 60)}`;
    }
    return String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o['richText'])) return (o['richText'] as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o['result'], isDateColumn);
    if ('text' in o) return cellText(o['text'], isDateColumn);
    if ('error' in o) return '';
  }
  return String(v);
}

export async function convertXlsx(opts: PrepareOptions, out: string): Promise<{ headers: string[]; records: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(opts.file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  const ws = createWriteStream(out);
  let headers: string[] | null = null;
  let dateCols: ReadonlySet<number> = new Set();
  let records = 0;
  let sheetIndex = 0;
  let found = false;
  for await (const sheet of reader) {
    sheetIndex++;
    const name = (sheet as unknown as { name?: string }).name ?? String(sheetIndex);
    const wantedSheet = opts.sheet === undefined ? sheetIndex === 1 : opts.sheet === name || opts.sheet === String(sheetIndex);
    if (!wantedSheet || found) {
      for await (const _row of sheet) void _row; // drain
      continue;
    }
    found = true;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1); // exceljs rows are 1-based
      if (headers === null) {
        headers = values.map((v) => cellText(v, false).trim());
        dateCols = opts.dateHeaders?.(headers) ?? new Set();
        continue;
      }
      const cells: string[] = [];
      for (let i = 0; i < headers.length; i++) cells.push(csvField(cellText(values[i], dateCols.has(i))));
      if (cells.every((c) => c === '')) continue;
      records++;
      if (records % 20_000 === 0) {
        if (opts.signal?.aborted) break;
        opts.onProgress?.({ phase: 'convert', done: records, message: 'reading XLSX' });
      }
      if (!ws.write(String(row.number) + ',' + cells.join(',') + '\n')) await once(ws, 'drain');
    }
  }
  ws.end();
  await once(ws, 'finish');
  if (!found) {
    throw new AppError({ code: 'import.sheet', en: `${opts.file}: no sheet ${opts.sheet ?? '1'}`, zh: `${opts.file}：没有工作表 ${opts.sheet ?? '1'}` });
  }
  if (headers === null) throw new AppError({ code: 'import.empty', en: `${opts.file}: the sheet is empty (no header row)`, zh: `${opts.file}：工作表为空（没有表头行）` });
  return { headers, records };
}
