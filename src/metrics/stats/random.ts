/**
 * Seeded random numbers for reproducible bootstraps (the same inputs and seed always give the same
 * interval): SplitMix32 seeding a xoshiro128** generator, normal variates by Box–Muller and gamma
 * variates by Marsaglia–Tsang (with the U^(1/a) boost for shapes below 1).
 */

export interface Rng {
  /** Uniform in (0, 1). */
  next(): number;
}

export function seededRng(seed: number): Rng {
  let x = seed >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [split(), split(), split(), split()];
  const rotl = (v: number, k: number): number => ((v << k) | (v >>> (32 - k))) >>> 0;
  return {
    next(): number {
      const s0 = s[0] ?? 0;
      const s1 = s[1] ?? 0;
      const s2 = s[2] ?? 0;
      const s3 = s[3] ?? 0;
      const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
      const t = (s1 << 9) >>> 0;
      const n2 = (s2 ^ s0) >>> 0;
      const n3 = (s3 ^ s1) >>> 0;
      s[1] = (s1 ^ n2) >>> 0;
      s[0] = (s0 ^ n3) >>> 0;
      s[2] = (n2 ^ t) >>> 0;
      s[3] = rotl(n3, 11);
      return (result + 0.5) / 4294967296;
    },
  };
}

export function normalVariate(rng: Rng): number {
  const u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) variate. */
export function gammaVariate(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gammaVariate(rng, shape + 1) * Math.pow(rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalVariate(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Empirical quantile (type 7, as R's default) of a sorted array. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (h - lo) * (b - a);
}
