/**
 * Parties and their agents from the block after the case number: one party per segment
 * (a line, or a sentence in texts flattened at the source), agents and legal representatives on the
 * segments that follow it.
 */
import { headOfficeOf, looksLikeInstitution, looksLikeLender } from './institution-names.js';
import type { Span } from './span.js';

export type PartyRole =
  | 'plaintiff'
  | 'defendant'
  | 'third_party'
  | 'appellant'
  | 'appellee'
  | 'original_plaintiff'
  | 'original_defendant'
  | 'original_third_party'
  | 'retrial_applicant'
  | 'retrial_respondent'
  | 'applicant'
  | 'respondent'
  | 'prosecutor'
  | 'accused';

export type OriginalRole = 'plaintiff' | 'defendant' | 'third_party';
export type AgentKind = 'lawyer' | 'legal_worker' | 'employee' | 'relative' | 'representative' | 'other';

export interface Agent {
  name: string;
  kind: AgentKind;
  label: string;
  span: Span;
}

export interface Party {
  role: PartyRole;
  roleLabel: string;
  originalRole: OriginalRole | null;
  kind: 'institution' | 'individual';
  name: string;
  span: Span;
  /** Short head-office name for institutions (branch mapped), else null. */
  headOffice: string | null;
  isBranch: boolean;
  /** Lending institution by its name (bank, credit cooperative, consumer finance, microlender …). */
  isLender: boolean;
  /** The name is an anonymized placeholder (张某, 李某1, 倪××): it identifies no one. */
  placeholder: boolean;
  /** Short names the document defines for the party (（以下简称东风财务）). */
  aliases: string[];
  agents: Agent[];
}

const ROLE_LABELS: ReadonlyArray<readonly [string, PartyRole]> = [
  ['原审第三人', 'original_third_party'],
  ['原审原告', 'original_plaintiff'],
  ['原审被告', 'original_defendant'],
  ['被上诉人', 'appellee'],
  ['上诉人', 'appellant'],
  ['再审申请人', 'retrial_applicant'],
  ['申请再审人', 'retrial_applicant'],
  ['被申诉人', 'retrial_respondent'],
  ['申诉人', 'retrial_applicant'],
  ['申请执行人', 'applicant'],
  ['被执行人', 'respondent'],
  ['复议申请人', 'applicant'],
  ['异议人', 'applicant'],
  ['被申请人', 'respondent'],
  ['申请人', 'applicant'],
  ['第三人', 'third_party'],
  ['原告', 'plaintiff'],
  ['被告人', 'accused'],
  ['被告', 'defendant'],
  ['公诉机关', 'prosecutor'],
  ['起诉人', 'plaintiff'],
];

const AGENT_RE = /^(?:以上[^：:，]{1,12})?(?:共同)?(法定代表人|主要负责人|负责人|代表人|法定代理人|指定代理人|委托诉讼代理人|委托代理人|诉讼代理人|特别授权代理人|辩护人)[：:]?/;
const PROCEDURAL_RE = /一案|纠纷|诉讼|向本院|本院|不服|申请执行.{0,10}依据|依据已/;
const STARTS_PROCEDURE_RE = /与.{1,80}?(纠纷|一案)|因与|诉被告|诉称|为与|一案|依据已|依据.{0,8}生效|起诉称|辩称|向本院提出|向一审法院|诉讼请求|请求判令|上诉请求|申请再审称|提出诉讼/;
const PLACEHOLDER_RE = /某|×|\*|＊|X{2}|x{2}|ｘ|甲|乙$/;
const NAME_STOP = '，。；,：:\n';

function originalFrom(paren: string): OriginalRole | null {
  if (/(原审|一审)原告|一审申请人/.test(paren)) return 'plaintiff';
  if (/(原审|一审)被告|一审被申请人/.test(paren)) return 'defendant';
  if (/(原审|一审)第三人/.test(paren)) return 'third_party';
  return null;
}

function ownOriginal(role: PartyRole): OriginalRole | null {
  switch (role) {
    case 'plaintiff':
    case 'original_plaintiff':
      return 'plaintiff';
    case 'defendant':
    case 'original_defendant':
      return 'defendant';
    case 'third_party':
    case 'original_third_party':
      return 'third_party';
    default:
      return null;
  }
}

