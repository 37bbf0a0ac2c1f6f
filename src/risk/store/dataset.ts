/**
 * Training/scoring data from the store, built in DuckDB SQL as of an observation date T: one row per
 * loan active at T (originated on or before T, not fully repaid by T), with application features and
 * behavioural features computed ONLY from data dated ≤ T, and two labels observed in (T, T + 12 months]:
 *   bad_90dpd_12m — some installment reaches 90 days past due in the window;
 *   sued_12m      — the lender files a lawsuit in the window: a lending dispute that counts as a
 *                   lawsuit with the institution as plaintiff, dated by its count_date (docs/judgments.md),
 *                   or a first-instance case with the lender as plaintiff when no dispute row links the loan.
 * Repayments settle installments first-due-first (cumulative paid vs cumulative due, penalties
 * excluded); an installment is paid at the end of the day the cumulative payments cover it.
 * By default the population excludes loans already 90+ DPD or already sued at T (they are past the
 * point an early warning is for); `includeDefaulted` keeps them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../domain/errors.js';
import { parseDate } from '../../domain/dates.js';
import { queryOne } from '../../store/sql.js';

export interface DatasetOptions {
  asOf: string;
  /** Label window in months (default 12). */
  horizonMonths?: number;
  /** Keep loans already 90+ DPD or sued at the observation date. */
  includeDefaulted?: boolean;
  /** Leave the labels out (scoring the live book: the future is unknown). */
  withoutLabels?: boolean;
}

export const DATASET_FEATURES = [
  'principal_yuan',
  'term_months',
  'nominal_rate',
  'disclosed_apr',
  'upfront_fee_rate',
  'fee_share',
  'product_kind',
  'lender_kind',
  'channel',
  'province',
  'age_band',
  'months_on_book',
  'outstanding_ratio',
  'current_dpd',
  'max_dpd_3m',
  'max_dpd_6m',
  'max_dpd_12m',
  'missed_installments',
  'payment_ratio_6m',
  'complaints_count',
  'complaints_12m',
  'customer_prior_suits',
] as const;

export const DATASET_LABELS = ['bad_90dpd_12m', 'sued_12m'] as const;

/** Categorical feature columns (the rest are numeric). */
export const DATASET_CATEGORICAL = ['product_kind', 'lender_kind', 'channel', 'province', 'age_band'] as const;

export function checkAsOf(asOf: string): string {
  const r = parseDate(asOf);
  if (!r.ok || r.date !== asOf) {
    throw new AppError({ code: 'risk.as_of', en: `--as-of must be a date YYYY-MM-DD, got "${asOf}"`, zh: `--as-of 必须是 YYYY-MM-DD 格式的日期，收到“${asOf}”` });
  }
  return r.date;
}

