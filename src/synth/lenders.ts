/**
 * Fictional lenders (a bank, a consumer-finance company, a microlender and an online platform,
 * then more of each kind) with their seat, the court of their seat, the aliases under which they
 * appear in court documents (head office, short name, branches) and their products.
 */
import { AppError } from '../domain/errors.js';
import type { Calibration, LenderKind } from './calibration.js';
import { LENDER_KINDS } from './calibration.js';
import { type Court, districtCourt, SPECIAL_COURTS } from './courts.js';
import { type District, DISTRICTS_BY_PROVINCE, districtsOf, provinceOf } from './geography.js';
import type { ProductTemplate } from './products.js';
import { productDisclosure } from './disclosure.js';

export interface Product {
  id: string;
  name: string;
  template: ProductTemplate;
  /** Product-level headline figures (products.csv). */
  nominalRate: number;
  monthlyFeeRate: number;
  disclosedApr: number;
  disclosedBasis: string;
  feeHeavy: boolean;
}

export interface Lender {
  id: string;
  index: number;
  kind: LenderKind;
  name: string;
  shortName: string;
  licensed: boolean;
  seat: District;
  seatCourt: Court;
  /** Court-document names: head office, short name, former names, branches. */
  aliases: string[];
  /** Branch plaintiff name by district code (banks with a branch network). */
  branches: Map<string, string>;
  products: Product[];
  /** Code used in contract numbers. */
  code: string;
}

interface LenderSpec {
  name: string;
  shortName: string;
  seat: [string, string];
  court?: Court;
  extraAliases: string[];
  branchProvinces: 'all' | string[];
}

const SPECS: Record<LenderKind, LenderSpec[]> = {
  bank: [
    { name: '示例银行股份有限公司', shortName: '示例银行', seat: ['11', '110102'], extraAliases: [], branchProvinces: 'all' },
    { name: '沣源银行股份有限公司', shortName: '沣源银行', seat: ['33', '330106'], extraAliases: [], branchProvinces: ['33', '32', '31', '34', '35', '44', '11'] },
    { name: '嘉禾农村商业银行股份有限公司', shortName: '嘉禾农商银行', seat: ['51', '510107'], extraAliases: ['嘉禾农商行'], branchProvinces: ['51'] },
  ],
  consumer_finance: [
    { name: '华信消费金融有限公司', shortName: '华信消费金融', seat: ['31', '310115'], extraAliases: ['华信消费金融股份有限公司', '华信消金'], branchProvinces: [] },
    { name: '中和消费金融股份有限公司', shortName: '中和消金', seat: ['12', '120116'], extraAliases: ['中和消费金融有限公司'], branchProvinces: [] },
    { name: '安泰消费金融有限公司', shortName: '安泰消金', seat: ['42', '420102'], extraAliases: [], branchProvinces: [] },
  ],
  microlender: [
    { name: '重庆市瑞丰网络小额贷款有限公司', shortName: '瑞丰小贷', seat: ['50', '500112'], court: SPECIAL_COURTS.chongqingFtz, extraAliases: ['瑞丰网络小额贷款有限公司', '重庆瑞丰小额贷款有限公司'], branchProvinces: [] },
    { name: '广州市金穗小额贷款有限公司', shortName: '金穗小贷', seat: ['44', '440106'], extraAliases: ['金穗小额贷款有限公司'], branchProvinces: [] },
    { name: '南宁市融汇网络小额贷款有限公司', shortName: '融汇小贷', seat: ['45', '450102'], extraAliases: [], branchProvinces: [] },
  ],
  online_platform: [
    { name: '易达网络科技（深圳）有限公司', shortName: '易达', seat: ['44', '440305'], extraAliases: ['易达网络科技(深圳)有限公司', '深圳易达网络科技有限公司'], branchProvinces: [] },
    { name: '快信网络技术（杭州）有限公司', shortName: '快信', seat: ['33', '330106'], extraAliases: ['快信网络技术(杭州)有限公司'], branchProvinces: [] },
    { name: '云启数字科技（北京）有限公司', shortName: '云启', seat: ['11', '110108'], extraAliases: ['云启数字科技(北京)有限公司'], branchProvinces: [] },
  ],
};

