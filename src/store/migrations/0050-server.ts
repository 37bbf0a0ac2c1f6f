/**
 * 0050 — the server's tables: local users (argon2id hashes, never clear passwords), sessions (only a
 * hash of the session token is stored) and the append-only audit log. The audit log is hash-chained:
 * each row stores the hash of the previous row and its own hash over its content, so any UPDATE or
 * DELETE done behind the application's back is detectable (`verifyAuditChain`).
 */
export const version = 50;
export const name = 'server';
export const sql = `
CREATE TABLE app_user (
  username VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL,             -- admin | analyst | legal | complaint_handler | auditor
  password_hash VARCHAR NOT NULL,    -- argon2id PHC string
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMP NOT NULL,
  password_changed_at TIMESTAMP NOT NULL
);

CREATE TABLE app_session (
  token_hash VARCHAR PRIMARY KEY,    -- sha256 of the cookie value
  username VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  logged_at TIMESTAMP NOT NULL,
  actor VARCHAR,                     -- username, or NULL for the system / CLI
  actor_role VARCHAR,
  action VARCHAR NOT NULL,           -- e.g. personal.view, user.create, import.file, auth.login, auth.login_failed
  target VARCHAR,                    -- what was viewed or changed (route, case id, username …)
  detail VARCHAR,                    -- JSON text
  ip VARCHAR,
  prev_hash VARCHAR NOT NULL,        -- hash of the previous row ('' * 64 zeros for the first)
  hash VARCHAR NOT NULL              -- sha256(prev_hash | seq | logged_at | actor | actor_role | action | target | detail | ip)
);
`;