/** The dataset query (pure SQL text; the date is validated and inlined). */
export function datasetSql(o: DatasetOptions): string {
  const T = `DATE '${checkAsOf(o.asOf)}'`;
  const h = o.horizonMonths ?? 12;
  if (!Number.isInteger(h) || h < 1 || h > 60) throw new RangeError('horizonMonths must be an integer in 1..60');
  const E = `CAST(${T} + INTERVAL ${h} MONTH AS DATE)`;
  const labels = o.withoutLabels
    ? ''
    : `,
  CAST(coalesce(lab.bad, FALSE) AS INTEGER) AS bad_90dpd_12m,
  CAST(coalesce(su.sued_after, FALSE) AS INTEGER) AS sued_12m`;
  const exclusion = o.includeDefaulted ? '' : `\n  AND coalesce(st.current_dpd, 0) < 90 AND NOT coalesce(su.sued_before, FALSE)`;
  return `
WITH inst AS (
  SELECT loan_id, seq, due_date,
         principal_due_fen, interest_due_fen, fee_due_fen,
         principal_due_fen + interest_due_fen + coalesce(fee_due_fen, 0) AS due_fen,
         sum(principal_due_fen + interest_due_fen + coalesce(fee_due_fen, 0)) OVER (PARTITION BY loan_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS cum_due
  FROM installment
),
pay AS (
  SELECT loan_id, paid_at, sum(amount_fen - coalesce(penalty_fen, 0)) AS paid_fen
  FROM repayment WHERE amount_fen - coalesce(penalty_fen, 0) > 0
  GROUP BY loan_id, paid_at
),
paycum AS (
  SELECT loan_id, paid_at, paid_fen, sum(paid_fen) OVER (PARTITION BY loan_id ORDER BY paid_at ROWS UNBOUNDED PRECEDING) AS cum_paid FROM pay
),
ip AS (
  SELECT i.*, p.paid_at AS paid_date
  FROM inst i ASOF LEFT JOIN paycum p ON i.loan_id = p.loan_id AND p.cum_paid >= i.cum_due
),
st AS (
  SELECT loan_id,
    max(CASE WHEN due_date < ${T} AND (paid_date IS NULL OR paid_date > ${T}) THEN date_diff('day', due_date, ${T}) ELSE 0 END) AS current_dpd,
    max(greatest(0, CASE WHEN least(coalesce(paid_date - 1, ${T}), ${T}) >= greatest(due_date + 1, CAST(${T} - INTERVAL 3 MONTH AS DATE)) THEN date_diff('day', due_date, least(coalesce(paid_date - 1, ${T}), ${T})) ELSE 0 END)) AS max_dpd_3m,
    max(greatest(0, CASE WHEN least(coalesce(paid_date - 1, ${T}), ${T}) >= greatest(due_date + 1, CAST(${T} - INTERVAL 6 MONTH AS DATE)) THEN date_diff('day', due_date, least(coalesce(paid_date - 1, ${T}), ${T})) ELSE 0 END)) AS max_dpd_6m,
    max(greatest(0, CASE WHEN least(coalesce(paid_date - 1, ${T}), ${T}) >= greatest(due_date + 1, CAST(${T} - INTERVAL 12 MONTH AS DATE)) THEN date_diff('day', due_date, least(coalesce(paid_date - 1, ${T}), ${T})) ELSE 0 END)) AS max_dpd_12m,
    count(*) FILTER (WHERE due_date < ${T} AND (paid_date IS NULL OR paid_date > due_date)) AS missed_installments,
    sum(due_fen) FILTER (WHERE due_date > CAST(${T} - INTERVAL 6 MONTH AS DATE) AND due_date <= ${T}) AS due_6m,
    sum(principal_due_fen) FILTER (WHERE paid_date IS NULL OR paid_date > ${T}) AS outstanding_principal_fen,
    sum(interest_due_fen) AS interest_total_fen,
    sum(coalesce(fee_due_fen, 0)) AS fee_total_fen,
    bool_or(paid_date IS NULL OR paid_date > ${T}) AS open_at_t
  FROM ip GROUP BY loan_id
),
lab AS (
  SELECT loan_id, bool_or(due_date + 90 > ${T} AND due_date + 90 <= ${E} AND (paid_date IS NULL OR paid_date > due_date + 90)) AS bad
  FROM ip GROUP BY loan_id
),
paid6 AS (
  SELECT loan_id, sum(paid_fen) AS paid_6m FROM pay
  WHERE paid_at > CAST(${T} - INTERVAL 6 MONTH AS DATE) AND paid_at <= ${T} GROUP BY loan_id
),
suits AS (
  SELECT loan_id, coalesce(count_date, filed_at, decided_at) AS suit_date, customer_id
  FROM dispute
  WHERE institution_role = 'plaintiff' AND coalesce(counts_as_lawsuit, TRUE) AND coalesce(is_lending, TRUE) AND NOT coalesce(enforcement_only, FALSE)
  UNION ALL
  SELECT c.loan_id, coalesce(c.filed_at, c.decided_at) AS suit_date, c.customer_id
  FROM legal_case c
  WHERE c.institution_role = 'plaintiff' AND c.instance = 'first' AND c.loan_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.loan_id = c.loan_id)
),
su AS (
  SELECT loan_id, bool_or(suit_date <= ${T}) AS sued_before, bool_or(suit_date > ${T} AND suit_date <= ${E}) AS sued_after
  FROM suits WHERE loan_id IS NOT NULL AND suit_date IS NOT NULL GROUP BY loan_id
),
cust_suits AS (
  SELECT l.loan_id, count(*) AS n
  FROM loan l JOIN suits s ON s.customer_id = l.customer_id AND s.loan_id IS DISTINCT FROM l.loan_id
  WHERE s.suit_date <= ${T} GROUP BY l.loan_id
),
comp AS (
  SELECT l.loan_id,
    count(*) AS n_all,
    count(*) FILTER (WHERE CAST(c.received_at AS DATE) > CAST(${T} - INTERVAL 12 MONTH AS DATE)) AS n_12m
  FROM loan l JOIN complaint c ON (c.loan_id = l.loan_id OR (c.loan_id IS NULL AND c.customer_id = l.customer_id))
  WHERE CAST(c.received_at AS DATE) <= ${T}
  GROUP BY l.loan_id
)
SELECT
  l.loan_id,
  ${T} AS as_of,
  l.principal_fen / 100.0 AS principal_yuan,
  l.term_months,
  coalesce(l.nominal_rate, p.nominal_rate) AS nominal_rate,
  coalesce(l.disclosed_apr, p.disclosed_apr) AS disclosed_apr,
  CASE WHEN l.principal_fen > 0 THEN l.upfront_fee_fen / l.principal_fen END AS upfront_fee_rate,
  CASE WHEN st.interest_total_fen + st.fee_total_fen + l.upfront_fee_fen > 0
       THEN (st.fee_total_fen + l.upfront_fee_fen) / (st.interest_total_fen + st.fee_total_fen + l.upfront_fee_fen) END AS fee_share,
  p.kind AS product_kind,
  inst_.kind AS lender_kind,
  l.channel,
  coalesce(l.province, cu.province) AS province,
  CASE WHEN cu.birth_year IS NULL THEN NULL
       WHEN year(${T}) - cu.birth_year < 25 THEN '18-24'
       WHEN year(${T}) - cu.birth_year < 35 THEN '25-34'
       WHEN year(${T}) - cu.birth_year < 45 THEN '35-44'
       WHEN year(${T}) - cu.birth_year < 55 THEN '45-54'
       ELSE '55+' END AS age_band,
  date_sub('month', l.originated_at, ${T}) AS months_on_book,
  CASE WHEN l.principal_fen > 0 THEN st.outstanding_principal_fen / l.principal_fen END AS outstanding_ratio,
  st.current_dpd,
  st.max_dpd_3m,
  st.max_dpd_6m,
  st.max_dpd_12m,
  st.missed_installments,
  CASE WHEN st.due_6m > 0 THEN coalesce(paid6.paid_6m, 0) / st.due_6m END AS payment_ratio_6m,
  coalesce(comp.n_all, 0) AS complaints_count,
  coalesce(comp.n_12m, 0) AS complaints_12m,
  coalesce(cust_suits.n, 0) AS customer_prior_suits${labels}
FROM loan l
JOIN st ON st.loan_id = l.loan_id
LEFT JOIN product p ON p.product_id = l.product_id
LEFT JOIN institution inst_ ON inst_.institution_id = l.institution_id
LEFT JOIN customer cu ON cu.customer_id = l.customer_id
LEFT JOIN lab ON lab.loan_id = l.loan_id
LEFT JOIN paid6 ON paid6.loan_id = l.loan_id
LEFT JOIN su ON su.loan_id = l.loan_id
LEFT JOIN cust_suits ON cust_suits.loan_id = l.loan_id
LEFT JOIN comp ON comp.loan_id = l.loan_id
WHERE l.originated_at <= ${T} AND st.open_at_t${exclusion}
ORDER BY l.loan_id`;
}

