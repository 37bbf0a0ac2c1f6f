import { describe, expect, it } from 'vitest';
import { allocate, formatYuan, parseYuan, roundHalfUp, yuanToFen } from './money.js';

describe('money', () => {
  it('rounds halves away from zero, including binary-noise halves', () => {
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(-2.5)).toBe(-3);
    expect(roundHalfUp(1.005 * 100)).toBe(101);
    expect(yuanToFen(8833.335)).toBe(883334);
  });
  it('parses exported yuan amounts into fen', () => {
    expect(parseYuan('1,234.56')).toEqual({ ok: true, fen: 123456 });
    expect(parseYuan('￥1000')).toEqual({ ok: true, fen: 100000 });
    expect(parseYuan('人民币 88.5元')).toEqual({ ok: true, fen: 8850 });
    expect(parseYuan('-0.005')).toEqual({ ok: true, fen: -1 });
    expect(parseYuan('12.345')).toEqual({ ok: true, fen: 1235 });
    expect(parseYuan('1.2万').ok).toBe(false);
    expect(parseYuan('').ok).toBe(false);
  });
  it('formats fen and allocates exactly', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
});
