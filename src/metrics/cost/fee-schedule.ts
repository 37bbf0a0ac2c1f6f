/**
 * The fee schedules of 《诉讼费用交纳办法》 (State Council Decree No. 481, in force 2007-04-01) as data.
 * Amounts in fen, rates in basis points of the part of the amount inside each bracket (cumulative,
 * 分段累计). One table feeds both the pure TypeScript functions and the SQL expressions, so the
 * report and the per-dispute figures cannot drift apart.
 */
import type { Fen } from '../../domain/money.js';

export interface FeeBracket {
  /** Lower bound of the bracket (exclusive), fen. */
  fromFen: Fen;
  /** Upper bound (inclusive), fen; null = no upper bound. */
  toFen: Fen | null;
  /** Rate on the part of the amount inside the bracket, basis points (2.5% = 250). */
  bp: number;
}

export interface FeeSchedule {
  id: string;
  source: string;
  /** Flat fee for any amount up to the first bracket's lower bound (inclusive), fen. */
  flatFen: Fen;
  brackets: readonly FeeBracket[];
  /** Cap on the total, fen; null = none. */
  capFen: Fen | null;
}

const Y = 100; // fen per yuan

/** Art. 13(1): property cases (财产案件), the case acceptance fee (案件受理费). */
export const CASE_ACCEPTANCE_FEE: FeeSchedule = {
  id: 'case_acceptance',
  source: '《诉讼费用交纳办法》第十三条第（一）项',
  flatFen: 50 * Y,
  brackets: [
    { fromFen: 10_000 * Y, toFen: 100_000 * Y, bp: 250 },
    { fromFen: 100_000 * Y, toFen: 200_000 * Y, bp: 200 },
    { fromFen: 200_000 * Y, toFen: 500_000 * Y, bp: 150 },
    { fromFen: 500_000 * Y, toFen: 1_000_000 * Y, bp: 100 },
    { fromFen: 1_000_000 * Y, toFen: 2_000_000 * Y, bp: 90 },
    { fromFen: 2_000_000 * Y, toFen: 5_000_000 * Y, bp: 80 },
    { fromFen: 5_000_000 * Y, toFen: 10_000_000 * Y, bp: 70 },
    { fromFen: 10_000_000 * Y, toFen: 20_000_000 * Y, bp: 60 },
    { fromFen: 20_000_000 * Y, toFen: null, bp: 50 },
  ],
  capFen: null,
};

/** Art. 14(1): application for enforcement (申请执行) with an amount. */
export const ENFORCEMENT_FEE: FeeSchedule = {
  id: 'enforcement',
  source: '《诉讼费用交纳办法》第十四条第（一）项',
  flatFen: 50 * Y,
  brackets: [
    { fromFen: 10_000 * Y, toFen: 500_000 * Y, bp: 150 },
    { fromFen: 500_000 * Y, toFen: 5_000_000 * Y, bp: 100 },
    { fromFen: 5_000_000 * Y, toFen: 10_000_000 * Y, bp: 50 },
    { fromFen: 10_000_000 * Y, toFen: null, bp: 10 },
  ],
  capFen: null,
};

/** Art. 14(2): application for preservation (申请保全), by the amount preserved; at most 5,000 yuan. */
export const PRESERVATION_FEE: FeeSchedule = {
  id: 'preservation',
  source: '《诉讼费用交纳办法》第十四条第（二）项',
  flatFen: 30 * Y,
  brackets: [
    { fromFen: 1_000 * Y, toFen: 100_000 * Y, bp: 100 },
    { fromFen: 100_000 * Y, toFen: null, bp: 50 },
  ],
  capFen: 5_000 * Y,
};
