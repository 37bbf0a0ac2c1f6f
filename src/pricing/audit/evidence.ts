/**
 * How each finding is stored (migration 26): only its own figures (x1…x3 per LAYOUT), the view
 * rebuilding the others from the loan's row — or whole, in pricing_audit_finding_wide, when a rebuilt
 * figure would not equal the one the finding was computed with, bit for bit. Pure numbers: runs in
 * the audit worker beside the kernel, so the main thread (which alone appends to DuckDB) only copies.
 */
import { LAYOUT, type Slot } from '../../store/migrations/0026-pricing-evidence.js';
import { FINDING_VALUES, type BatchResult, type LoanBatch } from './batch.js';

const SLOT_CODES: Readonly<Record<Slot, number>> = { APR: 0, EFF: 1, DISC: 2, PRIN: 3, NET: 4, RATIO: 5, GAP: 6, EXCESS: 7, x1: 8, x2: 9, x3: 10 };
const OWN = 8;

/** A layout as numbers: the source of each evidence slot, and the slot of each of x1…x3 (−1 = none). */
export interface CompiledLayout {
  slots: Int8Array;
  extras: readonly [number, number, number];
}

function compile(slots: readonly Slot[]): CompiledLayout {
  return { slots: Int8Array.from(slots, (s) => SLOT_CODES[s]), extras: [slots.indexOf('x1'), slots.indexOf('x2'), slots.indexOf('x3')] };
}

const COMPILED = new Map(LAYOUT.map(([family, slots]) => [family, compile(slots)]));
const NONE = compile([]);

/** The compiled layout of a finding code (cap.overdue.* and cap.* by family). */
export function compiledLayoutOf(code: string): CompiledLayout {
  const family = code.startsWith('cap.overdue.') ? 'cap.overdue' : code.startsWith('cap.') ? 'cap' : code;
  return COMPILED.get(family) ?? NONE;
}

/** Same double as JSON shows it: NaN equals NaN, 0 and −0 differ. */
const same = (a: number, b: number): boolean => (a === b ? a !== 0 || 1 / a === 1 / b : a !== a && b !== b);

/**
 * Whether the view rebuilds the figures values[at … at + slots) of a finding of loan i exactly, from
 * the loan's row and the finding's own figures — with the view's IEEE operations: APR = periodic IRR
 * × 12, RATIO = APR / DISC when DISC > 0, GAP = APR − DISC, EXCESS = APR − x1.
 */
export function rebuilds(layout: CompiledLayout, batch: LoanBatch, r: BatchResult, i: number, values: Float64Array, at: number): boolean {
  const slots = layout.slots;
  const apr = (r.periodicIrr[i] ?? Number.NaN) * 12;
  const disc = batch.disclosed[i] ?? Number.NaN;
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k] ?? OWN;
    if (s >= OWN) continue;
    let d: number;
    if (s === 0) d = apr;
    else if (s === 1) d = r.effective[i] ?? Number.NaN;
    else if (s === 2) d = disc;
    else if (s === 3 || s === 4) {
      d = s === 3 ? (batch.principal[i] ?? Number.NaN) : (r.net[i] ?? Number.NaN);
      // An amount of −0 reads back as 0 from an INTEGER column and as −0 from the wide table: which
      // one the view sees depends on the loan's other amounts, so such a finding is kept whole.
      if (Object.is(d, -0)) return false;
    }
    else if (s === 5) d = disc > 0 ? apr / disc : Number.NaN;
    else if (s === 6) d = apr - disc;
    else d = apr - (layout.extras[0] >= 0 ? (values[at + layout.extras[0]] ?? Number.NaN) : Number.NaN);
    if (!same(d, values[at + k] ?? Number.NaN)) return false;
  }
  return true;
}

/**
 * How the findings of a batch are stored: `lean` the findings (indices) stored by their own figures,
 * with `extras` their x1…x3 column by column (x1 of every lean finding, then x2, then x3; NaN = none);
 * `wide` the findings stored whole.
 */
export interface FindingPlan {
  lean: Int32Array;
  wide: Int32Array;
  extras: Float64Array;
}

/** How each finding of an audited batch is stored. */
export function planFindings(batch: LoanBatch, r: BatchResult): FindingPlan {
  const f = r.findings;
  const layouts = f.codes.map(compiledLayoutOf);
  const lean = new Int32Array(f.count);
  const wide: number[] = [];
  let n = 0;
  for (let k = 0; k < f.count; k++) {
    if (rebuilds(layouts[f.code[k] ?? 0] ?? NONE, batch, r, f.loan[k] ?? 0, f.values, k * FINDING_VALUES)) lean[n++] = k;
    else wide.push(k);
  }
  const extras = new Float64Array(3 * n);
  for (let x = 0; x < 3; x++) {
    const col = extras.subarray(x * n, (x + 1) * n);
    for (let j = 0; j < n; j++) {
      const k = lean[j] ?? 0;
      const slot = (layouts[f.code[k] ?? 0] ?? NONE).extras[x] ?? -1;
      col[j] = slot >= 0 ? (f.values[k * FINDING_VALUES + slot] ?? Number.NaN) : Number.NaN;
    }
  }
  return { lean: lean.subarray(0, n), wide: Int32Array.from(wide), extras };
}
