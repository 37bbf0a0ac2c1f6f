/**
 * Claims (诉讼请求) and awarded amounts, by labelled money mentions:
 * - the label of an amount is the money keyword closest before it in its clause (本金/借款/欠款/
 *   代偿款 → principal; 利息 → interest; 罚息/逾期利息/滞纳金/违约金 → penalty; 复利 → compound;
 *   手续费/服务费/费用 … → fees; 律师费 → lawyer fee; 共计/合计/总计 → total);
 * - amounts that are a base for interest (以…元为基数/为本金) are not claims;
 * - amounts in a breakdown bracket (其中…/包括…) count only when the bracket follows a total;
 * - per component the amounts are summed; the total is the stated total, else the sum of components.
 */
import type { Fen } from '../domain/money.js';
import { findAmounts, type Amount } from './amounts.js';
import type { Field, Span } from './span.js';
import { blankQuotes } from './text-util.js';

export type MoneyLabel = 'principal' | 'interest' | 'penalty' | 'compound' | 'fees' | 'lawyer_fee' | 'total';

export interface LabelledAmount extends Amount {
  label: MoneyLabel | null;
}

export interface MoneyFields {
  principal: Field<Fen> | null;
  interest: Field<Fen> | null;
  penalty: Field<Fen> | null;
  compound: Field<Fen> | null;
  fees: Field<Fen> | null;
  lawyerFee: Field<Fen> | null;
  total: Field<Fen> | null;
  /** 'stated' when the document gives the total, 'sum' when it is the sum of the components. */
  totalBasis: 'stated' | 'sum' | null;
}

const LABELS: ReadonlyArray<readonly [RegExp, MoneyLabel]> = [
  [/共计|合计|总计|总额|本息合计|两项合计/g, 'total'],
  [/律师费用|律师代理费用|律师费|律师代理费|代理费用|代理费/g, 'lawyer_fee'],
  [/罚息|逾期利息|滞纳金|违约金|逾期还款利息|利息损失/g, 'penalty'],
  [/复利|复息/g, 'compound'],
  [/利息/g, 'interest'],
  [/手续费|服务费|费用|误工费|交通费|电话费|催款函费|保险费|担保费|管理费|评估费|公告费|保全费/g, 'fees'],
  [/本金|借款|欠款|贷款|代偿款|透支款|垫付款|借支|款项|欠付款/g, 'principal'],
];

const CLAUSE_STOP = '，。；：、\n（）';

function labelOf(text: string, at: number): MoneyLabel | null {
  let s = at;
  const min = Math.max(0, at - 24);
  while (s > min && !CLAUSE_STOP.includes(text[s - 1] ?? '')) s--;
  const ctx = text.slice(s, at);
  let best: MoneyLabel | null = null;
  let bestEnd = -1;
  for (const [re, label] of LABELS) {
    const g = new RegExp(re.source, 'g');
    let m: RegExpExecArray | null;
    while ((m = g.exec(ctx)) !== null) {
      const end = m.index + m[0].length;
      if (end > bestEnd || (end === bestEnd && (label === 'total' || label === 'lawyer_fee'))) {
        best = label;
        bestEnd = end;
      }
    }
  }
  // Short clause without a keyword: look one clause further back over a 、 list ("本金X元、利息Y元" is labelled per item).
  return best;
}

function isBase(text: string, a: Amount): boolean {
  const after = text.slice(a.span.end, a.span.end + 6);
  return /^(为基数|的基数|为本金|作为基数|为计算基数)/.test(after);
}