/** The party name at the start of `s`: up to the first separator, dropping a trailing note in brackets. */
function takeName(s: string): string {
  let end = 0;
  let depth = 0;
  while (end < s.length && end < 80) {
    const c = s[end] ?? '';
    if (c === '（') depth++;
    if (c === '）') depth = Math.max(0, depth - 1);
    if (depth === 0 && NAME_STOP.includes(c)) break;
    end++;
  }
  let name = s.slice(0, end).trim();
  const paren = /（(系|以下|下称|又名|曾用名|原名|简称|反诉|原审|一审|二审|统一社会|组织机构|身份|公民身份|住|男|女)[^）]*）/.exec(name);
  if (paren) name = name.slice(0, paren.index);
  name = name.replace(/(住所地|住址|住|地址|户籍地|现住|身份证).*$/, '');
  if (!name.includes('（')) name = name.replace(/）+$/, '');
  return name.trim();
}

function kindOf(name: string, segment: string, nextSegment: string | undefined): 'institution' | 'individual' {
  if (looksLikeInstitution(name)) return 'institution';
  if (/组织机构代码|统一社会信用代码|住所地/.test(segment)) return 'institution';
  if (nextSegment && /^(法定代表人|负责人|主要负责人)/.test(nextSegment)) return 'institution';
  return 'individual';
}

function agentKind(label: string, rest: string): AgentKind {
  if (/法定代表人|负责人|代表人/.test(label)) return 'representative';
  if (/律师事务所/.test(rest)) return 'lawyer';
  if (/法律服务所|法律工作者/.test(rest)) return 'legal_worker';
  if (/员工|工作人员|职员|职工|该公司|该行|该社|该中心/.test(rest)) return 'employee';
  if (/系.{0,8}(丈夫|妻子|父|母|儿|女|兄|弟|姐|妹|亲属|配偶)/.test(rest)) return 'relative';
  return 'other';
}

interface Seg {
  start: number;
  text: string;
}

/** Segments (lines, or sentences in flattened texts) of [from, to), produced lazily. */
function* segmentsOf(text: string, from: number, to: number): Generator<Seg> {
  let s = from;
  for (let i = from; i <= to; i++) {
    const c = text[i];
    if (i === to || c === '\n' || c === '。') {
      const raw = text.slice(s, i);
      const t = raw.trim();
      if (t !== '') yield { start: s + (raw.length - raw.trimStart().length), text: t };
      s = i + 1;
    }
  }
}

function roleAt(t: string): { label: string; role: PartyRole } | null {
  for (const [label, role] of ROLE_LABELS) if (t.startsWith(label)) return { label, role };
  return null;
}

function parseAgents(seg: Seg, m: RegExpExecArray): Agent[] {
  const label = m[1] ?? '';
  const rest = seg.text.slice(m[0].length);
  const namesPart = rest.split(/[，。；,]/)[0] ?? '';
  const out: Agent[] = [];
  let offset = seg.start + m[0].length;
  for (const raw of namesPart.split('、')) {
    const name = raw.trim();
    if (name !== '' && name.length <= 20) out.push({ name, label, kind: agentKind(label, rest), span: { start: offset, end: offset + name.length, text: name } });
    offset += raw.length + 1;
  }
  return out;
}

export interface PartiesResult {
  parties: Party[];
  /** Offset where the last party or agent segment ends. */
  end: number;
  /** Start of the procedural paragraph (the segment that ended the party block), or null. */
  procedureStart: number | null;
}

/** Parse the party block starting at `from` (end of the header); stops at the procedural paragraph. */
export function parseParties(text: string, from: number, limit = Math.min(text.length, from + 6000)): PartiesResult {
  const it = segmentsOf(text, from, Math.min(limit, text.length));
  const segs: Seg[] = [];
  const segAt = (k: number): Seg | undefined => {
    while (segs.length <= k) {
      const n = it.next();
      if (n.done) return undefined;
      segs.push(n.value);
    }
    return segs[k];
  };
  const parties: Party[] = [];
  let end = from;
  let procedureStart: number | null = null;
  for (let i = 0; i < 80; i++) {
    const seg = segAt(i);
    if (!seg) break;
    const agentM = AGENT_RE.exec(seg.text);
    if (agentM) {
      const agents = parseAgents(seg, agentM);
      const shared = /^以上|^共同/.test(seg.text);
      const targets = shared ? parties.filter((p) => p.role === parties[parties.length - 1]?.role) : parties.slice(-1);
      for (const p of targets) p.agents.push(...agents);
      end = seg.start + seg.text.length;
      continue;
    }
    const r = roleAt(seg.text);
    if (!r) {
      if (parties.length > 0 && (PROCEDURAL_RE.test(seg.text) || seg.text.length > 80)) {
        procedureStart = seg.start;
        break;
      }
      if (parties.length === 0 && i > 3) break;
      continue;
    }
    let rest = seg.text.slice(r.label.length);
    let paren = '';
    const pm = /^（([^）]{1,40})）/.exec(rest);
    if (pm) {
      paren = pm[1] ?? '';
      rest = rest.slice(pm[0].length);
    }
    const colon = /^[：:]/.test(rest) ? 1 : 0;
    rest = rest.slice(colon);
    // A procedural sentence also starts with a role ("原告某某与被告某某…纠纷一案"): stop there.
    if (STARTS_PROCEDURE_RE.test(rest.slice(0, 150))) {
      procedureStart = seg.start;
      break;
    }
    let name = takeName(rest);
    let nameStart = seg.start + r.label.length + (pm ? pm[0].length : 0) + colon + (rest.length - rest.trimStart().length);
    if (name === '' && r.role === 'prosecutor') {
      const next = segAt(i + 1);
      if (next) {
        name = takeName(next.text);
        nameStart = next.start;
        i++;
      }
    }
    if (name === '' || name.length > 60) continue;
    const kind = kindOf(name, seg.text, segAt(i + 1)?.text);
    const ho = kind === 'institution' ? headOfficeOf(name) : null;
    parties.push({
      role: r.role,
      roleLabel: r.label + (pm ? pm[0] : ''),
      originalRole: originalFrom(paren) ?? ownOriginal(r.role),
      kind,
      name,
      span: { start: nameStart, end: nameStart + name.length, text: name },
      headOffice: ho ? ho.name : null,
      isBranch: ho ? ho.isBranch : false,
      isLender: kind === 'institution' && looksLikeLender(name),
      placeholder: PLACEHOLDER_RE.test(name) || /[0-9]$/.test(name),
      aliases: [],
      agents: [],
    });
    end = seg.start + seg.text.length;
  }
  if (parties.some((p) => p.role === 'retrial_applicant')) {
    for (const p of parties) if (p.role === 'respondent') p.role = 'retrial_respondent';
  }
  return { parties, end, procedureStart };
}

