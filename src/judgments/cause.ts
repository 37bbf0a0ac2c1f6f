/**
 * Cause of action (案由), whether the dispute is a lending dispute, and its cause category with the
 * sentence that decided it. Rules (docs/judgments.md):
 * - cause: the longest known 案由 ending a "…纠纷一案" / title phrase; else the words between the
 *   last party name and 纠纷; criminal charges (…罪) for criminal cases;
 * - lending: the cause is a lending cause (民间借贷, 金融借款合同, 借款合同, 小额借款合同, 信用卡,
 *   企业借贷, 金融不良债权追偿 …), or a guarantee/recourse cause (追偿权, 保证合同, 借款担保合同 …)
 *   whose text is about a loan; criminal, administrative and other causes are never lending;
 * - category, for lending disputes: contract_dispute when the lender's claim failed on validity or
 *   fraud (驳回起诉 for suspected crime, contract void); when the borrower sues the lender:
 *   fee_transparency (fees, 砍头息, rates above caps), service_conduct (collection, personal data,
 *   credit reports), else contract_dispute; otherwise overdue_repayment. Non-lending → other.
 */
import type { Party } from './parties.js';
import type { Field } from './span.js';
import { sentenceAt } from './text-util.js';

export type CauseCategory = 'overdue_repayment' | 'contract_dispute' | 'fee_transparency' | 'service_conduct' | 'other';

/** Lending causes (the SPC 《民事案件案由规定》 names and older variants). */
export const LENDING_CAUSES: readonly string[] = [
  '金融借款合同纠纷',
  '小额借款合同纠纷',
  '民间借贷纠纷',
  '企业借贷纠纷',
  '同业拆借纠纷',
  '借款合同纠纷',
  '信用卡纠纷',
  '银行卡纠纷',
  '金融不良债权追偿纠纷',
  '金融不良债权转让合同纠纷',
  '借贷纠纷',
  '借款纠纷',
  '清偿债务纠纷',
];

/** Causes that are lending disputes only when the text is about a loan. */
export const GUARANTEE_CAUSES: readonly string[] = ['借款担保合同纠纷', '借款担保纠纷', '追偿权纠纷', '保证合同纠纷', '抵押合同纠纷', '质押合同纠纷', '债权转让合同纠纷', '保证保险合同纠纷', '担保合同纠纷'];

const OTHER_CAUSES: readonly string[] = [
  '房屋租赁合同纠纷', '融资租赁合同纠纷', '租赁合同纠纷', '劳动合同纠纷', '劳动争议', '劳务合同纠纷', '侵权责任纠纷', '机动车交通事故责任纠纷', '继承纠纷',
  '合伙合同纠纷', '买卖合同纠纷', '离婚纠纷', '物业服务合同纠纷', '建设工程施工合同纠纷', '服务合同纠纷', '合同纠纷', '房屋买卖合同纠纷', '股权转让纠纷',
  '不当得利纠纷', '储蓄存款合同纠纷', '保险合同纠纷', '运输合同纠纷', '承揽合同纠纷', '委托合同纠纷', '追索劳动报酬纠纷', '生命权、健康权、身体权纠纷',
];

const KNOWN = [...LENDING_CAUSES, ...GUARANTEE_CAUSES, ...OTHER_CAUSES].sort((a, b) => b.length - a.length);

const LOAN_WORDS_RE = /借款|贷款|借据|借条|欠条|信用卡|透支|放款|借贷/g;

export interface CauseResult {
  cause: Field<string> | null;
  isLending: boolean;
  lendingReason: string;
  category: Field<CauseCategory>;
}

/** The known 案由 that ends `s`, if any. */
export function knownCauseSuffix(s: string): string | null {
  return knownSuffix(s);
}

function knownSuffix(s: string): string | null {
  for (const c of KNOWN) if (s.endsWith(c)) return c;
  return null;
}

function causeFromPhrase(text: string, parties: readonly Party[], from: number, to: number): Field<string> | null {
  const re = /纠纷|争议(?=一案|案|，|。)/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < to) {
    const end = m.index + m[0].length;
    const back = text.slice(Math.max(0, end - 24), end);
    const known = knownSuffix(back);
    if (known) return { value: known, span: { start: end - known.length, end, text: known } };
    // Unknown cause: only in the "…纠纷一案" phrase; the words after the last party name (or 与/诉/因).
    if (!/^(一案|案[，。])/.test(text.slice(end, end + 2))) continue;
    let start = Math.max(0, end - 16);
    for (const p of parties) {
      const at = text.lastIndexOf(p.name, m.index);
      if (at >= start - p.name.length && at + p.name.length <= m.index) start = Math.max(start, at + p.name.length);
    }
    const seg = text.slice(start, end);
    const cut = Math.max(seg.lastIndexOf('与'), seg.lastIndexOf('诉'), seg.lastIndexOf('因'), seg.lastIndexOf('、'), seg.lastIndexOf('，'));
    const value = seg.slice(cut + 1);
    if (value.length >= 4 && /^[\u4e00-\u9fff、]+$/.test(value)) return { value, span: { start: end - value.length, end, text: value } };
  }
  return null;
}

function causeFromTitle(title: Field<string> | null, parties: readonly Party[]): Field<string> | null {
  if (!title) return null;
  const m = /(纠纷|争议)/.exec(title.value);
  if (m) {
    const end = m.index + m[0].length;
    const known = knownSuffix(title.value.slice(0, end));
    if (known) return { value: known, span: { start: title.span.start + end - known.length, end: title.span.start + end, text: known } };
  }
  const crime = /([\u4e00-\u9fff]{2,16}罪)/.exec(title.value);
  if (crime && crime[1]) {
    let name = crime[1];
    for (const p of parties) if (name.startsWith(p.name) && name.length > p.name.length + 1) name = name.slice(p.name.length);
    name = name.replace(/^[、与]/, '');
    const start = title.span.start + crime.index + (crime[1].length - name.length);
    return { value: name, span: { start, end: start + name.length, text: name } };
  }
  return null;
}

