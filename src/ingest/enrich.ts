/**
 * The JS part of the pipeline, for what SQL cannot do with the domain's own functions: personal
 * identifiers (validate, pseudonymize with the workspace key, mask — src/domain/pii.ts is the single
 * source of truth), masking identifiers inside complaint text, and parsing 案号 and parties of
 * structured case rows. Rows stream out of the staging table in chunks; results go back through the
 * Appender into temp tables keyed by the row ordinal, which the SQL check pass joins.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import {
  maskBankCard,
  maskMobile,
  maskName,
  maskPiiInText,
  maskResidentId,
  pseudonymize,
  validateBankCard,
  validateMobile,
  validatePersonName,
  validateResidentId,
} from '../domain/pii.js';
import { queryRows } from '../store/sql.js';

export type Cell = string | number | null;

export interface EnrichProblem {
  ord: number;
  col: string;
  code: string;
  msg: string;
}

export interface EnrichContext {
  conn: DuckDBConnection;
  secret: Buffer;
  present: ReadonlySet<string>;
  signal?: AbortSignal;
  onRows?: (n: number) => void;
}

type ColType = 'VARCHAR' | 'INTEGER' | 'BIGINT';

function append(app: DuckDBAppender, types: readonly ColType[], row: readonly Cell[]): void {
  for (let i = 0; i < types.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) app.appendNull();
    else if (types[i] === 'VARCHAR') app.appendVarchar(String(v));
    else if (types[i] === 'INTEGER') app.appendInteger(Number(v));
    else app.appendBigInt(BigInt(v));
  }
  app.endRow();
}

async function createTemp(conn: DuckDBConnection, name: string, cols: readonly [string, ColType][]): Promise<DuckDBAppender> {
  await conn.run(`DROP TABLE IF EXISTS ${name}; CREATE TEMP TABLE ${name} (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  return conn.createAppender(name);
}

/** Stream `SELECT rowid, cols… FROM sr_raw` chunk by chunk. */
async function* stagedRows(ctx: EnrichContext, cols: readonly string[]): AsyncGenerator<(string | null)[][]> {
  const select = cols.map((c) => (ctx.present.has(c) ? `r_${c}` : 'NULL')).join(', ');
  const result = await ctx.conn.stream(`SELECT rowid AS ord, ${select} FROM sr_raw`);
  let done = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
    yield rows;
    done += rows.length;
    ctx.onRows?.(done);
    if (ctx.signal?.aborted) break;
  }
}

export const ENRICH_ERRORS_TABLE = 'sr_enr_err';

async function errorAppender(conn: DuckDBConnection): Promise<DuckDBAppender> {
  return createTemp(conn, ENRICH_ERRORS_TABLE, [
    ['ord', 'BIGINT'],
    ['col', 'VARCHAR'],
    ['code', 'VARCHAR'],
    ['msg', 'VARCHAR'],
  ]);
}

const CUSTOMER_COLS: readonly [string, ColType][] = [
  ['ord', 'BIGINT'],
  ['name_hash', 'VARCHAR'],
  ['name_masked', 'VARCHAR'],
  ['id_hash', 'VARCHAR'],
  ['id_masked', 'VARCHAR'],
  ['phone_hash', 'VARCHAR'],
  ['phone_masked', 'VARCHAR'],
  ['card_hash', 'VARCHAR'],
  ['card_masked', 'VARCHAR'],
  ['id_sex', 'VARCHAR'],
  ['id_birth_year', 'INTEGER'],
  ['id_province', 'VARCHAR'],
];

