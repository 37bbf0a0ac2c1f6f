/**
 * Case numbers (案号): parse and find. Two formats:
 * - modern (since 2016): （2017）闽0102民初1424号 = (year) + province abbreviation + court code
 *   (2 or 4 digits, none for a high court; 最高法 for the SPC; 兵 for the Xinjiang Production and
 *   Construction Corps courts) + type code + sequence + 号;
 * - legacy: （2013）浙杭商初字第123号 = (year) + court abbreviation + type segment + 字第 + sequence + 号.
 * Brackets may be full- or half-width （）()〔〕［］[]【】; digits may be full-width. The matcher has no
 * nested quantifiers and bounded repetition, so it runs in linear time on any input.
 */
import { provinceByCaseAbbr, PROVINCES } from '../domain/regions.js';
import { CASE_TYPE_CODES_LONGEST_FIRST, caseTypeInfo, legacyTypeToModern, type CaseClass, type Instance } from './case-types.js';
import type { Span } from './span.js';

export interface ParsedCaseNumber {
  /** Half-width brackets, no spaces, no leading zeros in the sequence: (2017)闽0102民初1424号 */
  normalized: string;
  year: number;
  /** GB/T 2260 two-digit province code, or null when the court code does not say (SPC, legacy city codes). */
  provinceCode: string | null;
  /** 闽0102, 京, 最高法, 兵0101; legacy: the court abbreviation as written (浙杭). */
  courtCode: string;
  /** Modern type code (民初, 民终, 执 …); legacy segments are mapped (民二初 → 民初, 经重 → 民再). */
  typeCode: string;
  /** Type segment as written (民二初, 商终, 执). */
  typeRaw: string;
  instance: Instance;
  caseClass: CaseClass;
  seq: number;
  /** Sub-number such as -3 in 第00774-3号 or 之一, else ''. */
  suffix: string;
  format: 'modern' | 'legacy';
  span: Span;
}