function countLoanWords(text: string): number {
  const re = new RegExp(LOAN_WORDS_RE.source, 'g');
  let n = 0;
  while (re.exec(text) !== null && n < 1000) n++;
  return n;
}

export interface CauseInput {
  text: string;
  title: Field<string> | null;
  parties: readonly Party[];
  /** Where to look for the "…纠纷一案" phrase. */
  phraseFrom: number;
  phraseTo: number;
  caseClass: string | null;
  /** Offsets of the claims and operative parts, for the category rules. */
  claimsText: string;
  operativeText: string;
  operativeStart: number;
  lenderRole: 'plaintiff' | 'defendant' | 'third_party' | null;
}

function lendingOf(cause: string | null, input: CauseInput): { isLending: boolean; reason: string } {
  if (input.caseClass === 'criminal' || input.caseClass === 'administrative') return { isLending: false, reason: `${input.caseClass} case` };
  if (cause) {
    if (LENDING_CAUSES.includes(cause) || /借贷|借款/.test(cause)) return { isLending: true, reason: `cause ${cause}` };
    if (GUARANTEE_CAUSES.includes(cause)) {
      const n = countLoanWords(input.text);
      return n >= 3 ? { isLending: true, reason: `cause ${cause} about a loan (${n} loan words)` } : { isLending: false, reason: `cause ${cause} without a loan` };
    }
    return { isLending: false, reason: `cause ${cause}` };
  }
  const n = countLoanWords(input.text);
  return n >= 3 ? { isLending: true, reason: `no cause; ${n} loan words` } : { isLending: false, reason: 'no cause and no loan' };
}

const INVALID_RE = /(涉嫌|有)经济犯罪嫌疑|移送公安|驳回.{0,20}起诉|合同无效|确认.{0,10}无效|撤销.{0,10}合同/;
const FEE_RE = /服务费|手续费|会员费|担保费|咨询费|砍头息|预扣|利息过高|利率过高|高利|超过.{0,10}(上限|保护|规定)|年化|综合资金成本/;
const CONDUCT_RE = /催收|骚扰|泄露|个人信息|征信|名誉权|隐私/;
const FRAUD_RE = /欺诈|诈骗|冒名|虚假|伪造|无效|撤销/;
const OVERDUE_RE = /逾期|未还|未归还|未偿还|未按期|未按约|拖欠|到期后|未清偿|未能清偿|未履行还款|尚欠|欠款|未付|代偿|透支/;

function fieldAt(text: string, value: CauseCategory, at: number): Field<CauseCategory> {
  const s = sentenceAt(text, at);
  return { value, span: { start: s.start, end: s.end, text: s.text } };
}

function categoryOf(input: CauseInput, isLending: boolean, cause: Field<string> | null): Field<CauseCategory> {
  const { text } = input;
  const fallback = cause ? cause.span : { start: 0, end: 0, text: '' };
  if (!isLending) return { value: 'other', span: fallback };
  const invalid = INVALID_RE.exec(input.operativeText);
  if (invalid && /驳回.{0,20}起诉|无效/.test(invalid[0])) return fieldAt(text, 'contract_dispute', input.operativeStart + invalid.index);
  const reasoningAt = text.lastIndexOf('本院认为');
  if (reasoningAt >= 0) {
    const reasoning = text.slice(reasoningAt, input.operativeStart > reasoningAt ? input.operativeStart : text.length);
    const crime = /驳回.{0,40}起诉[^。]{0,80}?(犯罪|移送公安)|(经济犯罪嫌疑|涉嫌.{0,10}(诈骗|犯罪))[^。]{0,80}?驳回.{0,30}起诉/.exec(reasoning);
    if (crime) return fieldAt(text, 'contract_dispute', reasoningAt + crime.index);
  }
  if (input.lenderRole === 'defendant') {
    const claims = input.claimsText;
    for (const [re, cat] of [[FEE_RE, 'fee_transparency'], [CONDUCT_RE, 'service_conduct'], [FRAUD_RE, 'contract_dispute']] as const) {
      const m = re.exec(claims);
      if (m) {
        const at = text.indexOf(claims);
        return fieldAt(text, cat, (at >= 0 ? at : 0) + m.index);
      }
    }
    return { value: 'contract_dispute', span: fallback };
  }
  const od = OVERDUE_RE.exec(text);
  if (od) return fieldAt(text, 'overdue_repayment', od.index);
  return { value: 'overdue_repayment', span: fallback };
}

/** A title from source metadata is not in the text: point the cause at its first mention in the text, or nowhere. */
function anchored(text: string, title: Field<string> | null, cause: Field<string> | null): Field<string> | null {
  if (!cause || !title || title.span.end > title.span.start) return cause;
  const at = text.indexOf(cause.value);
  return { value: cause.value, span: at >= 0 ? { start: at, end: at + cause.value.length, text: cause.value } : { start: 0, end: 0, text: '' } };
}

export function parseCause(input: CauseInput): CauseResult {
  const cause = anchored(input.text, input.title, causeFromTitle(input.title, input.parties)) ?? causeFromPhrase(input.text, input.parties, input.phraseFrom, input.phraseTo) ?? causeFromPhrase(input.text, input.parties, 0, Math.min(input.text.length, 4000));
  const { isLending, reason } = lendingOf(cause?.value ?? null, input);
  return { cause, isLending, lendingReason: reason, category: categoryOf(input, isLending, cause) };
}