export const MAX_LENDERS = LENDER_KINDS.length * 3;

const KIND_CODE: Record<LenderKind, string> = { bank: 'BK', consumer_finance: 'CF', microlender: 'ML', online_platform: 'OP' };

function stripSuffix(s: string, suffix: string): string {
  return s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
}

/** 示例银行股份有限公司北京朝阳支行 / 示例银行股份有限公司广州分行 */
function branchName(bank: string, d: District, level: 'branch' | 'sub'): string {
  const city = stripSuffix(d.city, '市');
  if (level === 'branch') return `${bank}${city}分行`;
  const district = stripSuffix(stripSuffix(d.district, '区'), '新');
  return `${bank}${city}${district}支行`;
}

function findDistrict(provinceCode: string, code: string): District {
  const d = districtsOf(provinceCode).find((x) => x.code === code);
  if (!d) throw new RangeError(`unknown district ${code}`);
  return d;
}

function buildProducts(lenderId: string, shortName: string, templates: readonly ProductTemplate[]): Product[] {
  return templates.map((t) => {
    const disc = productDisclosure(t);
    return {
      id: `${lenderId}-${t.code}`,
      name: `${shortName}${t.name}`,
      template: t,
      nominalRate: disc.nominalRate,
      monthlyFeeRate: disc.monthlyFeeRate,
      disclosedApr: disc.disclosedApr,
      disclosedBasis: disc.basis,
      feeHeavy: t.upfrontFeeRate > 0 || t.monthlyFeeRange[1] > 0 || t.disclosure !== 'irr',
    };
  });
}

/** Lender i (0-based) cycles through the kinds: bank, consumer finance, microlender, online platform. */
export function buildLenders(count: number, cal: Calibration): Lender[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_LENDERS) {
    throw new AppError({ code: 'synth.lenders', en: `--lenders must be an integer from 1 to ${MAX_LENDERS}, got ${count}`, zh: `--lenders 须为 1 到 ${MAX_LENDERS} 的整数，收到 ${count}` });
  }
  const lenders: Lender[] = [];
  for (let i = 0; i < count; i++) {
    const kind = LENDER_KINDS[i % LENDER_KINDS.length] as LenderKind;
    const rank = Math.floor(i / LENDER_KINDS.length);
    const spec = SPECS[kind][rank];
    if (!spec) throw new RangeError(`no lender spec for ${kind} #${rank}`);
    const seat = findDistrict(spec.seat[0], spec.seat[1]);
    const id = `INS${String(i + 1).padStart(3, '0')}`;
    const branches = new Map<string, string>();
    const aliases = [spec.name, spec.shortName, ...spec.extraAliases];
    const provinces = spec.branchProvinces === 'all' ? [...DISTRICTS_BY_PROVINCE.keys()] : spec.branchProvinces;
    for (const p of provinces) {
      const cities = new Set<string>();
      for (const d of districtsOf(p)) {
        if (!cities.has(d.city)) {
          cities.add(d.city);
          aliases.push(branchName(spec.name, d, 'branch'));
        }
        const sub = branchName(spec.name, d, 'sub');
        branches.set(d.code, sub);
        aliases.push(sub);
      }
    }
    lenders.push({
      id,
      index: i,
      kind,
      name: spec.name,
      shortName: spec.shortName,
      licensed: kind !== 'online_platform',
      seat,
      seatCourt: spec.court ?? districtCourt(seat),
      aliases,
      branches,
      products: buildProducts(id, spec.shortName, cal.portfolio.products.value[kind]),
      code: `${KIND_CODE[kind]}${String(i + 1).padStart(2, '0')}`,
    });
  }
  return lenders;
}

export function seatProvinceName(l: Lender): string {
  return provinceOf(l.seat.provinceCode).name;
}
