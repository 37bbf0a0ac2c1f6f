import { describe, expect, it } from 'vitest';
import { textForLevel } from './personal.js';

describe('textForLevel', () => {
  const text = '原告：某某银行股份有限公司。被告：张*，身份证号110***********123X。被告李某1未到庭。';

  it('keeps the store masked forms for the masked level', () => {
    expect(textForLevel(text, 'masked', ['张*'])).toBe(text);
  });

  it('blots out individual names for the hidden level, keeping the length so spans stay valid', () => {
    const out = textForLevel(text, 'hidden', ['张*']);
    expect(out.length).toBe(text.length);
    expect(out).not.toContain('张*');
    expect(out).not.toContain('李某1');
    expect(out).toContain('某某银行股份有限公司');
    expect(out.slice(text.indexOf('张*'), text.indexOf('张*') + 2)).toBe('＊＊');
  });

  it('masks raw identifiers that slipped into a text, for every level', () => {
    expect(textForLevel('电话13812345678', 'masked', [])).toBe('电话138****5678');
  });
});

describe('textForLevel, identifiers', () => {
  it('blots masked ID, phone and card numbers for the hidden level', () => {
    const t = '身份证号110***********123X，电话138****5678，卡号622202******7890。';
    const out = textForLevel(t, 'hidden', []);
    expect(out.length).toBe(t.length);
    expect(out).toBe('身份证号＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊，电话＊＊＊＊＊＊＊＊＊＊＊，卡号＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊。');
  });
});
