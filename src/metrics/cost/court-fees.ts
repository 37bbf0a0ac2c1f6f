/**
 * Court fees for property cases by the real schedule (《诉讼费用交纳办法》): the case acceptance fee
 * (art. 13) with the halving rules (art. 15 mediation or withdrawal, art. 16 simple procedure), the
 * enforcement application fee (art. 14(1)), the preservation fee (art. 14(2), capped at 5,000 yuan)
 * and the payment-order fee (art. 14(3), one third of the acceptance fee). Pure functions over fen;
 * results are rounded half away from zero to the fen. Other modules (resolution, judgments) reuse
 * these.
 */
import type { Fen } from '../../domain/money.js';
import { CASE_ACCEPTANCE_FEE, ENFORCEMENT_FEE, PRESERVATION_FEE, type FeeSchedule } from './fee-schedule.js';

function checkAmount(amountFen: Fen): void {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount must be a non-negative integer fen amount, got ${amountFen}`);
}

/** Round a non-negative rational num/den to the nearest integer, halves up (exact, BigInt). */
function roundRatio(num: bigint, den: bigint): number {
  return Number((num * 2n + den) / (den * 2n));
}

/** Apply a cumulative bracket schedule to an amount; exact, rounded half up to the fen. */
export function scheduleFee(schedule: FeeSchedule, amountFen: Fen): Fen {
  checkAmount(amountFen);
  let num = 0n; // in fen × 10,000 (basis points)
  for (const b of schedule.brackets) {
    if (amountFen <= b.fromFen) break;
    const top = b.toFen === null ? amountFen : Math.min(amountFen, b.toFen);
    num += BigInt(top - b.fromFen) * BigInt(b.bp);
  }
  const fee = schedule.flatFen + roundRatio(num, 10_000n);
  return schedule.capFen === null ? fee : Math.min(fee, schedule.capFen);
}

export type HalvingReason = 'simple_procedure' | 'small_claims' | 'mediation' | 'withdrawal';

export interface CourtFeeOptions {
  /** simple (简易程序, art. 16) and small_claims (小额诉讼, heard under the simple procedure) halve the fee. */
  procedure?: string | null;
  /** mediated (调解结案) or withdrawn (撤诉) halve the fee (art. 15). */
  outcome?: string | null;
}

export interface CourtFee {
  /** The fee by the art. 13 schedule on the claim, fen. */
  fullFen: Fen;
  /** What the court charges after reductions, fen. */
  chargedFen: Fen;
  /** Why it was halved (empty when not). Several reasons still halve only once. */
  halvedFor: HalvingReason[];
  source: string;
}

/** Reasons to halve the acceptance fee for a given procedure and outcome. */
export function halvingReasons(opts: CourtFeeOptions): HalvingReason[] {
  const out: HalvingReason[] = [];
  if (opts.procedure === 'simple') out.push('simple_procedure');
  if (opts.procedure === 'small_claims') out.push('small_claims');
  if (opts.outcome === 'mediated') out.push('mediation');
  if (opts.outcome === 'withdrawn') out.push('withdrawal');
  return out;
}

/** Half of a fee, rounded half up to the fen. */
export function halveFee(fen: Fen): Fen {
  return roundRatio(BigInt(fen), 2n);
}

/**
 * Case acceptance fee (案件受理费) for a property claim: art. 13 cumulative brackets, halved once
 * when the case is heard under the simple (or small-claims) procedure (art. 16) or ends by
 * mediation or withdrawal (art. 15). 20,000 yuan → 300; under the simple procedure → 150.
 */
export function courtFee(claimFen: Fen, opts: CourtFeeOptions = {}): CourtFee {
  const fullFen = scheduleFee(CASE_ACCEPTANCE_FEE, claimFen);
  const halvedFor = halvingReasons(opts);
  return {
    fullFen,
    chargedFen: halvedFor.length > 0 ? halveFee(fullFen) : fullFen,
    halvedFor,
    source: halvedFor.length > 0 ? `${CASE_ACCEPTANCE_FEE.source}；第十五条/第十六条减半` : CASE_ACCEPTANCE_FEE.source,
  };
}

/** Enforcement application fee (申请执行费) on the amount to be enforced (art. 14(1)). */
export function enforcementFee(amountFen: Fen): Fen {
  return scheduleFee(ENFORCEMENT_FEE, amountFen);
}

/** Preservation fee (保全费) on the amount preserved, at most 5,000 yuan (art. 14(2)). */
export function preservationFee(amountFen: Fen): Fen {
  return scheduleFee(PRESERVATION_FEE, amountFen);
}

/** Payment-order application fee (申请支付令): one third of the acceptance fee (art. 14(3)). */
export function paymentOrderFee(claimFen: Fen): Fen {
  return roundRatio(BigInt(scheduleFee(CASE_ACCEPTANCE_FEE, claimFen)), 3n);
}

/**
 * The same schedule as a DuckDB SQL expression over a BIGINT fen expression (NULL stays NULL).
 * Only numeric constants from the schedule are inlined; `amountSql` must be trusted SQL text.
 */
export function scheduleFeeSql(schedule: FeeSchedule, amountSql: string): string {
  const parts = schedule.brackets.map((b) => {
    const top = b.toFen === null ? `(${amountSql})` : `least((${amountSql}), ${b.toFen})`;
    return `greatest(${top} - ${b.fromFen}, 0)::HUGEINT * ${b.bp}`;
  });
  const num = parts.length > 0 ? parts.join(' + ') : '0';
  const fee = `(${schedule.flatFen} + ((${num}) * 2 + 10000) // 20000)`;
  const capped = schedule.capFen === null ? fee : `least(${fee}, ${schedule.capFen})`;
  return `CASE WHEN (${amountSql}) IS NULL THEN NULL ELSE (${capped})::BIGINT END`;
}

/** SQL for the charged acceptance fee given SQL expressions for claim, procedure and outcome. */
export function courtFeeChargedSql(claimSql: string, procedureSql: string, outcomeSql: string): string {
  const full = scheduleFeeSql(CASE_ACCEPTANCE_FEE, claimSql);
  return `CASE WHEN (${procedureSql}) IN ('simple', 'small_claims') OR (${outcomeSql}) IN ('mediated', 'withdrawn') THEN ((${full}) + 1) // 2 ELSE (${full}) END`;
}
