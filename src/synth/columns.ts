/**
 * The canonical import columns of docs/import-formats.md, in the order the generator writes them,
 * with the JSON type used in JSONL output. A test parses the document and compares, so the two
 * cannot drift apart silently.
 */
import type { ImportKind } from '../domain/import.js';

/** str: JSON string; num: JSON number (written from its decimal text); bool: true/false. */
export type ColumnType = 'str' | 'num' | 'bool';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

const s = (name: string): ColumnSpec => ({ name, type: 'str' });
const n = (name: string): ColumnSpec => ({ name, type: 'num' });
const b = (name: string): ColumnSpec => ({ name, type: 'bool' });

export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  institutions: [s('institution_id'), s('name'), s('short_name'), s('kind'), b('licensed'), s('seat_province'), s('seat_city'), s('aliases')],
  products: [s('product_id'), s('institution_id'), s('name'), s('kind'), s('repayment_method'), n('nominal_rate'), n('upfront_fee_rate'), n('monthly_fee_rate'), n('disclosed_apr'), s('disclosed_rate_basis')],
  customers: [s('customer_id'), s('institution_id'), s('name'), s('id_number'), s('phone'), s('bank_card'), s('province'), s('city'), s('created_at'), s('sex'), n('birth_year')],
  loans: [
    s('loan_id'), s('institution_id'), s('product_id'), s('customer_id'), s('contract_no'), s('channel'), s('province'), s('city'), s('originated_at'), s('maturity_date'),
    n('principal'), n('term_months'), s('repayment_method'), n('nominal_rate'), n('upfront_fee'), n('monthly_fee'), n('disclosed_apr'), s('status'), s('purpose'),
  ],
  installments: [s('loan_id'), n('seq'), s('due_date'), n('principal_due'), n('interest_due'), n('fee_due')],
  repayments: [s('repayment_id'), s('loan_id'), s('paid_at'), n('amount'), n('principal'), n('interest'), n('fee'), n('penalty'), s('channel')],
  complaints: [
    s('complaint_id'), s('institution_id'), s('customer_id'), s('loan_id'), s('received_at'), s('channel'), s('category'), s('text'), s('status'),
    b('escalated_to_regulator'), b('complex'), s('closed_at'), s('resolution'),
  ],
  cases: [
    s('case_id'), s('case_number'), s('court_name'), s('doc_type'), s('instance'), s('procedure'), s('cause'), s('cause_category'), s('institution_id'),
    s('institution_role'), s('plaintiff'), s('defendant'), s('filed_at'), s('decided_at'), n('claim_principal'), n('claim_interest'), n('claim_penalty'),
    n('claim_fee'), n('claim_lawyer_fee'), n('claim_total'), s('outcome'), n('awarded_total'), n('court_fee'), n('court_fee_charged'), s('court_fee_payer'),
    b('absent_defendant'), n('recovered'), s('loan_id'), s('customer_id'), s('referenced_case_numbers'),
  ],
};

export function columnNames(kind: ImportKind): string[] {
  return COLUMNS[kind].map((c) => c.name);
}
