/**
 * Points scaling: score = offset + factor · ln(odds good:bad), factor = PDO / ln 2,
 * offset = baseScore − factor · ln(baseOdds). With logit(PD) = b₀ + Σ bⱼ·WOEⱼ this gives
 * score = (offset − factor·b₀) + Σ (−factor · bⱼ · WOEⱼ): base points plus points per bin.
 */
import { roundHalfUp } from '../../domain/money.js';
import type { ScalingOptions } from './types.js';

export function scalingConstants(s: ScalingOptions): { factor: number; offset: number } {
  if (!(s.pdo > 0)) throw new RangeError('PDO must be positive');
  if (!(s.baseOdds > 0)) throw new RangeError('base odds must be positive');
  const factor = s.pdo / Math.LN2;
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) };
}

export function roundPoints(x: number, decimals: number | null): number {
  if (decimals === null) return x;
  const m = 10 ** decimals;
  return roundHalfUp(x * m) / m;
}

/** PD implied by a score under the scaling. */
export function pdFromScore(score: number, factor: number, offset: number): number {
  return 1 / (1 + Math.exp((score - offset) / factor));
}
