/**
 * Personal identifiers: validation, masking and keyed pseudonyms. Raw identifiers are never stored:
 * the store keeps HMAC-SHA256(workspace secret, kind:normalized value) — stable within a workspace so
 * records can be joined, useless without the secret — plus a masked display form.
 */
import { createHmac } from 'node:crypto';
import { isValidYmd, ymd, type IsoDate } from './dates.js';
import { provinceByCode } from './regions.js';

export type PiiKind = 'name' | 'id_number' | 'phone' | 'card';

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '?';
}

export interface ResidentIdInfo {
  normalized: string;
  provinceCode: string;
  birthDate: IsoDate;
  /** 'M' or 'F' from the parity of the 17th digit. */
  sex: 'M' | 'F';
}

/** Validate an 18-digit PRC resident ID number: format, province, birth date and check digit. */
export function validateResidentId(raw: string): Validation<ResidentIdInfo> {
  const s = raw.trim().replace(/\s/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'resident ID must be 17 digits followed by a digit or X' };
  const prov = provinceByCode(s.slice(0, 2));
  if (!prov) return { ok: false, reason: `resident ID has an unknown province code ${s.slice(0, 2)}` };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (!isValidYmd(y, m, d)) return { ok: false, reason: 'resident ID has an impossible birth date' };
  const expected = residentIdCheckChar(s.slice(0, 17));
  if (expected !== s[17]) return { ok: false, reason: 'resident ID check digit does not match (ISO 7064 MOD 11-2)' };
  return { ok: true, value: { normalized: s, provinceCode: prov.code, birthDate: ymd(y, m, d), sex: Number(s[16]) % 2 === 1 ? 'M' : 'F' } };
}

/** Mainland mobile number, optionally with +86 / 86 / 0086 and separators → 11 digits. */
export function validateMobile(raw: string): Validation<string> {
  const s = raw.trim().replace(/[\s\-()]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^1[3-9]\d{9}$/.test(s)) return { ok: false, reason: 'mobile number must be 11 digits starting 13–19' };
  return { ok: true, value: s };
}

/** Luhn (mod 10) check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Bank card number: 12–19 digits passing Luhn. */
export function validateBankCard(raw: string): Validation<string> {
  const s = raw.trim().replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(s)) return { ok: false, reason: 'bank card number must be 12–19 digits' };
  if (!luhnValid(s)) return { ok: false, reason: 'bank card number fails the Luhn check' };
  return { ok: true, value: s };
}

/** Person's name: Han characters (with optional middle dot) or Latin letters, 1–40 characters. */
export function validatePersonName(raw: string): Validation<string> {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (s === '') return { ok: false, reason: 'empty name' };
  if (s.length > 40) return { ok: false, reason: 'name longer than 40 characters' };
  if (!/^[\p{Script=Han}·•.A-Za-z' -]+$/u.test(s)) return { ok: false, reason: 'name contains digits or symbols' };
  return { ok: true, value: s.replace(/[•.]/g, '·') };
}

export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return (chars[0] ?? '') + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 110105199001011234 → 110***********1234 (first 3, last 4). */
export function maskResidentId(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskMobile(phone: string): string {
  return phone.length === 11 ? phone.slice(0, 3) + '****' + phone.slice(-4) : '*'.repeat(phone.length);
}

/** 6222021234567890123 → 622202*********0123 (BIN and last 4). */
export function maskBankCard(card: string): string {
  return card.length <= 10 ? '*'.repeat(card.length) : card.slice(0, 6) + '*'.repeat(card.length - 10) + card.slice(-4);
}

/** Keyed pseudonym: 32 hex characters of HMAC-SHA256(secret, `${kind}:${normalized}`). */
export function pseudonymize(secret: Buffer, kind: PiiKind, normalized: string): string {
  return createHmac('sha256', secret).update(`${kind}:${normalized}`).digest('hex').slice(0, 32);
}

/** Regex-based masking of identifiers inside free text (complaint narratives, court documents). */
export function maskPiiInText(text: string): string {
  return text
    .replace(/(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)/g, (_m, a: string, _b: string, c: string) => maskResidentId(a + _b + c))
    .replace(/(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(/(?<!\d)(\d{6})(\d{2,9})(\d{4})(?!\d)/g, (m: string, a: string, b: string, c: string) => (luhnValid(m) && m.length >= 16 ? a + '*'.repeat(b.length) + c : m));
}
