/**
 * Field-level comparison of parsed documents with hand-written expectations (the accuracy test and
 * the benchmark report use it). Comparable values: names masked, amounts in yuan, rates rounded to
 * four decimals, lists sorted where order carries no meaning.
 */
import { maskName } from '../domain/pii.js';
import type { ParsedDocument } from './parse-document.js';

export type Comparable = string | number | boolean | null | readonly (string | number)[];

const yuan = (fen: number | null | undefined): number | null => (fen === null || fen === undefined ? null : fen / 100);

export function comparableFields(d: ParsedDocument): Record<string, Comparable> {
  const rates = [...new Set(d.rates.filter((r) => r.annual !== null).map((r) => Math.round((r.annual ?? 0) * 1e4) / 1e4))].sort((a, b) => a - b);
  return {
    docType: d.docType.value,
    instance: d.instance?.value ?? null,
    caseNumber: d.caseNumber?.normalized ?? null,
    caseType: d.caseNumber?.typeCode ?? null,
    court: d.court?.value ?? null,
    procedure: d.procedure?.value ?? null,
    filedAt: d.filedAt?.value ?? null,
    decidedAt: d.decidedAt?.value ?? null,
    judges: d.judges.map((j) => maskName(j.name)),
    clerk: d.clerk ? maskName(d.clerk.value) : null,
    parties: d.parties.map((p) => `${p.role}|${p.originalRole ?? ''}|${p.kind}|${p.kind === 'individual' ? maskName(p.name) : p.name}`),
    lender: d.lender?.headOffice ?? d.lender?.name ?? null,
    lenderRole: d.lender?.role ?? null,
    cause: d.cause?.value ?? null,
    causeCategory: d.causeCategory.value,
    isLending: d.isLending,
    claimPrincipal: yuan(d.claims.principal?.value),
    claimInterest: yuan(d.claims.interest?.value),
    claimPenalty: yuan(d.claims.penalty?.value),
    claimFees: yuan(d.claims.fees?.value),
    claimLawyerFee: yuan(d.claims.lawyerFee?.value),
    claimTotal: yuan(d.claims.total?.value),
    rates,
    outcome: d.outcome?.value ?? null,
    awardedTotal: yuan(d.awarded.total?.value),
    courtFee: yuan(d.courtFee.fee?.value),
    courtFeeCharged: yuan(d.courtFee.charged?.value),
    courtFeePayer: d.courtFee.payer?.value ?? null,
    absentDefendant: d.absentDefendant?.value ?? null,
    chainRefs: d.references.filter((r) => r.relation === 'chain').map((r) => r.caseNumber.normalized).sort(),
  };
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sa = [...a].map(String);
    const sb = [...b].map(String);
    return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  return a === b;
}

export interface FieldScore {
  field: string;
  right: number;
  total: number;
}

export interface Mismatch {
  id: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface Scores {
  perField: FieldScore[];
  right: number;
  total: number;
  mismatches: Mismatch[];
}

/** Score parsed documents against expectations (only the fields each expectation lists). */
export function score(items: readonly { id: string; expected: Record<string, unknown>; parsed: ParsedDocument }[]): Scores {
  const per = new Map<string, FieldScore>();
  const mismatches: Mismatch[] = [];
  for (const it of items) {
    const actual = comparableFields(it.parsed);
    for (const [field, exp] of Object.entries(it.expected)) {
      const fs = per.get(field) ?? { field, right: 0, total: 0 };
      per.set(field, fs);
      fs.total += 1;
      const act = field === 'chainRefs' || field === 'rates' ? actual[field] : actual[field];
      const expNorm = field === 'chainRefs' && Array.isArray(exp) ? [...exp].map(String).sort() : field === 'rates' && Array.isArray(exp) ? [...exp].map(Number).sort((a, b) => a - b) : exp;
      if (same(expNorm, act)) fs.right += 1;
      else mismatches.push({ id: it.id, field, expected: exp, actual: act });
    }
  }
  const perField = [...per.values()];
  return { perField, right: perField.reduce((s, f) => s + f.right, 0), total: perField.reduce((s, f) => s + f.total, 0), mismatches };
}

/** A compact text table of the per-field accuracy. */
export function formatScores(s: Scores): string {
  const rows = s.perField.map((f) => `${f.field.padEnd(16)} ${String(f.right).padStart(3)}/${String(f.total).padEnd(3)} ${((100 * f.right) / f.total).toFixed(1).padStart(5)}%`);
  rows.push(`${'ALL'.padEnd(16)} ${String(s.right).padStart(3)}/${String(s.total).padEnd(3)} ${((100 * s.right) / Math.max(1, s.total)).toFixed(1).padStart(5)}%`);
  return rows.join('\n');
}
