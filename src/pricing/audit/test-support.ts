/**
 * Test support: the audit's former storage path, kept as the reference the bulk writer is checked
 * against. It is the code of migration 20/21's writer: every value appended one call at a time to
 * staging tables, then published by SQL (ids joined back by rowid, evidence JSON built per finding)
 * into tables shaped like the former pricing_audit_loan / pricing_finding — here TEMP tables
 * legacy_audit_loan / legacy_finding on the given connection, or (`persistent: true`, for the
 * benchmark's before/after) persistent tables of those names written in one transaction, as the
 * former runner published its runs.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../../store/sql.js';
import { defaultPricingConfig, type PricingConfig } from '../config-schema.js';
import { FINDING_FIELDS } from '../findings.js';
import { COURT_CAPS, FINDING_VALUES, RATE_STATUSES, SEVERITIES, type BatchResult, type FlowSource } from './batch.js';
import { auditBatch, flowsText } from './kernel.js';
import { streamLoanBatches, type ReadBatch } from './reader.js';
import { createGroupsSql, groupTable, internLoansSql, type AuditFilter } from './sql.js';

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

const legacyTables = (kind: 'TEMP' | 'PERSISTENT'): string => `
CREATE OR REPLACE ${kind === 'TEMP' ? 'TEMP ' : ''}TABLE legacy_audit_loan (
  run_id VARCHAR NOT NULL, loan_id VARCHAR NOT NULL, institution_id VARCHAR, product_id VARCHAR, lender_kind VARCHAR NOT NULL,
  originated_at DATE, principal_fen BIGINT NOT NULL, net_disbursed_fen BIGINT NOT NULL, total_interest_fen BIGINT, total_fees_fen BIGINT,
  total_cost_fen BIGINT, rate_status VARCHAR NOT NULL, periodic_irr DOUBLE, apr DOUBLE, effective_annual DOUBLE, disclosed_apr DOUBLE,
  disclosed_basis VARCHAR, court_cap_id VARCHAR, court_cap_rate DOUBLE, not_supported_fen BIGINT NOT NULL DEFAULT 0,
  finding_count INTEGER NOT NULL DEFAULT 0, max_severity VARCHAR, flows_fen VARCHAR);
CREATE OR REPLACE ${kind === 'TEMP' ? 'TEMP ' : ''}TABLE legacy_finding (
  run_id VARCHAR NOT NULL, loan_id VARCHAR NOT NULL, code VARCHAR NOT NULL, severity VARCHAR NOT NULL, excess_fen BIGINT, evidence JSON NOT NULL);
CREATE OR REPLACE TEMP TABLE pricing_stage_loan (
  rid BIGINT, status UTINYINT, periodic_irr DOUBLE, apr DOUBLE, effective DOUBLE, net DOUBLE, interest DOUBLE,
  fees DOUBLE, cost DOUBLE, court_cap UTINYINT, court_cap_rate DOUBLE, not_supported DOUBLE,
  finding_count INTEGER, max_severity UTINYINT, flows VARCHAR);
CREATE OR REPLACE TEMP TABLE pricing_stage_finding (
  rid BIGINT, code VARCHAR, severity UTINYINT, excess DOUBLE, v1 DOUBLE, v2 DOUBLE, v3 DOUBLE, v4 DOUBLE, v5 DOUBLE);
`;

const PUBLISH_LOANS_SQL = `
INSERT INTO legacy_audit_loan
SELECT ?, l.loan_id, l.institution_id, l.product_id,
  CASE WHEN coalesce(i.licensed, TRUE) THEN 'licensed' ELSE 'private' END,
  l.originated_at, l.principal_fen,
  round(s.net)::BIGINT, round(s.interest)::BIGINT, round(s.fees)::BIGINT, round(s.cost)::BIGINT,
  ${list(RATE_STATUSES)}[s.status + 1],
  s.periodic_irr, s.apr, s.effective,
  coalesce(l.disclosed_apr, p.disclosed_apr),
  coalesce(p.disclosed_rate_basis, CASE WHEN coalesce(l.disclosed_apr, p.disclosed_apr) IS NULL THEN 'none' ELSE 'unknown' END),
  nullif(${list(COURT_CAPS)}[s.court_cap + 1], ''), s.court_cap_rate,
  round(s.not_supported)::BIGINT, s.finding_count,
  CASE WHEN s.max_severity < ${SEVERITIES.length} THEN ${list(SEVERITIES)}[s.max_severity + 1] END,
  s.flows
FROM pricing_stage_loan s
JOIN loan l ON l.rowid = s.rid
LEFT JOIN product p ON p.product_id = l.product_id
LEFT JOIN institution i ON i.institution_id = l.institution_id`;

function evidenceSql(): string {
  const obj = (fields: readonly string[]): string => (fields.length === 0 ? `'{}'::JSON` : `json_object(${fields.map((f, k) => `'${f}', f.v${k + 1}`).join(', ')})`);
  const exact = Object.entries(FINDING_FIELDS)
    .filter(([code]) => code !== 'cap' && code !== 'cap.overdue' && code !== 'rate.unavailable')
    .map(([code, fields]) => `WHEN f.code = '${code}' THEN ${obj(fields)}`);
  return `CASE ${exact.join('\n    ')}
    WHEN f.code = 'rate.unavailable' THEN json_object('reason', ${list(RATE_STATUSES)}[s.status + 1])
    WHEN f.code LIKE 'cap.overdue.%' THEN ${obj(FINDING_FIELDS['cap.overdue'] ?? [])}
    WHEN f.code LIKE 'cap.%' THEN ${obj(FINDING_FIELDS['cap'] ?? [])}
    ELSE '{}'::JSON END`;
}

const PUBLISH_FINDINGS_SQL = `
INSERT INTO legacy_finding
SELECT ?, l.loan_id, f.code, ${list(SEVERITIES)}[f.severity + 1], round(f.excess)::BIGINT, ${evidenceSql()}
FROM pricing_stage_finding f
JOIN pricing_stage_loan s ON s.rid = f.rid
JOIN loan l ON l.rowid = f.rid`;

function appendNum(a: DuckDBAppender, x: number): void {
  if (Number.isFinite(x)) a.appendDouble(x);
  else a.appendNull();
}

function writeResult(loanApp: DuckDBAppender, findApp: DuckDBAppender, rid: readonly number[], r: BatchResult): void {
  for (let i = 0; i < r.n; i++) {
    loanApp.appendDouble(rid[i] ?? 0);
    loanApp.appendUTinyInt(r.status[i] ?? 0);
    appendNum(loanApp, r.periodicIrr[i] ?? Number.NaN);
    appendNum(loanApp, r.apr[i] ?? Number.NaN);
    appendNum(loanApp, r.effective[i] ?? Number.NaN);
    appendNum(loanApp, r.net[i] ?? Number.NaN);
    appendNum(loanApp, r.interest[i] ?? Number.NaN);
    appendNum(loanApp, r.fees[i] ?? Number.NaN);
    appendNum(loanApp, r.cost[i] ?? Number.NaN);
    loanApp.appendUTinyInt(r.courtCap[i] ?? 0);
    appendNum(loanApp, r.courtCapRate[i] ?? Number.NaN);
    appendNum(loanApp, r.notSupported[i] ?? 0);
    loanApp.appendInteger(r.findingCount[i] ?? 0);
    loanApp.appendUTinyInt(r.maxSeverity[i] ?? 255);
    const from = r.flowOffsets[i] ?? 0;
    const to = r.flowOffsets[i + 1] ?? from;
    const flows = to > from ? flowsText(r.flowAmounts.subarray(from, to), to - from) : null;
    if (flows) loanApp.appendVarchar(flows);
    else loanApp.appendNull();
    loanApp.endRow();
  }
  const f = r.findings;
  for (let k = 0; k < f.count; k++) {
    findApp.appendDouble(rid[f.loan[k] ?? 0] ?? 0);
    findApp.appendVarchar(f.codes[f.code[k] ?? 0] ?? '');
    findApp.appendUTinyInt(f.severity[k] ?? 0);
    appendNum(findApp, f.excess[k] ?? Number.NaN);
    for (let v = 0; v < FINDING_VALUES; v++) appendNum(findApp, f.values[k * FINDING_VALUES + v] ?? Number.NaN);
    findApp.endRow();
  }
}

/**
 * Audit the book with the same kernel and store the results the former way, as run `runId`, into
 * legacy_audit_loan / legacy_finding (TEMP tables on `conn`).
 */
