/**
 * Money is integer fen (1 yuan = 100 fen) everywhere: BIGINT in storage, a safe-integer `number`
 * in TypeScript (2^53 fen ≈ 90 trillion yuan, far beyond any loan book). Rounding is explicit and
 * half away from zero (四舍五入), the Chinese convention — never banker's rounding.
 */
export type Fen = number;

const FEN_PER_YUAN = 100;

/** Round a real number to the nearest integer, halves away from zero, tolerant of binary noise. */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot round a non-finite number: ${x}`);
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const floor = Math.floor(a);
  // 1e-9 absorbs representation error such as 100.49999999999999 for 1.005 * 100.
  const up = a - floor >= 0.5 - 1e-9 ? 1 : 0;
  const r = sign * (floor + up);
  return r === 0 ? 0 : r;
}

/** yuan (possibly fractional, e.g. a computed amount) → fen, rounded half up. */
export function yuanToFen(yuan: number): Fen {
  return roundHalfUp(yuan * FEN_PER_YUAN);
}

export function fenToYuan(fen: Fen): number {
  return fen / FEN_PER_YUAN;
}

export type ParseMoneyResult = { ok: true; fen: Fen } | { ok: false; reason: string };

const MONEY_RE = /^([+-])?(\d{1,16}|\d{1,3}(?:,\d{3}){1,5})(?:\.(\d+))?$/;

/**
 * Parse a decimal yuan amount as written in exports: `1234.56`, `1,234.56`, `¥1234`, `￥1,000.00`,
 * `1234.56元`, `人民币1234元`, `RMB 1234`. Decimal string arithmetic (no floats); more than two
 * decimals are rounded half up to the fen. Amounts in 万元 or Chinese numerals are the court-text
 * parser's business, not this one's.
 */
export function parseYuan(text: string): ParseMoneyResult {
  let s = text.trim().replace(/[\s\u00a0\u3000]/g, '');
  if (s === '') return { ok: false, reason: 'empty amount' };
  s = s.replace(/^(人民币|RMB|CNY)/i, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  s = s.replace(/，/g, ',').replace(/．/g, '.');
  const m = MONEY_RE.exec(s);
  if (!m) return { ok: false, reason: `not a decimal amount: "${text.slice(0, 40)}"` };
  const negative = m[1] === '-';
  const intPart = (m[2] ?? '0').replace(/,/g, '');
  const frac = m[3] ?? '';
  let fen = Number(intPart) * FEN_PER_YUAN + Number((frac + '00').slice(0, 2));
  const rest = frac.slice(2);
  if (rest !== '' && Number(rest[0]) >= 5) fen += 1;
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: `amount too large: "${text.slice(0, 40)}"` };
  return { ok: true, fen: negative && fen !== 0 ? -fen : fen };
}

/** Format fen as yuan with thousands separators and two decimals: 123456 → "1,234.56". */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / FEN_PER_YUAN);
  const cents = abs % FEN_PER_YUAN;
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents.toString().padStart(2, '0')}`;
}

/** Allocate `total` fen over weights so the parts are integers that sum exactly to `total`. */
export function allocate(total: Fen, weights: readonly number[]): Fen[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new RangeError('allocate: weights must have a positive sum');
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.floor(r));
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) {
    const idx = order[k]?.i ?? 0;
    parts[idx] = (parts[idx] ?? 0) + 1;
  }
  return parts;
}
