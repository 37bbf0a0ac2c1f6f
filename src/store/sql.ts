/**
 * Thin typed helpers over a DuckDB connection. Values come back as plain JS: BIGINT → number
 * (throws if beyond 2^53, which no fen amount reaches), DATE → 'YYYY-MM-DD', TIMESTAMP → ISO string.
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParam = string | number | bigint | boolean | null;
export type Row = Record<string, unknown>;

function toJs(value: unknown, typeId: DuckDBTypeId): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${value} exceeds 2^53`);
    return n;
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return typeId === DuckDBTypeId.DATE ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (Array.isArray(value)) return value.map((v) => toJs(v, DuckDBTypeId.INVALID));
  return value;
}

export async function queryRows<T extends Row = Row>(conn: DuckDBConnection, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.typeId);
  const rows = reader.getRowsJS();
  return rows.map((r) => {
    const obj: Row = {};
    for (let i = 0; i < names.length; i++) obj[names[i] ?? `c${i}`] = toJs(r[i], types[i] ?? DuckDBTypeId.INVALID);
    return obj as T;
  });
}

export async function queryOne<T extends Row = Row>(conn: DuckDBConnection, sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
  const rows = await queryRows<T>(conn, sql, params);
  return rows[0];
}

export async function exec(conn: DuckDBConnection, sql: string, params: readonly SqlParam[] = []): Promise<void> {
  await conn.run(sql, params.length > 0 ? (params as DuckDBValue[]) : undefined);
}

/** Run `fn` inside BEGIN/COMMIT; ROLLBACK on any error (and rethrow). */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const out = await fn();
    await conn.run('COMMIT');
    return out;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Quote an identifier for DuckDB. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal for DuckDB (for the rare places parameters cannot go, e.g. file paths in read_csv). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
