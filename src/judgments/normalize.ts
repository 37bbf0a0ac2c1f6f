/**
 * Text normalization for court documents. One linear pass over the input:
 * - HTML entities decoded (&permil; → ‰, &#x4E00; → 一);
 * - full-width ASCII forms folded (１２３ → 123, ％ → %, ｌ → l) while Chinese punctuation is made
 *   canonical full-width (, : ; ( ) ! ? between Chinese text → ，：；（）！？), except inside numbers
 *   (10，000 → 10,000; 15:35 stays);
 * - whitespace: CR, NBSP, ideographic spaces and tabs become spaces; spaces between Chinese
 *   characters or digits are dropped (民 事 判 决 书 → 民事判决书), other runs become one space;
 *   lines are trimmed and blank lines dropped; zero-width and control characters removed;
 * - traditional characters converted to simplified (opencc-js) when the text contains them.
 * The result keeps, for every output character, the offset of the input character it came from, so
 * spans found in the normalized text can be mapped back to the source.
 */
import { decodeHTML } from 'entities';
import { Converter } from 'opencc-js/t2cn';

export interface NormalizedText {
  text: string;
  /** sourceIndex[i] = offset in the input of output character i. */
  sourceIndex: Int32Array;
  /** True when traditional characters were converted. */
  convertedTraditional: boolean;
}

const FULLWIDTH_KEEP = new Set([0xff0c, 0xff1a, 0xff1b, 0xff08, 0xff09, 0xff01, 0xff1f, 0xff3b, 0xff3d, 0xff1c, 0xff1e]);
const ASCII_TO_FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '!': '！', '?': '？' };

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xffef) || code === 0x25cb || code === 0x2030 || code === 0xd7;
}

/** Characters around which spaces are dropped. */
function isTight(c: string | undefined): boolean {
  if (c === undefined) return false;
  return isCjk(c.charCodeAt(0)) || isDigit(c) || c === '%' || c === '.';
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x3000 || code === 0x0b || code === 0x0c || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f;
}

function isDropped(code: number): boolean {
  return code === 0x200b || code === 0x200c || code === 0x200d || code === 0xfeff || code === 0x0d || (code < 0x20 && code !== 0x0a && !isSpace(code)) || code === 0x7f;
}

/** Fold one character (already known not to be a space or dropped). */
function foldChar(ch: string, code: number): string {
  if (code >= 0xff01 && code <= 0xff5e && !FULLWIDTH_KEEP.has(code)) return String.fromCharCode(code - 0xfee0);
  if (code === 0x25cb || code === 0x3007) return '〇';
  if (code === 0x2014 || code === 0x2013 || code === 0x2212) return ch;
  return ch;
}

const ENTITY_RE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/y;

/** Frequent traditional-only characters in court documents; three or more trigger conversion. */
const TRADITIONAL_HINTS = new Set(Array.from('書號決審當與為請於們個這來時後對說會國區縣貸銀執訴訟費違約債務權員條規額幣計證據關係聯認賠償擔還應從該義難實歸準舉錢滯納專辦買賣營經濟驗療醫雙變屬體處屆團灣裝讓長張門開間問電話車馬東見現進過運邊產業動勞萬並設許試語讀貨質購資農轉輸鄉郵釋鐘鐵錯陽際陳隨險雖雲靜頁項順預領頭題顧風飛髮鬥魚鳥麥黃齊龍廣書記員'));

let t2s: ((s: string) => string) | null = null;

function toSimplified(text: string): string {
  const conv = t2s ?? Converter({ from: 't', to: 'cn' });
  t2s = conv;
  const out = conv(text);
  if (out.length === text.length) return out;
  // Phrase conversion changed the length: convert character by character to keep offsets.
  let s = '';
  for (const ch of text) {
    const c = conv(ch);
    s += c.length === ch.length ? c : ch;
  }
  return s;
}

const TRADITIONAL_TABLE = new Uint8Array(0x10000);
for (const c of TRADITIONAL_HINTS) TRADITIONAL_TABLE[c.charCodeAt(0)] = 1;

function hasTraditional(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (TRADITIONAL_TABLE[text.charCodeAt(i)] === 1) {
      n += 1;
      if (n >= 3) return true;
    }
  }
  return false;
}

