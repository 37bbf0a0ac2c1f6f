/**
 * Legal cost of litigation, per dispute and in total: court fees by the real schedule (the stated
 * charged fee of the first-instance document when the parser found one, else computed from the
 * claim with the halving rules), the appeal fee, enforcement and preservation fees, lawyer and
 * staff costs (configurable assumptions) — against what was recovered. `disputeCost` is the rule
 * for one dispute; `legalCostSql` is the same rule in SQL for whole books (tests hold them equal).
 */
import { roundHalfUp, type Fen } from '../../domain/money.js';
import type { CostConfig } from '../config.js';
import { courtFee, courtFeeChargedSql, enforcementFee, preservationFee, scheduleFee, scheduleFeeSql } from './court-fees.js';
import { CASE_ACCEPTANCE_FEE, ENFORCEMENT_FEE, PRESERVATION_FEE } from './fee-schedule.js';

export interface DisputeCostInput {
  institutionRole: string | null;
  claimFen: Fen | null;
  awardedFen: Fen | null;
  recoveredFen: Fen | null;
  procedure: string | null;
  /** First-instance outcome (withdrawn / mediated halve the fee; decides who pays as defendant). */
  outcome: string | null;
  hasAppeal: boolean;
  hasEnforcement: boolean;
  /** Charged acceptance fee stated in the first-instance document, when parsed. */
  statedCourtFeeFen: Fen | null;
}

export interface CostBreakdown {
  courtFeeFen: Fen;
  /** 'stated' when taken from the document, 'schedule' when computed, 'none' when not borne. */
  courtFeeBasis: 'stated' | 'schedule' | 'none';
  appealFeeFen: Fen;
  enforcementFeeFen: Fen;
  preservationFeeFen: Fen;
  lawyerFeeFen: Fen;
  staffFen: Fen;
  totalCostFen: Fen;
  recoveredFen: Fen;
  /** totalCost − recovered (negative: litigation recovered more than it cost). */
  netCostFen: Fen;
}

const LOSING_OUTCOMES = ['full_support', 'partial_support'];

function yuan(y: number): Fen {
  return roundHalfUp(y * 100);
}

export function lawyerFee(claimFen: Fen | null, cfg: CostConfig): Fen {
  const raw = yuan(cfg.lawyer.perDisputeYuan) + roundHalfUp((claimFen ?? 0) * cfg.lawyer.shareOfClaim);
  const min = yuan(cfg.lawyer.minYuan);
  const max = cfg.lawyer.maxYuan === null ? Infinity : yuan(cfg.lawyer.maxYuan);
  return Math.min(Math.max(raw, min), max);
}

/** Cost of one dispute to the lender. */
export function disputeCost(d: DisputeCostInput, cfg: CostConfig): CostBreakdown {
  const plaintiff = d.institutionRole === 'plaintiff';
  const lenderPaysCourtFee = plaintiff || (d.institutionRole === 'defendant' && LOSING_OUTCOMES.includes(d.outcome ?? ''));
  let courtFeeFen = 0;
  let courtFeeBasis: CostBreakdown['courtFeeBasis'] = 'none';
  if (lenderPaysCourtFee) {
    if (d.statedCourtFeeFen !== null) {
      courtFeeFen = d.statedCourtFeeFen;
      courtFeeBasis = 'stated';
    } else if (d.claimFen !== null) {
      courtFeeFen = courtFee(d.claimFen, { procedure: d.procedure, outcome: d.outcome }).chargedFen;
      courtFeeBasis = 'schedule';
    }
  }
  const appealFeeFen = cfg.appealFees && d.hasAppeal && d.claimFen !== null ? scheduleFee(CASE_ACCEPTANCE_FEE, d.claimFen) : 0;
  const enforcementBase = cfg.enforcementOn === 'awarded' ? (d.awardedFen ?? d.claimFen) : d.claimFen;
  const enforcementFeeFen = plaintiff && d.hasEnforcement && enforcementBase !== null ? enforcementFee(enforcementBase) : 0;
  const preservationFeeFen = plaintiff && d.claimFen !== null ? roundHalfUp(preservationFee(d.claimFen) * cfg.preservationShare) : 0;
  const lawyerFeeFen = lawyerFee(d.claimFen, cfg);
  const staffFen = yuan(cfg.staffPerDisputeYuan);
  const totalCostFen = courtFeeFen + appealFeeFen + enforcementFeeFen + preservationFeeFen + lawyerFeeFen + staffFen;
  const recoveredFen = plaintiff ? (d.recoveredFen ?? 0) : 0;
  return { courtFeeFen, courtFeeBasis, appealFeeFen, enforcementFeeFen, preservationFeeFen, lawyerFeeFen, staffFen, totalCostFen, recoveredFen, netCostFen: totalCostFen - recoveredFen };
}

/**
 * SQL columns computing {@link disputeCost} over a row with dispute `d` and its first-instance
 * document `fc` (legal_case, may be NULL). Config numbers are inlined as validated numeric literals.
 */
export function legalCostSql(cfg: CostConfig): string {
  const num = (x: number): string => {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    return String(x);
  };
  const claim = 'd.claim_total_fen';
  const plaintiff = "d.institution_role = 'plaintiff'";
  const paysCourt = `(${plaintiff} OR (d.institution_role = 'defendant' AND d.first_outcome IN ('full_support', 'partial_support')))`;
  const stated = 'fc.court_fee_charged_fen';
  const lawyerRaw = `(${yuan(cfg.lawyer.perDisputeYuan)} + round(coalesce(${claim}, 0) * ${num(cfg.lawyer.shareOfClaim)}))`;
  const lawyerMax = cfg.lawyer.maxYuan === null ? lawyerRaw : `least(${lawyerRaw}, ${yuan(cfg.lawyer.maxYuan)})`;
  const lawyer = `greatest(${lawyerMax}, ${yuan(cfg.lawyer.minYuan)})`;
  const enfBase = cfg.enforcementOn === 'awarded' ? `coalesce(d.awarded_total_fen, ${claim})` : claim;
  return `CASE WHEN ${paysCourt} THEN coalesce(${stated}, ${courtFeeChargedSql(claim, 'd.procedure', 'd.first_outcome')}, 0) ELSE 0 END::BIGINT AS court_fee_fen,
  CASE WHEN ${paysCourt} AND ${stated} IS NOT NULL THEN 'stated' WHEN ${paysCourt} AND ${claim} IS NOT NULL THEN 'schedule' ELSE 'none' END AS court_fee_basis,
  ${cfg.appealFees ? `CASE WHEN coalesce(d.has_appeal, FALSE) THEN coalesce(${scheduleFeeSql(CASE_ACCEPTANCE_FEE, claim)}, 0) ELSE 0 END` : '0'}::BIGINT AS appeal_fee_fen,
  CASE WHEN ${plaintiff} AND coalesce(d.has_enforcement, FALSE) THEN coalesce(${scheduleFeeSql(ENFORCEMENT_FEE, enfBase)}, 0) ELSE 0 END::BIGINT AS enforcement_fee_fen,
  CASE WHEN ${plaintiff} THEN coalesce(round(${scheduleFeeSql(PRESERVATION_FEE, claim)} * ${num(cfg.preservationShare)}), 0) ELSE 0 END::BIGINT AS preservation_fee_fen,
  (${lawyer})::BIGINT AS lawyer_fee_fen,
  ${yuan(cfg.staffPerDisputeYuan)}::BIGINT AS staff_fen,
  CASE WHEN ${plaintiff} THEN coalesce(d.recovered_fen, 0) ELSE 0 END::BIGINT AS recovered_fen`;
}
