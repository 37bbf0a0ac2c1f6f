/**
 * Group court documents (legal_case rows) into disputes so the lawsuit rate counts each dispute
 * once across first instance, appeal, retrial and enforcement. Rules (docs/judgments.md):
 *
 * 1. Documents with the same case number are one node (a judgment and its correction ruling).
 * 2. A document is joined to the case numbers it refers to (legal_case.referenced_case_numbers)
 *    when the referenced case sits earlier in the chain (民终 → 民初, 民申/民再 → 民终/民初,
 *    执… → any), between enforcement cases (执恢 → 执), between retrial cases, or from a
 *    first-instance retrial after remand (民初 → 民终/民再). Referenced numbers absent from the
 *    store are nodes too, so an appeal and an enforcement ruling of the same missing judgment meet.
 * 3. Where references are missing: a component without any first-instance node is joined to a
 *    component holding a first-instance document when they have the same parties (identical set
 *    of resolvable party keys, at least two), the same court chain (province + city code of a
 *    modern court code; or the same court name for enforcement), the same cause category, a
 *    decision date within 3 years (appeal/retrial) or 6 years (enforcement) after the first
 *    instance — and exactly one such component exists. Ambiguity leaves them apart.
 *
 * Components are computed by union-find in JS over integer node ids (the only data leaving
 * DuckDB); everything else is set-based SQL. The function is idempotent: the dispute id is derived
 * from the component's root case number (its lowest-stage node), so it is stable across rebuilds
 * and survives the later arrival of the first-instance judgment when a reference already named it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, inTransaction, queryOne } from '../store/sql.js';

/** SQL: chain rank (1 first instance … 4 enforcement) of a normalized case-number expression. */
export function chainRankSql(expr: string): string {
  const tail = `(字第)?[0-9]+(-[0-9]+)?号`;
  return `(CASE WHEN ${expr} IS NULL THEN 1
    WHEN regexp_matches(${expr}, '执[恢异复监保他协请配]?${tail}') THEN 4
    WHEN regexp_matches(${expr}, '(再|申|监|抗|提)${tail}') THEN 3
    WHEN regexp_matches(${expr}, '终${tail}') THEN 2 ELSE 1 END)`;
}

const LITIGATION_TYPES = `('民初','民终','民再','民申','民抗','民监','民辖','民辖终')`;

