/**
 * Per-loan facts derived from the schedule (installment) and the money received (repayment), as
 * CTE text for larger queries. Rules (docs/metrics.md §Overdue):
 * - payments (amount − penalty) are applied to the oldest due installments first, so the arrears at
 *   a date T are (cumulative amount due by T) − (cumulative paid by T);
 * - DPD at T = T − due date of the oldest installment not fully covered (0 when none is due);
 * - an account is closed from the first payment date at which what it paid covers the whole
 *   principal plus the interest and fees due by then (normal payoff or early settlement);
 * - "30+ DPD" means more than 30 days past due (first reached at due + 31), "90+" more than 90.
 * CTE names start with `m_` and take the as-of date as SQL text (a bound parameter).
 */

/**
 * `m_key(loan_id, k, principal_fen)`: a dense integer key per loan, so the windows and ASOF joins
 * below partition and sort on integers instead of loan-number strings (several times faster).
 * Cumulative schedule per loan (`m_sched`, all installments), cumulative payments per loan and day
 * up to asOf (`m_paid`) and the payoff date (`m_payoff`). Installments and payments of loans not in
 * the loan table are ignored.
 */
export function scheduleAndPaymentsCtes(asOfSql: string, toleranceFenSql: string): string {
  return `m_key AS MATERIALIZED (
  SELECT loan_id, row_number() OVER () AS k, principal_fen FROM loan
),
m_sched AS MATERIALIZED (
  SELECT m.k, i.due_date,
    sum(i.principal_due_fen + i.interest_due_fen + i.fee_due_fen) OVER w AS cum_due,
    sum(i.interest_due_fen + i.fee_due_fen) OVER w AS cum_charges
  FROM installment i JOIN m_key m ON m.loan_id = i.loan_id
  WINDOW w AS (PARTITION BY m.k ORDER BY i.due_date, i.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
m_paid AS MATERIALIZED (
  SELECT m.k, r.paid_at,
    sum(sum(r.amount_fen - coalesce(r.penalty_fen, 0))) OVER (PARTITION BY m.k ORDER BY r.paid_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_paid
  FROM repayment r JOIN m_key m ON m.loan_id = r.loan_id
  WHERE r.paid_at <= ${asOfSql}
  GROUP BY m.k, r.paid_at
),
${payoffCte(toleranceFenSql)}`;
}

/**
 * `m_payoff(k, loan_id, payoff_at)`: the first payment date at which what the loan has paid covers
 * its whole principal plus the interest and fees due by then (normal payoff or early settlement).
 * Needs {@link scheduleAndPaymentsCtes}.
 */
export function payoffCte(toleranceFenSql: string): string {
  return `m_payoff AS MATERIALIZED (
  SELECT x.k, any_value(m.loan_id) AS loan_id, min(x.paid_at) AS payoff_at
  FROM (
    SELECT p.k, p.paid_at, p.cum_paid, c.cum_charges
    FROM m_paid p ASOF LEFT JOIN m_sched c ON p.k = c.k AND p.paid_at >= c.due_date
  ) x JOIN m_key m ON m.k = x.k
  WHERE x.cum_paid + ${toleranceFenSql} >= m.principal_fen + coalesce(x.cum_charges, 0)
  GROUP BY x.k
)`;
}

/**
 * `m_first_dpd(loan_id, first30_at, first90_at)`: the first date each loan was more than 30 and more
 * than 90 days past due, up to asOf (NULL when never); dates after the loan was paid off do not
 * count. Needs {@link scheduleAndPaymentsCtes}.
 */
