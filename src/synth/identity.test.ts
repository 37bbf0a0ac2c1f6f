import { describe, expect, it } from 'vitest';
import { validateBankCard, validateMobile, validatePersonName, validateResidentId } from '../domain/pii.js';
import { PROVINCES } from '../domain/regions.js';
import { customerContext, newCustomer, ageAt } from './customers.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { DISTRICTS_BY_PROVINCE } from './geography.js';
import { bankCard, luhnCheckDigit, mobileNumber, residentId } from './identity.js';
import { Rng } from './prng.js';

describe('generated identifiers are valid', () => {
  const ctx = customerContext(DEFAULT_CALIBRATION);
  const rng = new Rng(20240601);
  const customers = Array.from({ length: 3000 }, (_, i) => newCustomer(rng, ctx, i, `C${i}`, 'INS001', '2023-03-15'));

  it('resident ID numbers pass the ISO 7064 MOD 11-2 check and encode birth date, sex and a real province', () => {
    for (const c of customers) {
      const v = validateResidentId(c.idNumber);
      expect(v.ok, c.idNumber).toBe(true);
      if (!v.ok) continue;
      expect(v.value.sex).toBe(c.sex);
      expect(v.value.provinceCode).toBe(c.district.provinceCode);
      expect(c.idNumber.slice(0, 6)).toBe(c.district.code);
      const age = ageAt(c.birthDate, '2023-03-15');
      expect(age).toBeGreaterThanOrEqual(20);
      expect(age).toBeLessThanOrEqual(60);
    }
  });

  it('mobile numbers are 1[3-9] + 9 digits; bank cards pass Luhn; names validate', () => {
    for (const c of customers) {
      expect(validateMobile(c.phone).ok, c.phone).toBe(true);
      expect(validateBankCard(c.card).ok, c.card).toBe(true);
      expect(validatePersonName(c.name).ok, c.name).toBe(true);
    }
  });

  it('ID numbers and mobile numbers never repeat', () => {
    expect(new Set(customers.map((c) => c.idNumber)).size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.phone.slice(3))).size).toBe(customers.length);
  });

  it('customers come from all 31 provinces', () => {
    expect(new Set(customers.map((c) => c.district.provinceCode)).size).toBe(31);
    expect(DISTRICTS_BY_PROVINCE.size).toBe(PROVINCES.length);
  });

  it('luhnCheckDigit: 7992739871 → 3 (the textbook example)', () => expect(luhnCheckDigit('7992739871')).toBe('3'));

  it('mobile and card generators on their own', () => {
    const r = new Rng(7);
    for (let i = 0; i < 500; i++) {
      expect(mobileNumber(r)).toMatch(/^1[3-9]\d{9}$/);
      expect(validateBankCard(bankCard(r)).ok).toBe(true);
    }
  });
});

describe('resident ID sequence numbers', () => {
  it('499 women and 500 men born the same day in one district all get distinct, valid numbers', () => {
    const d = DISTRICTS_BY_PROVINCE.get('50')?.[0];
    if (!d) throw new Error('no district');
    const birth = { y: 1990, m: 5, d: 17 };
    const men = Array.from({ length: 500 }, (_, i) => residentId(d, birth, 'M', i));
    const women = Array.from({ length: 499 }, (_, i) => residentId(d, birth, 'F', i));
    expect(new Set([...men, ...women]).size).toBe(999);
    for (const id of [...men, ...women]) expect(validateResidentId(id).ok).toBe(true);
    expect(men.every((id) => validateResidentId(id).ok && Number(id[16]) % 2 === 1)).toBe(true);
    expect(women.every((id) => Number(id[16]) % 2 === 0)).toBe(true);
  });
});