/** Per-document view used by the rebuild. */
const DOC_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_doc AS
SELECT
  lc.case_id,
  coalesce(lc.case_number, 'id:' || lc.case_id) AS k,
  coalesce(lc.chain_rank, ${chainRankSql('lc.case_number')}) AS rank,
  coalesce(lc.case_class,
    CASE WHEN lc.case_type_code LIKE '执%' THEN 'enforcement'
         WHEN lc.case_type_code LIKE '刑%' THEN 'criminal'
         WHEN lc.case_type_code LIKE '行%' THEN 'administrative'
         WHEN lc.case_type_code LIKE '破%' OR lc.case_type_code = '强清' THEN 'bankruptcy'
         WHEN lc.instance = 'enforcement' OR lc.doc_type = 'enforcement_ruling' THEN 'enforcement'
         ELSE 'civil' END) AS cls,
  CASE
    WHEN lc.case_type_code IS NOT NULL THEN lc.case_type_code IN ${LITIGATION_TYPES}
    ELSE lc.instance IN ('first', 'second', 'retrial') AND lc.doc_type IN ('judgment', 'ruling', 'mediation')
  END AS litigation,
  lc.case_type_code IN ('民特','民督','民催','民特监','民督监') AS special,
  nullif(regexp_extract(coalesce(lc.court_code, ''), '^([^0-9]+[0-9]{2})', 1), '') AS chain_key,
  lc.court_name, lc.cause_category, lc.decided_at, lc.filed_at,
  -- References may arrive as written ((（2023）…, full-width digits, spaces): fold them to the
  -- normalized form case_number is stored in, so they meet their target.
  list_transform(lc.referenced_case_numbers, r -> regexp_replace(translate(r, '（）〔〕［］【】０１２３４５６７８９', '()()()()0123456789'), '\\s+', '', 'g')) AS refs
FROM legal_case lc`;

const EDGE_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_edge AS
SELECT DISTINCT a, b, 'reference' AS how FROM (
  SELECT d.k AS a, d.rank AS ra, r.ref AS b, ${chainRankSql('r.ref')} AS rb
  FROM _dsp_doc d, (SELECT case_id, unnest(refs) AS ref FROM _dsp_doc WHERE refs IS NOT NULL AND len(refs) > 0) r
  WHERE r.case_id = d.case_id AND r.ref IS NOT NULL AND r.ref <> d.k
) x
WHERE rb < ra OR (ra = 4 AND rb = 4) OR (ra = 3 AND rb = 3) OR (ra = 1 AND rb IN (2, 3))`;

const KEY_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_key AS
SELECT key, min(rank) AS rank, (row_number() OVER (ORDER BY key) - 1)::INTEGER AS id FROM (
  SELECT k AS key, rank FROM _dsp_doc
  UNION ALL SELECT b AS key, ${chainRankSql('b')} AS rank FROM _dsp_edge
) GROUP BY key`;

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    let r = x;
    while ((p[r] ?? r) !== r) {
      const up = p[p[r] ?? r] ?? r;
      p[r] = up;
      r = up;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}

async function readPairs(conn: DuckDBConnection, sql: string): Promise<[Int32Array, Int32Array]> {
  const reader = await conn.runAndReadAll(sql);
  const cols = reader.getColumnsJS();
  const a = cols[0] ?? [];
  const b = cols[1] ?? [];
  return [Int32Array.from(a as number[]), Int32Array.from(b as number[])];
}

async function writeComponents(conn: DuckDBConnection, uf: UnionFind, table: string): Promise<void> {
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${table} (id INTEGER, root INTEGER)`);
  const app = await conn.createAppender(table, 'main', 'temp');
  const n = uf.parent.length;
  for (let i = 0; i < n; i++) {
    app.appendInteger(i);
    app.appendInteger(uf.find(i));
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

/** Parties of each document as a sorted key list; individuals only when their name hash is known. */
/** Documents of components without any first-instance node (the only ones the fallback can link). */
const ORPHAN_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_orphan AS
WITH node AS (
  SELECT k.id, k.rank, c.root FROM _dsp_key k JOIN _dsp_comp1 c ON c.id = k.id
), comp AS (
  SELECT root FROM node GROUP BY root HAVING NOT bool_or(rank = 1)
)
SELECT d.*, n.root FROM _dsp_doc d JOIN _dsp_key k ON k.key = d.k JOIN node n ON n.id = k.id JOIN comp USING (root)
WHERE d.rank >= 2 AND d.decided_at IS NOT NULL AND d.cause_category IS NOT NULL`;

/** First-instance documents that could be the origin of an orphan (same cause category and court chain or court). */
const ORIGIN_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_origin AS
SELECT d.*, c.root FROM _dsp_doc d JOIN _dsp_key k ON k.key = d.k JOIN _dsp_comp1 c ON c.id = k.id
WHERE d.rank = 1 AND d.litigation AND d.cls = 'civil' AND d.decided_at IS NOT NULL
  AND (d.cause_category, d.chain_key) IN (SELECT cause_category, chain_key FROM _dsp_orphan WHERE chain_key IS NOT NULL)
UNION
SELECT d.*, c.root FROM _dsp_doc d JOIN _dsp_key k ON k.key = d.k JOIN _dsp_comp1 c ON c.id = k.id
WHERE d.rank = 1 AND d.litigation AND d.cls = 'civil' AND d.decided_at IS NOT NULL
  AND (d.cause_category, d.court_name) IN (SELECT cause_category, court_name FROM _dsp_orphan WHERE rank = 4)`;

/** Parties of the candidate documents as a sorted key list; individuals only when their name hash is known. */
const SIG_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_sig AS
SELECT case_id, string_agg(DISTINCT pk, '|' ORDER BY pk) AS sig FROM (
  SELECT p.case_id,
    CASE WHEN p.party_kind = 'institution' THEN 'i:' || coalesce(p.institution_id, p.head_office, p.name_masked)
         ELSE 'p:' || p.name_hash END AS pk
  FROM case_party p
  WHERE p.case_id IN (SELECT case_id FROM _dsp_orphan UNION ALL SELECT case_id FROM _dsp_origin)
) WHERE pk IS NOT NULL GROUP BY case_id HAVING count(DISTINCT pk) >= 2`;

/** Fallback links by parties, for components lacking any first-instance node. */
const FALLBACK_SQL = `
WITH cand AS (
  SELECT o.root AS a, f.root AS b
  FROM _dsp_orphan o JOIN _dsp_sig so ON so.case_id = o.case_id
  JOIN _dsp_origin f ON o.cause_category = f.cause_category
   AND (o.chain_key = f.chain_key OR (o.rank = 4 AND o.court_name = f.court_name))
   AND o.decided_at >= f.decided_at
   AND o.decided_at <= f.decided_at + CASE WHEN o.rank = 4 THEN INTERVAL 6 YEAR ELSE INTERVAL 3 YEAR END
  JOIN _dsp_sig sf ON sf.case_id = f.case_id AND sf.sig = so.sig
)
SELECT a, min(b) AS b FROM cand GROUP BY a HAVING count(DISTINCT b) = 1`;

const ROOT_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_root AS
SELECT c.root, arg_min(k.key, lpad(k.rank::VARCHAR, 2, '0') || k.key) AS root_key,
  'dsp-' || substr(md5(arg_min(k.key, lpad(k.rank::VARCHAR, 2, '0') || k.key)), 1, 16) AS dispute_id,
  bool_or(k.rank = 2) AS any2, bool_or(k.rank = 3) AS any3, bool_or(k.rank = 4) AS any4
FROM _dsp_key k JOIN _dsp_comp c ON c.id = k.id GROUP BY c.root`;

const ASSIGN_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_assign AS
SELECT d.case_id, r.dispute_id, r.root_key, r.any2, r.any3, r.any4
FROM _dsp_doc d JOIN _dsp_key k ON k.key = d.k JOIN _dsp_comp c ON c.id = k.id JOIN _dsp_root r ON r.root = c.root`;

const ORDERED_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_ord AS
SELECT a.dispute_id, a.root_key, a.any2, a.any3, a.any4, d.rank, d.cls, d.litigation, d.special,
  lc.case_id, lc.case_number, lc.doc_type, lc.decided_at, lc.filed_at, lc.institution_id, lc.institution_name,
  lc.institution_role, lc.original_role, lc.cause, lc.cause_category, lc.court_name, lc.court_province, lc.court_code,
  lc.procedure, lc.outcome, lc.claim_total_fen, lc.awarded_total_fen, lc.recovered_fen, lc.loan_id, lc.customer_id,
  lc.link_confidence, lc.is_lending,
  -- ord: the primary document first (litigation, lowest stage, the root number, judgment before
  -- mediation before ruling, latest decision); final_ord: the last decision outside enforcement first.
  (CASE WHEN d.litigation THEN '0' ELSE '1' END || d.rank::VARCHAR
    || CASE WHEN lc.case_number = a.root_key THEN '0' ELSE '1' END
    || CASE lc.doc_type WHEN 'judgment' THEN '1' WHEN 'mediation' THEN '2' WHEN 'ruling' THEN '3' ELSE '4' END
    || lpad((99999 - coalesce(date_diff('day', DATE '1970-01-01', lc.decided_at), -1))::VARCHAR, 6, '0') || lc.case_id) AS ord,
  (CASE WHEN d.rank < 4 THEN '0' ELSE '1' END || (9 - d.rank)::VARCHAR
    || lpad((99999 - coalesce(date_diff('day', DATE '1970-01-01', lc.decided_at), -1))::VARCHAR, 6, '0') || lc.case_id) AS final_ord
FROM _dsp_assign a JOIN _dsp_doc d ON d.case_id = a.case_id JOIN legal_case lc ON lc.case_id = a.case_id`;

function pick(col: string): string {
  return `arg_min(${col}, ord) FILTER (WHERE ${col} IS NOT NULL)`;
}

const ROLE_SQL = `CASE coalesce(original_role, institution_role)
  WHEN 'applicant' THEN 'plaintiff' WHEN 'respondent' THEN 'defendant'
  WHEN 'appellant' THEN NULL WHEN 'appellee' THEN NULL
  ELSE coalesce(original_role, institution_role) END`;

const DISPUTE_COLUMNS = `dispute_id, institution_id, institution_role, root_case_number, cause, cause_category,
  court_name, court_province, procedure, filed_at, decided_at, first_outcome, final_outcome, claim_total_fen,
  awarded_total_fen, recovered_fen, has_appeal, has_retrial, has_enforcement, is_lending, loan_id, customer_id,
  document_count, chain_kind, enforcement_only, counts_as_lawsuit, first_instance_present, first_case_id, court_code,
  count_date, count_date_basis, latest_decided_at, link_method, institution_name`;

const NEW_SQL = `
CREATE OR REPLACE TEMP TABLE _dsp_new AS
SELECT * FROM dispute LIMIT 0;
INSERT INTO _dsp_new (dispute_id, institution_id, institution_role, root_case_number, cause, cause_category,
  court_name, court_province, procedure, filed_at, decided_at, first_outcome, final_outcome, claim_total_fen,
  awarded_total_fen, recovered_fen, has_appeal, has_retrial, has_enforcement, is_lending, loan_id, customer_id,
  document_count, chain_kind, enforcement_only, counts_as_lawsuit, first_instance_present, first_case_id, court_code,
  count_date, count_date_basis, latest_decided_at, link_method, institution_name)
WITH prim AS (
  SELECT o.* FROM _dsp_ord o JOIN (SELECT dispute_id, min(ord) AS m FROM _dsp_ord GROUP BY dispute_id) x ON x.dispute_id = o.dispute_id AND x.m = o.ord
), fin AS (
  SELECT o.dispute_id, o.outcome AS final_outcome FROM _dsp_ord o
  JOIN (SELECT dispute_id, min(final_ord) AS m FROM _dsp_ord GROUP BY dispute_id) x ON x.dispute_id = o.dispute_id AND x.m = o.final_ord
), agg AS (
  SELECT dispute_id,
    ${pick('institution_id')} AS institution_id,
    ${pick('institution_name')} AS institution_name,
    ${pick(ROLE_SQL)} AS role,
    ${pick('cause')} AS cause,
    ${pick('cause_category')} AS cause_category,
    max(recovered_fen) AS recovered_fen,
    max(claim_total_fen) AS any_claim,
    arg_min(awarded_total_fen, final_ord) FILTER (WHERE awarded_total_fen IS NOT NULL AND rank < 4) AS awarded,
    arg_max(loan_id, coalesce(link_confidence, 0)) FILTER (WHERE loan_id IS NOT NULL) AS loan_id,
    arg_max(customer_id, coalesce(link_confidence, 0)) FILTER (WHERE customer_id IS NOT NULL) AS customer_id,
    count(*) AS n, max(decided_at) AS latest,
    bool_or(litigation) AS any_lit, bool_and(cls = 'enforcement') AS all_enf, bool_or(special) AS any_special,
    bool_or(is_lending) FILTER (WHERE litigation) AS lit_lending, bool_or(is_lending) AS any_lending,
    arg_min(cls, ord) AS cls,
    min(coalesce(filed_at, decided_at)) FILTER (WHERE litigation) AS lit_date
  FROM _dsp_ord GROUP BY dispute_id
), links AS (
  SELECT r.dispute_id, bool_or(e.how = 'parties') AS by_parties, bool_or(e.how = 'reference') AS by_ref
  FROM _dsp_edge e JOIN _dsp_key ka ON ka.key = e.a JOIN _dsp_comp c ON c.id = ka.id JOIN _dsp_root r ON r.root = c.root
  GROUP BY r.dispute_id
)
SELECT p.dispute_id, g.institution_id, coalesce(g.role, 'none'), p.root_key, g.cause, g.cause_category,
  p.court_name, p.court_province, p.procedure,
  CASE WHEN p.litigation AND p.rank = 1 THEN p.filed_at END,
  CASE WHEN p.litigation AND p.rank = 1 THEN p.decided_at END,
  CASE WHEN p.litigation AND p.rank = 1 THEN p.outcome END,
  f.final_outcome,
  coalesce(p.claim_total_fen, g.any_claim), coalesce(g.awarded, p.awarded_total_fen), g.recovered_fen,
  p.any2, p.any3, p.any4,
  coalesce(g.lit_lending, g.any_lending, false),
  g.loan_id, g.customer_id, g.n,
  CASE WHEN g.any_lit THEN 'litigation' WHEN g.all_enf THEN 'enforcement_only' WHEN g.any_special THEN 'special' ELSE g.cls END,
  (NOT g.any_lit AND g.all_enf),
  g.any_lit,
  (p.litigation AND p.rank = 1),
  CASE WHEN p.litigation AND p.rank = 1 THEN p.case_id END,
  p.court_code,
  CASE WHEN p.litigation AND p.rank = 1 AND p.filed_at IS NOT NULL THEN p.filed_at
       WHEN p.litigation AND p.rank = 1 AND p.decided_at IS NOT NULL THEN p.decided_at
       ELSE coalesce(g.lit_date, p.filed_at, p.decided_at) END,
  CASE WHEN p.litigation AND p.rank = 1 AND p.filed_at IS NOT NULL THEN 'first_instance_filed'
       WHEN p.litigation AND p.rank = 1 AND p.decided_at IS NOT NULL THEN 'first_instance_decided'
       WHEN coalesce(g.lit_date, p.filed_at, p.decided_at) IS NOT NULL THEN 'later_document'
       ELSE 'none' END,
  g.latest,
  CASE WHEN l.by_parties THEN 'parties' WHEN l.by_ref THEN 'reference' WHEN g.n > 1 THEN 'case_number' ELSE 'single' END,
  g.institution_name
FROM prim p JOIN agg g USING (dispute_id) JOIN fin f USING (dispute_id) LEFT JOIN links l USING (dispute_id)`;

async function components(conn: DuckDBConnection, edgeSql: string, n: number, uf: UnionFind): Promise<void> {
  const [a, b] = await readPairs(conn, edgeSql);
  for (let i = 0; i < a.length; i++) uf.union(a[i] ?? 0, b[i] ?? 0);
  if (n !== uf.parent.length) throw new Error('node count changed during rebuild');
}

/**
 * Run `fn` in a transaction of its own, or inside the caller's when one is open (the tabular
 * importer calls rebuildDisputes inside its import transaction).
 */
async function ownOrCallerTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  // Two statements see the same transaction id only inside an explicit transaction.
  const a = await queryOne<{ t: number }>(conn, 'SELECT txid_current() AS t');
  const b = await queryOne<{ t: number }>(conn, 'SELECT txid_current() AS t');
  if (a && b && a.t === b.t) return fn();
  return inTransaction(conn, fn);
}

