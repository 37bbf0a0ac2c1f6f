/**
 * Moving model data between DuckDB and typed arrays: read a query into a {@link Frame} (numeric SQL
 * types become numeric columns, everything else categorical), and write a frame (plus extra
 * columns) into a table with the appender. This is the I/O edge of the risk module.
 */
import { DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../../store/sql.js';
import { categoricalColumn, makeFrame, numericColumn, type Column, type Frame } from '../frame/frame.js';

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

export interface SqlFrame {
  frame: Frame;
  /** Columns named in `keep`, as strings (ids, dates), not part of the frame. */
  kept: Record<string, (string | null)[]>;
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const n = Number(String(v));
  return Number.isFinite(n) ? n : Number.NaN;
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return String(v);
}

/**
 * Run `sql` and collect its columns. Columns listed in `keep` come back as strings; columns in
 * `categorical` are read as categorical even when numeric.
 */
export async function readFrameFromSql(conn: DuckDBConnection, sql: string, o: { keep?: readonly string[]; categorical?: readonly string[] } = {}): Promise<SqlFrame> {
  const result = await conn.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.typeId);
  const keep = new Set(o.keep ?? []);
  const cat = new Set(o.categorical ?? []);
  const numeric = names.map((n, j) => !keep.has(n) && !cat.has(n) && NUMERIC_TYPES.has(types[j] as DuckDBTypeId));
  const numParts: number[][] = names.map(() => []);
  const textParts: (string | null)[][] = names.map(() => []);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let j = 0; j < names.length; j++) {
      const vec = chunk.getColumnVector(j);
      const rows = chunk.rowCount;
      if (numeric[j]) {
        const out = numParts[j] as number[];
        for (let i = 0; i < rows; i++) out.push(toNumber(vec.getItem(i)));
      } else {
        const out = textParts[j] as (string | null)[];
        for (let i = 0; i < rows; i++) out.push(toText(vec.getItem(i)));
      }
    }
  }
  const columns: Column[] = [];
  const kept: Record<string, (string | null)[]> = {};
  names.forEach((name, j) => {
    if (keep.has(name)) kept[name] = textParts[j] as (string | null)[];
    else if (numeric[j]) columns.push(numericColumn(name, numParts[j] as number[]));
    else columns.push(categoricalColumn(name, textParts[j] as (string | null)[]));
  });
  return { frame: makeFrame(columns), kept };
}

export interface ExtraColumn {
  name: string;
  values: ArrayLike<number> | readonly (string | null)[];
}

/** CREATE TABLE `table` from a frame (DOUBLE / VARCHAR columns, NaN and missing as NULL) plus extras. */
export async function writeFrameTable(conn: DuckDBConnection, table: string, frame: Frame, extra: readonly ExtraColumn[] = []): Promise<void> {
  const isNum = (v: ExtraColumn['values']): boolean => !Array.isArray(v) || typeof v[0] === 'number';
  const defs = [
    ...extra.map((e) => `${ident(e.name)} ${isNum(e.values) ? 'DOUBLE' : 'VARCHAR'}`),
    ...frame.columns.map((c) => `${ident(c.name)} ${c.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}`),
  ];
  await conn.run(`CREATE TABLE ${ident(table)} (${defs.join(', ')})`);
  const app = await conn.createAppender(table);
  try {
    for (let i = 0; i < frame.nRows; i++) {
      for (const e of extra) {
        const v = e.values[i];
        if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) app.appendNull();
        else if (typeof v === 'number') app.appendDouble(v);
        else app.appendVarchar(v);
      }
      for (const c of frame.columns) {
        if (c.kind === 'numeric') {
          const v = c.values[i] as number;
          if (Number.isNaN(v)) app.appendNull();
          else app.appendDouble(v);
        } else {
          const code = c.codes[i] as number;
          if (code < 0) app.appendNull();
          else app.appendVarchar(c.levels[code] as string);
        }
      }
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}