const PROVINCE_ABBRS = PROVINCES.map((p) => p.caseAbbr).join('');
const TYPE_ALT = CASE_TYPE_CODES_LONGEST_FIRST.join('|');
const MODERN_BODY = new RegExp(`^(最高法|[${PROVINCE_ABBRS}兵军])(\\d{2}|\\d{4})?(${TYPE_ALT})第?(\\d{1,8})(?:-(\\d{1,4}))?$`);
const LEGACY_TAIL = /^第?(\d{1,8})(?:-(\d{1,4}))?$/;
const FIND_RE = /[（(〔［[【][ \u3000]{0,2}((?:19|20)\d{2})[ \u3000]{0,2}[）)〕］\]】][ \u3000]{0,2}([^\s（()）〔〕［\]］[【】，。；：、,;:！？“”"'《》<>]{1,32}?)号(之[一二三四五六七八九十]{1,2})?/g;
const MAX_SCAN = 2_000_000;

const FOLD_MAP: Record<string, string> = { '（': '(', '〔': '(', '［': '(', '【': '(', '[': '(', '）': ')', '〕': ')', '］': ')', '】': ')', ']': ')', '－': '-', '—': '-', '–': '-', '−': '-' };
const FOLD_RE = /[０-９（〔［【[）〕］】\]－—–−]/g;

/** Fold full-width digits, brackets and dashes to ASCII without changing string length. */
export function foldCaseNumberChars(s: string): string {
  return s.replace(FOLD_RE, (c) => FOLD_MAP[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function provinceFor(court: string): string | null {
  if (court === '兵' || court.startsWith('兵')) return '65';
  const p = provinceByCaseAbbr(court.slice(0, 1));
  return p ? p.code : null;
}

function parseModern(year: number, body: string, tail: string, span: Span): ParsedCaseNumber | null {
  const m = MODERN_BODY.exec(body);
  if (!m) return null;
  const abbr = m[1] ?? '';
  const digits = m[2] ?? '';
  const type = m[3] ?? '';
  const info = caseTypeInfo(type);
  if (!info) return null;
  const seq = Number(m[4]);
  const sub = m[5] ? `-${Number(m[5])}` : '';
  const court = abbr + digits;
  const provinceCode = abbr === '最高法' || abbr === '军' ? null : provinceFor(abbr);
  return {
    normalized: `(${year})${court}${type}${seq}${sub}号${tail}`,
    year,
    provinceCode,
    courtCode: court,
    typeCode: type,
    typeRaw: type,
    instance: info.instance,
    caseClass: info.caseClass,
    seq,
    suffix: sub + tail,
    format: 'modern',
    span,
  };
}

const NOT_A_COURT = /[证仲鉴劳银信公保险房产委局所号第年]/;

function parseLegacy(year: number, body: string, tail: string, span: Span): ParsedCaseNumber | null {
  const zi = body.lastIndexOf('字');
  if (zi < 1) return null;
  const after = LEGACY_TAIL.exec(body.slice(zi + 1));
  if (!after) return null;
  const prefix = body.slice(0, zi);
  if (prefix.length > 12) return null;
  for (let k = 0; k < prefix.length; k++) {
    const court = prefix.slice(0, k);
    const seg = prefix.slice(k);
    const modern = legacyTypeToModern(seg);
    if (!modern) continue;
    if (court !== '' && (NOT_A_COURT.test(court) || !/^[\u4e00-\u9fff]{1,8}$/.test(court))) return null;
    const info = caseTypeInfo(modern);
    if (!info) return null;
    const seq = Number(after[1]);
    const suffix = (after[2] ? `-${Number(after[2])}` : '') + tail;
    const courtCode = court === '' ? '最高法' : court;
    const provinceCode = court.length >= 1 && (court.length === 1 || court.slice(1) === '高') ? provinceFor(court) : null;
    return {
      normalized: `(${year})${court}${seg}字第${seq}${after[2] ? `-${Number(after[2])}` : ''}号${tail}`,
      year,
      provinceCode,
      courtCode,
      typeCode: modern,
      typeRaw: seg,
      instance: info.instance,
      caseClass: info.caseClass,
      seq,
      suffix,
      format: 'legacy',
      span,
    };
  }
  return null;
}

function parseMatch(year: number, rawBody: string, tail: string, span: Span): ParsedCaseNumber | null {
  if (year < 1980 || year > 2099) return null;
  const body = rawBody.replace(/[ \u3000]/g, '').replace(/^年/, '');
  return parseModern(year, body, tail, span) ?? parseLegacy(year, body, tail, span);
}

/**
 * Every case number in `text`, in order, with spans into `text`. Bracketed numbers that are not
 * court case numbers (contract numbers （2015）第123号, notarial certificates （2014）辽证民字…号,
 * arbitration awards) are skipped. Scans at most the first 2,000,000 characters.
 */
export function findCaseNumbers(text: string): ParsedCaseNumber[] {
  const src = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const folded = foldCaseNumberChars(src);
  const out: ParsedCaseNumber[] = [];
  const re = new RegExp(FIND_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const parsed = parseMatch(Number(m[1]), m[2] ?? '', m[3] ?? '', { start, end, text: src.slice(start, end) });
    if (parsed) out.push(parsed);
    else re.lastIndex = start + 1;
  }
  return out;
}

/** Parse one case number (surrounding whitespace allowed); null when `text` is not exactly one. */
export function parseCaseNumber(text: string): ParsedCaseNumber | null {
  const trimmed = text.trim();
  if (trimmed.length > 80) return null;
  const found = findCaseNumbers(trimmed);
  const first = found[0];
  if (!first || found.length !== 1 || first.span.start !== 0 || first.span.end !== trimmed.length) return null;
  const lead = text.length - text.trimStart().length;
  return { ...first, span: { start: lead, end: lead + trimmed.length, text: first.span.text } };
}

/** Normalize a case number string for joins; returns the input trimmed when it does not parse. */
export function normalizeCaseNumber(text: string): string {
  return parseCaseNumber(text)?.normalized ?? text.trim();
}

/** The intermediate-court chain key of a modern court code (闽0102 → 闽01), or null. */
export function courtChainKey(courtCode: string | null): string | null {
  if (!courtCode) return null;
  const m = /^([^\d]+)(\d{2})/.exec(courtCode);
  if (m) return `${m[1]}${m[2]}`;
  return null;
}
