/**
 * Case list and case page, read straight from the store's legal_case / case_party / dispute tables
 * (filled by the judgments importer). Personal data follows the role's level (src/server/personal.ts);
 * masked-level views are audited by the caller.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, type SqlParam } from '../../store/sql.js';
import type { PersonalLevel } from '../auth/roles.js';
import type { CASE_ROUTES } from '../contract/cases.js';
import { notFound } from '../errors.js';
import { isPersonalField, nameForLevel, textForLevel } from '../personal.js';
import type { Handlers, HandlerCtx } from './handler.js';

interface CaseRow extends Record<string, unknown> {
  case_id: string;
  case_number: string | null;
  court_name: string | null;
  doc_type: string | null;
  instance: string | null;
  procedure: string | null;
  cause: string | null;
  cause_category: string | null;
  is_lending: boolean;
  institution_id: string | null;
  institution_name: string | null;
  institution_role: string | null;
  filed_at: string | null;
  decided_at: string | null;
  claim_total_fen: number | null;
  awarded_total_fen: number | null;
  outcome: string | null;
  dispute_id: string | null;
}

interface PartyRow extends Record<string, unknown> {
  case_id: string;
  seq: number;
  role: string;
  role_label: string | null;
  party_kind: string;
  name_masked: string | null;
  institution_id: string | null;
  head_office: string | null;
  customer_id: string | null;
}

const CASE_COLS = `c.case_id, c.case_number, c.court_name, c.doc_type, c.instance, c.procedure, c.cause, c.cause_category, c.is_lending,
  c.institution_id, i.name AS institution_name, c.institution_role, c.filed_at, c.decided_at, c.claim_total_fen, c.awarded_total_fen, c.outcome, c.dispute_id`;

function partyName(p: PartyRow, level: PersonalLevel): string | null {
  return p.party_kind === 'individual' ? nameForLevel(p.name_masked, level) : p.name_masked;
}

function partiesLine(parties: PartyRow[], level: PersonalLevel, zhHidden = '［个人］'): string {
  return parties.map((p) => `${p.role_label ?? p.role} ${partyName(p, level) ?? zhHidden}`).join('；');
}

function toRow(r: CaseRow, parties: PartyRow[], level: PersonalLevel) {
  return {
    caseId: r.case_id,
    caseNumber: r.case_number,
    courtName: r.court_name,
    docType: r.doc_type,
    instance: r.instance,
    procedure: r.procedure,
    cause: r.cause,
    causeCategory: r.cause_category,
    isLending: r.is_lending,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    institutionRole: r.institution_role,
    filedAt: r.filed_at,
    decidedAt: r.decided_at,
    claimTotalFen: r.claim_total_fen,
    awardedTotalFen: r.awarded_total_fen,
    outcome: r.outcome,
    disputeId: r.dispute_id,
    partiesLine: partiesLine(parties, level),
  };
}

async function partiesOf(conn: DuckDBConnection, caseIds: readonly string[]): Promise<Map<string, PartyRow[]>> {
  const out = new Map<string, PartyRow[]>();
  if (caseIds.length === 0) return out;
  const rows = await queryRows<PartyRow>(
    conn,
    `SELECT case_id, seq, role, role_label, party_kind, name_masked, institution_id, head_office, customer_id FROM case_party WHERE case_id IN (${caseIds.map(() => '?').join(',')}) ORDER BY case_id, seq`,
    caseIds,
  );
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r]);
  return out;
}

interface RawSpan {
  field: string;
  start: number;
  end: number;
  value: string | null;
}

/** Collect every {start, end} object in the evidence JSON, named by its path. */
export function collectSpans(evidence: unknown, textLength: number): RawSpan[] {
  const out: RawSpan[] = [];
  const walk = (node: unknown, path: string, value: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`, undefined));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o['start'] === 'number' && typeof o['end'] === 'number') {
      const start = Math.max(0, Math.min(textLength, Math.trunc(o['start'])));
      const end = Math.max(start, Math.min(textLength, Math.trunc(o['end'])));
      const v = value ?? o['value'];
      if (end > start) out.push({ field: path, start, end, value: v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v) });
      return;
    }
    if ('span' in o && o['span'] && typeof o['span'] === 'object') {
      walk(o['span'], path, o['value']);
      return;
    }
    for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k, undefined);
  };
  walk(evidence, '', undefined);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

function parseEvidence(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

async function auditView(ctx: HandlerCtx, target: string, detail: Record<string, unknown>): Promise<void> {
  if (ctx.personal === 'masked') await ctx.audit('personal.view', target, detail);
}

export const caseHandlers: Handlers<typeof CASE_ROUTES> = {
  async listCases({ query }, ctx) {
    const level = ctx.personal;
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (query.q) {
      const like = `%${query.q}%`;
      const nameSearch = level === 'masked' ? ' OR c.case_id IN (SELECT case_id FROM case_party WHERE name_masked LIKE ?)' : '';
      where.push(`(c.case_number LIKE ? OR c.court_name LIKE ? OR c.cause LIKE ? OR i.name LIKE ?${nameSearch})`);
      params.push(like, like, like, like);
      if (nameSearch) params.push(like);
    }
    const filter = (cond: string, value: SqlParam | undefined): void => {
      if (value === undefined || value === '') return;
      where.push(cond);
      params.push(value);
    };
    filter('c.institution_id = ?', query.institution);
    filter('c.cause_category = ?', query.causeCategory);
    filter('c.doc_type = ?', query.docType);
    filter('c.outcome = ?', query.outcome);
    filter('coalesce(year(c.filed_at), c.case_year) = ?', query.year);
    filter('c.is_lending = ?', query.lendingOnly === undefined ? undefined : query.lendingOnly === 'true');
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM legal_case c LEFT JOIN institution i USING (institution_id)';
    const result = await ctx.deps.db.read(async (conn) => {
      const total = (await queryRows<{ n: number }>(conn, `SELECT count(*) AS n ${from} ${w}`, params))[0]?.n ?? 0;
      const rows = await queryRows<CaseRow>(conn, `SELECT ${CASE_COLS} ${from} ${w} ORDER BY coalesce(c.filed_at, c.decided_at) DESC NULLS LAST, c.case_id LIMIT ? OFFSET ?`, [...params, query.limit, query.offset]);
      const parties = await partiesOf(conn, rows.map((r) => r.case_id));
      const facet = async (col: string) => (await queryRows<{ v: string }>(conn, `SELECT DISTINCT ${col} AS v FROM legal_case WHERE ${col} IS NOT NULL ORDER BY 1`)).map((r) => r.v);
      const institutions = await queryRows<{ id: string; name: string }>(conn, 'SELECT DISTINCT i.institution_id AS id, i.name FROM legal_case c JOIN institution i USING (institution_id) ORDER BY 2');
      return {
        total,
        cases: rows.map((r) => toRow(r, parties.get(r.case_id) ?? [], level)),
        facets: { institutions, causeCategories: await facet('cause_category'), docTypes: await facet('doc_type'), outcomes: await facet('outcome') },
        personalLevel: level,
      };
    });
    await auditView(ctx, 'cases.list', { q: query.q ?? null, offset: query.offset, shown: result.cases.length });
    return result;
  },

  async getCase({ params }, ctx) {
    const level = ctx.personal;
    const detail = await ctx.deps.db.read(async (conn) => {
      const r = (
        await queryRows<
          CaseRow & {
            court_fee_fen: number | null;
            court_fee_charged_fen: number | null;
            court_fee_payer: string | null;
            absent_defendant: boolean | null;
            claim_principal_fen: number | null;
            claim_interest_fen: number | null;
            claim_penalty_fen: number | null;
            claim_compound_fen: number | null;
            claim_fee_fen: number | null;
            claim_lawyer_fee_fen: number | null;
            loan_id: string | null;
            customer_id: string | null;
            link_confidence: number | null;
            link_reason: string | null;
            referenced_case_numbers: string[] | null;
            text: string | null;
            evidence: unknown;
          }
        >(
          conn,
          `SELECT ${CASE_COLS}, c.court_fee_fen, c.court_fee_charged_fen, c.court_fee_payer, c.absent_defendant, c.claim_principal_fen, c.claim_interest_fen,
             c.claim_penalty_fen, c.claim_compound_fen, c.claim_fee_fen, c.claim_lawyer_fee_fen, c.loan_id, c.customer_id, c.link_confidence, c.link_reason,
             c.referenced_case_numbers, c.text, CAST(c.evidence AS VARCHAR) AS evidence
           FROM legal_case c LEFT JOIN institution i USING (institution_id) WHERE c.case_id = ?`,
          [params.caseId],
        )
      )[0];
      if (!r) return undefined;
      const parties = (await partiesOf(conn, [r.case_id])).get(r.case_id) ?? [];
      const timeline = r.dispute_id
        ? await queryRows<{ case_id: string; case_number: string | null; doc_type: string | null; instance: string | null; filed_at: string | null; decided_at: string | null; outcome: string | null; court_name: string | null }>(
            conn,
            'SELECT case_id, case_number, doc_type, instance, filed_at, decided_at, outcome, court_name FROM legal_case WHERE dispute_id = ? ORDER BY coalesce(filed_at, decided_at) NULLS LAST, case_id',
            [r.dispute_id],
          )
        : [];
      const dispute = r.dispute_id
        ? (
            await queryRows<{ dispute_id: string; root_case_number: string | null; final_outcome: string | null; document_count: number; has_appeal: boolean; has_retrial: boolean; has_enforcement: boolean }>(
              conn,
              'SELECT dispute_id, root_case_number, final_outcome, document_count, has_appeal, has_retrial, has_enforcement FROM dispute WHERE dispute_id = ?',
              [r.dispute_id],
            )
          )[0]
        : undefined;
      return { r, parties, timeline, dispute };
    });
    if (!detail) throw notFound(`case ${params.caseId}`);
    const { r, parties, timeline, dispute } = detail;
    const people = parties.filter((p) => p.party_kind === 'individual').map((p) => p.name_masked ?? '');
    const text = r.text === null ? null : textForLevel(r.text, level, people);
    const spans = text === null ? [] : collectSpans(parseEvidence(r.evidence), text.length).map((s) => ({ ...s, text: text.slice(s.start, s.end), value: level === 'hidden' && isPersonalField(s.field) ? null : s.value === null ? null : textForLevel(s.value, level, people) }));
    await auditView(ctx, `case:${r.case_id}`, { caseNumber: r.case_number });
    return {
      ...toRow(r, parties, level),
      courtFeeFen: r.court_fee_fen,
      courtFeeChargedFen: r.court_fee_charged_fen,
      courtFeePayer: r.court_fee_payer,
      absentDefendant: r.absent_defendant,
      claims: { principal: r.claim_principal_fen, interest: r.claim_interest_fen, penalty: r.claim_penalty_fen, compound: r.claim_compound_fen, fees: r.claim_fee_fen, lawyerFee: r.claim_lawyer_fee_fen, total: r.claim_total_fen },
      loanId: r.loan_id,
      customerId: level === 'masked' ? r.customer_id : null,
      linkConfidence: r.link_confidence,
      linkReason: r.link_reason,
      referencedCaseNumbers: r.referenced_case_numbers ?? [],
      text,
      spans,
      parties: parties.map((p) => ({ seq: p.seq, role: p.role, roleLabel: p.role_label, kind: p.party_kind, name: partyName(p, level), institutionId: p.institution_id, headOffice: p.head_office, customerId: level === 'masked' ? p.customer_id : null })),
      timeline: timeline.map((t) => ({ caseId: t.case_id, caseNumber: t.case_number, docType: t.doc_type, instance: t.instance, filedAt: t.filed_at, decidedAt: t.decided_at, outcome: t.outcome, courtName: t.court_name })),
      dispute: dispute
        ? { disputeId: dispute.dispute_id, rootCaseNumber: dispute.root_case_number, finalOutcome: dispute.final_outcome, documentCount: dispute.document_count, hasAppeal: dispute.has_appeal, hasRetrial: dispute.has_retrial, hasEnforcement: dispute.has_enforcement }
        : null,
      personalLevel: level,
    };
  },
};
