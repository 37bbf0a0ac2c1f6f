/**
 * Seeded pseudo-random numbers for the synthetic book. sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, passes PractRand) seeded through splitmix32, so any (seed,
 * stream, index) triple gives an independent, reproducible stream: the same seed always yields the
 * same book, byte for byte, whatever the platform. No Math.random, no clock.
 */

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, s];
}

/** Mix several 32-bit integers into one (order-sensitive). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const [first] = splitmix32((h ^ (p >>> 0)) | 0);
    const [out] = splitmix32((first ^ Math.imul(h, 0x01000193)) | 0);
    h = out;
  }
  return h >>> 0;
}

/** 32-bit FNV-1a hash of a string (for naming streams: 'loan', 'customer', …). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed | 0;
    let v: number;
    [v, s] = splitmix32(s);
    this.a = v;
    [v, s] = splitmix32(s);
    this.b = v;
    [v, s] = splitmix32(s);
    this.c = v;
    [v] = splitmix32(s);
    this.d = v;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A stream derived from (seed, stream name, index). */
  static derive(seed: number, stream: string, index = 0): Rng {
    return new Rng(mixSeed(seed, hashString(stream), index));
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    const x = items[Math.floor(this.next() * items.length)];
    if (x === undefined) throw new RangeError('pick from an empty list');
    return x;
  }

  /** Index drawn with probability proportional to weights (non-negative, positive sum). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Key of a record drawn with probability proportional to its value. */
  weightedKey<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    return keys[this.weightedIndex(keys.map((k) => weights[k]))] as K;
  }
}

/** Precomputed cumulative weights for fast repeated draws (binary search). */
export class WeightedTable<T> {
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(readonly items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('WeightedTable: items and weights must be non-empty and equal in length');
    this.cum = new Float64Array(weights.length);
    let s = 0;
    weights.forEach((w, i) => {
      s += w;
      this.cum[i] = s;
    });
    this.total = s;
  }

  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cum[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
