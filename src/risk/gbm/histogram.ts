/**
 * Gradient/hessian histograms: for each feature and bin, the sums of g and h over a node's rows,
 * interleaved in one Float64Array at ((feature · 256 + bin) · 2). Building costs one pass over the
 * node's rows; a sibling's histogram is the parent's minus the other child's (subtraction trick).
 */
export const HIST_STRIDE = 512; // 256 bins × (g, h)

export function newHistogram(nFeatures: number): Float64Array {
  return new Float64Array(nFeatures * HIST_STRIDE);
}

/**
 * Accumulate rows[start..end) into `hist` for the listed features (hist must be zeroed on those).
 * `bins` is the row-major n × F matrix.
 */
export function buildHistogram(hist: Float64Array, bins: Uint8Array, F: number, grad: Float64Array, hess: Float64Array, rows: Uint32Array, start: number, end: number, features: Int32Array): void {
  const nA = features.length;
  if (nA === F) {
    for (let r = start; r < end; r++) {
      const i = rows[r] as number;
      const g = grad[i] as number;
      const h = hess[i] as number;
      const base = i * F;
      for (let f = 0; f < F; f++) {
        const o = ((f << 8) | (bins[base + f] as number)) << 1;
        hist[o] = (hist[o] as number) + g;
        hist[o + 1] = (hist[o + 1] as number) + h;
      }
    }
    return;
  }
  for (let r = start; r < end; r++) {
    const i = rows[r] as number;
    const g = grad[i] as number;
    const h = hess[i] as number;
    const base = i * F;
    for (let k = 0; k < nA; k++) {
      const f = features[k] as number;
      const o = ((f << 8) | (bins[base + f] as number)) << 1;
      hist[o] = (hist[o] as number) + g;
      hist[o + 1] = (hist[o + 1] as number) + h;
    }
  }
}

/** out = parent − child on the listed features. */
export function subtractHistogram(out: Float64Array, parent: Float64Array, child: Float64Array, features: Int32Array): void {
  for (let k = 0; k < features.length; k++) {
    const from = (features[k] as number) * HIST_STRIDE;
    for (let o = from; o < from + HIST_STRIDE; o++) out[o] = (parent[o] as number) - (child[o] as number);
  }
}

export function clearHistogram(hist: Float64Array, features: Int32Array): void {
  for (let k = 0; k < features.length; k++) {
    const from = (features[k] as number) * HIST_STRIDE;
    hist.fill(0, from, from + HIST_STRIDE);
  }
}
