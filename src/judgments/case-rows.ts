/**
 * From a parsed document to the rows the store keeps: one legal_case row (text with personal data
 * masked, evidence spans into that text), case_party rows (individuals pseudonymized and masked)
 * and the keys used to link the case to customers and loans. Pure (the secret is passed in).
 */
import { createHash } from 'node:crypto';
import { maskName, maskPiiInText, pseudonymize, validateResidentId } from '../domain/pii.js';
import { findDates } from './cn-dates.js';
import { parseCaseNumber } from './case-number.js';
import { caseTypeInfo } from './case-types.js';
import { matchInstitution, type InstitutionIndex, type InstitutionMatch } from './link.js';
import type { ParsedDocument } from './parse-document.js';
import type { Party } from './parties.js';
import type { Span } from './span.js';
import { sentenceAt } from './text-util.js';

export interface LegalCaseRow {
  case_id: string;
  case_number: string | null;
  case_year: number | null;
  court_code: string | null;
  court_province: string | null;
  case_type_code: string | null;
  case_seq: number | null;
  court_name: string | null;
  doc_type: string;
  instance: string | null;
  procedure: string | null;
  cause: string | null;
  cause_category: string;
  is_lending: boolean;
  institution_id: string | null;
  institution_role: string | null;
  filed_at: string | null;
  decided_at: string | null;
  claim_principal_fen: number | null;
  claim_interest_fen: number | null;
  claim_penalty_fen: number | null;
  claim_compound_fen: number | null;
  claim_fee_fen: number | null;
  claim_lawyer_fee_fen: number | null;
  claim_total_fen: number | null;
  outcome: string | null;
  awarded_total_fen: number | null;
  court_fee_fen: number | null;
  court_fee_charged_fen: number | null;
  court_fee_payer: string | null;
  absent_defendant: boolean | null;
  recovered_fen: number | null;
  referenced_case_numbers: string[];
  source_file: string;
  source_doc_id: string | null;
  text: string;
  evidence: string;
  batch_id: string;
  doc_title: string | null;
  case_class: string | null;
  chain_rank: number | null;
  cited_case_numbers: string[];
  original_role: string | null;
  institution_name: string | null;
  institution_match_reason: string | null;
  institution_match_score: number | null;
  cause_sentence: string | null;
  judges: string[];
  clerk: string | null;
  rates: string;
  max_annual_rate: number | null;
  court_fee_reduction: string | null;
  missing_fields: string[];
  content_sha256: string;
  parser_version: string;
}

export interface CasePartyRow {
  case_id: string;
  seq: number;
  role: string;
  role_label: string;
  party_kind: string;
  name_masked: string;
  name_hash: string | null;
  institution_id: string | null;
  head_office: string | null;
  agents: string[];
}

export interface LinkKeyRow {
  case_id: string;
  seq: number;
  name_hash: string | null;
  id_hash: string | null;
  principal_fen: number | null;
  contract_dates: string[];
}

export interface CaseRows {
  legal: LegalCaseRow;
  parties: CasePartyRow[];
  links: LinkKeyRow[];
}

