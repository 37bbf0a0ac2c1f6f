/**
 * What each kind stores and checks, as SQL over the parsed staging columns (`p_<canonical>`), the
 * raw trimmed text (`r_<canonical>`), reference lookups joined in the check pass and, for kinds with
 * personal data or text, the JS enrichment table `e` (see enrich.ts).
 */
import type { ImportKind } from '../domain/import.js';
import { literal } from '../store/sql.js';

export interface Target {
  /** Column of the store table. */
  col: string;
  /** SQL over p_*, join aliases and e.* giving the stored value. */
  expr: string;
  /** Canonical input columns it comes from; compared on re-import only when one of them is in the file. */
  from: readonly string[];
  /** How to show stored vs file values in a conflict message ('hide' for pseudonyms). */
  show?: 'money' | 'value' | 'hide';
}

export interface Check {
  /** SQL condition that makes the row bad. */
  when: string;
  /** Canonical column blamed ('' = the whole row). */
  col: string;
  code: string;
  /** SQL expression for the message. */
  msg: string;
}

export interface CheckContext {
  /** Latest acceptable event date (as of + 1 day), ISO. */
  eventMax: string;
  /** Latest acceptable schedule date (due dates, maturities), ISO. */
  scheduleMax: string;
  asOfYear: number;
  present: ReadonlySet<string>;
}

export interface KindDef {
  table: string;
  /** Natural key: store columns (targets). */
  key: readonly string[];
  /** LEFT JOINs for references, over the parsed relation `p`. */
  joins: string;
  /** Extra columns selected from the joins (used by checks). */
  joinCols: string;
  enrich?: 'customers' | 'complaints' | 'cases';
  /** Enrichment columns the checks use, selected from `e` as e_<name>. */
  enrichCols?: string;
  targets: readonly Target[];
  checks(ctx: CheckContext): Check[];
}

const q = (s: string): string => literal(s);
const money = (name: string, col = `${name}_fen`, dflt?: string): Target => ({
  col,
  expr: dflt === undefined ? `p_${name}` : `coalesce(p_${name}, ${dflt})`,
  from: [name],
  show: 'money',
});
const plain = (name: string, col = name): Target => ({ col, expr: `p_${name}`, from: [name], show: 'value' });

function nonNegative(cols: readonly string[]): Check[] {
  return cols.map((c) => ({ when: `p_${c} < 0`, col: c, code: 'range.negative', msg: `'negative amount: ' || r_${c}` }));
}

function rateRange(cols: readonly string[]): Check[] {
  return cols.map((c) => ({ when: `p_${c} < 0 OR p_${c} > 10`, col: c, code: 'range.rate', msg: `'rate ' || r_${c} || ' is outside [0, 10] (write 18% or 0.18)'` }));
}

function notFuture(cols: readonly string[], max: string): Check[] {
  return cols.map((c) => ({ when: `p_${c} > ${q(max)}::DATE`, col: c, code: 'date.future', msg: `'date ' || r_${c} || ' is in the future (after ${max})'` }));
}

function ref(col: string, alias: string, code: string, what: string): Check {
  return { when: `p_${col} IS NOT NULL AND ${alias} IS NULL`, col, code, msg: `'unknown ${what} ' || p_${col} || ' (import ${what}s first)'` };
}

const institutions: KindDef = {
  table: 'institution',
  key: ['institution_id'],
  joins: '',
  joinCols: '',
  targets: [
    plain('institution_id'),
    plain('name'),
    plain('short_name'),
    plain('kind'),
    { col: 'licensed', expr: 'coalesce(p_licensed, true)', from: ['licensed'], show: 'value' },
    plain('seat_province'),
    plain('seat_city'),
  ],
  checks: () => [],
};

const products: KindDef = {
  table: 'product',
  key: ['product_id'],
  joins: 'LEFT JOIN institution ri ON ri.institution_id = p.p_institution_id',
  joinCols: 'ri.institution_id AS j_inst',
  targets: [
    plain('product_id'),
    plain('institution_id'),
    plain('name'),
    plain('kind'),
    plain('repayment_method'),
    plain('nominal_rate'),
    plain('upfront_fee_rate'),
    plain('monthly_fee_rate'),
    plain('disclosed_apr'),
    plain('disclosed_rate_basis'),
  ],
  checks: () => [...rateRange(['nominal_rate', 'upfront_fee_rate', 'monthly_fee_rate', 'disclosed_apr']), ref('institution_id', 'j_inst', 'ref.unknown_institution', 'institution')],
};

