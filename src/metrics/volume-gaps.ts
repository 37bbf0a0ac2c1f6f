/**
 * Periods of a rate series that have lawsuits but no business volume (exposure 0): a window that runs
 * past the last origination in the data (a run-off book, or an export that stops early). Summed into
 * a window's rate, their disputes sit over no loans and overstate it; the dashboard says so.
 */
export interface VolumePoint {
  period: string;
  events: number;
  exposure: number;
}

export interface VolumeGaps {
  /** Periods (as in the series) inside the window with events but no exposure. */
  periods: string[];
  /** Their disputes. */
  events: number;
}

/** Gaps among `points` whose period lies in [from, to] (periods compared by their first 7 characters, YYYY-MM). */
export function volumeGaps(points: readonly VolumePoint[], window: { from: string; to: string }): VolumeGaps {
  const lo = window.from.slice(0, 7);
  const hi = window.to.slice(0, 7);
  const gaps = points.filter((p) => p.period.slice(0, 7) >= lo && p.period.slice(0, 7) <= hi && p.exposure === 0 && p.events > 0);
  return { periods: gaps.map((p) => p.period), events: gaps.reduce((s, p) => s + p.events, 0) };
}