export interface RebuildOptions {
  /** Called after each step with its duration, for benchmarks. */
  onStep?: (step: string, ms: number) => void;
}

const TEMP_TABLES = ['_dsp_doc', '_dsp_edge', '_dsp_key', '_dsp_comp1', '_dsp_comp', '_dsp_orphan', '_dsp_origin', '_dsp_sig', '_dsp_fallback', '_dsp_root', '_dsp_assign', '_dsp_ord', '_dsp_new', '_dsp_gone'];

/**
 * (Re)build the dispute table from all legal_case rows and set legal_case.dispute_id.
 * Idempotent; runs in one transaction (its own, or the caller's when one is open); rows of
 * `dispute` that did not change are not rewritten.
 */
export async function rebuildDisputes(conn: DuckDBConnection, opts: RebuildOptions = {}): Promise<{ disputes: number }> {
  let t = performance.now();
  const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
    await fn();
    const now = performance.now();
    opts.onStep?.(name, now - t);
    t = now;
  };
  return ownOrCallerTransaction(conn, async () => {
    let n = 0;
    let uf = new UnionFind(0);
    await step('documents', () => exec(conn, DOC_SQL));
    await step('references', async () => {
      await exec(conn, EDGE_SQL);
      await exec(conn, KEY_SQL);
      n = (await queryOne<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM _dsp_key'))?.n ?? 0;
      uf = new UnionFind(n);
      await components(conn, 'SELECT ka.id, kb.id FROM _dsp_edge e JOIN _dsp_key ka ON ka.key = e.a JOIN _dsp_key kb ON kb.key = e.b', n, uf);
      await writeComponents(conn, uf, '_dsp_comp1');
    });
    await step('parties', async () => {
      await exec(conn, ORPHAN_SQL);
      await exec(conn, ORIGIN_SQL);
      await exec(conn, SIG_SQL);
      await exec(conn, `CREATE OR REPLACE TEMP TABLE _dsp_fallback AS ${FALLBACK_SQL}`);
      await components(conn, 'SELECT a, b FROM _dsp_fallback', n, uf);
      await exec(conn, `INSERT INTO _dsp_edge SELECT ka.key, kb.key, 'parties' FROM _dsp_fallback f JOIN _dsp_key ka ON ka.id = f.a JOIN _dsp_key kb ON kb.id = f.b`);
      await writeComponents(conn, uf, '_dsp_comp');
    });
    await step('assign', async () => {
      await exec(conn, ROOT_SQL);
      await exec(conn, ASSIGN_SQL);
      await exec(conn, 'UPDATE legal_case SET dispute_id = a.dispute_id FROM _dsp_assign a WHERE a.case_id = legal_case.case_id AND legal_case.dispute_id IS DISTINCT FROM a.dispute_id');
    });
    await step('order', () => exec(conn, ORDERED_SQL));
    await step('aggregate', async () => {
      await conn.run(NEW_SQL);
    });
    await step('write', async () => {
      await exec(conn, `CREATE OR REPLACE TEMP TABLE _dsp_gone AS SELECT ${DISPUTE_COLUMNS} FROM dispute EXCEPT SELECT ${DISPUTE_COLUMNS} FROM _dsp_new`);
      await exec(conn, 'DELETE FROM dispute WHERE dispute_id IN (SELECT dispute_id FROM _dsp_gone)');
      await exec(conn, `INSERT INTO dispute (${DISPUTE_COLUMNS}) SELECT ${DISPUTE_COLUMNS} FROM _dsp_new WHERE dispute_id NOT IN (SELECT dispute_id FROM dispute)`);
    });
    const count = await queryOne<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM dispute');
    for (const tmp of TEMP_TABLES) await exec(conn, `DROP TABLE IF EXISTS ${tmp}`);
    return { disputes: count?.n ?? 0 };
  });
}
