/**
 * 0021 — pricing findings store numbers, not text. The book audit no longer renders a zh/en
 * message per finding (a million findings made gigabytes of near-identical sentences and most of
 * the audit's time); it stores the code and the figures (evidence JSON), and readers render the
 * message with findingText(code, evidence) from src/pricing/findings.ts (or loanFindings()).
 * Audit results are derived data: the old table's rows are dropped with it (re-run `suitrate audit`).
 */
export const version = 21;
export const name = 'pricing-findings';
export const sql = `
DROP TABLE pricing_finding;
CREATE TABLE pricing_finding (
  run_id VARCHAR NOT NULL,
  loan_id VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,        -- high | medium | low | info
  excess_fen BIGINT,                -- cap findings: cost above the cap
  evidence JSON NOT NULL            -- the figures behind the finding (names per FINDING_FIELDS); flows in pricing_audit_loan.flows_fen
);
`;