/** Validate, pseudonymize and mask one customer's identifiers. Never puts a raw identifier in a message. */
export function customerIdentifiers(secret: Buffer, raw: { name: string | null; id: string | null; phone: string | null; card: string | null }): { cells: Cell[]; problems: Omit<EnrichProblem, 'ord'>[] } {
  const problems: Omit<EnrichProblem, 'ord'>[] = [];
  const cells: Cell[] = new Array<Cell>(11).fill(null);
  if (raw.name !== null) {
    const v = validatePersonName(raw.name);
    if (v.ok) {
      cells[0] = pseudonymize(secret, 'name', v.value);
      cells[1] = maskName(v.value);
    } else problems.push({ col: 'name', code: 'pii.name_invalid', msg: `name ${maskName(raw.name)}: ${v.reason}` });
  }
  if (raw.id !== null) {
    const v = validateResidentId(raw.id);
    if (v.ok) {
      cells[2] = pseudonymize(secret, 'id_number', v.value.normalized);
      cells[3] = maskResidentId(v.value.normalized);
      cells[8] = v.value.sex;
      cells[9] = Number(v.value.birthDate.slice(0, 4));
      cells[10] = v.value.provinceCode;
    } else problems.push({ col: 'id_number', code: 'pii.id_invalid', msg: `resident ID ${maskResidentId(raw.id.replace(/\s/g, ''))}: ${v.reason}` });
  }
  if (raw.phone !== null) {
    const v = validateMobile(raw.phone);
    if (v.ok) {
      cells[4] = pseudonymize(secret, 'phone', v.value);
      cells[5] = maskMobile(v.value);
    } else problems.push({ col: 'phone', code: 'pii.phone_invalid', msg: `mobile ${maskMobile(raw.phone.replace(/\D/g, ''))}: ${v.reason}` });
  }
  if (raw.card !== null) {
    const v = validateBankCard(raw.card);
    if (v.ok) {
      cells[6] = pseudonymize(secret, 'card', v.value);
      cells[7] = maskBankCard(v.value);
    } else problems.push({ col: 'bank_card', code: 'pii.card_invalid', msg: `bank card ${maskBankCard(raw.card.replace(/\D/g, ''))}: ${v.reason}` });
  }
  return { cells, problems };
}

export async function enrichCustomers(ctx: EnrichContext): Promise<void> {
  const app = await createTemp(ctx.conn, 'sr_enr', CUSTOMER_COLS);
  const err = await errorAppender(ctx.conn);
  const types = CUSTOMER_COLS.map(([, t]) => t);
  try {
    for await (const rows of stagedRows(ctx, ['name', 'id_number', 'phone', 'bank_card'])) {
      for (const [ord, name, id, phone, card] of rows) {
        const { cells, problems } = customerIdentifiers(ctx.secret, { name: name ?? null, id: id ?? null, phone: phone ?? null, card: card ?? null });
        append(app, types, [Number(ord), ...cells]);
        for (const p of problems) append(err, ['BIGINT', 'VARCHAR', 'VARCHAR', 'VARCHAR'], [Number(ord), p.col, p.code, p.msg]);
      }
    }
  } finally {
    app.closeSync();
    err.closeSync();
  }
}

export async function enrichComplaints(ctx: EnrichContext): Promise<void> {
  const app = await createTemp(ctx.conn, 'sr_enr', [
    ['ord', 'BIGINT'],
    ['text_masked', 'VARCHAR'],
  ]);
  const err = await errorAppender(ctx.conn);
  try {
    for await (const rows of stagedRows(ctx, ['text'])) {
      for (const [ord, text] of rows) append(app, ['BIGINT', 'VARCHAR'], [Number(ord), text == null ? null : maskPiiInText(text)]);
    }
  } finally {
    app.closeSync();
    err.closeSync();
  }
}

const INSTITUTION_WORDS = /银行|公司|小额贷款|有限|支行|分行|信用社|合作社|营业部|中心|集团|事务所|平台|保险|信托|基金/;

export function isInstitutionName(name: string): boolean {
  return INSTITUTION_WORDS.test(name);
}

