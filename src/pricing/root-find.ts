/**
 * Bracketed root finding: Brent's method (inverse quadratic interpolation with bisection safeguard,
 * as in Brent 1973 "zeroin"), used as the fallback of the IRR solvers and for the Regulation Z
 * equation. Plain numbers, no allocation in the loop.
 */

export interface BrentResult {
  root: number;
  iterations: number;
  converged: boolean;
}

/**
 * Find x in [a, b] with f(x) = 0, given f(a) and f(b) of opposite signs (or one of them zero).
 * `xtol` is absolute; relative precision is 4·eps·|x| on top of it.
 */
export function brent(f: (x: number) => number, a: number, b: number, xtol = 1e-14, maxIter = 200): BrentResult {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };
  if (!(fa * fb < 0)) return { root: Number.NaN, iterations: 0, converged: false };
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 1; iter <= maxIter; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { root: b, iterations: iter, converged: true };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return { root: b, iterations: maxIter, converged: false };
}

/**
 * Sign changes of `f` on a grid over [lo, hi] with `steps` intervals: the brackets Brent can refine.
 * Points where f is not finite are skipped.
 */
export function scanBrackets(f: (x: number) => number, lo: number, hi: number, steps: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let px = lo;
  let pf = f(lo);
  if (pf === 0) out.push([lo, lo]);
  for (let k = 1; k <= steps; k++) {
    const x = lo + ((hi - lo) * k) / steps;
    const fx = f(x);
    if (!Number.isFinite(fx)) continue;
    if (fx === 0) out.push([x, x]);
    else if (Number.isFinite(pf) && pf !== 0 && pf * fx < 0) out.push([px, x]);
    px = x;
    pf = fx;
  }
  return out;
}