const customers: KindDef = {
  table: 'customer',
  key: ['customer_id'],
  joins: 'LEFT JOIN institution ri ON ri.institution_id = p.p_institution_id',
  joinCols: 'ri.institution_id AS j_inst',
  enrich: 'customers',
  enrichCols: 'e.id_sex AS e_id_sex, e.id_birth_year AS e_id_birth_year',
  targets: [
    plain('customer_id'),
    plain('institution_id'),
    { col: 'name_hash', expr: 'e.name_hash', from: ['name'], show: 'hide' },
    { col: 'name_masked', expr: 'e.name_masked', from: ['name'], show: 'hide' },
    { col: 'id_number_hash', expr: 'e.id_hash', from: ['id_number'], show: 'hide' },
    { col: 'id_number_masked', expr: 'e.id_masked', from: ['id_number'], show: 'hide' },
    { col: 'phone_hash', expr: 'e.phone_hash', from: ['phone'], show: 'hide' },
    { col: 'phone_masked', expr: 'e.phone_masked', from: ['phone'], show: 'hide' },
    { col: 'card_hash', expr: 'e.card_hash', from: ['bank_card'], show: 'hide' },
    { col: 'card_masked', expr: 'e.card_masked', from: ['bank_card'], show: 'hide' },
    { col: 'sex', expr: 'coalesce(p_sex, e.id_sex)', from: ['sex', 'id_number'], show: 'value' },
    { col: 'birth_year', expr: 'coalesce(p_birth_year, e.id_birth_year)', from: ['birth_year', 'id_number'], show: 'value' },
    { col: 'province', expr: 'coalesce(p_province, e.id_province)', from: ['province', 'id_number'], show: 'value' },
    plain('city'),
    plain('created_at'),
  ],
  checks: (ctx) => [
    ref('institution_id', 'j_inst', 'ref.unknown_institution', 'institution'),
    { when: `p_birth_year < 1900 OR p_birth_year > ${ctx.asOfYear}`, col: 'birth_year', code: 'range.birth_year', msg: `'birth year ' || r_birth_year || ' is out of range'` },
    { when: 'p_sex IS NOT NULL AND e_id_sex IS NOT NULL AND p_sex <> e_id_sex', col: 'sex', code: 'pii.inconsistent', msg: `'sex ' || r_sex || ' contradicts the resident ID number'` },
    { when: 'p_birth_year IS NOT NULL AND e_id_birth_year IS NOT NULL AND p_birth_year <> e_id_birth_year', col: 'birth_year', code: 'pii.inconsistent', msg: `'birth year ' || r_birth_year || ' contradicts the resident ID number'` },
    ...notFuture(['created_at'], ctx.eventMax),
  ],
};

const loans: KindDef = {
  table: 'loan',
  key: ['loan_id'],
  joins: `LEFT JOIN institution ri ON ri.institution_id = p.p_institution_id
LEFT JOIN product rp ON rp.product_id = p.p_product_id
LEFT JOIN customer rc ON rc.customer_id = p.p_customer_id`,
  joinCols: 'ri.institution_id AS j_inst, rp.product_id AS j_prod, rp.institution_id AS j_prod_inst, rc.customer_id AS j_cust',
  targets: [
    plain('loan_id'),
    plain('institution_id'),
    plain('product_id'),
    plain('customer_id'),
    plain('contract_no'),
    plain('channel'),
    plain('province'),
    plain('city'),
    plain('originated_at'),
    plain('maturity_date'),
    money('principal'),
    plain('term_months'),
    plain('repayment_method'),
    plain('nominal_rate'),
    money('upfront_fee', 'upfront_fee_fen', '0'),
    money('monthly_fee', 'monthly_fee_fen', '0'),
    plain('disclosed_apr'),
    plain('status'),
    plain('purpose'),
  ],
  checks: (ctx) => [
    { when: 'p_principal <= 0', col: 'principal', code: 'range.non_positive', msg: `'principal must be positive: ' || r_principal` },
    { when: 'p_term_months < 1 OR p_term_months > 600', col: 'term_months', code: 'range.term', msg: `'term must be 1–600 months: ' || r_term_months` },
    ...rateRange(['nominal_rate', 'disclosed_apr']),
    ...nonNegative(['upfront_fee', 'monthly_fee']),
    ...notFuture(['originated_at'], ctx.eventMax),
    { when: 'p_maturity_date < p_originated_at', col: 'maturity_date', code: 'range.maturity_before_origination', msg: `'maturity ' || r_maturity_date || ' is before origination ' || r_originated_at` },
    { when: `p_maturity_date > ${q(ctx.scheduleMax)}::DATE`, col: 'maturity_date', code: 'date.future', msg: `'maturity ' || r_maturity_date || ' is beyond ${ctx.scheduleMax}'` },
    ref('institution_id', 'j_inst', 'ref.unknown_institution', 'institution'),
    ref('product_id', 'j_prod', 'ref.unknown_product', 'product'),
    ref('customer_id', 'j_cust', 'ref.unknown_customer', 'customer'),
    {
      when: 'j_prod IS NOT NULL AND j_inst IS NOT NULL AND j_prod_inst <> p_institution_id',
      col: 'product_id',
      code: 'ref.product_institution',
      msg: `'product ' || p_product_id || ' belongs to institution ' || j_prod_inst || ', not ' || p_institution_id`,
    },
  ],
};

