/** Document header: title line, court, document type label and the document's own case number. */
import { findCaseNumbers, type ParsedCaseNumber } from './case-number.js';
import type { Instance } from './case-types.js';
import type { Field } from './span.js';
import { lines, searchFrom } from './text-util.js';

export type DocType = 'judgment' | 'ruling' | 'mediation' | 'enforcement_ruling' | 'decision' | 'notice' | 'payment_order' | 'other';

export interface Header {
  title: Field<string> | null;
  court: Field<string> | null;
  docTypeLabel: Field<string> | null;
  caseNumber: ParsedCaseNumber | null;
  /** Offset where the header ends (the first party line or the first sentence after the case number). */
  end: number;
}

const DOC_LABEL_RE = /(民事|刑事|行政|执行|赔偿|国家赔偿|执行结案|执行案件结案)?(判决书|裁定书|调解书|决定书|通知书|支付令)/;
const COURT_RE = /([\u4e00-\u9fff（）]{2,40}?(?:人民法院|互联网法院|知识产权法院|金融法院|海事法院|铁路运输法院|法院|人民法庭))/;
const HEADER_LIMIT = 1200;

function isTitleLine(t: string): boolean {
  return /纠纷|一审|二审|再审|与.{1,30}(判决书|裁定书)|罪/.test(t) && t.length > 12;
}

function findCourt(text: string, end: number): Field<string> | null {
  const ls = lines(text, 0, Math.min(end, text.length));
  let found: Field<string> | null = null;
  for (const l of ls) {
    if (l.text === '文书内容' || isTitleLine(l.text)) continue;
    const m = COURT_RE.exec(l.text);
    if (!m || m.index > 30) continue;
    let name = m[1] ?? '';
    let start = l.start + m.index;
    if (name.startsWith('中华人民共和国')) {
      name = name.slice(7);
      start += 7;
    }
    if (name.length < 4) continue;
    found = { value: name, span: { start, end: start + name.length, text: name } };
    break;
  }
  return found;
}

function findTitle(text: string): Field<string> | null {
  const first = lines(text, 0, Math.min(text.length, 400))[0];
  if (!first) return null;
  const t = first.text.trim();
  if (/(判决书|裁定书|调解书|决定书|通知书)[）)]?$/.test(t) && t.length > 8 && /纠纷|罪|与|、|执行|民事|刑事/.test(t)) {
    return { value: t, span: { start: first.start, end: first.start + t.length, text: t } };
  }
  return null;
}

function findDocLabel(text: string, end: number, title: Field<string> | null): Field<string> | null {
  const ls = lines(text, title ? title.span.end : 0, Math.min(end + 40, text.length));
  for (const l of ls) {
    const m = DOC_LABEL_RE.exec(l.text);
    if (m && m.index < 40) {
      const start = l.start + m.index;
      return { value: m[0], span: { start, end: start + m[0].length, text: m[0] } };
    }
  }
  if (title) {
    const m = DOC_LABEL_RE.exec(title.value);
    if (m) {
      const start = title.span.start + m.index;
      return { value: m[0], span: { start, end: start + m[0].length, text: m[0] } };
    }
  }
  return null;
}

const ROLE_AT_RE = /^(?:原告|被告|上诉人|被上诉人|再审申请人|申请再审人|申请执行人|被执行人|申请人|被申请人|公诉机关|起诉人|申诉人|复议申请人|异议人)/;
const PARTY_START_RE = /(?:^|[\n。])(?:原告|被告|上诉人|被上诉人|再审申请人|申请再审人|申请执行人|被执行人|申请人|被申请人|公诉机关|起诉人|申诉人|复议申请人|异议人)/;

/** Parse the header. `text` is normalized document text. */
export function parseHeader(text: string, numbers: readonly ParsedCaseNumber[] = findCaseNumbers(text.slice(0, HEADER_LIMIT))): Header {
  const limit = Math.min(text.length, HEADER_LIMIT);
  const title = findTitle(text);
  const own = numbers.filter((c) => c.span.end <= limit).find((c) => {
    const before = text.slice(Math.max(0, c.span.start - 16), c.span.start);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    return !/不服|依据|作出|执行|生效|号$/.test(line);
  });
  const afterNo = own ? own.span.end : title ? title.span.end : 0;
  const glued = own && ROLE_AT_RE.test(text.slice(own.span.end, own.span.end + 6));
  const partyStart = glued ? null : searchFrom(text, PARTY_START_RE, afterNo, limit);
  const sep = partyStart ? partyStart[0][0] : undefined;
  const end = glued && own ? own.span.end : partyStart ? partyStart.index + (sep === '\n' || sep === '。' ? 1 : 0) : own ? own.span.end : Math.min(limit, 200);
  const court = findCourt(text, own ? own.span.start + 1 : end);
  return { title, court, docTypeLabel: findDocLabel(text, own ? own.span.start : end, title), caseNumber: own ?? null, end };
}

/** Document type from the label, the case type and the operative phrase. */
export function docTypeOf(label: string | null, caseClass: string | null, text: string): DocType {
  const l = label ?? '';
  if (l.includes('调解书')) return 'mediation';
  if (l.includes('判决书')) return 'judgment';
  if (l.includes('裁定书')) return l.includes('执行') || caseClass === 'enforcement' ? 'enforcement_ruling' : 'ruling';
  if (l.includes('决定书')) return 'decision';
  if (l.includes('通知书')) return 'notice';
  if (l.includes('支付令')) return 'payment_order';
  if (/判决如下/.test(text)) return 'judgment';
  if (/裁定如下/.test(text)) return caseClass === 'enforcement' ? 'enforcement_ruling' : 'ruling';
  if (/决定如下/.test(text)) return 'decision';
  if (/调解协议|达成如下协议/.test(text)) return 'mediation';
  return 'other';
}

/** Instance when the case number does not say: from the title, then from the party roles present. */
export function instanceFromText(title: string, text: string): Instance | null {
  if (/二审/.test(title)) return 'second';
  if (/再审|申诉|申请/.test(title) && /再审/.test(text.slice(0, 2000))) return 'retrial';
  if (/执行/.test(title)) return 'enforcement';
  if (/一审/.test(title)) return 'first';
  const head = text.slice(0, 1500);
  if (/(?:^|[\n。])被?上诉人/.test(head)) return 'second';
  if (/(?:^|[\n。])再审申请人|申请再审人/.test(head)) return 'retrial';
  if (/(?:^|[\n。])(申请执行人|被执行人)/.test(head)) return 'enforcement';
  if (/(?:^|[\n。])(原告|被告)/.test(head)) return 'first';
  return null;
}
