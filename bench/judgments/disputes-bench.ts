/**
 * Benchmark: rebuildDisputes over N synthetic legal_case rows (default 200,000): 50% first-instance
 * judgments, 25% appeals referring to them, 25% enforcement rulings (half with a reference, half
 * linked only by parties). Run: npx tsx bench/judgments/disputes-bench.ts [N]
 */
import { exec, queryOne } from '../../src/store/sql.js';
import { openTempWorkspace } from '../../src/store/temp-workspace.js';
import { rebuildDisputes } from '../../src/judgments/disputes.js';

const n = Number(process.argv[2] ?? 200_000);
const ws = await openTempWorkspace();
try {
  const first = Math.floor(n / 2);
  await exec(ws.conn, `INSERT INTO legal_case (case_id, case_number, case_type_code, chain_rank, case_class, doc_type, court_code, court_name, decided_at, filed_at, institution_id, institution_role, is_lending, cause_category)
    SELECT 'f' || i, '(2020)沪0115民初' || i || '号', '民初', 1, 'civil', 'judgment', '沪0115', '上海市浦东新区人民法院', DATE '2020-01-01' + (i % 300)::INTEGER, DATE '2019-12-01' + (i % 300)::INTEGER, 'inst', 'plaintiff', true, 'overdue_repayment' FROM range(${first}) t(i)`);
  await exec(ws.conn, `INSERT INTO legal_case (case_id, case_number, case_type_code, chain_rank, case_class, doc_type, court_code, decided_at, institution_id, institution_role, is_lending, cause_category, referenced_case_numbers)
    SELECT 'a' || i, '(2021)沪01民终' || i || '号', '民终', 2, 'civil', 'judgment', '沪01', DATE '2021-01-01' + (i % 300)::INTEGER, 'inst', 'appellee', true, 'overdue_repayment', ['(2020)沪0115民初' || (i * 2) || '号'] FROM range(${Math.floor(n / 4)}) t(i)`);
  await exec(ws.conn, `INSERT INTO legal_case (case_id, case_number, case_type_code, chain_rank, case_class, doc_type, court_code, court_name, decided_at, institution_id, institution_role, is_lending, cause_category, referenced_case_numbers)
    SELECT 'e' || i, '(2021)沪0115执' || i || '号', '执', 4, 'enforcement', 'enforcement_ruling', '沪0115', '上海市浦东新区人民法院', DATE '2021-06-01' + (i % 300)::INTEGER, 'inst', 'applicant', true, 'overdue_repayment',
      CASE WHEN i % 2 = 0 THEN ['(2020)沪0115民初' || (i * 2 + 1) || '号'] ELSE NULL END FROM range(${Math.floor(n / 4)}) t(i)`);
  await exec(ws.conn, `INSERT INTO case_party (case_id, seq, role, party_kind, name_masked, name_hash, institution_id)
    SELECT case_id, 0, 'plaintiff', 'institution', 'X银行', NULL, 'inst' FROM legal_case
    UNION ALL SELECT case_id, 1, 'defendant', 'individual', '张*',
      'h' || CASE WHEN case_id LIKE 'e%' THEN (CAST(substr(case_id, 2) AS INTEGER) * 2 + 1)::VARCHAR ELSE substr(case_id, 2) END, NULL FROM legal_case WHERE case_id LIKE 'f%' OR case_id LIKE 'e%'`);
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  const r1 = await rebuildDisputes(ws.conn, { onStep: (s, ms) => (steps[s] = Math.round(ms)) });
  console.log('first run steps (ms)', steps);
  const t1 = performance.now();
  const r2 = await rebuildDisputes(ws.conn, { onStep: (s, ms) => (steps[s] = Math.round(ms)) });
  console.log('second run steps (ms)', steps);
  const t2 = performance.now();
  const linked = await queryOne(ws.conn, "SELECT count(*) FILTER (WHERE link_method = 'parties') AS by_parties, count(*) FILTER (WHERE counts_as_lawsuit) AS lawsuits, count(*) AS disputes FROM dispute");
  console.log(JSON.stringify({ cases: n, first: r1, firstMs: Math.round(t1 - t0), secondMs: Math.round(t2 - t1), same: r1.disputes === r2.disputes, linked }));
} finally {
  ws.dispose();
}
