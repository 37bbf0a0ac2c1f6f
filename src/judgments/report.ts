/**
 * A parsed document as field rows with their evidence (for `suitrate case parse` and the API):
 * field, value, offsets and the text at those offsets. Names of individuals are masked in values and
 * evidence (the masked text has the same length, so offsets still point at the right place).
 */
import { formatYuan } from '../domain/money.js';
import { maskName } from '../domain/pii.js';
import { maskDocumentText } from './case-rows.js';
import type { ParsedDocument } from './parse-document.js';
import type { Span } from './span.js';

export interface FieldRow {
  field: string;
  value: string | number | boolean | null;
  start: number | null;
  end: number | null;
  evidence: string | null;
}

export interface DocumentReport {
  fields: FieldRow[];
  missing: string[];
  truncated: boolean;
  /** Normalized text with personal data masked (what evidence offsets point into). */
  text: string;
}

export function describeDocument(d: ParsedDocument): DocumentReport {
  const masked = maskDocumentText(d);
  const rows: FieldRow[] = [];
  const add = (field: string, value: FieldRow['value'], span: Span | null | undefined): void => {
    const ok = span && span.end > span.start;
    rows.push({ field, value, start: ok ? span.start : null, end: ok ? span.end : null, evidence: ok ? masked.slice(span.start, span.end) : null });
  };
  const money = (fen: number | null | undefined): string | null => (fen === null || fen === undefined ? null : formatYuan(fen));
  add('docType', d.docType.value, d.docType.span);
  add('instance', d.instance?.value ?? null, d.instance?.span);
  add('caseNumber', d.caseNumber?.normalized ?? null, d.caseNumber?.span);
  add('caseType', d.caseNumber?.typeCode ?? null, d.caseNumber?.span);
  add('court', d.court?.value ?? null, d.court?.span);
  add('courtProvince', d.courtProvince, null);
  add('procedure', d.procedure?.value ?? null, d.procedure?.span);
  add('filedAt', d.filedAt?.value ?? null, d.filedAt?.span);
  add('decidedAt', d.decidedAt?.value ?? null, d.decidedAt?.span);
  for (const j of d.judges) add(`judge.${j.role}`, maskName(j.name), j.span);
  add('clerk', d.clerk ? maskName(d.clerk.value) : null, d.clerk?.span);
  d.parties.forEach((p, i) => {
    const name = p.kind === 'individual' ? maskName(p.name) : p.name;
    add(`party[${i}]`, `${p.roleLabel} ${name} (${p.kind}${p.headOffice && p.headOffice !== p.name ? ` → ${p.headOffice}` : ''})`, p.span);
    for (const a of p.agents) add(`party[${i}].agent`, `${a.label} ${maskName(a.name)} (${a.kind})`, a.span);
  });
  add('lender', d.lender ? `${d.lender.headOffice ?? d.lender.name} (${d.lender.role})` : null, d.lender ? d.parties[d.lender.partyIndex]?.span : null);
  add('cause', d.cause?.value ?? null, d.cause?.span);
  add('causeCategory', d.causeCategory.value, d.causeCategory.span);
  add('isLending', d.isLending, null);
  add('claimPrincipal', money(d.claims.principal?.value), d.claims.principal?.span);
  add('claimInterest', money(d.claims.interest?.value), d.claims.interest?.span);
  add('claimPenalty', money(d.claims.penalty?.value), d.claims.penalty?.span);
  add('claimCompound', money(d.claims.compound?.value), d.claims.compound?.span);
  add('claimFees', money(d.claims.fees?.value), d.claims.fees?.span);
  add('claimLawyerFee', money(d.claims.lawyerFee?.value), d.claims.lawyerFee?.span);
  add('claimTotal', d.claims.total ? `${money(d.claims.total.value)} (${d.claims.totalBasis})` : null, d.claims.total?.span);
  for (const r of d.rates) add('rate', r.annual === null ? `${r.definition}` : `${(r.annual * 100).toFixed(4)}% per year (${r.definition})`, r.span);
  add('outcome', d.outcome?.value ?? null, d.outcome?.span);
  add('awardedTotal', money(d.awarded.total?.value), d.awarded.total?.span);
  add('courtFee', money(d.courtFee.fee?.value), d.courtFee.fee?.span);
  add('courtFeeCharged', d.courtFee.charged ? `${money(d.courtFee.charged.value)}${d.courtFee.reduction ? ' (减半)' : ''}` : null, d.courtFee.charged?.span);
  add('courtFeePayer', d.courtFee.payer?.value ?? null, d.courtFee.payer?.span);
  add('absentDefendant', d.absentDefendant?.value ?? null, d.absentDefendant?.span);
  add('recovered', money(d.recovered?.value), d.recovered?.span);
  for (const r of d.references) add(`reference.${r.relation}`, r.caseNumber.normalized, r.caseNumber.span);
  return { fields: rows, missing: d.missing, truncated: d.truncated, text: masked };
}
