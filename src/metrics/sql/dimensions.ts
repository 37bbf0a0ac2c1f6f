/**
 * The slice dimensions a rate can be cut by. Identifiers come from this whitelist only; user values
 * (filters, band edges) are bound parameters. Loan dimensions attribute a dispute through its linked
 * loan (dispute.loan_id) and split the denominator too; dispute dimensions (court, cause, …) split
 * only the numerator, so their denominator is the whole population and their rates add up to the
 * total rate.
 */
import { AppError } from '../../domain/errors.js';
import type { SqlParams } from './params.js';

export const LOAN_DIMENSIONS = ['institution', 'product', 'product_kind', 'province', 'channel', 'vintage', 'amount_band'] as const;
export const DISPUTE_DIMENSIONS = ['court', 'court_province', 'cause_category', 'procedure', 'role'] as const;
export const DIMENSIONS = [...LOAN_DIMENSIONS, ...DISPUTE_DIMENSIONS] as const;
export type LoanDimension = (typeof LOAN_DIMENSIONS)[number];
export type DisputeDimension = (typeof DISPUTE_DIMENSIONS)[number];
export type Dimension = (typeof DIMENSIONS)[number];

export const NONE_LABEL = '(none)';
export const UNLINKED_LABEL = '(unlinked)';

export function isLoanDimension(d: string): d is LoanDimension {
  return (LOAN_DIMENSIONS as readonly string[]).includes(d);
}

export function isDimension(d: string): d is Dimension {
  return (DIMENSIONS as readonly string[]).includes(d);
}

export function parseDimensions(list: readonly string[]): Dimension[] {
  const out: Dimension[] = [];
  for (const raw of list) {
    const d = raw.trim();
    if (d === '') continue;
    if (!isDimension(d)) {
      throw new AppError({
        code: 'metrics.slice_unknown',
        en: `Unknown slice dimension "${d}". Use one of: ${DIMENSIONS.join(', ')}`,
        zh: `未知的切片维度“${d}”。可用：${DIMENSIONS.join(', ')}`,
      });
    }
    if (out.includes(d)) continue;
    out.push(d);
  }
  if (out.length > 3) throw new AppError({ code: 'metrics.slice_too_many', en: 'At most three slice dimensions at once', zh: '最多同时按三个维度切片' });
  return out;
}

export interface DimensionOptions {
  vintageGrain: 'month' | 'quarter' | 'year';
  amountBandsYuan: readonly number[];
}

function yuanLabel(y: number): string {
  return y.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Labels of the amount bands, in order: "≤5,000", "5,000–10,000", …, ">100,000". */
export function amountBandLabels(edgesYuan: readonly number[]): string[] {
  const labels: string[] = [];
  edgesYuan.forEach((e, i) => {
    labels.push(i === 0 ? `≤${yuanLabel(e)}` : `${yuanLabel(edgesYuan[i - 1] ?? 0)}–${yuanLabel(e)}`);
  });
  const last = edgesYuan[edgesYuan.length - 1];
  if (last !== undefined) labels.push(`>${yuanLabel(last)}`);
  return labels;
}

/** SQL of a loan attribute over loan alias `l` and product alias `pr` (raw, may be NULL). */
export function loanAttributeSql(dim: LoanDimension, p: SqlParams, opts: DimensionOptions): string {
  switch (dim) {
    case 'institution':
      return 'l.institution_id';
    case 'product':
      return 'l.product_id';
    case 'product_kind':
      return 'pr.kind';
    case 'province':
      return 'l.province';
    case 'channel':
      return 'l.channel';
    case 'vintage':
      if (opts.vintageGrain === 'month') return "strftime(l.originated_at, '%Y-%m')";
      if (opts.vintageGrain === 'year') return "strftime(l.originated_at, '%Y')";
      return "strftime(l.originated_at, '%Y') || '-Q' || quarter(l.originated_at)";
    case 'amount_band': {
      const labels = amountBandLabels(opts.amountBandsYuan);
      const whens = opts.amountBandsYuan.map((e, i) => `WHEN l.principal_fen <= ${p.int(Math.round(e * 100))} THEN ${p.text(labels[i] ?? '')}`);
      return `CASE ${whens.join(' ')} ELSE ${p.text(labels[labels.length - 1] ?? '')} END`;
    }
  }
}

/** SQL of a dispute attribute over dispute alias `d` (raw, may be NULL). */
export function disputeAttributeSql(dim: DisputeDimension): string {
  switch (dim) {
    case 'court':
      return 'd.court_name';
    case 'court_province':
      return 'd.court_province';
    case 'cause_category':
      return 'd.cause_category';
    case 'procedure':
      return 'd.procedure';
    case 'role':
      return 'd.institution_role';
  }
}

/** The slice value of a dimension on the denominator side (loans). */
export function loanSideSql(dim: LoanDimension, p: SqlParams, opts: DimensionOptions): string {
  return `coalesce(${loanAttributeSql(dim, p, opts)}, '${NONE_LABEL}')`;
}

/**
 * The slice value on the numerator side (disputes `d` left-joined to loans `l`): a loan dimension
 * of a dispute without a linked loan is "(unlinked)", except the institution, which the dispute
 * itself names.
 */
export function disputeSideSql(dim: Dimension, p: SqlParams, opts: DimensionOptions): string {
  if (!isLoanDimension(dim)) return `coalesce(${disputeAttributeSql(dim)}, '${NONE_LABEL}')`;
  if (dim === 'institution') return `coalesce(d.institution_id, l.institution_id, '${NONE_LABEL}')`;
  return `CASE WHEN l.loan_id IS NULL THEN '${UNLINKED_LABEL}' ELSE ${loanSideSql(dim, p, opts)} END`;
}
