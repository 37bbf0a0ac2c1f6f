/**
 * Courts of the synthetic book and their case numbers (案号) in the real format
 * （年份）+ court code (province abbreviation + 4 digits for basic courts, 2 for intermediate
 * courts) + type code (民初 first instance, 民终 appeal, 执 enforcement) + sequence + 号,
 * e.g. （2023）渝0192民初12345号.
 *
 * Sequences increase with the filing date within a court, type and year although loans (and so
 * suits) are generated in origination order: each calendar day owns a block of `stride` numbers
 * (day-of-year × stride + a per-day counter), so memory is one small counter array per
 * (court, type, year), never a list of cases. A day that needs more than its block spills into an
 * overflow range after the last day (still unique, no longer date-ordered).
 */
import { splitIso, toEpochDay, ymd, type IsoDate } from '../domain/dates.js';
import type { District } from './geography.js';
import { provinceOf } from './geography.js';

export type CourtLevel = 'basic' | 'intermediate' | 'internet';
export type CaseTypeCode = '民初' | '民终' | '执';

export interface Court {
  name: string;
  /** e.g. 渝0192, 京03 */
  code: string;
  provinceCode: string;
  level: CourtLevel;
  /** The court that hears appeals from this one (absent for intermediate courts). */
  appeal: Court | null;
}

function intermediate(name: string, code: string, provinceCode: string): Court {
  return { name, code, provinceCode, level: 'intermediate', appeal: null };
}

/** Intermediate courts of districts in the municipalities, where the city has several. */
const MUNICIPAL_APPEAL: Record<string, [string, string]> = {
  '110105': ['北京市第三中级人民法院', '03'],
  '110108': ['北京市第一中级人民法院', '01'],
  '110102': ['北京市第二中级人民法院', '02'],
  '120101': ['天津市第一中级人民法院', '01'],
  '120104': ['天津市第一中级人民法院', '01'],
  '120116': ['天津市第三中级人民法院', '03'],
  '310115': ['上海市第一中级人民法院', '01'],
  '310104': ['上海市第一中级人民法院', '01'],
  '310112': ['上海市第一中级人民法院', '01'],
  '500112': ['重庆市第一中级人民法院', '01'],
  '500103': ['重庆市第五中级人民法院', '05'],
  '500105': ['重庆市第一中级人民法院', '01'],
};

const courtCache = new Map<string, Court>();

function cached(key: string, make: () => Court): Court {
  let c = courtCache.get(key);
  if (!c) {
    c = make();
    courtCache.set(key, c);
  }
  return c;
}

/** The basic-level court of a district, with its intermediate court. */
export function districtCourt(d: District): Court {
  return cached(`d:${d.code}`, () => {
    const prov = provinceOf(d.provinceCode);
    const muni = MUNICIPAL_APPEAL[d.code];
    const appeal = muni
      ? intermediate(muni[0], prov.caseAbbr + muni[1], d.provinceCode)
      : intermediate(`${d.city}中级人民法院`, prov.caseAbbr + d.code.slice(2, 4), d.provinceCode);
    const name = d.district.endsWith('市') ? `${d.district}人民法院` : `${d.city}${d.district}人民法院`;
    return { name, code: prov.caseAbbr + d.code.slice(2), provinceCode: d.provinceCode, level: 'basic', appeal };
  });
}

/** Specialised basic courts used as lender seats or for online lending. */
export const SPECIAL_COURTS = {
  chongqingFtz: { name: '重庆自由贸易试验区人民法院', code: '渝0192', provinceCode: '50', level: 'basic', appeal: intermediate('重庆市第一中级人民法院', '渝01', '50') },
  beijingInternet: { name: '北京互联网法院', code: '京0491', provinceCode: '11', level: 'internet', appeal: intermediate('北京市第四中级人民法院', '京04', '11') },
  hangzhouInternet: { name: '杭州互联网法院', code: '浙0192', provinceCode: '33', level: 'internet', appeal: intermediate('杭州市中级人民法院', '浙01', '33') },
  guangzhouInternet: { name: '广州互联网法院', code: '粤0192', provinceCode: '44', level: 'internet', appeal: intermediate('广州市中级人民法院', '粤01', '44') },
} as const satisfies Record<string, Court>;

export const INTERNET_COURTS: Record<string, Court> = {
  beijing: SPECIAL_COURTS.beijingInternet,
  hangzhou: SPECIAL_COURTS.hangzhouInternet,
  guangzhou: SPECIAL_COURTS.guangzhouInternet,
};

/** （2023）渝0192民初12345号 */
export function formatCaseNumber(year: number, courtCode: string, type: CaseTypeCode, seq: number): string {
  return `（${year}）${courtCode}${type}${seq}号`;
}

/** The pattern of case numbers this generator writes (and real ones of these types). */
export const CASE_NUMBER_RE = /^（(\d{4})）([京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新])(\d{2}|\d{4})(民初|民终|执)(\d{1,6})号$/;

/** Numbers per calendar day reserved for a court, by court level and case type. */
function strideFor(level: CourtLevel, type: CaseTypeCode): number {
  if (type === '民终') return 12;
  if (level === 'internet') return type === '执' ? 30 : 80;
  return type === '执' ? 20 : 40;
}

interface Counter {
  perDay: Uint16Array;
  overflow: number;
  stride: number;
}

/** Per-court, per-type, per-year sequence counters (bounded memory, deterministic). */
export class CaseNumberer {
  private readonly counters = new Map<string, Counter>();

  next(court: Court, type: CaseTypeCode, filedAt: IsoDate): { caseNumber: string; year: number; seq: number } {
    const [year] = splitIso(filedAt);
    const key = `${court.code}|${type}|${year}`;
    let c = this.counters.get(key);
    if (!c) {
      c = { perDay: new Uint16Array(366), overflow: 0, stride: strideFor(court.level, type) };
      this.counters.set(key, c);
    }
    const dayOfYear = toEpochDay(filedAt) - toEpochDay(ymd(year, 1, 1));
    const used = c.perDay[dayOfYear] ?? 0;
    let seq: number;
    if (used < c.stride) {
      c.perDay[dayOfYear] = used + 1;
      seq = dayOfYear * c.stride + used + 1;
    } else {
      c.overflow += 1;
      seq = 366 * c.stride + c.overflow;
    }
    return { caseNumber: formatCaseNumber(year, court.code, type, seq), year, seq };
  }

  get size(): number {
    return this.counters.size;
  }
}