export interface DataExtent {
  /** Latest dated observation in the store (repayment, complaint or lawsuit). */
  lastDataDate: string | null;
  /** End of the label window. */
  labelWindowEnd: string;
  /** True when the store has data through the end of the label window. */
  labelsComplete: boolean;
}

/** Whether the store covers the label window (labels near the data's end are censored). */
export async function dataExtent(conn: DuckDBConnection, asOf: string, horizonMonths = 12): Promise<DataExtent> {
  const r = await queryOne<{ last: string | null; e: string }>(
    conn,
    `SELECT greatest((SELECT max(paid_at) FROM repayment), (SELECT CAST(max(received_at) AS DATE) FROM complaint), (SELECT max(coalesce(filed_at, count_date)) FROM dispute)) AS last,
            CAST(DATE '${checkAsOf(asOf)}' + INTERVAL ${horizonMonths} MONTH AS DATE) AS e`,
  );
  const last = r?.last ?? null;
  const e = r?.e ?? asOf;
  return { lastDataDate: last, labelWindowEnd: e, labelsComplete: last !== null && last >= e };
}

/** Write the dataset as CSV with DuckDB (set-based, no rows through JS). Returns the row count. */
export async function exportDatasetCsv(conn: DuckDBConnection, o: DatasetOptions, path: string): Promise<number> {
  const sql = datasetSql(o);
  await conn.run(`COPY (${sql}) TO '${path.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`);
  const n = await queryOne<{ n: number }>(conn, `SELECT count(*) AS n FROM (${sql})`);
  return n?.n ?? 0;
}
