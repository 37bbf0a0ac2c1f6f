/** Test helper for migration tests: a fresh in-memory database migrated up to a version. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { migrate } from '../workspace.js';
import { MIGRATIONS } from './index.js';

/** Run `fn` on an in-memory database with the migrations up to `version` applied (all when null), then close it. */
export async function atVersion(version: number | null, fn: (conn: DuckDBConnection, instance: DuckDBInstance) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await migrate(conn, 'mem', version === null ? MIGRATIONS : MIGRATIONS.filter((m) => m.version <= version));
    await fn(conn, instance);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