const installments: KindDef = {
  table: 'installment',
  key: ['loan_id', 'seq'],
  joins: 'LEFT JOIN loan rl ON rl.loan_id = p.p_loan_id',
  joinCols: 'rl.loan_id AS j_loan, rl.originated_at AS j_orig, rl.term_months AS j_term',
  targets: [plain('loan_id'), plain('seq'), plain('due_date'), money('principal_due'), money('interest_due'), money('fee_due', 'fee_due_fen', '0')],
  checks: (ctx) => [
    { when: 'p_loan_id IS NOT NULL AND j_loan IS NULL', col: 'loan_id', code: 'ref.unknown_loan', msg: `'unknown loan ' || p_loan_id || ' (import its loan first)'` },
    { when: 'p_seq < 1 OR p_seq > j_term', col: 'seq', code: 'range.seq', msg: `'installment ' || r_seq || ' is outside 1..' || j_term || ' (the loan''s term)'` },
    { when: 'p_due_date < j_orig', col: 'due_date', code: 'range.due_before_origination', msg: `'due date ' || r_due_date || ' is before the loan''s origination ' || j_orig` },
    { when: `p_due_date > ${q(ctx.scheduleMax)}::DATE`, col: 'due_date', code: 'date.future', msg: `'due date ' || r_due_date || ' is beyond ${ctx.scheduleMax}'` },
    ...nonNegative(['principal_due', 'interest_due', 'fee_due']),
  ],
};

const repayments: KindDef = {
  table: 'repayment',
  key: ['repayment_id'],
  joins: 'LEFT JOIN loan rl ON rl.loan_id = p.p_loan_id',
  joinCols: 'rl.loan_id AS j_loan, rl.originated_at AS j_orig',
  targets: [
    { col: 'repayment_id', expr: 'p_repayment_id', from: ['repayment_id'], show: 'value' },
    plain('loan_id'),
    plain('paid_at'),
    money('amount'),
    money('principal'),
    money('interest'),
    money('fee'),
    money('penalty'),
    plain('channel'),
  ],
  checks: (ctx) => [
    { when: 'p_loan_id IS NOT NULL AND j_loan IS NULL', col: 'loan_id', code: 'ref.unknown_loan', msg: `'unknown loan ' || p_loan_id || ' (import its loan first)'` },
    { when: 'p_amount <= 0', col: 'amount', code: 'range.non_positive', msg: `'repayment amount must be positive: ' || r_amount` },
    ...nonNegative(['principal', 'interest', 'fee', 'penalty']),
    {
      when: 'p_amount > 0 AND coalesce(p_principal, 0) + coalesce(p_interest, 0) + coalesce(p_fee, 0) + coalesce(p_penalty, 0) > p_amount',
      col: 'amount',
      code: 'range.allocation',
      msg: `'allocation (principal + interest + fee + penalty) exceeds the amount ' || r_amount`,
    },
    { when: 'p_paid_at < j_orig', col: 'paid_at', code: 'range.paid_before_origination', msg: `'paid ' || r_paid_at || ' before the loan''s origination ' || j_orig` },
    ...notFuture(['paid_at'], ctx.eventMax),
  ],
};

