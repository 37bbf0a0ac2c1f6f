/**
 * 0040 — risk models (src/risk): versioned model artifacts and the scores written back for the
 * watch-list. A model version is never overwritten: (model_name, version) is the primary key and
 * versions are only ever added. Scores are keyed by model version, loan and observation date.
 */
export const version = 40;
export const name = 'risk';
export const sql = `
CREATE TABLE risk_model (
  model_name VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  kind VARCHAR NOT NULL,            -- scorecard | gbm
  target VARCHAR NOT NULL,          -- label or CSV column the model predicts
  label VARCHAR,                    -- dpd90_12m | sued_12m | custom
  created_at TIMESTAMP NOT NULL,
  trained_rows BIGINT NOT NULL,
  trained_events BIGINT NOT NULL,
  data_source VARCHAR NOT NULL,     -- csv:<file> | store:<as-of>
  as_of DATE,                       -- observation date of store-built training data
  features VARCHAR[] NOT NULL,
  artifact JSON NOT NULL,           -- the complete model (suitrate.scorecard / suitrate.gbm format)
  metrics JSON,                     -- evaluation: AUC, KS, Gini, Brier, gains, calibration …
  notes VARCHAR,
  PRIMARY KEY (model_name, version)
);

CREATE TABLE risk_score (
  model_name VARCHAR NOT NULL,
  model_version INTEGER NOT NULL,
  loan_id VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  score DOUBLE,                     -- scorecard points (NULL for boosting models)
  pd DOUBLE NOT NULL,               -- predicted probability of the label
  risk_rank INTEGER NOT NULL,       -- 1 = riskiest in this scoring run
  watch BOOLEAN NOT NULL,           -- on the watch-list
  reasons JSON,                     -- top adverse reasons [{feature, value|bin, impact}]
  scored_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model_name, model_version, loan_id, as_of)
);

CREATE VIEW risk_watchlist AS
SELECT s.*, l.institution_id, l.product_id, l.customer_id, l.province, l.channel
FROM risk_score s LEFT JOIN loan l USING (loan_id)
WHERE s.watch;
`;
