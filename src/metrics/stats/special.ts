/**
 * Special functions behind the exact intervals: log-gamma, the regularized incomplete gamma and beta
 * functions and their inverses, and the normal quantile. Written here (no maintained, typed,
 * dependency-free JS library offers all of them with documented accuracy); each is a standard
 * algorithm, cited, and tested against published values.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] ?? 0;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 10_000;

function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  let ap = a;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction for Q(a, x) (modified Lentz; Numerical Recipes §6.2). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaP needs a > 0, got ${a}`);
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaQ needs a > 0, got ${a}`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Density of Gamma(a, 1) at x. */
function gammaDensity(a: number, x: number): number {
  return Math.exp((a - 1) * Math.log(x) - x - logGamma(a));
}

/**
 * Quantile of the Gamma(shape a, scale 1) distribution: the x with P(a, x) = p. Bracketing plus
 * safeguarded Newton steps (bisection whenever Newton leaves the bracket), to ~1e-14 relative.
 * The chi-square quantile with ν degrees of freedom is 2 · gammaQuantile(p, ν/2).
 */
export function gammaQuantile(p: number, a: number): number {
  if (!(a > 0)) throw new RangeError(`gammaQuantile needs a > 0, got ${a}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`gammaQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // Upper-tail form is more accurate when p is near 1.
  const upper = p > 0.5;
  const target = upper ? 1 - p : p;
  const f = (x: number): number => (upper ? target - gammaQ(a, x) : gammaP(a, x) - target);
  let lo = 0;
  let hi = Math.max(1, a);
  while (f(hi) < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  // Wilson–Hilferty start, clamped into the bracket.
  // Start: the small-x series P(a, x) ≈ x^a / Γ(a+1) in the far lower tail, else Wilson–Hilferty.
  const z = normalQuantile(p);
  const wh = a * Math.pow(1 - 1 / (9 * a) + z / (3 * Math.sqrt(a)), 3);
  const small = Math.exp((Math.log(p) + logGamma(a + 1)) / a);
  const start = !upper && small < 0.1 * a ? small : wh;
  let x = start > lo && start < hi ? start : (lo + hi) / 2;
  for (let i = 0; i < 500; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const dens = gammaDensity(a, x);
    let next = dens > 0 ? x - fx / dens : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x) || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}

/** Chi-square quantile with `df` degrees of freedom. */
export function chiSquareQuantile(p: number, df: number): number {
  return 2 * gammaQuantile(p, df / 2);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction for the incomplete beta function (Numerical Recipes §6.4, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function betaInc(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`betaInc needs a, b > 0, got ${a}, ${b}`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Quantile of Beta(a, b): the x with I_x(a, b) = p (safeguarded Newton/bisection on [0, 1]). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`betaQuantile needs a, b > 0, got ${a}, ${b}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  // Start from the normal approximation (mean + z·sd), kept inside (0, 1).
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  const guess = mean + normalQuantile(p) * sd;
  let x = guess > 0 && guess < 1 ? guess : mean;
  const lb = logBeta(a, b);
  for (let i = 0; i < 300; i++) {
    const fx = betaInc(x, a, b) - p;
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const dens = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - lb);
    let next = dens > 0 && Number.isFinite(dens) ? x - fx / dens : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x) || hi - lo <= 1e-14 * hi) return next;
    x = next;
  }
  return x;
}

/* eslint-disable no-loss-of-precision -- the published AS 241 coefficients, kept verbatim */
const AS241_A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const AS241_B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852545925];
const AS241_C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const AS241_D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const AS241_E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const AS241_F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];
/* eslint-enable no-loss-of-precision */

/** Evaluate c0 + c1·x + … + c7·x⁷ (Horner). */
function poly(c: readonly number[], x: number): number {
  let acc = 0;
  for (let i = c.length - 1; i >= 0; i--) acc = acc * x + (c[i] ?? 0);
  return acc;
}

/**
 * Standard normal quantile, Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988),
 * accurate to about 1e-16.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    val = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -val : val;
}

/** Standard normal CDF via the incomplete gamma function: Φ(−|z|) = ½·Q(½, z²/2). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const tail = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? 1 - tail : tail;
}
