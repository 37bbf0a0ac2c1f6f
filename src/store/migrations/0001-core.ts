/**
 * 0001 — the core data model (DESIGN §3). Money columns are BIGINT fen (suffix `_fen`); rates are
 * DOUBLE decimals (0.1358); dates are DATE; personal identifiers appear only as `*_hash` (keyed
 * pseudonym) and `*_masked` (display form). Natural keys are the lender's own identifiers, which is
 * what makes re-imports idempotent.
 */
export const version = 1;
export const name = 'core';
export const sql = `
CREATE TABLE workspace_meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

CREATE TABLE import_batch (
  batch_id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  source_sha256 VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  rows_read BIGINT NOT NULL DEFAULT 0,
  rows_stored BIGINT NOT NULL DEFAULT 0,
  rows_unchanged BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  rejects_file VARCHAR
);

CREATE TABLE institution (
  institution_id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR,
  kind VARCHAR NOT NULL,            -- bank | consumer_finance | microlender | online_platform | other
  licensed BOOLEAN NOT NULL DEFAULT TRUE,
  seat_province VARCHAR,            -- GB/T 2260 two-digit code
  seat_city VARCHAR,
  batch_id VARCHAR
);

CREATE TABLE institution_alias (
  institution_id VARCHAR NOT NULL,
  alias VARCHAR NOT NULL,           -- exact party name as it appears in court documents
  alias_kind VARCHAR NOT NULL,      -- head_office | branch | short | former | other
  PRIMARY KEY (institution_id, alias)
);

CREATE TABLE product (
  product_id VARCHAR PRIMARY KEY,
  institution_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,            -- cash_loan | consumer_installment | credit_card_installment
  repayment_method VARCHAR NOT NULL,-- equal_installment (等额本息) | equal_principal (等额本金) | interest_only (先息后本) | flat (等本等息) | bullet
  nominal_rate DOUBLE,              -- stated annual rate as a decimal
  upfront_fee_rate DOUBLE,          -- share of principal deducted or charged at origination
  monthly_fee_rate DOUBLE,          -- monthly fee as a share of the original principal
  disclosed_apr DOUBLE,             -- annualized rate shown to the borrower
  disclosed_rate_basis VARCHAR,     -- irr | flat | daily | nominal | none
  batch_id VARCHAR
);

CREATE TABLE customer (
  customer_id VARCHAR PRIMARY KEY,
  institution_id VARCHAR,
  name_hash VARCHAR,
  name_masked VARCHAR,
  id_number_hash VARCHAR,
  id_number_masked VARCHAR,
  phone_hash VARCHAR,
  phone_masked VARCHAR,
  card_hash VARCHAR,
  card_masked VARCHAR,
  sex VARCHAR,                      -- M | F
  birth_year INTEGER,
  province VARCHAR,                 -- GB/T 2260 two-digit code
  city VARCHAR,
  created_at DATE,
  batch_id VARCHAR
);

CREATE TABLE loan (
  loan_id VARCHAR PRIMARY KEY,
  institution_id VARCHAR NOT NULL,
  product_id VARCHAR,
  customer_id VARCHAR,
  contract_no VARCHAR,
  channel VARCHAR,                  -- app | branch | partner | online | agent | ...
  province VARCHAR,
  city VARCHAR,
  originated_at DATE NOT NULL,
  maturity_date DATE,
  principal_fen BIGINT NOT NULL,
  term_months INTEGER NOT NULL,
  repayment_method VARCHAR,
  nominal_rate DOUBLE,
  upfront_fee_fen BIGINT NOT NULL DEFAULT 0,
  monthly_fee_fen BIGINT NOT NULL DEFAULT 0,
  disclosed_apr DOUBLE,
  status VARCHAR,                   -- active | settled | charged_off | written_off
  purpose VARCHAR,
  batch_id VARCHAR
);

CREATE TABLE installment (
  loan_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  due_date DATE NOT NULL,
  principal_due_fen BIGINT NOT NULL,
  interest_due_fen BIGINT NOT NULL,
  fee_due_fen BIGINT NOT NULL DEFAULT 0,
  batch_id VARCHAR,
  PRIMARY KEY (loan_id, seq)
);

CREATE TABLE repayment (
  repayment_id VARCHAR PRIMARY KEY,
  loan_id VARCHAR NOT NULL,
  paid_at DATE NOT NULL,
  amount_fen BIGINT NOT NULL,
  principal_fen BIGINT,
  interest_fen BIGINT,
  fee_fen BIGINT,
  penalty_fen BIGINT,
  channel VARCHAR,
  batch_id VARCHAR
);

CREATE TABLE complaint (
  complaint_id VARCHAR PRIMARY KEY,
  institution_id VARCHAR,
  customer_id VARCHAR,
  loan_id VARCHAR,
  received_at TIMESTAMP NOT NULL,
  channel VARCHAR,                  -- hotline | app | branch | regulator | consumer_platform | court | ...
  category VARCHAR,                 -- fees | collection | hardship | credit_report | service | other
  text VARCHAR,                     -- narrative with identifiers masked
  status VARCHAR NOT NULL,          -- received | in_progress | resolved | closed | escalated
  escalated_to_regulator BOOLEAN NOT NULL DEFAULT FALSE,
  complex BOOLEAN NOT NULL DEFAULT FALSE,
  due_at TIMESTAMP,
  closed_at TIMESTAMP,
  resolution VARCHAR,
  batch_id VARCHAR
);

CREATE TABLE complaint_event (
  complaint_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  event_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL,
  actor VARCHAR,
  note VARCHAR,
  PRIMARY KEY (complaint_id, seq)
);

-- A dispute groups the documents of one controversy (first instance, appeal, retrial, enforcement)
-- so the lawsuit rate counts it once.
CREATE TABLE dispute (
  dispute_id VARCHAR PRIMARY KEY,
  institution_id VARCHAR,
  institution_role VARCHAR,         -- plaintiff | defendant | third_party | none
  root_case_number VARCHAR,
  cause VARCHAR,
  cause_category VARCHAR,           -- overdue_repayment | contract_dispute | fee_transparency | service_conduct | other
  court_name VARCHAR,
  court_province VARCHAR,
  procedure VARCHAR,
  filed_at DATE,
  decided_at DATE,
  first_outcome VARCHAR,
  final_outcome VARCHAR,
  claim_total_fen BIGINT,
  awarded_total_fen BIGINT,
  recovered_fen BIGINT,
  has_appeal BOOLEAN NOT NULL DEFAULT FALSE,
  has_retrial BOOLEAN NOT NULL DEFAULT FALSE,
  has_enforcement BOOLEAN NOT NULL DEFAULT FALSE,
  is_lending BOOLEAN NOT NULL DEFAULT TRUE,
  loan_id VARCHAR,
  customer_id VARCHAR,
  document_count INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE legal_case (
  case_id VARCHAR PRIMARY KEY,      -- natural key: source document id, else normalized 案号 + doc type
  case_number VARCHAR,              -- normalized 案号, e.g. (2023)渝0192民初12345号
  case_year INTEGER,
  court_code VARCHAR,               -- e.g. 渝0192
  court_province VARCHAR,           -- GB/T 2260 two-digit code
  case_type_code VARCHAR,           -- 民初 | 民终 | 民再 | 民申 | 执 | 执恢 | 民特 | ...
  case_seq INTEGER,
  court_name VARCHAR,
  doc_type VARCHAR,                 -- judgment | ruling | mediation | enforcement_ruling | decision | other
  instance VARCHAR,                 -- first | second | retrial | enforcement | other
  procedure VARCHAR,                -- simple | ordinary | small_claims | second_instance | special | other
  cause VARCHAR,                    -- 案由 as written, e.g. 金融借款合同纠纷
  cause_category VARCHAR,
  is_lending BOOLEAN NOT NULL DEFAULT TRUE,
  institution_id VARCHAR,
  institution_role VARCHAR,         -- plaintiff | defendant | third_party | applicant | respondent | none
  filed_at DATE,
  decided_at DATE,
  claim_principal_fen BIGINT,
  claim_interest_fen BIGINT,
  claim_penalty_fen BIGINT,
  claim_compound_fen BIGINT,
  claim_fee_fen BIGINT,
  claim_lawyer_fee_fen BIGINT,
  claim_total_fen BIGINT,
  outcome VARCHAR,                  -- full_support | partial_support | dismissed | withdrawn | mediated | other
  awarded_total_fen BIGINT,
  court_fee_fen BIGINT,             -- as stated in the document
  court_fee_charged_fen BIGINT,     -- after reductions (减半收取)
  court_fee_payer VARCHAR,          -- plaintiff | defendant | shared | other
  absent_defendant BOOLEAN,         -- decided in the defendant's absence (缺席判决)
  recovered_fen BIGINT,
  referenced_case_numbers VARCHAR[],
  dispute_id VARCHAR,
  loan_id VARCHAR,
  customer_id VARCHAR,
  link_confidence DOUBLE,
  link_reason VARCHAR,
  source_file VARCHAR,
  source_doc_id VARCHAR,
  text VARCHAR,                     -- normalized document text with personal identifiers masked
  evidence JSON,                    -- field → {start, end, text} spans into text
  batch_id VARCHAR
);

CREATE TABLE case_party (
  case_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  role VARCHAR NOT NULL,            -- plaintiff | defendant | third_party | appellant | appellee | applicant | respondent | ...
  role_label VARCHAR,               -- as written: 原告, 被上诉人（原审被告） ...
  party_kind VARCHAR NOT NULL,      -- institution | individual
  name_masked VARCHAR,
  name_hash VARCHAR,
  institution_id VARCHAR,
  head_office VARCHAR,              -- branch mapped to head office (中国银行股份有限公司广州番禺支行 → 中国银行)
  customer_id VARCHAR,
  agents VARCHAR[],                 -- lawyers and agents (masked)
  PRIMARY KEY (case_id, seq)
);
`;