export async function legacyAudit(
  conn: DuckDBConnection,
  runId: string,
  opts: { source?: FlowSource; filter?: AuditFilter; config?: PricingConfig; batchSize?: number; persistent?: boolean } = {},
): Promise<void> {
  const source = opts.source ?? 'contract';
  const config = opts.config ?? defaultPricingConfig();
  const filter = opts.filter ?? {};
  const kopts = { source, thresholds: config.regulatoryThresholds, disclosureTolerance: config.disclosureTolerance, patternTolerance: config.patternTolerance, dailyRateDays: config.dailyRateDays };
  await conn.run(legacyTables(opts.persistent === true ? 'PERSISTENT' : 'TEMP'));
  // The reader refers to loans by their pricing_audit_loan_ref number; before migration 25 (tests of
  // older migrations) a temporary dictionary stands in for the table.
  const hasRefs = (await queryRows(conn, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'pricing_audit_loan_ref' AND NOT temporary")).length > 0;
  if (!hasRefs) await conn.run('CREATE TEMP TABLE pricing_audit_loan_ref (ref INTEGER NOT NULL, loan_id VARCHAR NOT NULL)');
  const intern = internLoansSql(filter);
  await conn.run(intern.sql, intern.params);
  const rowids = new Map((await queryRows<{ rid: number; ref: number }>(conn, 'SELECT l.rowid AS rid, k.ref FROM loan l JOIN pricing_audit_loan_ref k ON k.loan_id = l.loan_id')).map((r) => [r.ref, r.rid]));
  const tempRun = 2_000_000_000;
  const groups = createGroupsSql(tempRun, filter);
  await conn.run(groups.sql, groups.params);
  // The batches are read in full before appending: an Appender flushing on the connection that is
  // streaming the read closes that stream, which then ends early without an error.
  const batches: ReadBatch[] = [];
  for await (const b of streamLoanBatches(conn, source, tempRun, filter, opts.batchSize ?? config.audit.batchSize)) batches.push(b);
  const loanApp = await conn.createAppender('pricing_stage_loan', 'main', 'temp');
  const findApp = await conn.createAppender('pricing_stage_finding', 'main', 'temp');
  for (const { batch, keys } of batches.splice(0)) writeResult(loanApp, findApp, Array.from(keys.refs, (ref) => rowids.get(ref) ?? -1), auditBatch(batch, kopts));
  loanApp.closeSync();
  findApp.closeSync();
  if (opts.persistent === true) await conn.run('BEGIN TRANSACTION');
  await conn.run(PUBLISH_LOANS_SQL, [runId]);
  await conn.run(PUBLISH_FINDINGS_SQL, [runId]);
  if (opts.persistent === true) await conn.run('COMMIT');
  await conn.run(`DROP TABLE temp.pricing_stage_loan; DROP TABLE temp.pricing_stage_finding; DROP TABLE temp.${groupTable(tempRun)}`);
  if (!hasRefs) await conn.run('DROP TABLE temp.pricing_audit_loan_ref');
}
