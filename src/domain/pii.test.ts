import { describe, expect, it } from 'vitest';
import { luhnValid, maskBankCard, maskMobile, maskName, maskResidentId, pseudonymize, residentIdCheckChar, validateBankCard, validateMobile, validateResidentId } from './pii.js';

describe('resident ID numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // GB 11643-1999 example: 11010519491231002X
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });
  it('accepts a valid number and derives province, birth date and sex', () => {
    expect(validateResidentId('11010519491231002x')).toEqual({ ok: true, value: { normalized: '11010519491231002X', provinceCode: '11', birthDate: '1949-12-31', sex: 'F' } });
  });
  it('rejects a wrong check digit, an impossible birth date and an unknown province', () => {
    expect(validateResidentId('110105194912310021')).toEqual({ ok: false, reason: 'resident ID check digit does not match (ISO 7064 MOD 11-2)' });
    expect(validateResidentId('110105194902300020').ok).toBe(false);
    expect(validateResidentId('990105194912310020')).toEqual({ ok: false, reason: 'resident ID has an unknown province code 99' });
  });
  it('masks as first 3 and last 4', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
  });
});

describe('mobile, card, name', () => {
  it('normalizes mobile numbers with a country prefix and masks them', () => {
    expect(validateMobile('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(validateMobile('12812345678').ok).toBe(false);
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
  it('checks bank cards with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(validateBankCard('4111 1111 1111 1112')).toEqual({ ok: false, reason: 'bank card number fails the Luhn check' });
    expect(maskBankCard('6222021234567890')).toBe('622202******7890');
  });
  it('masks names to the surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
  it('pseudonymizes with a key: stable per key, different across keys and kinds', () => {
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    const a = pseudonymize(k1, 'phone', '13812345678');
    expect(a).toHaveLength(32);
    expect(pseudonymize(k1, 'phone', '13812345678')).toBe(a);
    expect(pseudonymize(k2, 'phone', '13812345678')).not.toBe(a);
    expect(pseudonymize(k1, 'name', '13812345678')).not.toBe(a);
  });
});
