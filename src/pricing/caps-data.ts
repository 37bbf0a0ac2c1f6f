/**
 * Legal interest caps and the one-year LPR history, kept as data with their sources (DESIGN §4).
 * Rates are decimals (0.0385 = 3.85%). A fixing takes effect on its fixing date (the 20th of the
 * month, or the next business day) and stays in force until the next change. Months in which the
 * LPR did not change are not listed: the table holds changes only.
 *
 * Extending the table: add a row with the fixing date of the change and the announcement as source.
 */
import { AppError } from '../domain/errors.js';
import type { IsoDate } from '../domain/dates.js';

export interface LprFixing {
  /** First day the rate applies (the fixing date). */
  effectiveFrom: IsoDate;
  /** One-year LPR as a decimal. */
  rate: number;
  source: string;
}

const LPR_SOURCE = (date: string): string =>
  `中国人民银行授权全国银行间同业拆借中心公布贷款市场报价利率（LPR）公告（${date}），1年期LPR；见 www.chinamoney.com.cn、www.pbc.gov.cn`;

/** One-year LPR changes since the 2019 reform (PBOC announcement 〔2019〕 No. 15). */
export const LPR_1Y_HISTORY: readonly LprFixing[] = [
  { effectiveFrom: '2019-08-20', rate: 0.0425, source: LPR_SOURCE('2019年8月20日，改革后首次报价；中国人民银行公告〔2019〕第15号') },
  { effectiveFrom: '2019-09-20', rate: 0.042, source: LPR_SOURCE('2019年9月20日') },
  { effectiveFrom: '2019-11-20', rate: 0.0415, source: LPR_SOURCE('2019年11月20日') },
  { effectiveFrom: '2020-02-20', rate: 0.0405, source: LPR_SOURCE('2020年2月20日') },
  { effectiveFrom: '2020-04-20', rate: 0.0385, source: LPR_SOURCE('2020年4月20日') },
  { effectiveFrom: '2021-12-20', rate: 0.038, source: LPR_SOURCE('2021年12月20日') },
  { effectiveFrom: '2022-01-20', rate: 0.037, source: LPR_SOURCE('2022年1月20日') },
  { effectiveFrom: '2022-08-22', rate: 0.0365, source: LPR_SOURCE('2022年8月22日（20日为周六，顺延）') },
  { effectiveFrom: '2023-06-20', rate: 0.0355, source: LPR_SOURCE('2023年6月20日') },
  { effectiveFrom: '2023-08-21', rate: 0.0345, source: LPR_SOURCE('2023年8月21日（20日为周日，顺延）') },
  { effectiveFrom: '2024-07-22', rate: 0.0335, source: LPR_SOURCE('2024年7月22日（20日为周六，顺延）') },
  { effectiveFrom: '2024-10-21', rate: 0.031, source: LPR_SOURCE('2024年10月21日（20日为周日，顺延）') },
  { effectiveFrom: '2025-05-20', rate: 0.03, source: LPR_SOURCE('2025年5月20日') },
];

export const LPR_HISTORY_START: IsoDate = '2019-08-20';

/** The fixing in force on `date`, or null before the reformed LPR existed (2019-08-20). */
export function lprFixingOn(date: IsoDate): LprFixing | null {
  let found: LprFixing | null = null;
  for (const f of LPR_1Y_HISTORY) {
    if (f.effectiveFrom <= date) found = f;
    else break;
  }
  return found;
}

/**
 * The one-year LPR (decimal) in force on `date`. Throws an AppError for dates before 2019-08-20,
 * when the reformed LPR did not exist (courts then used the PBOC benchmark rate or the 2015 rules).
 */
export function lprOn(date: IsoDate): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new AppError({ code: 'pricing.bad_date', en: `Not an ISO date (YYYY-MM-DD): "${date.slice(0, 20)}"`, zh: `不是 YYYY-MM-DD 格式的日期：「${date.slice(0, 20)}」` });
  }
  const f = lprFixingOn(date);
  if (!f) {
    throw new AppError({
      code: 'pricing.lpr_before_history',
      en: `No one-year LPR before ${LPR_HISTORY_START} (the reformed LPR started then); got ${date}`,
      zh: `${LPR_HISTORY_START} 之前没有（改革后的）一年期LPR；收到的日期为 ${date}`,
    });
  }
  return f.rate;
}

/** Four times the one-year LPR in force on `date` (the private-lending cap from 2020-08-20). */
export function fourTimesLprOn(date: IsoDate): number {
  return Math.round(4 * lprOn(date) * 1e6) / 1e6;
}

/** The date the 2020 private-lending provisions (4 × LPR) took effect. */
export const PRIVATE_LENDING_2020_FROM: IsoDate = '2020-08-20';

export type CapRuleId =
  | 'private_4lpr'
  | 'private_2015_24'
  | 'private_2015_36'
  | 'licensed_24'
  | 'overdue_private_4lpr'
  | 'overdue_private_2015_24'
  | 'overdue_licensed_24';

