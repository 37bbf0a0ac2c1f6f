/**
 * parseDocument: one court document (plain text, already extracted from HTML/DOCX/JSON) → every
 * field with the span it came from in the normalized text. Pure and bounded: the input is cut at
 * MAX_DOCUMENT_CHARS, and every matcher is linear or bounded.
 */
import type { IsoDate } from '../domain/dates.js';
import type { Fen } from '../domain/money.js';
import { provinceByCode } from '../domain/regions.js';
import { findCaseNumbers, type ParsedCaseNumber } from './case-number.js';
import { caseTypeInfo, type CaseClass, type Instance } from './case-types.js';
import { knownCauseSuffix, parseCause, type CauseCategory } from './cause.js';
import { claimsRegion, labelledAmounts, moneyFields, type MoneyFields } from './claims.js';
import { findDates, type DateMention } from './cn-dates.js';
import { parseCourtFee, type CourtFee } from './fees.js';
import { docTypeOf, instanceFromText, parseHeader, type DocType } from './header.js';
import { normalizeText } from './normalize.js';
import { parseOutcome, type Outcome } from './outcome.js';
import { attachAliases, parseParties, partiesFromPhrase, type OriginalRole, type Party } from './parties.js';
import { findRates, type RateMention } from './rates.js';
import { parseFiledAt, parseProcedure, parseSignature, type Judge, type Procedure } from './signature.js';
import type { Field } from './span.js';
import { searchLast, sentenceAt } from './text-util.js';

export const PARSER_VERSION = '2';
export const MAX_DOCUMENT_CHARS = 400_000;

export type ReferenceRelation = 'chain' | 'cited';

export interface CaseReference {
  caseNumber: ParsedCaseNumber;
  relation: ReferenceRelation;
}

export interface Lender {
  name: string;
  headOffice: string | null;
  role: Party['role'];
  originalRole: OriginalRole | null;
  partyIndex: number;
}

export interface ParsedDocument {
  parserVersion: string;
  /** Normalized text; all spans point into it. */
  text: string;
  truncated: boolean;
  convertedTraditional: boolean;
  title: Field<string> | null;
  docType: Field<DocType>;
  docTypeLabel: string | null;
  instance: Field<Instance> | null;
  caseClass: CaseClass | null;
  caseNumber: ParsedCaseNumber | null;
  references: CaseReference[];
  court: Field<string> | null;
  courtProvince: string | null;
  procedure: Field<Procedure> | null;
  judges: Judge[];
  clerk: Field<string> | null;
  filedAt: Field<IsoDate> | null;
  decidedAt: Field<IsoDate> | null;
  parties: Party[];
  lender: Lender | null;
  cause: Field<string> | null;
  causeCategory: Field<CauseCategory>;
  isLending: boolean;
  lendingReason: string;
  claims: MoneyFields;
  rates: RateMention[];
  outcome: Field<Outcome> | null;
  awarded: MoneyFields;
  courtFee: CourtFee;
  absentDefendant: Field<boolean> | null;
  recovered: Field<Fen> | null;
  /** Fields expected for this document type that could not be extracted. */
  missing: string[];
}

export interface ParseOptions {
  /** Title from the source metadata (e.g. CJO 案件名称), used when the text has none. */
  title?: string;
}

const OPERATIVE_RE = /(?:判决|裁定|决定)如下|调解协议如下|达成如下(?:调解)?协议|协议如下|决定：|裁定：|判决：/g;
const OPERATIVE_END_RE = /如果未按|如未按|如果义务人未按|如果被告未按|如不服|(?:一审|二审|原审)?(?:案件|本案)?(?:收取)?受理费|本判决为终审判决|本裁定为终审裁定|本裁定送达后|本裁定书送达后|本决定|特此通知|审\s?判\s?长|审判员|执行员|书记员/g;

function operativeBounds(text: string, from: number): { start: number; end: number } {
  const m = searchLast(text, OPERATIVE_RE, from);
  const start = m ? m.index + m[0].length : from;
  const re = new RegExp(OPERATIVE_END_RE.source, 'g');
  re.lastIndex = start;
  const e = re.exec(text);
  return { start, end: e ? e.index : text.length };
}

function paragraphEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const cap = from + 600;
  if (nl >= 0 && nl < cap) return nl;
  return Math.min(text.length, cap);
}

function references(text: string, numbers: readonly ParsedCaseNumber[], own: ParsedCaseNumber | null, procFrom: number, procTo: number, op: { start: number; end: number }, instance: Instance | null): CaseReference[] {
  const out: CaseReference[] = [];
  const seen = new Map<string, CaseReference>();
  for (const c of numbers) {
    if (own && c.normalized === own.normalized) continue;
    if (own && c.span.start === own.span.start) continue;
    const inProc = c.span.start >= procFrom && c.span.start < procTo;
    const inOp = c.span.start >= op.start && c.span.start < op.end;
    const sentence = sentenceAt(text, c.span.start).text;
    let relation: ReferenceRelation = 'cited';
    if (/另案|另一|另起/.test(text.slice(Math.max(0, c.span.start - 12), c.span.start))) relation = 'cited';
    else if (instance === 'first') relation = inProc && /发回|重审/.test(sentence) ? 'chain' : 'cited';
    else if (instance === 'second' || instance === 'retrial' || instance === 'enforcement') relation = inProc || (inOp && instance === 'enforcement') ? 'chain' : 'cited';
    const prev = seen.get(c.normalized);
    if (prev) {
      if (relation === 'chain') prev.relation = 'chain';
      continue;
    }
    const ref = { caseNumber: c, relation };
    seen.set(c.normalized, ref);
    out.push(ref);
  }
  return out;
}