export function splitParties(text: string | null): string[] {
  if (text === null) return [];
  return text
    .split(/[;；、,，]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface AliasIndex {
  exact: Map<string, { id: string; head: string }>;
  /** aliases longest first, for prefix matches of branch names. */
  prefixes: { alias: string; id: string; head: string }[];
}

async function loadAliases(conn: DuckDBConnection): Promise<AliasIndex> {
  const rows = await queryRows<{ institution_id: string; alias: string; head: string }>(
    conn,
    `SELECT a.institution_id, a.alias, i.name AS head FROM institution_alias a JOIN institution i USING (institution_id)
     UNION SELECT institution_id, name, name FROM institution
     UNION SELECT institution_id, short_name, name FROM institution WHERE short_name IS NOT NULL`,
  );
  const exact = new Map<string, { id: string; head: string }>();
  for (const r of rows) exact.set(r.alias, { id: r.institution_id, head: r.head });
  const prefixes = rows.filter((r) => r.alias.length >= 2).map((r) => ({ alias: r.alias, id: r.institution_id, head: r.head }));
  prefixes.sort((a, b) => b.alias.length - a.alias.length);
  return { exact, prefixes };
}

export function resolveInstitution(idx: AliasIndex, name: string): { id: string; head: string } | null {
  const hit = idx.exact.get(name);
  if (hit) return hit;
  for (const p of idx.prefixes) if (name.startsWith(p.alias)) return { id: p.id, head: p.head };
  return null;
}

const CASE_COLS: readonly [string, ColType][] = [
  ['ord', 'BIGINT'],
  ['case_number', 'VARCHAR'],
  ['case_year', 'INTEGER'],
  ['court_code', 'VARCHAR'],
  ['court_province', 'VARCHAR'],
  ['case_type_code', 'VARCHAR'],
  ['case_seq', 'INTEGER'],
  ['instance', 'VARCHAR'],
];

const PARTY_COLS: readonly [string, ColType][] = [
  ['ord', 'BIGINT'],
  ['seq', 'INTEGER'],
  ['role', 'VARCHAR'],
  ['role_label', 'VARCHAR'],
  ['party_kind', 'VARCHAR'],
  ['name_masked', 'VARCHAR'],
  ['name_hash', 'VARCHAR'],
  ['institution_id', 'VARCHAR'],
  ['head_office', 'VARCHAR'],
  ['customer_id', 'VARCHAR'],
];

/** What the case-row importer needs from a parsed 案号 (src/judgments/case-number.ts provides it). */
export interface CaseNumberParts {
  normalized: string;
  year: number;
  courtCode: string;
  provinceCode: string | null;
  typeCode: string;
  seq: number;
  instance: string;
}

export type CaseNumberParser = (text: string) => CaseNumberParts | null;

export async function enrichCases(ctx: EnrichContext, parseCaseNumber: CaseNumberParser): Promise<void> {
  const app = await createTemp(ctx.conn, 'sr_enr', CASE_COLS);
  const party = await createTemp(ctx.conn, 'sr_party', PARTY_COLS);
  const err = await errorAppender(ctx.conn);
  const aliases = await loadAliases(ctx.conn);
  const errTypes: ColType[] = ['BIGINT', 'VARCHAR', 'VARCHAR', 'VARCHAR'];
  try {
    for await (const rows of stagedRows(ctx, ['case_number', 'plaintiff', 'defendant', 'institution_id', 'institution_role', 'customer_id', 'instance'])) {
      for (const [ordText, caseNumber, plaintiff, defendant, instId, instRole, customerId, instanceText] of rows) {
        const ord = Number(ordText);
        const parsed = caseNumber == null ? null : parseCaseNumber(caseNumber);
        if (caseNumber != null && parsed === null) append(err, errTypes, [ord, 'case_number', 'case.number_invalid', `not a case number (案号): "${caseNumber.slice(0, 40)}"`]);
        append(app, CASE_COLS.map(([, t]) => t), [ord, parsed?.normalized ?? null, parsed?.year ?? null, parsed?.courtCode ?? null, parsed?.provinceCode ?? null, parsed?.typeCode ?? null, parsed?.seq ?? null, parsed?.instance ?? null]);
        // In enforcement the two sides are the applicant (申请执行人) and the respondent (被执行人).
        const enforcement = instanceText != null ? /^\s*(enforcement|执行)\s*$/i.test(instanceText) : parsed?.instance === 'enforcement';
        // [role, label, text, input column]
        const sides: [string, string, string | null, string][] = enforcement
          ? [
              ['applicant', '申请执行人', plaintiff ?? null, 'plaintiff'],
              ['respondent', '被执行人', defendant ?? null, 'defendant'],
            ]
          : [
              ['plaintiff', '原告', plaintiff ?? null, 'plaintiff'],
              ['defendant', '被告', defendant ?? null, 'defendant'],
            ];
        const individuals = sides.flatMap(([, , t]) => splitParties(t)).filter((n) => !isInstitutionName(n)).length;
        let seq = 0;
        for (const [role, label, text, column] of sides) {
          for (const name of splitParties(text)) {
            seq++;
            if (isInstitutionName(name)) {
              const hit = resolveInstitution(aliases, name) ?? (instId && instRole === role ? { id: instId, head: null } : null);
              append(party, PARTY_COLS.map(([, t]) => t), [ord, seq, role, label, 'institution', name, null, hit?.id ?? null, hit?.head ?? null, null]);
              continue;
            }
            const v = validatePersonName(name);
            if (!v.ok) {
              append(err, errTypes, [ord, column, 'pii.name_invalid', `${column} ${maskName(name)}: ${v.reason}`]);
              continue;
            }
            append(party, PARTY_COLS.map(([, t]) => t), [ord, seq, role, label, 'individual', maskName(v.value), pseudonymize(ctx.secret, 'name', v.value), null, null, individuals === 1 ? (customerId ?? null) : null]);
          }
        }
      }
    }
  } finally {
    app.closeSync();
    party.closeSync();
    err.closeSync();
  }
}
