/**
 * Fake but valid personal identifiers: 18-digit resident ID numbers (real district prefix, birth
 * date, sequence with the sex parity, ISO 7064 MOD 11-2 check character computed by
 * domain/pii.ts), mobile numbers with real carrier prefixes, bank card numbers with plausible
 * BINs and a Luhn check digit, Chinese names from frequency-weighted surname and given-name lists.
 * All values are invented; any match with a real person is coincidence.
 */
import { ymd } from '../domain/dates.js';
import { luhnValid, residentIdCheckChar } from '../domain/pii.js';
import type { District } from './geography.js';
import { mixSeed, type Rng, WeightedTable } from './prng.js';

/** Surnames with approximate shares (per cent) of the population (public surname rankings). */
const SURNAMES: [string, number][] = [
  ['王', 7.1], ['李', 7.0], ['张', 6.4], ['刘', 5.4], ['陈', 4.6], ['杨', 3.1], ['黄', 2.2], ['赵', 2.0], ['吴', 1.9], ['周', 1.9],
  ['徐', 1.5], ['孙', 1.4], ['马', 1.3], ['朱', 1.2], ['胡', 1.2], ['郭', 1.1], ['何', 1.0], ['林', 1.0], ['高', 1.0], ['罗', 0.9],
  ['郑', 0.8], ['梁', 0.8], ['谢', 0.7], ['宋', 0.6], ['唐', 0.6], ['许', 0.6], ['韩', 0.6], ['冯', 0.5], ['邓', 0.5], ['曹', 0.5],
  ['彭', 0.5], ['曾', 0.5], ['肖', 0.5], ['田', 0.4], ['董', 0.4], ['袁', 0.4], ['潘', 0.4], ['于', 0.4], ['蒋', 0.4], ['蔡', 0.4],
  ['余', 0.4], ['杜', 0.4], ['叶', 0.4], ['程', 0.3], ['苏', 0.3], ['魏', 0.3], ['吕', 0.3], ['丁', 0.3], ['任', 0.3], ['沈', 0.3],
  ['姚', 0.3], ['卢', 0.3], ['姜', 0.3], ['崔', 0.3], ['钟', 0.3], ['谭', 0.3], ['陆', 0.3], ['汪', 0.2], ['范', 0.2], ['金', 0.2],
  ['石', 0.2], ['廖', 0.2], ['贾', 0.2], ['夏', 0.2], ['韦', 0.2], ['付', 0.2], ['方', 0.2], ['白', 0.2], ['邹', 0.2], ['孟', 0.2],
  ['熊', 0.2], ['秦', 0.2], ['邱', 0.2], ['江', 0.2], ['尹', 0.2], ['薛', 0.2], ['闫', 0.2], ['段', 0.2], ['雷', 0.2], ['侯', 0.2],
  ['龙', 0.2], ['史', 0.2], ['欧阳', 0.03], ['上官', 0.01], ['司马', 0.01],
];

const MALE_CHARS = Array.from('伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国峰亮成志文博海东晨轩睿泽子豪天一嘉晓永鸿振家俊毅');
const FEMALE_CHARS = Array.from('芳娜敏静丽艳娟霞秀玲燕婷雪琳慧颖倩洁欣怡佳梦璐晶悦萱涵彤瑶雨思诗梓紫妍可馨月春兰红梅英萍晓桂凤玉');

const surnameTable = new WeightedTable(SURNAMES.map((s) => s[0]), SURNAMES.map((s) => s[1]));

export function personName(rng: Rng, sex: 'M' | 'F', twoCharShare: number): string {
  const chars = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(twoCharShare) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return surnameTable.draw(rng) + given;
}

/** 18-digit resident ID: district code + birth date + 3-digit sequence (odd = male) + check char. */
export function residentId(district: District, birth: { y: number; m: number; d: number }, sex: 'M' | 'F', order: number): string {
  // The n-th person of a sex born that day in that district gets slot (offset + n) mod 500 of that
  // cell (offset a hash of the cell), so numbers look random yet never repeat: odd for men, even for women.
  const slots = sex === 'M' ? 500 : 499; // 001 … 999 odd; 002 … 998 even
  const offset = mixSeed(Number(district.code), birth.y * 400 + birth.m * 32 + birth.d, sex === 'M' ? 1 : 2) % slots;
  const slot = (offset + Math.min(slots - 1, order)) % slots;
  const seq = sex === 'M' ? slot * 2 + 1 : slot * 2 + 2;
  const first17 = district.code + ymd(birth.y, birth.m, birth.d).replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

const BIRTH_BASE_DAY = -14610; // 1930-01-01
const BIRTH_DAYS = 36525; // 1930–2029

/**
 * Keeps generated ID numbers unique with bounded memory: per district, one 16-bit counter per
 * (birth date, sex) — at most 146 KB per district, allocated when first used — instead of a set of
 * every ID issued. Past 500 people of one sex born the same day in one district (far beyond any
 * book size) numbers would repeat.
 */
export class IdRegistry {
  private readonly counters = new Map<string, Uint16Array>();

  next(district: District, birthDay: number, sex: 'M' | 'F'): number {
    let c = this.counters.get(district.code);
    if (!c) {
      c = new Uint16Array(BIRTH_DAYS * 2);
      this.counters.set(district.code, c);
    }
    const i = Math.min(BIRTH_DAYS - 1, Math.max(0, birthDay - BIRTH_BASE_DAY)) * 2 + (sex === 'M' ? 0 : 1);
    const n = c[i] ?? 0;
    if (n < 0xffff) c[i] = n + 1;
    return n;
  }
}

/** Real mainland mobile prefixes (China Mobile, Unicom, Telecom, Broadnet). */
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '193', '195', '198', '199',
];

/**
 * A mobile number: a carrier prefix and 8 digits. With `serial` (0 … 10^8 − 1) the 8 digits are a
 * bijection of it (multiplication by a unit mod 10^8), so numbers never repeat within a book.
 */
export function mobileNumber(rng: Rng, serial?: number): string {
  const prefix = rng.pick(MOBILE_PREFIXES);
  const digits = serial === undefined ? rng.int(0, 99_999_999) : (((serial % 100_000_000) * 73_939_133 + 12_345_679) % 100_000_000);
  return prefix + String(digits).padStart(8, '0');
}

/** Debit-card BINs of large Chinese banks with their card lengths. */
const CARD_BINS: [string, number][] = [
  ['622202', 19], ['621226', 19], ['622848', 19], ['621700', 19], ['622700', 19], ['621661', 19], ['622588', 16], ['621483', 16],
  ['622262', 19], ['622908', 18], ['621799', 19], ['622188', 19], ['623058', 19], ['621485', 16],
];

/** The Luhn check digit that makes `body + digit` valid (found with domain/pii.ts luhnValid). */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return String(d);
  throw new RangeError('no Luhn check digit (impossible for a digit string)');
}

export function bankCard(rng: Rng): string {
  const [bin, length] = rng.pick(CARD_BINS);
  let body = bin;
  while (body.length < length - 1) body += String(rng.int(0, 9));
  return body + luhnCheckDigit(body);
}
