/**
 * The portfolio at a glance, as of a date: loans, amounts lent and outstanding principal by lender
 * and product, with complaint and dispute counts. One set-based query; used by `suitrate demo`
 * and `suitrate portfolio`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IsoDate } from '../domain/dates.js';
import { queryRows } from './sql.js';

export interface PortfolioRow {
  institutionId: string;
  institution: string;
  productId: string | null;
  product: string | null;
  loans: number;
  lentFen: number;
  /** Principal not yet repaid on loans originated by asOf (charged-off principal included). */
  outstandingFen: number;
  activeLoans: number;
  complaints: number;
  disputes: number;
}

const SQL = `
WITH paid AS (
  SELECT loan_id, sum(coalesce(principal_fen, amount_fen)) AS principal_paid
  FROM repayment WHERE paid_at <= $1::DATE GROUP BY loan_id
), l AS (
  SELECT l.loan_id, l.institution_id, l.product_id, l.principal_fen,
         greatest(l.principal_fen - coalesce(p.principal_paid, 0), 0) AS outstanding
  FROM loan l LEFT JOIN paid p USING (loan_id)
  WHERE l.originated_at <= $1::DATE
), c AS (
  SELECT loan_id, count(*) AS n FROM complaint WHERE received_at <= $1::DATE AND loan_id IS NOT NULL GROUP BY loan_id
), d AS (
  SELECT loan_id, count(DISTINCT dispute_id) AS n FROM dispute WHERE loan_id IS NOT NULL AND coalesce(filed_at, decided_at) <= $1::DATE GROUP BY loan_id
)
SELECT l.institution_id, any_value(i.name) AS institution, l.product_id, any_value(p.name) AS product,
       count(*) AS loans, sum(l.principal_fen) AS lent, sum(l.outstanding) AS outstanding,
       count(*) FILTER (WHERE l.outstanding > 0) AS active,
       coalesce(sum(c.n), 0) AS complaints, coalesce(sum(d.n), 0) AS disputes
FROM l
JOIN institution i USING (institution_id)
LEFT JOIN product p ON p.product_id = l.product_id
LEFT JOIN c ON c.loan_id = l.loan_id
LEFT JOIN d ON d.loan_id = l.loan_id
GROUP BY ALL
ORDER BY l.institution_id, l.product_id`;

export async function portfolio(conn: DuckDBConnection, asOf: IsoDate): Promise<PortfolioRow[]> {
  const rows = await queryRows<{ institution_id: string; institution: string; product_id: string | null; product: string | null; loans: number; lent: number; outstanding: number; active: number; complaints: number; disputes: number }>(conn, SQL, [asOf]);
  return rows.map((r) => ({
    institutionId: r.institution_id,
    institution: r.institution,
    productId: r.product_id,
    product: r.product,
    loans: r.loans,
    lentFen: Number(r.lent),
    outstandingFen: Number(r.outstanding),
    activeLoans: r.active,
    complaints: Number(r.complaints),
    disputes: Number(r.disputes),
  }));
}
