/**
 * 0010 — court documents (src/judgments): extra columns on legal_case and dispute, and the
 * institution-matching helpers. Column semantics are documented in docs/judgments.md.
 */
export const version = 10;
export const name = 'judgments';
export const sql = `
ALTER TABLE legal_case ADD COLUMN doc_title VARCHAR;
ALTER TABLE legal_case ADD COLUMN case_class VARCHAR;
ALTER TABLE legal_case ADD COLUMN chain_rank INTEGER;
ALTER TABLE legal_case ADD COLUMN cited_case_numbers VARCHAR[];
ALTER TABLE legal_case ADD COLUMN original_role VARCHAR;
ALTER TABLE legal_case ADD COLUMN institution_name VARCHAR;
ALTER TABLE legal_case ADD COLUMN institution_match_reason VARCHAR;
ALTER TABLE legal_case ADD COLUMN institution_match_score DOUBLE;
ALTER TABLE legal_case ADD COLUMN cause_sentence VARCHAR;
ALTER TABLE legal_case ADD COLUMN judges VARCHAR[];
ALTER TABLE legal_case ADD COLUMN clerk VARCHAR;
ALTER TABLE legal_case ADD COLUMN rates JSON;
ALTER TABLE legal_case ADD COLUMN max_annual_rate DOUBLE;
ALTER TABLE legal_case ADD COLUMN court_fee_reduction VARCHAR;
ALTER TABLE legal_case ADD COLUMN missing_fields VARCHAR[];
ALTER TABLE legal_case ADD COLUMN content_sha256 VARCHAR;
ALTER TABLE legal_case ADD COLUMN parser_version VARCHAR;
ALTER TABLE dispute ADD COLUMN chain_kind VARCHAR;
ALTER TABLE dispute ADD COLUMN enforcement_only BOOLEAN DEFAULT FALSE;
ALTER TABLE dispute ADD COLUMN counts_as_lawsuit BOOLEAN DEFAULT TRUE;
ALTER TABLE dispute ADD COLUMN first_instance_present BOOLEAN DEFAULT FALSE;
ALTER TABLE dispute ADD COLUMN first_case_id VARCHAR;
ALTER TABLE dispute ADD COLUMN court_code VARCHAR;
ALTER TABLE dispute ADD COLUMN count_date DATE;
ALTER TABLE dispute ADD COLUMN count_date_basis VARCHAR;
ALTER TABLE dispute ADD COLUMN latest_decided_at DATE;
ALTER TABLE dispute ADD COLUMN link_method VARCHAR;
ALTER TABLE dispute ADD COLUMN institution_name VARCHAR;
`;
