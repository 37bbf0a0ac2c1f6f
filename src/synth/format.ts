/** Text forms of values in the generated files: yuan with two decimals, decimal rates, ISO dates. */
import type { Fen } from '../domain/money.js';

/** 123456 fen → '1234.56' (no separators, as import files expect). */
export function fen(x: Fen): string {
  const neg = x < 0;
  const a = Math.abs(x);
  const y = Math.floor(a / 100);
  const c = a - y * 100;
  return `${neg ? '-' : ''}${y}.${c < 10 ? '0' : ''}${c}`;
}

/** A rate as a decimal with at most 6 places: 0.1825, 0.0005. */
export function rate(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
