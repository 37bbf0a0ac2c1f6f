/**
 * Adapter (server area): a stored loan as a pricing `Contract`, so the contract page and the key
 * facts statement run the pricing engine's analyzeContract / renderKeyFactsStatement on one loan.
 * The pricing area exports no single-loan loader; this mirrors the terms its book audit reads
 * (src/pricing/audit/sql.ts readLoansSql): loan values first, product values as fallback, upfront
 * fees deducted from the amount paid out, monthly fees on the original principal, licensed unless
 * the institution says otherwise.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DISCLOSED_BASES, REPAYMENT_METHODS, type Contract, type DisclosedBasis, type Fee, type RepaymentMethod } from '../../pricing/contract.js';
import { queryOne } from '../../store/sql.js';

export interface StoredLoan extends Record<string, unknown> {
  loan_id: string;
  contract_no: string | null;
  customer_id: string | null;
  originated_at: string;
  principal_fen: number;
  term_months: number;
  method: string | null;
  nominal_rate: number | null;
  upfront_fee_fen: number;
  monthly_fee_fen: number;
  upfront_fee_rate: number | null;
  monthly_fee_rate: number | null;
  disclosed_apr: number | null;
  disclosed_rate_basis: string | null;
  product_name: string | null;
  product_kind: string | null;
  institution_name: string | null;
  licensed: boolean | null;
}

export async function readLoan(conn: DuckDBConnection, loanId: string): Promise<StoredLoan | undefined> {
  return queryOne<StoredLoan>(
    conn,
    `SELECT l.loan_id, l.contract_no, l.customer_id, l.originated_at, l.principal_fen, l.term_months,
       coalesce(l.repayment_method, p.repayment_method, CASE WHEN p.kind = 'credit_card_installment' THEN 'credit_card_installment' END) AS method,
       coalesce(l.nominal_rate, p.nominal_rate) AS nominal_rate, l.upfront_fee_fen, l.monthly_fee_fen, p.upfront_fee_rate, p.monthly_fee_rate,
       coalesce(l.disclosed_apr, p.disclosed_apr) AS disclosed_apr, p.disclosed_rate_basis, p.name AS product_name, p.kind AS product_kind,
       i.name AS institution_name, i.licensed
     FROM loan l LEFT JOIN product p ON p.product_id = l.product_id LEFT JOIN institution i ON i.institution_id = l.institution_id
     WHERE l.loan_id = ?`,
    [loanId],
  );
}

function isMethod(s: string | null): s is RepaymentMethod {
  return s !== null && (REPAYMENT_METHODS as readonly string[]).includes(s);
}

function basisOf(l: StoredLoan): DisclosedBasis {
  if (l.disclosed_apr === null) return 'none';
  const b = l.disclosed_rate_basis;
  return b !== null && (DISCLOSED_BASES as readonly string[]).includes(b) ? (b as DisclosedBasis) : 'unknown';
}

export function contractFromLoan(l: StoredLoan): Contract {
  const fees: Fee[] = [];
  if (l.upfront_fee_fen > 0) fees.push({ kind: 'service', timing: 'upfront_deducted', amountFen: l.upfront_fee_fen, rate: 0, base: 'original' });
  else if ((l.upfront_fee_rate ?? 0) > 0) fees.push({ kind: 'service', timing: 'upfront_deducted', amountFen: 0, rate: l.upfront_fee_rate ?? 0, base: 'original' });
  if (l.monthly_fee_fen > 0) fees.push({ kind: 'service', timing: 'per_period', amountFen: l.monthly_fee_fen, rate: 0, base: 'original' });
  else if ((l.monthly_fee_rate ?? 0) > 0) fees.push({ kind: 'service', timing: 'per_period', amountFen: 0, rate: l.monthly_fee_rate ?? 0, base: 'original' });
  return {
    principalFen: l.principal_fen,
    term: l.term_months,
    period: 'month',
    method: isMethod(l.method) ? l.method : 'equal_installment',
    annualRate: l.nominal_rate ?? 0,
    fees,
    startDate: l.originated_at,
    firstDueDate: null,
    lenderKind: l.licensed === false ? 'private' : 'licensed',
    lenderName: l.institution_name,
    disclosure: { annualRate: l.disclosed_apr, basis: basisOf(l) },
    overdue: null,
    schedule: null,
    repayments: null,
    jurisdiction: 'cn',
  };
}