export interface CapRuleInfo {
  id: CapRuleId;
  zh: string;
  en: string;
  /** What happens to the cost above the cap. */
  effectZh: string;
  effectEn: string;
  source: string;
}

export const SOURCES = {
  privateLending2020:
    '《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（2020年第二次修正，法释〔2020〕17号）第二十五条（第一次修正法释〔2020〕6号第二十六条，2020年8月20日起施行）',
  privateLending2020Overdue: '《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（法释〔2020〕17号）第二十八条、第二十九条',
  privateLending2020Transition: '《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（法释〔2020〕17号）第三十一条（新旧衔接）',
  privateLending2015: '《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（法释〔2015〕18号）第二十六条',
  privateLending2015Overdue: '《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（法释〔2015〕18号）第三十条',
  financialTrials2017: '《最高人民法院关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第二条；《全国法院民商事审判工作会议纪要》（法〔2019〕254号）第51条',
  localFinancialInstitutions2020: '《最高人民法院关于新民间借贷司法解释适用范围问题的批复》（法释〔2020〕27号）：小额贷款公司等七类地方金融组织属于金融机构，不适用民间借贷司法解释',
  pbocDisclosure2021: '中国人民银行公告〔2021〕第3号（明示贷款年化利率）',
  civilCode670: '《中华人民共和国民法典》第六百七十条：借款的利息不得预先在本金中扣除；预先扣除的，按照实际借款数额返还借款并计算利息',
} as const;

export const CAP_RULES: Readonly<Record<CapRuleId, CapRuleInfo>> = {
  private_4lpr: {
    id: 'private_4lpr',
    zh: '民间借贷：合同成立时一年期LPR的四倍',
    en: 'Private lending: 4 × the one-year LPR at contract formation',
    effectZh: '超过部分人民法院不予支持',
    effectEn: 'the part above the cap is not supported by courts',
    source: SOURCES.privateLending2020,
  },
  private_2015_24: {
    id: 'private_2015_24',
    zh: '民间借贷（2015年规定）：年利率24%',
    en: 'Private lending (2015 provisions): 24% a year',
    effectZh: '24%以内受保护；24%–36%之间未支付的不予支持，已支付的不得请求返还',
    effectEn: 'up to 24% protected; 24–36% not enforceable if unpaid, not recoverable by the borrower if paid',
    source: SOURCES.privateLending2015,
  },
  private_2015_36: {
    id: 'private_2015_36',
    zh: '民间借贷（2015年规定）：年利率36%',
    en: 'Private lending (2015 provisions): 36% a year',
    effectZh: '超过36%部分的约定无效，借款人可请求返还已支付的超出部分',
    effectEn: 'the agreement above 36% is void; the borrower may reclaim what was paid above it',
    source: SOURCES.privateLending2015,
  },
  licensed_24: {
    id: 'licensed_24',
    zh: '持牌金融机构：利息、复利、罚息、违约金和其他费用总计年利率24%',
    en: 'Licensed financial institutions: interest, compound interest, penalties and fees together 24% a year',
    effectZh: '借款人请求调减超过24%部分的，人民法院一般予以支持',
    effectEn: 'courts generally reduce the total cost above 24% at the borrower\'s request',
    source: SOURCES.financialTrials2017,
  },
  overdue_private_4lpr: {
    id: 'overdue_private_4lpr',
    zh: '民间借贷逾期：逾期利息、违约金及其他费用总计不超过合同成立时一年期LPR四倍',
    en: 'Private lending, overdue: overdue interest, penalty and other fees together at most 4 × LPR at formation',
    effectZh: '总计超过部分不予支持',
    effectEn: 'the total above the cap is not supported',
    source: SOURCES.privateLending2020Overdue,
  },
  overdue_private_2015_24: {
    id: 'overdue_private_2015_24',
    zh: '民间借贷逾期（2015年规定）：逾期利息、违约金及其他费用总计年利率24%',
    en: 'Private lending, overdue (2015 provisions): overdue interest, penalty and fees together 24% a year',
    effectZh: '总计超过年利率24%的部分不予支持',
    effectEn: 'the total above 24% a year is not supported',
    source: SOURCES.privateLending2015Overdue,
  },
  overdue_licensed_24: {
    id: 'overdue_licensed_24',
    zh: '持牌金融机构逾期：罚息、复利、违约金和其他费用总计年利率24%',
    en: 'Licensed institutions, overdue: penalty, compound interest and fees together 24% a year',
    effectZh: '超过部分一般予以调减',
    effectEn: 'the part above is generally reduced',
    source: SOURCES.financialTrials2017,
  },
};

/** Rate levels of the fixed rules (the 4 × LPR level depends on the date). */
export const FIXED_CAP_RATES = {
  private2015Supported: 0.24,
  private2015Void: 0.36,
  licensed: 0.24,
} as const;