export interface RowContext {
  secret: Buffer;
  batchId: string;
  sourceFile: string;
  sourceDocId: string | null;
  /** sha256 of the raw document text (what decides "unchanged" on re-import). */
  contentSha256: string;
  institutions: InstitutionIndex;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * The natural key: the source's document id (plus the content hash when that id is a case number),
 * else 案号 + document type, else the content hash.
 */
export function caseIdFor(d: ParsedDocument, sourceDocId: string | null, contentSha256: string): string {
  const id = sourceDocId?.trim() ?? '';
  // A case number identifies a case, not a document: several rulings share it, so add the content hash.
  if (id !== '') return parseCaseNumber(id) ? `doc:${id}#${contentSha256.slice(0, 12)}` : `doc:${id}`;
  if (d.caseNumber) return `${d.caseNumber.normalized}|${d.docType.value}`;
  return `sha:${contentSha256.slice(0, 32)}`;
}

/** Every person name the document names (parties, agents, judges, clerk), longest first. */
function personNames(d: ParsedDocument): string[] {
  const names = new Set<string>();
  for (const p of d.parties) {
    if (p.kind === 'individual') names.add(p.name);
    for (const a of p.agents) for (const n of a.name.split(/[、，]/)) names.add(n.trim());
  }
  for (const j of d.judges) names.add(j.name);
  if (d.clerk) names.add(d.clerk.value);
  return [...names].filter((n) => n.length >= 2 && n.length <= 20 && /^[\u4e00-\u9fff·•A-Za-z]+$/.test(n)).sort((a, b) => b.length - a.length);
}

/** Text with identifiers and person names masked; same length as the input, so spans stay valid. */
export function maskDocumentText(d: ParsedDocument): string {
  let t = d.text;
  for (const n of personNames(d)) {
    const m = maskName(n);
    if (m.length === n.length) t = t.split(n).join(m);
  }
  const masked = maskPiiInText(t);
  return masked.length === t.length ? masked : t;
}

function sp(masked: string, s: Span | null | undefined): { start: number; end: number; text: string } | null {
  if (!s || s.end <= s.start) return null;
  return { start: s.start, end: s.end, text: masked.slice(s.start, s.end) };
}

function evidenceOf(d: ParsedDocument, masked: string): Record<string, unknown> {
  const ev: Record<string, unknown> = {};
  const put = (k: string, s: Span | null | undefined): void => {
    const v = sp(masked, s);
    if (v) ev[k] = v;
  };
  put('title', d.title?.span);
  put('docType', d.docType.span);
  put('caseNumber', d.caseNumber?.span);
  put('court', d.court?.span);
  put('procedure', d.procedure?.span);
  put('filedAt', d.filedAt?.span);
  put('decidedAt', d.decidedAt?.span);
  put('cause', d.cause?.span);
  put('causeCategory', d.causeCategory.span);
  put('outcome', d.outcome?.span);
  put('claimPrincipal', d.claims.principal?.span);
  put('claimInterest', d.claims.interest?.span);
  put('claimPenalty', d.claims.penalty?.span);
  put('claimCompound', d.claims.compound?.span);
  put('claimFees', d.claims.fees?.span);
  put('claimLawyerFee', d.claims.lawyerFee?.span);
  put('claimTotal', d.claims.total?.span);
  put('awardedTotal', d.awarded.total?.span);
  put('courtFee', d.courtFee.fee?.span);
  put('courtFeeCharged', d.courtFee.charged?.span);
  put('courtFeePayer', d.courtFee.payer?.span);
  put('absentDefendant', d.absentDefendant?.span);
  put('recovered', d.recovered?.span);
  put('clerk', d.clerk?.span);
  ev['parties'] = d.parties.map((p) => ({ role: p.role, ...sp(masked, p.span) }));
  ev['judges'] = d.judges.map((j) => ({ role: j.role, ...sp(masked, j.span) }));
  ev['rates'] = d.rates.map((r) => ({ annual: r.annual, basis: r.basis, definition: r.definition, ...sp(masked, r.span) }));
  ev['references'] = d.references.map((r) => ({ caseNumber: r.caseNumber.normalized, relation: r.relation, ...sp(masked, r.caseNumber.span) }));
  return ev;
}

function institutionOf(d: ParsedDocument, index: InstitutionIndex): { party: Party | null; match: InstitutionMatch | null } {
  const lender = d.lender ? d.parties[d.lender.partyIndex] ?? null : null;
  const tried: Party[] = lender ? [lender, ...d.parties.filter((p) => p !== lender && p.kind === 'institution')] : d.parties.filter((p) => p.kind === 'institution');
  for (const p of tried) {
    const m = matchInstitution(index, p.name);
    if (m) return { party: p, match: m };
  }
  return { party: lender, match: null };
}

function contractDates(d: ParsedDocument): string[] {
  const out = new Set<string>();
  for (const m of findDates(d.text)) {
    const s = sentenceAt(d.text, m.span.start).text;
    if (/签订|签署|借款合同|贷款合同|借据|借条|放款|发放/.test(s)) out.add(m.date);
    if (out.size >= 8) break;
  }
  return [...out];
}

function idNumbersNear(d: ParsedDocument, p: Party, next: Party | undefined): string[] {
  const region = d.text.slice(p.span.end, next ? next.span.start : Math.min(d.text.length, p.span.end + 300));
  const out: string[] = [];
  const re = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(region)) !== null) {
    const v = validateResidentId(m[0]);
    if (v.ok) out.push(v.value.normalized);
  }
  return out;
}

function agentLabel(a: Party['agents'][number]): string {
  return `${a.kind}:${maskName(a.name)}`;
}

