import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { exec, queryOne, queryRows } from './sql.js';
import { migrate, openWorkspace } from './workspace.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'suitrate-ws-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('workspace', () => {
  it('creates the file, applies every migration once and creates a 0600 key file', async () => {
    const path = join(tempDir(), 'a.duckdb');
    const ws = await openWorkspace(path);
    expect(ws.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const n = await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM suitrate_migration');
    expect(n?.n).toBe(MIGRATIONS.length);
    ws.close();
    expect(statSync(`${path}.key`).mode & 0o777).toBe(0o600);
    const again = await openWorkspace(path);
    const m = await queryOne<{ n: number }>(again.conn, 'SELECT count(*) AS n FROM suitrate_migration WHERE version = 1');
    expect(m?.n).toBe(1);
    expect(again.secret.equals(ws.secret)).toBe(true);
    again.close();
  });

  it('refuses a file migrated by newer code with a clear message', async () => {
    const path = join(tempDir(), 'b.duckdb');
    const ws = await openWorkspace(path);
    await exec(ws.conn, "INSERT INTO suitrate_migration VALUES (9999, 'future', current_timestamp)");
    ws.close();
    const err = await openWorkspace(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('workspace.too_new');
    expect((err as AppError).en).toContain('schema version 9999');
  });

  it('applies a migration numbered below one already applied (interleaved module ranges), once', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const m1 = { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' };
    const m2 = { version: 2, name: 'b', sql: 'CREATE TABLE b (x INTEGER)' };
    const m3 = { version: 3, name: 'c', sql: 'CREATE TABLE c (x INTEGER)' };
    expect(await migrate(conn, 'mem', [m1, m3])).toBe(3);
    expect(await migrate(conn, 'mem', [m1, m2, m3])).toBe(3);
    const rows = await queryRows<{ version: number }>(conn, 'SELECT version FROM suitrate_migration ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(await queryOne<{ n: number }>(conn, 'SELECT count(*) AS n FROM b')).toEqual({ n: 0 });
    const err = await migrate(conn, 'mem', [m1, m2]).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('workspace.too_new');
    expect((err as AppError).en).toContain('migrations 3 unknown here');
    conn.closeSync();
    instance.closeSync();
  });

  it('refuses to create a workspace in read-only mode', async () => {
    const err = await openWorkspace(join(tempDir(), 'none.duckdb'), { readOnly: true }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('workspace.missing');
  });

  it('stores money as BIGINT fen and reads it back as a number', async () => {
    const ws = await openWorkspace(join(tempDir(), 'c.duckdb'));
    await exec(ws.conn, "INSERT INTO institution (institution_id, name, kind) VALUES ('L1', '测试银行', 'bank')");
    await exec(ws.conn, "INSERT INTO loan (loan_id, institution_id, originated_at, principal_fen, term_months) VALUES ('X1', 'L1', DATE '2024-02-29', 1234567, 12)");
    const row = await queryOne<{ principal_fen: number; originated_at: string }>(ws.conn, 'SELECT principal_fen, originated_at FROM loan');
    expect(row).toEqual({ principal_fen: 1234567, originated_at: '2024-02-29' });
    ws.close();
  });
});
