/** A stretch of the stored normalized document text: [start, end) UTF-16 offsets and the text itself. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A value extracted from a document with the span it came from. */
export interface Field<T> {
  value: T;
  span: Span;
}

export function spanOf(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

export function field<T>(value: T, text: string, start: number, end: number): Field<T> {
  return { value, span: spanOf(text, start, end) };
}
