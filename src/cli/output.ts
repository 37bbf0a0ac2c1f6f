/**
 * Output for people and for scripts: a table on a terminal, JSON when asked (`--json`) or when
 * stdout is piped, CSV when asked (`--csv`). Commands build plain data and hand it here.
 */
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export type OutputFormat = 'table' | 'json' | 'csv';

export interface OutputFlags {
  json?: boolean;
  csv?: boolean;
}

export function chooseFormat(flags: OutputFlags, isTty: boolean = Boolean(process.stdout.isTTY)): OutputFormat {
  if (flags.json) return 'json';
  if (flags.csv) return 'csv';
  return isTty ? 'table' : 'json';
}

export interface TableData {
  title?: string;
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 1e4) / 1e4);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function renderTable(data: TableData): string {
  const t = new Table({ head: [...data.columns], style: { head: [], border: [] } });
  for (const r of data.rows) t.push(r.map(cell));
  return (data.title ? `${data.title}\n` : '') + t.toString();
}

export function renderCsv(data: TableData): string {
  return stringify([data.columns as string[], ...data.rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v)))]);
}

/**
 * Print a result. `json` is the machine form (any JSON value); `tables` is what people see. CSV
 * prints the first table only (one CSV per command, as analysts expect).
 */
export function emit(format: OutputFormat, json: unknown, tables: readonly TableData[], write: (s: string) => void = (s) => process.stdout.write(s)): void {
  if (format === 'json') {
    write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  if (format === 'csv') {
    const first = tables[0];
    if (first) write(renderCsv(first));
    return;
  }
  write(tables.map(renderTable).join('\n\n') + '\n');
}
