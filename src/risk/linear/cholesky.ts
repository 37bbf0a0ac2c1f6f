/** Dense symmetric positive-definite solves (Cholesky, row-major p×p). */

/** In-place Cholesky factor L (lower) of A; returns false if A is not positive definite. */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * p + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
      a[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solve L Lᵀ x = b given the factor from {@link choleskyInPlace}. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = y[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  return y;
}

/** Diagonal of A⁻¹ from the factor (for standard errors). */
export function inverseDiagonal(l: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    out[j] = choleskySolve(l, p, e)[j] as number;
  }
  return out;
}