const complaints: KindDef = {
  table: 'complaint',
  key: ['complaint_id'],
  joins: `LEFT JOIN institution ri ON ri.institution_id = p.p_institution_id
LEFT JOIN customer rc ON rc.customer_id = p.p_customer_id
LEFT JOIN loan rl ON rl.loan_id = p.p_loan_id`,
  joinCols: 'ri.institution_id AS j_inst, rc.customer_id AS j_cust, rl.loan_id AS j_loan',
  enrich: 'complaints',
  targets: [
    plain('complaint_id'),
    plain('institution_id'),
    plain('customer_id'),
    plain('loan_id'),
    plain('received_at'),
    plain('channel'),
    plain('category'),
    { col: 'text', expr: 'e.text_masked', from: ['text'], show: 'hide' },
    plain('status'),
    { col: 'escalated_to_regulator', expr: 'coalesce(p_escalated_to_regulator, false)', from: ['escalated_to_regulator'], show: 'value' },
    { col: 'complex', expr: 'coalesce(p_complex, false)', from: ['complex'], show: 'value' },
    plain('closed_at'),
    plain('resolution'),
  ],
  checks: (ctx) => [
    ref('institution_id', 'j_inst', 'ref.unknown_institution', 'institution'),
    ref('customer_id', 'j_cust', 'ref.unknown_customer', 'customer'),
    ref('loan_id', 'j_loan', 'ref.unknown_loan', 'loan'),
    { when: 'p_closed_at < p_received_at', col: 'closed_at', code: 'range.closed_before_received', msg: `'closed ' || r_closed_at || ' before it was received ' || r_received_at` },
    { when: `CAST(p_received_at AS DATE) > ${q(ctx.eventMax)}::DATE`, col: 'received_at', code: 'date.future', msg: `'date ' || r_received_at || ' is in the future'` },
    { when: `CAST(p_closed_at AS DATE) > ${q(ctx.eventMax)}::DATE`, col: 'closed_at', code: 'date.future', msg: `'date ' || r_closed_at || ' is in the future'` },
  ],
};

const CASE_MONEY = ['claim_principal', 'claim_interest', 'claim_penalty', 'claim_fee', 'claim_lawyer_fee', 'claim_total', 'awarded_total', 'court_fee', 'court_fee_charged', 'recovered'];

const cases: KindDef = {
  table: 'legal_case',
  key: ['case_id'],
  joins: `LEFT JOIN institution ri ON ri.institution_id = p.p_institution_id
LEFT JOIN customer rc ON rc.customer_id = p.p_customer_id
LEFT JOIN loan rl ON rl.loan_id = p.p_loan_id`,
  joinCols: 'ri.institution_id AS j_inst, rc.customer_id AS j_cust, rl.loan_id AS j_loan',
  enrich: 'cases',
  targets: [
    { col: 'case_id', expr: `coalesce(p_case_id, e.case_number || ':' || coalesce(p_doc_type, 'judgment'))`, from: ['case_id', 'case_number', 'doc_type'], show: 'value' },
    { col: 'case_number', expr: 'e.case_number', from: ['case_number'], show: 'value' },
    { col: 'case_year', expr: 'e.case_year', from: ['case_number'], show: 'value' },
    { col: 'court_code', expr: 'e.court_code', from: ['case_number'], show: 'value' },
    { col: 'court_province', expr: 'e.court_province', from: ['case_number'], show: 'value' },
    { col: 'case_type_code', expr: 'e.case_type_code', from: ['case_number'], show: 'value' },
    { col: 'case_seq', expr: 'e.case_seq', from: ['case_number'], show: 'value' },
    plain('court_name'),
    { col: 'doc_type', expr: `coalesce(p_doc_type, CASE WHEN coalesce(p_instance, e.instance) = 'enforcement' THEN 'enforcement_ruling' ELSE 'judgment' END)`, from: ['doc_type', 'instance', 'case_number'], show: 'value' },
    { col: 'instance', expr: 'coalesce(p_instance, e.instance)', from: ['instance', 'case_number'], show: 'value' },
    plain('procedure'),
    plain('cause'),
    plain('cause_category'),
    plain('institution_id'),
    plain('institution_role'),
    plain('filed_at'),
    plain('decided_at'),
    ...CASE_MONEY.map((c) => money(c)),
    plain('outcome'),
    plain('court_fee_payer'),
    plain('absent_defendant'),
    plain('loan_id'),
    plain('customer_id'),
    { col: 'referenced_case_numbers', expr: 'p_referenced_case_numbers', from: ['referenced_case_numbers'], show: 'value' },
  ],
  checks: (ctx) => [
    ...nonNegative(CASE_MONEY),
    ref('institution_id', 'j_inst', 'ref.unknown_institution', 'institution'),
    ref('customer_id', 'j_cust', 'ref.unknown_customer', 'customer'),
    ref('loan_id', 'j_loan', 'ref.unknown_loan', 'loan'),
    { when: 'p_decided_at < p_filed_at', col: 'decided_at', code: 'range.decided_before_filed', msg: `'decided ' || r_decided_at || ' before it was filed ' || r_filed_at` },
    ...notFuture(['filed_at', 'decided_at'], ctx.eventMax),
  ],
};

export const KINDS: Readonly<Record<ImportKind, KindDef>> = { institutions, products, customers, loans, installments, repayments, complaints, cases };
