/**
 * Linking court documents to the book:
 * 1. institutions — a party name is matched against institution names and institution_alias rows:
 *    exact (1.0), branch mapped to a head office that matches (0.95), the party name contains a
 *    known name or alias of at least four characters (0.85), or normalized names with a bigram
 *    Dice similarity ≥ 0.8 (score = similarity × 0.9). The first rule that fires wins and its reason
 *    is kept, so a reviewer can see why a party was taken for an institution. The tables are small
 *    (lenders and their branches), so matching runs in memory.
 * 2. customers and loans — set-based SQL (linkLoans): a pseudonymized ID number equal to
 *    customer.id_number_hash (0.99); else the name hash with a loan whose principal is within 1%
 *    of the claimed principal and whose origination date is within 3 days of a contract date in the
 *    document (0.9); name + contract date (0.75); name + principal (0.6) — each only when exactly
 *    one loan fits, restricted to the document's institution when that is known.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, queryRows } from '../store/sql.js';
import { headOfficeOf, nameKey } from './institution-names.js';

export interface InstitutionEntry {
  institutionId: string;
  name: string;
  kind: 'name' | 'head_office' | 'branch' | 'short' | 'former' | 'other';
}

export interface InstitutionMatch {
  institutionId: string;
  score: number;
  reason: string;
}

export interface InstitutionIndex {
  exact: Map<string, InstitutionEntry>;
  byKey: Map<string, InstitutionEntry>;
  entries: InstitutionEntry[];
}

export function buildInstitutionIndex(entries: readonly InstitutionEntry[]): InstitutionIndex {
  const exact = new Map<string, InstitutionEntry>();
  const byKey = new Map<string, InstitutionEntry>();
  for (const e of entries) {
    if (!exact.has(e.name)) exact.set(e.name, e);
    const k = nameKey(e.name);
    if (k.length >= 2 && !byKey.has(k)) byKey.set(k, e);
  }
  return { exact, byKey, entries: [...entries].sort((a, b) => b.name.length - a.name.length) };
}

export async function loadInstitutionIndex(conn: DuckDBConnection): Promise<InstitutionIndex> {
  const rows = await queryRows<{ institution_id: string; name: string; kind: string }>(
    conn,
    `SELECT institution_id, name, 'name' AS kind FROM institution WHERE name IS NOT NULL
     UNION ALL SELECT institution_id, short_name, 'short' FROM institution WHERE short_name IS NOT NULL AND short_name <> ''
     UNION ALL SELECT institution_id, alias, alias_kind FROM institution_alias`,
  );
  return buildInstitutionIndex(rows.map((r) => ({ institutionId: r.institution_id, name: r.name, kind: (r.kind as InstitutionEntry['kind']) ?? 'other' })));
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice similarity over character bigrams. */
export function dice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  for (const [g, n] of A) inter += Math.min(n, B.get(g) ?? 0);
  return (2 * inter) / (a.length - 1 + (b.length - 1));
}

/** Resolve a party name to an institution, with the rule that matched. */
export function matchInstitution(index: InstitutionIndex, partyName: string): InstitutionMatch | null {
  const name = partyName.trim();
  if (name === '' || index.entries.length === 0) return null;
  const ex = index.exact.get(name);
  if (ex) return { institutionId: ex.institutionId, score: 1, reason: `exact ${ex.kind === 'name' ? 'name' : `alias (${ex.kind})`} "${ex.name}"` };
  const ho = headOfficeOf(name);
  const hoKey = nameKey(ho.legalName);
  const viaHead = index.exact.get(ho.legalName) ?? index.exact.get(ho.name) ?? index.byKey.get(hoKey);
  if (viaHead) {
    return { institutionId: viaHead.institutionId, score: ho.isBranch ? 0.95 : 0.97, reason: ho.isBranch ? `branch of head office ${ho.name} (matches "${viaHead.name}")` : `same name without legal form (matches "${viaHead.name}")` };
  }
  for (const e of index.entries) {
    if (e.name.length >= 4 && name.includes(e.name)) return { institutionId: e.institutionId, score: 0.85, reason: `name contains "${e.name}"` };
  }
  let best: { e: InstitutionEntry; sim: number } | null = null;
  const key = nameKey(name);
  for (const e of index.entries) {
    const sim = dice(key, nameKey(e.name));
    if (!best || sim > best.sim) best = { e, sim };
  }
  if (best && best.sim >= 0.8) {
    return { institutionId: best.e.institutionId, score: Math.round(best.sim * 0.9 * 1000) / 1000, reason: `similar name (bigram Dice ${best.sim.toFixed(2)}) to "${best.e.name}"` };
  }
  return null;
}