function absentDefendant(text: string, from: number): Field<boolean> | null {
  const region = text.slice(from, Math.min(text.length, from + 2500));
  const absent = /(被告|被上诉人|被申请人)[^。；]{0,60}?(未到庭|拒不到庭|未出庭|没有上线|未上线|未参加(庭审|诉讼)|缺席)/.exec(region) ?? /缺席(判决|审理)/.exec(text);
  if (absent) {
    const at = absent.input === region ? from + absent.index : absent.index;
    return { value: true, span: { start: at, end: at + absent[0].length, text: absent[0] } };
  }
  const present = /(被告|被上诉人)[^。；]{0,60}?(到庭参加|参加了?诉讼|到庭应诉|在线参加)/.exec(region);
  if (present && !/未|不|没有/.test(present[0])) return { value: false, span: { start: from + present.index, end: from + present.index + present[0].length, text: present[0] } };
  return null;
}

function recovered(text: string, op: { start: number; end: number }, instance: Instance | null): Field<Fen> | null {
  if (instance !== 'enforcement') return null;
  const m = /执行到位[^。；]{0,20}?|已执行[^。；]{0,10}?|实际执行[^。；]{0,10}?|已履行[^。；]{0,10}?/.exec(text);
  if (!m) return null;
  const s = sentenceAt(text, m.index);
  const amounts = labelledAmounts(text, m.index, s.end);
  const a = amounts[0];
  return a ? { value: a.fen, span: a.span } : null;
}

function lenderOf(parties: readonly Party[]): Lender | null {
  const order = parties.map((p, i) => ({ p, i }));
  const pick = order.find(({ p }) => p.isLender && (p.originalRole === 'plaintiff' || p.role === 'applicant')) ?? order.find(({ p }) => p.isLender);
  if (!pick) return null;
  return { name: pick.p.name, headOffice: pick.p.headOffice, role: pick.p.role, originalRole: pick.p.originalRole, partyIndex: pick.i };
}

function missingFields(d: Omit<ParsedDocument, 'missing'>): string[] {
  const miss: string[] = [];
  const need = (ok: boolean, name: string): void => {
    if (!ok) miss.push(name);
  };
  need(d.caseNumber !== null, 'caseNumber');
  need(d.court !== null, 'court');
  need(d.docType.value !== 'other', 'docType');
  need(d.decidedAt !== null, 'decidedAt');
  need(d.parties.length > 0, 'parties');
  need(d.cause !== null || d.caseClass === 'criminal', 'cause');
  const t = d.docType.value;
  if (t === 'judgment' || t === 'ruling' || t === 'mediation' || t === 'enforcement_ruling') need(d.outcome !== null, 'outcome');
  if ((t === 'judgment' || t === 'mediation') && d.caseClass !== 'criminal') need(d.courtFee.fee !== null, 'courtFee');
  if (t === 'judgment' && d.instance?.value === 'first' && d.caseClass !== 'criminal') {
    need(d.claims.total !== null, 'claims');
    need(d.procedure !== null, 'procedure');
  }
  return miss;
}

