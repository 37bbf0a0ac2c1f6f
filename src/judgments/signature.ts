/** The signature block (judges, clerk, decision date), the filing date and the procedure. */
import type { IsoDate } from '../domain/dates.js';
import type { Instance } from './case-types.js';
import { findDates, type DateMention } from './cn-dates.js';
import type { Field, Span } from './span.js';

export type JudgeRole = 'presiding' | 'judge' | 'juror' | 'enforcement_officer';

export interface Judge {
  role: JudgeRole;
  title: string;
  name: string;
  span: Span;
}

export interface Signature {
  judges: Judge[];
  clerk: Field<string> | null;
  decidedAt: Field<IsoDate> | null;
}

const TITLE_RE = /(审判长|代理审判员|助理审判员|审判员|人民陪审员|陪审员|执行员|执行长|法官助理|代理书记员|代书记员|书记员|速录员)/g;
const ROLE_OF: Record<string, JudgeRole | 'clerk' | null> = {
  审判长: 'presiding',
  代理审判员: 'judge',
  助理审判员: 'judge',
  审判员: 'judge',
  人民陪审员: 'juror',
  陪审员: 'juror',
  执行员: 'enforcement_officer',
  执行长: 'enforcement_officer',
  法官助理: null,
  速录员: null,
  代理书记员: 'clerk',
  代书记员: 'clerk',
  书记员: 'clerk',
};
const NAME_RE = /^[\u4e00-\u9fff·•]{1,25}/;

function decisionDate(text: string, from: number, dates: readonly DateMention[]): DateMention | null {
  let best: DateMention | null = null;
  for (const d of dates) if (d.span.start >= from && d.chinese) best = d;
  if (best) return best;
  for (const d of dates) {
    if (d.span.start < Math.max(from, text.length - 400)) continue;
    const before = text[d.span.start - 1];
    const after = text[d.span.end];
    if ((before === undefined || before === '\n' || before === '。') && (after === undefined || after === '\n' || after === '。')) best = d;
  }
  return best;
}

/** Parse the signature from `from` (start of the operative part, or a late offset) to the end. */
export function parseSignature(text: string, from: number, dates: readonly DateMention[]): Signature {
  const date = decisionDate(text, from, dates);
  const regionStart = Math.max(from, (date ? date.span.start : text.length) - 600, 0);
  const re = new RegExp(TITLE_RE.source, 'g');
  re.lastIndex = regionStart;
  const judges: Judge[] = [];
  let clerk: Field<string> | null = null;
  let prevEnd = -100;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const before = text[m.index - 1];
    const chained = m.index - prevEnd <= 26;
    if (!(before === undefined || before === '\n' || before === '。' || chained)) continue;
    const title = m[1] ?? '';
    let after = text.slice(m.index + title.length, m.index + title.length + 30);
    for (const d of dates) {
      const rel = d.span.start - (m.index + title.length);
      if (rel >= 0 && rel < after.length) {
        after = after.slice(0, rel);
        break;
      }
    }
    const nm = NAME_RE.exec(after);
    let name = nm ? nm[0] : '';
    const cut = name.search(/审判长|代理审判员|审判员|人民陪审员|陪审员|执行员|书记员|代理书记员|法官助理|[〇○零一二]{1}[〇○零0一二三四五六七八九]{3}年/);
    if (cut >= 0) name = name.slice(0, cut);
    const start = m.index + title.length;
    prevEnd = start + name.length;
    if (name === '') continue;
    const role = ROLE_OF[title];
    const span = { start, end: start + name.length, text: name };
    if (role === 'clerk') {
      if (!clerk) clerk = { value: name, span };
    } else if (role) {
      judges.push({ role, title, name, span });
    }
  }
  return { judges, clerk, decidedAt: date ? { value: date.date, span: date.span } : null };
}

const FILING_AFTER_RE = /^[^，。；]{0,14}?(立案|受理|提起诉讼|起诉|诉至本院|申请执行|申请强制执行)/;

/** The filing (立案/受理/起诉) date: the first date followed closely by a filing verb. */
export function parseFiledAt(text: string, dates: readonly DateMention[], from: number, to: number): Field<IsoDate> | null {
  for (const d of dates) {
    if (d.span.start < from || d.span.start > to) continue;
    const after = text.slice(d.span.end, d.span.end + 24);
    const m = FILING_AFTER_RE.exec(after);
    if (!m) continue;
    if (/撤回|撤诉|作出|判决|裁定/.test(after.slice(0, m.index + m[0].length))) continue;
    return { value: d.date, span: d.span };
  }
  return null;
}

export type Procedure = 'simple' | 'ordinary' | 'small_claims' | 'second_instance' | 'retrial' | 'special' | 'enforcement' | 'expedited' | 'other';

const PROCEDURE_RES: ReadonlyArray<readonly [RegExp, Procedure]> = [
  [/小额诉讼程序|小额诉讼/, 'small_claims'],
  [/转为普通程序|转换为普通程序|转入普通程序/, 'ordinary'],
  [/适用简易程序|简易程序/, 'simple'],
  [/适用普通程序|普通程序/, 'ordinary'],
  [/速裁程序/, 'expedited'],
  [/第二审程序/, 'second_instance'],
];

/** Procedure from the procedural paragraph, else from the instance. */
export function parseProcedure(text: string, from: number, to: number, instance: Instance | null, typeCode: string | null, decidedAt: IsoDate | null): Field<Procedure> | null {
  const region = text.slice(from, to);
  for (const [re, p] of PROCEDURE_RES) {
    const m = re.exec(region);
    if (m) return { value: p, span: { start: from + m.index, end: from + m.index + m[0].length, text: m[0] } };
  }
  const solo = /独任审判|独任审理/.exec(region);
  if (solo && instance === 'first' && decidedAt !== null && decidedAt < '2020-01-01') {
    return { value: 'simple', span: { start: from + solo.index, end: from + solo.index + solo[0].length, text: solo[0] } };
  }
  const collegial = /组成.{0,40}?合议庭/.exec(region);
  if (instance === 'second') return collegial ? { value: 'second_instance', span: { start: from + collegial.index, end: from + collegial.index + collegial[0].length, text: collegial[0] } } : null;
  if (collegial && instance === 'first') return { value: 'ordinary', span: { start: from + collegial.index, end: from + collegial.index + collegial[0].length, text: collegial[0] } };
  if (typeCode && /^(民特|民督|民催)/.test(typeCode)) return null;
  return null;
}

export { findDates };
