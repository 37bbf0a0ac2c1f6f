/**
 * Outcome of a document, in the vocabulary of its stage:
 * - first instance: full_support | partial_support | dismissed | withdrawn | mediated | other;
 * - appeal: upheld (驳回上诉，维持原判) | modified (改判/撤销…) | remanded (发回重审) | withdrawn;
 * - retrial review: retrial_denied | retrial_granted;
 * - enforcement: enforced | enforcement_terminated (终结本次执行) | enforcement_ended (终结执行) |
 *   enforcement_suspended | enforcement_measure | objection_dismissed;
 * - criminal: convicted.
 * Partial support: a 驳回…其他诉讼请求 clause, or an awarded principal below the claimed one.
 */
import type { Fen } from '../domain/money.js';
import type { Instance } from './case-types.js';
import type { DocType } from './header.js';
import type { Field } from './span.js';

export type Outcome =
  | 'full_support'
  | 'partial_support'
  | 'dismissed'
  | 'withdrawn'
  | 'mediated'
  | 'upheld'
  | 'modified'
  | 'remanded'
  | 'retrial_denied'
  | 'retrial_granted'
  | 'enforced'
  | 'enforcement_terminated'
  | 'enforcement_ended'
  | 'enforcement_suspended'
  | 'enforcement_measure'
  | 'objection_dismissed'
  | 'convicted'
  | 'other';

export interface OutcomeInput {
  text: string;
  operativeStart: number;
  operativeEnd: number;
  docType: DocType;
  instance: Instance | null;
  caseClass: string | null;
  claimPrincipal: Fen | null;
  awardedPrincipal: Fen | null;
}

type Rule = readonly [RegExp, Outcome];

const WITHDRAW: Rule = [/准[许予].{0,40}?撤(?:回)?(?:起诉|诉|回上诉|上诉)|按.{0,10}撤(?:回)?(?:诉|上诉)处理/, 'withdrawn'];
const APPEAL_RULES: readonly Rule[] = [
  WITHDRAW,
  [/发回.{0,20}重审/, 'remanded'],
  [/改判|撤销.{0,60}(判决|裁定)/, 'modified'],
  [/驳回上诉.{0,6}维持原(判|裁定|判决)|维持原判|驳回上诉/, 'upheld'],
];
const RETRIAL_RULES: readonly Rule[] = [
  [/驳回.{0,30}再审申请/, 'retrial_denied'],
  [/指令.{0,30}再审|提审|再审本案|本案由本院再审/, 'retrial_granted'],
  [/维持.{0,20}(判决|裁定)/, 'upheld'],
  [/撤销.{0,60}(判决|裁定)/, 'modified'],
];
const ENFORCEMENT_RULES: readonly Rule[] = [
  [/终结.{0,60}本次执行/, 'enforcement_terminated'],
  [/终结.{0,40}执行/, 'enforcement_ended'],
  [/中止.{0,40}执行/, 'enforcement_suspended'],
  [/驳回.{0,20}异议/, 'objection_dismissed'],
  [/执行完毕|履行完毕|执结|结案/, 'enforced'],
  [/冻结|划拨|扣押|查封|拍卖|变卖|扣划|提取|扣留|失信被执行人|限制消费|过户/, 'enforcement_measure'],
];
const FIRST_RULES: readonly Rule[] = [
  WITHDRAW,
  [/驳回.{0,40}(全部)?诉讼请求/, 'dismissed'],
  [/驳回.{0,40}起诉/, 'dismissed'],
];

function match(text: string, start: number, rules: readonly Rule[]): Field<Outcome> | null {
  for (const [re, outcome] of rules) {
    const m = re.exec(text.slice(start));
    if (m) return { value: outcome, span: { start: start + m.index, end: start + m.index + m[0].length, text: m[0] } };
  }
  return null;
}

/** The outcome with the phrase that decided it. */
export function parseOutcome(input: OutcomeInput): Field<Outcome> | null {
  const { text, operativeStart, operativeEnd } = input;
  const op = text.slice(operativeStart, operativeEnd);
  if (op.trim() === '') return null;
  if (input.docType === 'mediation') return { value: 'mediated', span: { start: operativeStart, end: operativeStart, text: '' } };
  if (input.caseClass === 'criminal') {
    const m = /犯.{1,20}罪/.exec(op);
    return m ? { value: 'convicted', span: { start: operativeStart + m.index, end: operativeStart + m.index + m[0].length, text: m[0] } } : null;
  }
  if (input.instance === 'enforcement') return shift(match(op, 0, ENFORCEMENT_RULES), operativeStart);
  if (input.instance === 'second') return shift(match(op, 0, APPEAL_RULES), operativeStart);
  if (input.instance === 'retrial') return shift(match(op, 0, RETRIAL_RULES), operativeStart);
  const first = shift(match(op, 0, FIRST_RULES), operativeStart);
  if (first) {
    if (first.value === 'dismissed' && /其他诉讼请求|其余诉讼请求/.test(first.span.text)) return { ...first, value: 'partial_support' };
    if (first.value === 'dismissed' && /驳回.{0,40}诉讼请求/.test(first.span.text) && /偿还|归还|支付|给付|返还|清偿/.test(op.slice(0, first.span.start - operativeStart))) {
      return { ...first, value: 'partial_support' };
    }
    return first;
  }
  const pay = /偿还|归还|支付|给付|返还|清偿|付清|解除|确认/.exec(op);
  if (!pay) return null;
  const span = { start: operativeStart + pay.index, end: operativeStart + pay.index + pay[0].length, text: pay[0] };
  if (input.claimPrincipal !== null && input.awardedPrincipal !== null && input.awardedPrincipal < input.claimPrincipal * 0.999) {
    return { value: 'partial_support', span };
  }
  return { value: 'full_support', span };
}

function shift(f: Field<Outcome> | null, by: number): Field<Outcome> | null {
  if (!f) return null;
  return { value: f.value, span: { start: f.span.start + by, end: f.span.end + by, text: f.span.text } };
}