export function firstDelinquencyCte(asOfSql: string, toleranceFenSql: string): string {
  const reach = (days: number, name: string): string => `m_reach${days} AS (
  SELECT s.k, min(s.t) AS ${name}
  FROM (SELECT k, cum_due, due_date + ${days} AS t FROM m_sched WHERE due_date + ${days} <= ${asOfSql}) s
  ASOF LEFT JOIN m_paid p ON s.k = p.k AND s.t >= p.paid_at
  LEFT JOIN m_payoff po ON po.k = s.k
  WHERE coalesce(p.cum_paid, 0) + ${toleranceFenSql} < s.cum_due AND (po.payoff_at IS NULL OR s.t < po.payoff_at)
  GROUP BY s.k
)`;
  return `${reach(31, 'first30_at')},
${reach(91, 'first90_at')},
m_first_dpd AS MATERIALIZED (
  SELECT m.loan_id, a.first30_at, b.first90_at
  FROM m_reach31 a FULL OUTER JOIN m_reach91 b ON a.k = b.k JOIN m_key m ON m.k = coalesce(a.k, b.k)
)`;
}

/**
 * `m_span(loan_id, start_date, end_date)`: when a loan is on the book. end_date (exclusive) is the
 * payoff date found in the payments; else the last payment for loans marked settled; else, for a
 * loan without any schedule, its maturity; else NULL (still open at asOf).
 */
export function loanSpanCte(asOfSql: string): string {
  return `m_last_paid AS (SELECT m.loan_id, max(p.paid_at) AS last_paid_at FROM m_paid p JOIN m_key m ON m.k = p.k GROUP BY m.loan_id),
m_has_sched AS (SELECT DISTINCT loan_id FROM installment),
m_span AS (
  SELECT l.loan_id, l.originated_at AS start_date,
    CASE WHEN po.payoff_at IS NOT NULL THEN greatest(po.payoff_at, l.originated_at + 1)
         WHEN l.status = 'settled' THEN greatest(coalesce(lp.last_paid_at, l.maturity_date, (l.originated_at + to_months(l.term_months))::DATE), l.originated_at + 1)
         WHEN hs.loan_id IS NULL THEN greatest(coalesce(l.maturity_date, (l.originated_at + to_months(l.term_months))::DATE), l.originated_at + 1)
         ELSE NULL END AS end_date
  FROM loan l
  LEFT JOIN m_payoff po ON po.loan_id = l.loan_id
  LEFT JOIN m_last_paid lp ON lp.loan_id = l.loan_id
  LEFT JOIN m_has_sched hs ON hs.loan_id = l.loan_id
  WHERE l.originated_at <= ${asOfSql}
)`;
}

/**
 * `m_balance_seg(loan_id, seg_start, seg_end, balance_fen)`: outstanding principal as a step
 * function from origination, reduced by the principal part of each payment (the stated allocation;
 * else the payment times the loan's scheduled principal share), never below zero; the last segment
 * runs to the day after asOf. Needs {@link scheduleAndPaymentsCtes} only for the share.
 */
export function balanceSegmentsCte(asOfSql: string): string {
  return `m_sched_tot AS (
  SELECT loan_id, sum(principal_due_fen) AS p, sum(principal_due_fen + interest_due_fen + fee_due_fen) AS t FROM installment GROUP BY loan_id
),
m_bal_ev AS (
  SELECT loan_id, originated_at AS d, principal_fen AS delta FROM loan WHERE originated_at <= ${asOfSql}
  UNION ALL
  SELECT r.loan_id, r.paid_at AS d,
    -coalesce(r.principal_fen, CASE WHEN st.t > 0 THEN round(r.amount_fen * st.p / st.t) ELSE r.amount_fen END)::BIGINT AS delta
  FROM repayment r LEFT JOIN m_sched_tot st ON st.loan_id = r.loan_id
  WHERE r.paid_at <= ${asOfSql}
),
m_bal_day AS (SELECT loan_id, d, sum(delta) AS delta FROM m_bal_ev GROUP BY loan_id, d),
m_balance_seg AS (
  SELECT loan_id, d AS seg_start,
    coalesce(lead(d) OVER (PARTITION BY loan_id ORDER BY d), ${asOfSql} + 1) AS seg_end,
    greatest(sum(delta) OVER (PARTITION BY loan_id ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 0) AS balance_fen
  FROM m_bal_day
)`;
}