/** Build the rows for one parsed document. */
export function buildCaseRows(d: ParsedDocument, ctx: RowContext): CaseRows {
  const caseId = caseIdFor(d, ctx.sourceDocId, ctx.contentSha256);
  const masked = maskDocumentText(d);
  const inst = institutionOf(d, ctx.institutions);
  const cn = d.caseNumber;
  const info = cn ? caseTypeInfo(cn.typeCode) : undefined;
  const annual = d.rates.map((r) => r.annual).filter((x): x is number => x !== null);
  const legal: LegalCaseRow = {
    case_id: caseId,
    case_number: cn?.normalized ?? null,
    case_year: cn?.year ?? null,
    court_code: cn?.courtCode ?? null,
    court_province: d.courtProvince,
    case_type_code: cn?.typeCode ?? null,
    case_seq: cn?.seq ?? null,
    court_name: d.court?.value ?? null,
    doc_type: d.docType.value,
    instance: d.instance?.value ?? null,
    procedure: d.procedure?.value ?? null,
    cause: d.cause?.value ?? null,
    cause_category: d.causeCategory.value,
    is_lending: d.isLending,
    institution_id: inst.match?.institutionId ?? null,
    institution_role: inst.party?.role ?? null,
    filed_at: d.filedAt?.value ?? null,
    decided_at: d.decidedAt?.value ?? null,
    claim_principal_fen: d.claims.principal?.value ?? null,
    claim_interest_fen: d.claims.interest?.value ?? null,
    claim_penalty_fen: d.claims.penalty?.value ?? null,
    claim_compound_fen: d.claims.compound?.value ?? null,
    claim_fee_fen: d.claims.fees?.value ?? null,
    claim_lawyer_fee_fen: d.claims.lawyerFee?.value ?? null,
    claim_total_fen: d.claims.total?.value ?? null,
    outcome: d.outcome?.value ?? null,
    awarded_total_fen: d.awarded.total?.value ?? null,
    court_fee_fen: d.courtFee.fee?.value ?? null,
    court_fee_charged_fen: d.courtFee.charged?.value ?? null,
    court_fee_payer: d.courtFee.payer?.value ?? null,
    absent_defendant: d.absentDefendant?.value ?? null,
    recovered_fen: d.recovered?.value ?? null,
    referenced_case_numbers: d.references.filter((r) => r.relation === 'chain').map((r) => r.caseNumber.normalized),
    source_file: ctx.sourceFile,
    source_doc_id: ctx.sourceDocId,
    text: masked,
    evidence: JSON.stringify(evidenceOf(d, masked)),
    batch_id: ctx.batchId,
    doc_title: d.title ? masked.slice(d.title.span.start, d.title.span.end) || null : null,
    case_class: d.caseClass ?? (d.instance?.value === 'enforcement' ? 'enforcement' : 'civil'),
    chain_rank: info?.rank ?? null,
    cited_case_numbers: d.references.filter((r) => r.relation === 'cited').map((r) => r.caseNumber.normalized),
    original_role: inst.party?.originalRole ?? null,
    institution_name: inst.party?.name ?? null,
    institution_match_reason: inst.match?.reason ?? null,
    institution_match_score: inst.match?.score ?? null,
    cause_sentence: d.causeCategory.span.end > d.causeCategory.span.start ? masked.slice(d.causeCategory.span.start, d.causeCategory.span.end) : null,
    judges: d.judges.map((j) => `${j.title}:${maskName(j.name)}`),
    clerk: d.clerk ? maskName(d.clerk.value) : null,
    rates: JSON.stringify(d.rates.map((r) => ({ annual: r.annual, period: r.period, basis: r.basis, definition: r.definition }))),
    max_annual_rate: annual.length > 0 ? Math.max(...annual) : null,
    court_fee_reduction: d.courtFee.reduction,
    missing_fields: d.missing,
    content_sha256: ctx.contentSha256,
    parser_version: d.parserVersion,
  };
  const parties: CasePartyRow[] = [];
  const links: LinkKeyRow[] = [];
  const contract = contractDates(d);
  d.parties.forEach((p, i) => {
    const m = p.kind === 'institution' ? matchInstitution(ctx.institutions, p.name) : null;
    const nameHash = p.kind === 'individual' && !p.placeholder ? pseudonymize(ctx.secret, 'name', p.name) : null;
    parties.push({
      case_id: caseId,
      seq: i,
      role: p.role,
      role_label: p.roleLabel,
      party_kind: p.kind,
      name_masked: p.kind === 'individual' ? maskName(p.name) : p.name,
      name_hash: nameHash,
      institution_id: m?.institutionId ?? null,
      head_office: p.headOffice,
      agents: p.agents.map(agentLabel),
    });
    if (p.kind === 'individual') {
      const ids = idNumbersNear(d, p, d.parties[i + 1]);
      const idHash = ids[0] ? pseudonymize(ctx.secret, 'id_number', ids[0]) : null;
      if (nameHash || idHash) links.push({ case_id: caseId, seq: i, name_hash: nameHash, id_hash: idHash, principal_fen: d.claims.principal?.value ?? null, contract_dates: contract });
    }
  });
  return { legal, parties, links };
}
