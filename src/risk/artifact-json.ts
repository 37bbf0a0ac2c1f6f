/**
 * JSON text for model artifacts. JavaScript writes every finite double in its shortest round-trip
 * form and parses it back to the identical value, so a saved model scores identically after reload.
 * JSON has no NaN/±Infinity: they are written as {"$num": "NaN" | "Infinity" | "-Infinity"} and
 * restored on load (a plain string "NaN", e.g. a category level, stays a string). −0 is written as 0.
 * Typed arrays are written as plain arrays.
 */
const TAG = '$num';

export function encodeArtifact(value: unknown, pretty = false): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { [TAG]: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    pretty ? 1 : undefined,
  );
}

const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

export function decodeArtifact(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tag = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof tag === 'string' && tag in SPECIAL) return SPECIAL[tag];
    }
    return v;
  });
}

/** Any JavaScript number, including NaN and ±Infinity (zod's number() rejects them). */
export function isAnyNumber(v: unknown): v is number {
  return typeof v === 'number';
}