/** Parse one document. Never throws on any string input. */
export function parseDocument(input: string, opts: ParseOptions = {}): ParsedDocument {
  const truncated = input.length > MAX_DOCUMENT_CHARS;
  const norm = normalizeText(truncated ? input.slice(0, MAX_DOCUMENT_CHARS) : input);
  const text = norm.text;
  const allNumbers = findCaseNumbers(text);
  const header = parseHeader(text, allNumbers);
  const own = header.caseNumber;
  const info = own ? caseTypeInfo(own.typeCode) : undefined;
  const caseClass: CaseClass | null = info ? info.caseClass : null;
  const titleValue = header.title?.value ?? opts.title ?? '';
  const block = parseParties(text, header.end);
  const { end: partiesEnd, procedureStart } = block;
  const parties = block.parties.length > 0 ? block.parties : partiesFromPhrase(text, header.end, stripCause);
  attachAliases(text, parties);
  let procStart = procedureStart ?? partiesEnd;
  while (procStart < text.length && '\n。 '.includes(text[procStart] ?? '')) procStart++;
  const procEnd = paragraphEnd(text, procStart);
  let instanceValue: Instance | null = info ? info.instance : instanceFromText(titleValue, text);
  if (info && info.instance === 'other') instanceValue = instanceFromText(titleValue, text) ?? 'other';
  const instance: Field<Instance> | null = instanceValue ? { value: instanceValue, span: own ? own.span : header.title?.span ?? { start: 0, end: 0, text: '' } } : null;
  const dates: DateMention[] = findDates(text);
  const op = operativeBounds(text, partiesEnd);
  const docType = docTypeOf(header.docTypeLabel?.value ?? (titleValue || null), caseClass, text);
  const signature = parseSignature(text, op.start, dates);
  const filedAt = parseFiledAt(text, dates, procStart, procEnd);
  const procedure = parseProcedure(text, procStart, procEnd, instanceValue, own?.typeCode ?? null, signature.decidedAt?.value ?? null);
  const lender = lenderOf(parties);
  const appeal = instanceValue === 'second' || instanceValue === 'retrial';
  const cr = claimsRegion(text, partiesEnd, appeal) ?? (appeal ? null : null);
  const claims = moneyFields(cr ? labelledAmounts(text, cr.start, cr.end) : [], text);
  const awardedItems = docType === 'judgment' || docType === 'mediation' ? payableAmounts(text, op) : [];
  const awarded = moneyFields(awardedItems, text);
  const cause = parseCause({
    text,
    title: header.title ?? (opts.title ? { value: opts.title, span: { start: 0, end: 0, text: '' } } : null),
    parties,
    phraseFrom: procStart,
    phraseTo: Math.min(text.length, procEnd + 200),
    caseClass,
    claimsText: cr ? text.slice(cr.start, cr.end) : '',
    operativeText: text.slice(op.start, op.end),
    operativeStart: op.start,
    lenderRole: lender ? lender.originalRole : null,
  });
  const outcome = parseOutcome({ text, operativeStart: op.start, operativeEnd: op.end, docType, instance: instanceValue, caseClass, claimPrincipal: claims.principal?.value ?? null, awardedPrincipal: awarded.principal?.value ?? null });
  const decided = signature.decidedAt?.value ?? null;
  const dateAt = (offset: number): IsoDate | null => {
    const s = sentenceAt(text, offset);
    let best: IsoDate | null = null;
    for (const d of dates) if (d.span.start >= s.start && d.span.start < s.end) best = best ?? d.date;
    return best ?? filedAt?.value ?? decided;
  };
  const parsed: Omit<ParsedDocument, 'missing'> = {
    parserVersion: PARSER_VERSION,
    text,
    truncated,
    convertedTraditional: norm.convertedTraditional,
    title: header.title,
    docType: { value: docType, span: header.docTypeLabel?.span ?? { start: 0, end: 0, text: '' } },
    docTypeLabel: header.docTypeLabel?.value ?? null,
    instance,
    caseClass,
    caseNumber: own,
    references: references(text, allNumbers, own, procStart, procEnd, op, instanceValue),
    court: header.court,
    courtProvince: own?.provinceCode ?? provinceFromCourt(header.court?.value ?? null),
    procedure,
    judges: signature.judges,
    clerk: signature.clerk,
    filedAt,
    decidedAt: signature.decidedAt,
    parties,
    lender,
    cause: cause.cause,
    causeCategory: cause.category,
    isLending: cause.isLending,
    lendingReason: cause.lendingReason,
    claims,
    rates: findRates(text, dateAt),
    outcome,
    awarded,
    courtFee: parseCourtFee(text, op.start > partiesEnd ? op.start : partiesEnd, instanceValue, parties),
    absentDefendant: docType === 'judgment' && instanceValue === 'first' ? absentDefendant(text, partiesEnd) : null,
    recovered: recovered(text, op, instanceValue),
  };
  return { ...parsed, missing: missingFields(parsed) };
}

/** Drop a known cause of action (and what follows it) from the end of a party list. */
function stripCause(s: string): string {
  const known = knownCauseSuffix(s);
  if (known) return s.slice(0, s.length - known.length);
  return s.replace(/[\u4e00-\u9fff]{2,8}纠纷$/, '');
}

function provinceFromCourt(court: string | null): string | null {
  if (!court) return null;
  for (const code of ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65']) {
    const p = provinceByCode(code);
    if (p && court.startsWith(p.short)) return p.code;
  }
  return null;
}

const PAY_RE = /偿还|归还|支付|给付|返还|清偿|付清|还清|交付/;
const GUARANTEE_RE = /连带|保证责任|优先受偿|抵押|质押/;

/** Amounts ordered to be paid in the operative part (judgments and mediation). */
function payableAmounts(text: string, op: { start: number; end: number }): ReturnType<typeof labelledAmounts> {
  const out: ReturnType<typeof labelledAmounts> = [];
  const body = text.slice(op.start, op.end);
  const cuts: number[] = [0];
  for (let i = 0; i < body.length; i++) {
    if ('\n；;。'.includes(body[i] ?? '') && i + 1 < body.length) cuts.push(i + 1);
  }
  cuts.push(body.length);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const s = cuts[i] ?? 0;
    const e = cuts[i + 1] ?? body.length;
    const item = body.slice(s, e);
    if (!PAY_RE.test(item) || /^[一二三四五六七八九十]{0,2}、?驳回/.test(item.trim())) continue;
    const g = GUARANTEE_RE.exec(item);
    const stop = g ? s + g.index : e;
    out.push(...labelledAmounts(text, op.start + s, op.start + stop));
  }
  return out;
}