/**
 * Link cases of the given batch (or all cases when batchId is null) to customers and loans.
 * Inputs are the per-party keys in temp table `_case_link` (case_id, seq, name_hash, id_hash,
 * principal_fen, contract_dates DATE[]), written by the importer. Set-based; idempotent.
 */
export async function linkLoans(conn: DuckDBConnection): Promise<{ linked: number }> {
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE _case_link_cand AS
     WITH k AS (
       SELECT l.*, lc.institution_id FROM _case_link l JOIN legal_case lc ON lc.case_id = l.case_id
     ), by_id AS (
       SELECT k.case_id, k.seq, c.customer_id, NULL::VARCHAR AS loan_id, 0.99 AS conf, 'pseudonymized ID number matches customer' AS reason
       FROM k JOIN customer c ON c.id_number_hash = k.id_hash WHERE k.id_hash IS NOT NULL
     ), loans AS (
       SELECT k.case_id, k.seq, c.customer_id, ln.loan_id,
         (k.principal_fen IS NOT NULL AND abs(ln.principal_fen - k.principal_fen) <= greatest(100, ln.principal_fen * 0.01)) AS p_ok,
         (k.contract_dates IS NOT NULL AND len(list_filter(k.contract_dates, d -> abs(date_diff('day', d, ln.originated_at)) <= 3)) > 0) AS d_ok
       FROM k JOIN customer c ON c.name_hash = k.name_hash JOIN loan ln ON ln.customer_id = c.customer_id
       WHERE k.name_hash IS NOT NULL AND (k.institution_id IS NULL OR ln.institution_id = k.institution_id)
     ), scored AS (
       SELECT case_id, seq, customer_id, loan_id,
         CASE WHEN p_ok AND d_ok THEN 0.9 WHEN d_ok THEN 0.75 WHEN p_ok THEN 0.6 ELSE NULL END AS conf,
         CASE WHEN p_ok AND d_ok THEN 'name + claimed principal within 1% + contract date within 3 days'
              WHEN d_ok THEN 'name + contract date within 3 days' WHEN p_ok THEN 'name + claimed principal within 1%' END AS reason
       FROM loans
     ), best AS (
       SELECT case_id, seq, max(conf) AS m FROM scored WHERE conf IS NOT NULL GROUP BY case_id, seq
     ), top AS (
       SELECT s.* FROM scored s JOIN best b ON b.case_id = s.case_id AND b.seq = s.seq AND s.conf = b.m
     ), uniq AS (
       SELECT case_id, seq FROM top GROUP BY case_id, seq HAVING count(DISTINCT loan_id) = 1
     )
     SELECT case_id, seq, customer_id, loan_id, conf, reason FROM by_id
     UNION ALL SELECT top.case_id, top.seq, top.customer_id, top.loan_id, top.conf, top.reason FROM top JOIN uniq USING (case_id, seq)`,
  );
  await exec(
    conn,
    `UPDATE case_party SET customer_id = c.customer_id FROM (SELECT case_id, seq, arg_max(customer_id, conf) AS customer_id FROM _case_link_cand GROUP BY case_id, seq) c
     WHERE c.case_id = case_party.case_id AND c.seq = case_party.seq`,
  );
  await exec(
    conn,
    `UPDATE legal_case SET customer_id = b.customer_id, loan_id = b.loan_id, link_confidence = b.conf, link_reason = b.reason
     FROM (SELECT case_id, arg_max(customer_id, conf) AS customer_id, arg_max(loan_id, conf) AS loan_id, max(conf) AS conf, arg_max(reason, conf) AS reason
           FROM _case_link_cand GROUP BY case_id) b
     WHERE b.case_id = legal_case.case_id`,
  );
  const n = await queryRows<{ n: number }>(conn, 'SELECT count(DISTINCT case_id)::INTEGER AS n FROM _case_link_cand');
  await exec(conn, 'DROP TABLE IF EXISTS _case_link_cand');
  return { linked: n[0]?.n ?? 0 };
}