const ALIAS_RE = /(?:以下|下)简称(?:为)?[“"]?([^）”"，、。；]{2,16})[”"]?[）)]/g;

/** Record the short names a document defines for its parties and flag lenders known only by alias. */
export function attachAliases(text: string, parties: Party[]): void {
  const re = new RegExp(ALIAS_RE.source, 'g');
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) !== null && n < 200) {
    n++;
    const alias = m[1] ?? '';
    const open = text.lastIndexOf('（', m.index);
    if (open < 0 || m.index - open > 40) continue;
    const before = text.slice(Math.max(0, open - 60), open);
    for (const p of parties) {
      if (before.endsWith(p.name) && !p.aliases.includes(alias)) {
        p.aliases.push(alias);
        if (p.kind === 'institution' && !p.isLender && looksLikeLender(alias)) p.isLender = true;
      }
    }
  }
}

const PHRASE_RE = /(申请执行人|原告|上诉人|申请人|再审申请人)([^，。、；：]{2,40}?)与(被执行人|被告|被上诉人|被申请人)([^。；]{2,200}?)(纠纷|一案|借贷|借款)/;

/**
 * Parties named only in the procedural sentence ("本院在执行申请执行人甲与被执行人乙、丙…纠纷一案中"),
 * for documents without a party block. `stripCause` removes a cause of action glued to the last name.
 */
export function partiesFromPhrase(text: string, from: number, stripCause: (s: string) => string): Party[] {
  const region = text.slice(from, Math.min(text.length, from + 1500));
  const m = PHRASE_RE.exec(region);
  if (!m) return [];
  const out: Party[] = [];
  const base = from + m.index;
  const mk = (label: string, name: string, at: number): void => {
    const role = ROLE_LABELS.find(([l]) => l === label)?.[1] ?? 'plaintiff';
    const kind = looksLikeInstitution(name) ? 'institution' : 'individual';
    const ho = kind === 'institution' ? headOfficeOf(name) : null;
    out.push({
      role,
      roleLabel: label,
      originalRole: ownOriginal(role),
      kind,
      name,
      span: { start: at, end: at + name.length, text: name },
      headOffice: ho ? ho.name : null,
      isBranch: ho ? ho.isBranch : false,
      isLender: kind === 'institution' && looksLikeLender(name),
      placeholder: PLACEHOLDER_RE.test(name) || /[0-9]$/.test(name),
      aliases: [],
      agents: [],
    });
  };
  const first = m[2] ?? '';
  mk(m[1] ?? '', first, base + (m[1] ?? '').length);
  const listStart = base + (m[1] ?? '').length + first.length + 1 + (m[3] ?? '').length;
  const list = stripCause((m[4] ?? '') + (m[5] === '纠纷' ? '纠纷' : ''));
  let at = listStart;
  for (const raw of list.split('、')) {
    const name = raw.trim();
    if (name.length >= 2 && name.length <= 40) mk(m[3] ?? '', name, at);
    at += raw.length + 1;
  }
  return out.length >= 2 ? out : [];
}
