/**
 * Kaplan–Meier survival curve from (time, events, censored) counts, with Greenwood variance,
 * log-log pointwise confidence bands (Kalbfleisch–Prentice) and the median with the
 * Brookmeyer–Crowley interval read off those bands. At a tied time, events happen before
 * censorings (the usual convention).
 */
import { normalQuantile } from './special.js';

export interface SurvivalObs {
  time: number;
  events: number;
  censored: number;
}

export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  lower: number;
  upper: number;
  /** Greenwood variance of the survival estimate. */
  variance: number;
}

export interface KmResult {
  n: number;
  events: number;
  steps: KmStep[];
  /** Smallest time with S(t) < ½ (midpoint of a flat stretch at exactly ½); null when S stays above ½. */
  median: number | null;
  medianLower: number | null;
  /** null = not reached (the upper band never falls to ½). */
  medianUpper: number | null;
  level: number;
}

/** Group raw (time, event) pairs into counts per time. */
export function groupSurvival(times: readonly number[], events: readonly boolean[]): SurvivalObs[] {
  const m = new Map<number, SurvivalObs>();
  times.forEach((t, i) => {
    const o = m.get(t) ?? { time: t, events: 0, censored: 0 };
    if (events[i]) o.events += 1;
    else o.censored += 1;
    m.set(t, o);
  });
  return [...m.values()].sort((a, b) => a.time - b.time);
}

export function kaplanMeier(obs: readonly SurvivalObs[], level = 0.95): KmResult {
  // Merge observations at the same time (events before censorings at a tie).
  const merged = new Map<number, SurvivalObs>();
  for (const o of obs) {
    const m = merged.get(o.time) ?? { time: o.time, events: 0, censored: 0 };
    m.events += o.events;
    m.censored += o.censored;
    merged.set(o.time, m);
  }
  const sorted = [...merged.values()].sort((a, b) => a.time - b.time);
  const n = sorted.reduce((s, o) => s + o.events + o.censored, 0);
  const z = normalQuantile(1 - (1 - level) / 2);
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  let totalEvents = 0;
  const steps: KmStep[] = [];
  for (const o of sorted) {
    if (o.events > 0 && atRisk > 0) {
      s *= (atRisk - o.events) / atRisk;
      if (atRisk > o.events) greenwood += o.events / (atRisk * (atRisk - o.events));
      totalEvents += o.events;
      let lower = 0;
      let upper = 1;
      if (s > 0 && s < 1) {
        const se = Math.sqrt(greenwood) / Math.abs(Math.log(s));
        lower = Math.pow(s, Math.exp(z * se));
        upper = Math.pow(s, Math.exp(-z * se));
      } else if (s === 1) {
        lower = 1;
      }
      steps.push({ time: o.time, atRisk, events: o.events, censored: o.censored, survival: s, lower, upper, variance: s * s * greenwood });
    } else if (steps.length > 0 || o.censored > 0) {
      steps.push({ time: o.time, atRisk, events: 0, censored: o.censored, survival: s, lower: steps[steps.length - 1]?.lower ?? 1, upper: steps[steps.length - 1]?.upper ?? 1, variance: s * s * greenwood });
    }
    atRisk -= o.events + o.censored;
  }
  const eventSteps = steps.filter((st) => st.events > 0);
  const firstBelow = (f: (st: KmStep) => number): number | null => {
    for (let i = 0; i < eventSteps.length; i++) {
      const st = eventSteps[i];
      if (!st) continue;
      const v = f(st);
      if (v < 0.5) return st.time;
      if (Math.abs(v - 0.5) < 1e-12) {
        const next = eventSteps[i + 1];
        return next ? (st.time + next.time) / 2 : st.time;
      }
    }
    return null;
  };
  return {
    n,
    events: totalEvents,
    steps,
    median: firstBelow((st) => st.survival),
    medianLower: firstBelow((st) => st.lower),
    medianUpper: firstBelow((st) => st.upper),
    level,
  };
}
