/** Small helpers over normalized document text. */
import type { Span } from './span.js';

export interface Segment {
  start: number;
  end: number;
  text: string;
}

/** Split into sentences ending at 。！？ or a newline (the terminator stays with the sentence). */
export function sentences(text: string, from = 0, to = text.length): Segment[] {
  const out: Segment[] = [];
  let s = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '。' || c === '\n' || c === '！' || c === '？') {
      if (i + 1 > s) out.push({ start: s, end: i + 1, text: text.slice(s, i + 1) });
      s = i + 1;
    }
  }
  if (s < to) out.push({ start: s, end: to, text: text.slice(s, to) });
  return out;
}

/** Split into lines (without the newline). */
export function lines(text: string, from = 0, to = text.length): Segment[] {
  const out: Segment[] = [];
  let s = from;
  for (let i = from; i < to; i++) {
    if (text[i] === '\n') {
      out.push({ start: s, end: i, text: text.slice(s, i) });
      s = i + 1;
    }
  }
  if (s < to) out.push({ start: s, end: to, text: text.slice(s, to) });
  return out;
}

/** The sentence containing offset `at`. */
export function sentenceAt(text: string, at: number): Segment {
  let s = at;
  while (s > 0 && !'。\n！？'.includes(text[s - 1] ?? '')) s--;
  let e = at;
  while (e < text.length && !'。\n！？'.includes(text[e] ?? '')) e++;
  if (e < text.length) e++;
  return { start: s, end: e, text: text.slice(s, e) };
}

export function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

/** First match of `re` (global or sticky flags are ignored) at or after `from`, before `to`. */
export function searchFrom(text: string, re: RegExp, from = 0, to = text.length): RegExpExecArray | null {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  g.lastIndex = from;
  const m = g.exec(text);
  if (!m || m.index >= to) return null;
  return m;
}

/** Last match of `re` in [from, to). */
export function searchLast(text: string, re: RegExp, from = 0, to = text.length): RegExpExecArray | null {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  g.lastIndex = from;
  let last: RegExpExecArray | null = null;
  let m: RegExpExecArray | null;
  while ((m = g.exec(text)) !== null && m.index < to) {
    last = m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return last;
}

/** Remove text inside Chinese double quotes “…” (quoted earlier judgments), keeping offsets (replaced by spaces). */
export function blankQuotes(text: string): string {
  let out = '';
  let depth = 0;
  for (const c of text) {
    if (c === '“') depth++;
    if (depth > 0) out += c.length === 2 ? '  ' : ' ';
    else out += c;
    if (c === '”' && depth > 0) depth--;
  }
  return out;
}
