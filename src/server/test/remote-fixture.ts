import type { DuckDBConnection } from '@duckdb/node-api';
import { buildBook1 } from '../../metrics/testing/books.js';

/** The metrics area's hand-built book 1 (loans and disputes), for tests that need rates. */
export async function buildMetricsCheck(conn: DuckDBConnection): Promise<void> {
  await buildBook1(conn);
}