class Builder {
  readonly codes: Uint16Array;
  readonly src: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.src = new Int32Array(capacity);
  }
  pushCode(code: number, at: number): void {
    if (this.n < this.codes.length) {
      this.codes[this.n] = code;
      this.src[this.n] = at;
      this.n += 1;
    }
  }
  push(ch: string, at: number): void {
    for (let k = 0; k < ch.length && this.n < this.codes.length; k++) {
      this.codes[this.n] = ch.charCodeAt(k);
      this.src[this.n] = at;
      this.n += 1;
    }
  }
  last(): string | undefined {
    return this.n === 0 ? undefined : String.fromCharCode(this.codes[this.n - 1] ?? 0);
  }
  pop(): void {
    if (this.n > 0) this.n -= 1;
  }
  text(): string {
    return new TextDecoder('utf-16le').decode(this.codes.subarray(0, this.n));
  }
}

/** Decode an entity at `i` (the '&'), or return null. */
function entityAt(input: string, i: number): { value: string; length: number } | null {
  ENTITY_RE.lastIndex = i;
  const m = ENTITY_RE.exec(input);
  if (!m) return null;
  const value = decodeHTML(m[0]);
  return value === m[0] ? null : { value, length: m[0].length };
}

/** The next non-space, non-dropped input character after `i`, folded. */
function peekNext(input: string, i: number): string | undefined {
  for (let j = i; j < input.length && j < i + 64; j++) {
    const code = input.charCodeAt(j);
    if (isSpace(code) || isDropped(code)) continue;
    if (code === 0x0a) return '\n';
    return foldChar(input[j] ?? '', code);
  }
  return undefined;
}

function pushPunct(b: Builder, ch: string, at: number, input: string, i: number): void {
  const prev = b.last();
  const next = peekNext(input, i + 1);
  if (ch === ',' || ch === '，') {
    // 10,000 / 10，000 keep a thousands separator only when three digits follow.
    const three = /^[0-9]{3}(?![0-9])/.test(input.slice(i + 1, i + 5).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
    b.push(isDigit(prev) && three ? ',' : '，', at);
    return;
  }
  if (ch === ':' && isDigit(prev) && isDigit(next)) {
    b.push(':', at);
    return;
  }
  b.push(ASCII_TO_FULL[ch] ?? ch, at);
}

function pushSpace(b: Builder, input: string, i: number, at: number): void {
  const prev = b.last();
  if (prev === undefined || prev === '\n' || prev === ' ') return;
  const next = peekNext(input, i);
  if (next === undefined || next === '\n') return;
  if (isTight(prev) && isTight(next) && !(isDigit(prev) && isDigit(next))) return;
  b.push(' ', at);
}

function pushNewline(b: Builder, at: number): void {
  while (b.last() === ' ') b.pop();
  const prev = b.last();
  if (prev === undefined || prev === '\n') return;
  b.push('\n', at);
}

/** Normalize `input` (see module comment). Pure; linear time. */
export function normalizeText(input: string): NormalizedText {
  const b = new Builder(input.length + 16);
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    // Fast path: Chinese characters and ASCII letters/digits pass through unchanged.
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x3002 || code === 0x2e || code === 0x25) {
      b.pushCode(code, i);
      continue;
    }
    let ch = input[i] ?? '';
    if (code === 0x26) {
      const ent = entityAt(input, i);
      if (ent) {
        for (const c of ent.value) {
          const cc = c.charCodeAt(0);
          if (isSpace(cc)) pushSpace(b, input, i + ent.length, i);
          else if (!isDropped(cc)) b.push(foldChar(c, cc), i);
        }
        i += ent.length - 1;
        continue;
      }
    }
    if (code === 0x0a || code === 0x2028 || code === 0x2029 || code === 0x85) {
      pushNewline(b, i);
      continue;
    }
    if (isDropped(code)) continue;
    if (isSpace(code)) {
      let j = i;
      while (j + 1 < input.length && (isSpace(input.charCodeAt(j + 1)) || isDropped(input.charCodeAt(j + 1)))) j++;
      pushSpace(b, input, j + 1, i);
      i = j;
      continue;
    }
    ch = foldChar(ch, code);
    if (ch in ASCII_TO_FULL || ch === '，') {
      pushPunct(b, ch, i, input, i);
      continue;
    }
    b.push(ch, i);
  }
  while (b.last() === ' ' || b.last() === '\n') b.pop();
  let text = b.text();
  let converted = false;
  if (hasTraditional(text)) {
    text = toSimplified(text);
    converted = true;
  }
  return { text, sourceIndex: b.src.slice(0, b.n), convertedTraditional: converted };
}
