/**
 * Provincial-level divisions of mainland China: GB/T 2260 code (first two digits of a resident
 * ID number and of an administrative division code), full name, common short name and the
 * one-character abbreviation used in court case numbers (案号), e.g. （2023）渝0192民初12345号.
 */
export interface Province {
  code: string;
  name: string;
  short: string;
  /** Abbreviation in case numbers (最高人民法院《关于人民法院案件案号的若干规定》 annex). */
  caseAbbr: string;
  /** English name (pinyin), for the English UI. */
  en: string;
}

export const PROVINCES: readonly Province[] = [
  { code: '11', name: '北京市', short: '北京', caseAbbr: '京', en: 'Beijing' },
  { code: '12', name: '天津市', short: '天津', caseAbbr: '津', en: 'Tianjin' },
  { code: '13', name: '河北省', short: '河北', caseAbbr: '冀', en: 'Hebei' },
  { code: '14', name: '山西省', short: '山西', caseAbbr: '晋', en: 'Shanxi' },
  { code: '15', name: '内蒙古自治区', short: '内蒙古', caseAbbr: '内', en: 'Inner Mongolia' },
  { code: '21', name: '辽宁省', short: '辽宁', caseAbbr: '辽', en: 'Liaoning' },
  { code: '22', name: '吉林省', short: '吉林', caseAbbr: '吉', en: 'Jilin' },
  { code: '23', name: '黑龙江省', short: '黑龙江', caseAbbr: '黑', en: 'Heilongjiang' },
  { code: '31', name: '上海市', short: '上海', caseAbbr: '沪', en: 'Shanghai' },
  { code: '32', name: '江苏省', short: '江苏', caseAbbr: '苏', en: 'Jiangsu' },
  { code: '33', name: '浙江省', short: '浙江', caseAbbr: '浙', en: 'Zhejiang' },
  { code: '34', name: '安徽省', short: '安徽', caseAbbr: '皖', en: 'Anhui' },
  { code: '35', name: '福建省', short: '福建', caseAbbr: '闽', en: 'Fujian' },
  { code: '36', name: '江西省', short: '江西', caseAbbr: '赣', en: 'Jiangxi' },
  { code: '37', name: '山东省', short: '山东', caseAbbr: '鲁', en: 'Shandong' },
  { code: '41', name: '河南省', short: '河南', caseAbbr: '豫', en: 'Henan' },
  { code: '42', name: '湖北省', short: '湖北', caseAbbr: '鄂', en: 'Hubei' },
  { code: '43', name: '湖南省', short: '湖南', caseAbbr: '湘', en: 'Hunan' },
  { code: '44', name: '广东省', short: '广东', caseAbbr: '粤', en: 'Guangdong' },
  { code: '45', name: '广西壮族自治区', short: '广西', caseAbbr: '桂', en: 'Guangxi' },
  { code: '46', name: '海南省', short: '海南', caseAbbr: '琼', en: 'Hainan' },
  { code: '50', name: '重庆市', short: '重庆', caseAbbr: '渝', en: 'Chongqing' },
  { code: '51', name: '四川省', short: '四川', caseAbbr: '川', en: 'Sichuan' },
  { code: '52', name: '贵州省', short: '贵州', caseAbbr: '黔', en: 'Guizhou' },
  { code: '53', name: '云南省', short: '云南', caseAbbr: '云', en: 'Yunnan' },
  { code: '54', name: '西藏自治区', short: '西藏', caseAbbr: '藏', en: 'Tibet' },
  { code: '61', name: '陕西省', short: '陕西', caseAbbr: '陕', en: 'Shaanxi' },
  { code: '62', name: '甘肃省', short: '甘肃', caseAbbr: '甘', en: 'Gansu' },
  { code: '63', name: '青海省', short: '青海', caseAbbr: '青', en: 'Qinghai' },
  { code: '64', name: '宁夏回族自治区', short: '宁夏', caseAbbr: '宁', en: 'Ningxia' },
  { code: '65', name: '新疆维吾尔自治区', short: '新疆', caseAbbr: '新', en: 'Xinjiang' },
];

const byCode = new Map(PROVINCES.map((p) => [p.code, p]));
const byCaseAbbr = new Map(PROVINCES.map((p) => [p.caseAbbr, p]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code.slice(0, 2));
}

export function provinceByCaseAbbr(abbr: string): Province | undefined {
  return byCaseAbbr.get(abbr);
}

/** Resolve a province from its code, full name, short name or English name; undefined if unknown. */
export function resolveProvince(text: string): Province | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (/^\d{2}/.test(s)) return provinceByCode(s);
  const lower = s.toLowerCase();
  return PROVINCES.find((p) => p.name === s || p.short === s || p.en.toLowerCase() === lower || s.startsWith(p.short));
}
