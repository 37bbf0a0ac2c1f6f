/**
 * Court fee (案件受理费): the fee as stated, the fee actually charged after a stated reduction
 * (减半收取 for simple procedure, withdrawal or mediation) and who bears it. For appeals the
 * second-instance fee (二审案件受理费) is this document's fee.
 */
import type { Fen } from '../domain/money.js';
import { findAmounts } from './amounts.js';
import type { Instance } from './case-types.js';
import type { OriginalRole, Party } from './parties.js';
import type { Field } from './span.js';

export type FeePayer = 'plaintiff' | 'defendant' | 'shared' | 'other';

export interface CourtFee {
  fee: Field<Fen> | null;
  charged: Field<Fen> | null;
  reduction: 'half' | null;
  payer: Field<FeePayer> | null;
}

const NONE: CourtFee = { fee: null, charged: null, reduction: null, payer: null };

/** The clause about this instance's fee: from its 受理费 keyword to the next 受理费 of another instance or the sentence end. */
function feeClause(text: string, from: number, instance: Instance | null): { start: number; end: number } | null {
  const re = /(一审|二审|原审|再审)?(?:案件)?(?:收取)?受理费/g;
  re.lastIndex = from;
  const hits: { at: number; stage: string }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) hits.push({ at: m.index, stage: m[1] ?? '' });
  if (hits.length === 0) return null;
  const wanted = instance === 'second' ? ['二审'] : instance === 'retrial' ? ['再审', ''] : ['', '一审'];
  const pick = hits.find((h) => wanted.includes(h.stage)) ?? (instance === 'second' ? null : hits.find((h) => h.stage !== '原审') ?? hits[0]);
  if (!pick) return null;
  let end = pick.at;
  while (end < text.length && text[end] !== '。' && text[end] !== '\n' && !(text[end] === '；' && /^；\s*(一审|二审|原审)/.test(text.slice(end, end + 4)))) end++;
  return { start: pick.at, end };
}

function roleSide(role: OriginalRole | null): FeePayer | null {
  return role === 'plaintiff' ? 'plaintiff' : role === 'defendant' ? 'defendant' : null;
}

/** The party is named in `who`: full name, a defined alias, or a shared prefix of at least four characters. */
function namedIn(who: string, p: Party): boolean {
  if (p.name.length >= 2 && who.includes(p.name)) return true;
  if (p.aliases.some((a) => a.length >= 2 && who.includes(a))) return true;
  const prefix = p.name.slice(0, 4);
  return p.kind === 'institution' && prefix.length === 4 && who.includes(prefix);
}

function sideOf(p: Party): string | null {
  return roleSide(p.originalRole) ?? (p.role === 'appellant' || p.role === 'retrial_applicant' ? 'side:a' : p.role === 'appellee' || p.role === 'retrial_respondent' ? 'side:b' : null);
}

function payerOf(clause: string, parties: readonly Party[]): FeePayer | null {
  const at = clause.indexOf('由');
  if (at < 0) return null;
  const sides = new Set<string>();
  const subs = clause.slice(at).split(/[，；]/).filter((sub, i) => i === 0 || /负担|承担|交纳|缴纳/.test(sub));
  for (const who of subs) {
    if (/预交|退回|已交纳|已缴纳|退还/.test(who) && !/^由/.test(who)) continue;
    if (/原告|起诉人/.test(who)) sides.add('plaintiff');
    if (/被告/.test(who)) sides.add('defendant');
    if (/申请人/.test(who) && !/被申请人/.test(who)) sides.add('plaintiff');
    if (/被申请人/.test(who)) sides.add('defendant');
    for (const p of parties) {
      if (!namedIn(who, p)) continue;
      const side = sideOf(p);
      if (side) sides.add(side);
    }
    if (/上诉人/.test(who.replace(/被上诉人/g, ''))) for (const p of parties) if (p.role === 'appellant') { const s = sideOf(p); if (s) sides.add(s); }
    if (/被上诉人/.test(who)) for (const p of parties) if (p.role === 'appellee') { const s = sideOf(p); if (s) sides.add(s); }
  }
  if (sides.size === 0) return 'other';
  if (sides.size > 1) return 'shared';
  const only = [...sides][0];
  return only === 'plaintiff' || only === 'defendant' ? only : 'other';
}

/** Parse the court fee after `from` (the start of the operative part). */
export function parseCourtFee(text: string, from: number, instance: Instance | null, parties: readonly Party[]): CourtFee {
  const clause = feeClause(text, from, instance);
  if (!clause) return NONE;
  const s = text.slice(clause.start, clause.end);
  const amounts = findAmounts(s).filter((a) => a.currency === 'CNY');
  const changed = /变更为/.exec(s);
  const first = changed ? amounts.find((a) => a.span.start > changed.index) ?? amounts[0] : amounts[0];
  if (!first) return NONE;
  const abs = (a: { fen: number; span: { start: number; end: number; text: string } }): Field<Fen> => ({ value: a.fen, span: { start: clause.start + a.span.start, end: clause.start + a.span.end, text: a.span.text } });
  const fee = abs(first);
  const half = /减半/.exec(s);
  let charged = fee;
  if (half) {
    const after = amounts.find((a) => a.span.start > half.index && a.span.start - half.index < 12);
    if (after) charged = abs(after);
  }
  const payerText = s;
  const payer = payerOf(payerText, parties);
  const pm = /由[^，。；]{1,80}?(负担|承担|交纳|缴纳)/.exec(payerText) ?? /由[^，。；]{1,40}/.exec(payerText);
  return {
    fee,
    charged,
    reduction: half ? 'half' : null,
    payer: payer && pm ? { value: payer, span: { start: clause.start + pm.index, end: clause.start + pm.index + pm[0].length, text: pm[0] } } : null,
  };
}
