/**
 * The generated data of the boosting speed benchmarks (bench/risk/speed.ts, bench/risk/scoring.ts):
 * seeded mixtures of normal, uniform, skewed and discrete features, 5 % missing in every fifth one,
 * and a logistic label. Row-major float64 (what the Python peer reads from a file).
 */
import { makeFrame, numericColumn, type LabeledFrame } from '../../src/risk/frame/frame.js';
import { makeRng } from '../../src/risk/rng.js';

export function generate(n: number, f: number): { x: Float64Array; y: Uint8Array } {
  const rng = makeRng(7);
  const x = new Float64Array(n * f);
  const y = new Uint8Array(n);
  const w = Array.from({ length: f }, (_, j) => (j % 3 === 0 ? 0.6 : j % 3 === 1 ? -0.4 : 0.15) / Math.sqrt(1 + j / 10));
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  for (let i = 0; i < n; i++) {
    let z = -2;
    for (let j = 0; j < f; j++) {
      const kind = j % 4;
      let v = kind === 0 ? normal() : kind === 1 ? rng.next() * 4 - 2 : kind === 2 ? Math.exp(normal()) - 1.6 : Math.floor(rng.next() * 8) - 4;
      z += (w[j] as number) * (j % 5 === 4 ? v * v * 0.5 - 0.5 : v);
      if (j % 5 === 0 && rng.next() < 0.05) v = Number.NaN;
      x[i * f + j] = v;
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y };
}

/** Column-oriented frame f0 … f{F−1} of the row-major values. */
export function frameOf(x: Float64Array, y: Uint8Array, n: number, f: number): LabeledFrame {
  const cols = Array.from({ length: f }, (_, j) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = x[i * f + j] as number;
    return numericColumn(`f${j}`, v);
  });
  return { frame: makeFrame(cols), target: y, targetName: 'y' };
}

/** A numeric command-line option `--name value`, or `def`. */
export function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