/** Bracket context of an amount: the '（' before it in the same bracket, if any. */
function openBracket(text: string, at: number, from: number): number {
  let depth = 0;
  for (let i = at - 1; i >= from; i--) {
    const c = text[i];
    if (c === '）') depth++;
    else if (c === '（') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Labelled amounts in [from, to) of `text`, with bases dropped and breakdown rules applied. */
export function labelledAmounts(text: string, from: number, to: number): LabelledAmount[] {
  const region = blankQuotes(text.slice(from, to));
  const out: LabelledAmount[] = [];
  for (const a of findAmounts(region)) {
    if (a.currency !== 'CNY') continue;
    const abs: Amount = { ...a, span: { start: from + a.span.start, end: from + a.span.end, text: text.slice(from + a.span.start, from + a.span.end) } };
    if (isBase(text, abs)) continue;
    const label = labelOf(text, abs.span.start);
    const br = openBracket(region, a.span.start, 0);
    if (br >= 0 && /^（(其中|包括|含)/.test(region.slice(br, br + 4))) {
      const parent = [...out].reverse().find((x) => x.span.end <= from + br);
      if (!parent || parent.label !== 'total') continue;
    }
    out.push({ ...abs, label });
  }
  return out;
}

function sumField(items: readonly LabelledAmount[], label: MoneyLabel): Field<Fen> | null {
  const hit = items.filter((a) => a.label === label);
  const first = hit[0];
  const last = hit[hit.length - 1];
  if (!first || !last) return null;
  const value = hit.reduce((s, a) => s + a.fen, 0);
  const span: Span = hit.length === 1 ? first.span : { start: first.span.start, end: last.span.end, text: `${hit.map((h) => h.span.text).join(' + ')}` };
  return { value, span };
}

/** Money fields from labelled amounts. */
export function moneyFields(items: readonly LabelledAmount[], text: string): MoneyFields {
  const principal = sumField(items, 'principal');
  const interest = sumField(items, 'interest');
  const penalty = sumField(items, 'penalty');
  const compound = sumField(items, 'compound');
  const fees = sumField(items, 'fees');
  const lawyerFee = sumField(items, 'lawyer_fee');
  const totals = items.filter((a) => a.label === 'total');
  let total: Field<Fen> | null = null;
  let totalBasis: MoneyFields['totalBasis'] = null;
  if (totals.length > 0) {
    const best = totals.reduce((a, b) => (b.fen > a.fen ? b : a));
    total = { value: best.fen, span: best.span };
    totalBasis = 'stated';
  } else {
    const parts = [principal, interest, penalty, compound, fees, lawyerFee].filter((p): p is Field<Fen> => p !== null);
    const first = parts[0];
    if (first && principal) {
      const start = Math.min(...parts.map((p) => p.span.start));
      const end = Math.max(...parts.map((p) => p.span.end));
      total = { value: parts.reduce((s, p) => s + p.value, 0), span: { start, end, text: text.slice(start, end) } };
      totalBasis = 'sum';
    }
  }
  return { principal, interest, penalty, compound, fees, lawyerFee, total, totalBasis };
}

const FIRST_ANCHORS = /(?:提出|起诉|诉讼)请求[（(]?[^：:，。]{0,6}[）)]?[：:]|诉请[，：:]|请求(?:法院|人民法院|本院)?(?:依法)?判令|起诉要求|诉至(?:法院|本院)[，,]?要求|要求判令|请求判决/;
const APPEAL_ANCHORS = /向一审法院(?:提出)?(?:起诉|诉讼)?请求|一审(?:中)?诉讼请求|原审诉讼请求|一审诉请|向原审法院(?:提出)?(?:起诉|诉讼)?请求/;

/** The claims region [start, end), or null when the document states no claims. */
export function claimsRegion(text: string, from: number, appeal: boolean): { start: number; end: number } | null {
  const re = new RegExp((appeal ? APPEAL_ANCHORS : FIRST_ANCHORS).source, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index > from + 8000) return null;
  const start = m.index;
  let end = start;
  const limit = Math.min(text.length, start + 1200);
  while (end < limit) {
    const c = text[end];
    if (c === '\n' || c === '。') {
      if (!/^(\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,2}、|其中|包括|即)/.test(text.slice(end + 1, end + 5))) break;
    }
    if (text.startsWith('事实与理由', end) || text.startsWith('事实和理由', end) || text.startsWith('理由如下', end)) break;
    end++;
  }
  return { start, end };
}