/**
 * SQL CASE giving the M bucket of a DPD expression (NULL = closed); `chargedOffSql`, a boolean
 * expression, gives 'charged_off' (off the open book, see {@link dpdSnapshotCte}).
 */
export function dpdBucketSql(dpdSql: string, chargedOffSql = 'FALSE'): string {
  return `CASE WHEN ${dpdSql} IS NULL THEN 'closed' WHEN ${chargedOffSql} THEN 'charged_off' WHEN ${dpdSql} = 0 THEN 'M0' WHEN ${dpdSql} <= 30 THEN 'M1' WHEN ${dpdSql} <= 60 THEN 'M2'
    WHEN ${dpdSql} <= 90 THEN 'M3' WHEN ${dpdSql} <= 120 THEN 'M4' WHEN ${dpdSql} <= 150 THEN 'M5' ELSE 'M6+' END`;
}

/**
 * `m_snap(loan_id, snap_date, dpd, arrears_fen, charged_off, …extra)`: DPD of every loan originated
 * by each snapshot date in `m_snapdates(snap_date)`; dpd NULL = closed. `charged_off` is true when the
 * loan's status is charged_off or written_off and it is more than `chargeOffDpdSql` days past due at
 * the snapshot (the status carries no date; the DPD says from when it applies, so earlier snapshots
 * still see the account open and delinquent). `loanSelect` adds columns from loan `l` / product `pr`
 * (slice values), `loanWhere` filters loans. Needs {@link scheduleAndPaymentsCtes} over an asOf at
 * or after the last snapshot.
 */
export function dpdSnapshotCte(toleranceFenSql: string, loanSelect: string, loanWhere: string, chargeOffDpdSql = '180'): string {
  return `m_snap0 AS (
  SELECT l.loan_id, mk.k, t.snap_date, l.principal_fen, l.status IN ('charged_off', 'written_off') AS co_status${loanSelect}
  FROM loan l JOIN m_key mk ON mk.loan_id = l.loan_id LEFT JOIN product pr ON pr.product_id = l.product_id JOIN m_snapdates t ON l.originated_at <= t.snap_date
  WHERE TRUE ${loanWhere}
),
m_snap1 AS (
  SELECT s.*, coalesce(p.cum_paid, 0) AS paid
  FROM m_snap0 s ASOF LEFT JOIN m_paid p ON s.k = p.k AND s.snap_date >= p.paid_at
),
m_snap2 AS (
  SELECT s.*, coalesce(c.cum_charges, 0) AS charges_due, coalesce(c.cum_due, 0) AS due, s.paid + ${toleranceFenSql} AS paid_tol
  FROM m_snap1 s ASOF LEFT JOIN m_sched c ON s.k = c.k AND s.snap_date >= c.due_date
),
m_snap3 AS (
  SELECT s.*, o.due_date AS oldest_due
  FROM m_snap2 s ASOF LEFT JOIN m_sched o ON s.k = o.k AND s.paid_tol < o.cum_due
),
m_snap4 AS (
  SELECT s.*,
    CASE WHEN po.payoff_at <= s.snap_date THEN NULL
         WHEN s.oldest_due IS NULL OR s.oldest_due >= s.snap_date THEN 0
         ELSE date_diff('day', s.oldest_due, s.snap_date) END AS dpd,
    CASE WHEN po.payoff_at <= s.snap_date THEN 0 ELSE greatest(s.due - s.paid, 0) END AS arrears_fen
  FROM m_snap3 s LEFT JOIN m_payoff po ON po.k = s.k
),
m_snap AS MATERIALIZED (
  SELECT s.*, coalesce(s.co_status AND s.dpd > ${chargeOffDpdSql}, FALSE) AS charged_off FROM m_snap4 s
)`;
}
