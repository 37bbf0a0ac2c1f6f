/**
 * The as-of date. Computing functions never read the clock: callers pass `asOf`, and when they do
 * not, the latest date seen in the data (origination, repayment, dispute) is used, so the same
 * workspace always gives the same figures.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseDate, type IsoDate } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import { queryOne } from '../store/sql.js';

export async function latestDataDate(conn: DuckDBConnection): Promise<IsoDate | null> {
  const row = await queryOne<{ d: string | null }>(
    conn,
    `SELECT greatest(
       (SELECT max(originated_at) FROM loan),
       (SELECT max(paid_at) FROM repayment),
       (SELECT max(coalesce(filed_at, count_date)) FROM dispute)
     ) AS d`,
  );
  return row?.d ?? null;
}

/** Validate a user-given date (flag or API field). */
export function checkDate(value: string, field: string): IsoDate {
  const r = parseDate(value);
  if (!r.ok) throw new AppError({ code: 'metrics.date_invalid', en: `${field}: ${r.reason}`, zh: `${field}：日期无效（${r.reason}）` });
  return r.date;
}

export async function resolveAsOf(conn: DuckDBConnection, asOf: string | undefined): Promise<IsoDate> {
  if (asOf !== undefined) return checkDate(asOf, 'asOf');
  const latest = await latestDataDate(conn);
  if (latest === null) {
    throw new AppError({
      code: 'metrics.no_data',
      en: 'The workspace has no loans, repayments or disputes yet: import data (suitrate import …) or run suitrate demo',
      zh: '工作区中还没有借据、还款或纠纷数据：请先导入数据（suitrate import …）或运行 suitrate demo',
    });
  }
  return latest;
}
