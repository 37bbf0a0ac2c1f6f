/**
 * Bound parameters for compiled SQL: every value a user can influence goes through here as `$n`
 * (DuckDB numbered parameters, reusable), never spliced into the text. Identical values share one
 * number, so a date used in ten places is bound once.
 */
import type { SqlParam } from '../../store/sql.js';

export class SqlParams {
  private readonly values: SqlParam[] = [];
  private readonly index = new Map<string, number>();

  private add(key: string, value: SqlParam): number {
    const found = this.index.get(key);
    if (found !== undefined) return found;
    this.values.push(value);
    const n = this.values.length;
    this.index.set(key, n);
    return n;
  }

  /** A DATE parameter ('YYYY-MM-DD'). */
  date(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new RangeError(`not an ISO date: ${value}`);
    return `$${this.add(`d:${value}`, value)}::DATE`;
  }

  text(value: string): string {
    return `$${this.add(`s:${value}`, value)}::VARCHAR`;
  }

  int(value: number): string {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    return `$${this.add(`i:${value}`, value)}::BIGINT`;
  }

  /** `(p1, p2, …)` for IN lists of text. */
  textList(values: readonly string[]): string {
    if (values.length === 0) throw new RangeError('empty IN list');
    return `(${values.map((v) => this.text(v)).join(', ')})`;
  }

  list(): SqlParam[] {
    return [...this.values];
  }
}
