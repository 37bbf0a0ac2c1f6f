/**
 * Institution names in court documents: is a party name an institution, is it a lender, and which
 * head office does a branch belong to (中国银行股份有限公司广州番禺支行 → 中国银行). Pure string rules;
 * matching against the workspace's institution table lives in link.ts.
 */

const ORG_RE = /公司|银行|支行|分行|合作社|信用社|联社|中心|厂|集团|办事处|商行|事务所|委员会|政府|医院|学校|大学|协会|基金会|法院|检察院|营业部|总行|研究所|研究院|酒店|宾馆|商店|超市|门市|经营部|工作室|合伙企业|村民委员会|居民委员会|管理局|局$|处$|所$|店$|部$|站$|场$|社$|院$|会$|馆$|队$/;

/** Lending institutions (banks, credit cooperatives, consumer finance, microlenders, finance companies …). */
const LENDER_RE = /银行|信用社|信用合作|农信|联社|农村资金互助|小额贷款|小贷|消费金融|汽车金融|财务有限|财务公司|资产管理|金融租赁|融资担保|担保有限|担保股份|信托|典当|保理|金融服务|普惠|互助社|互助合作|专业合作社|贷款/;

export function looksLikeInstitution(name: string): boolean {
  return name.length >= 3 && ORG_RE.test(name);
}

export function looksLikeLender(name: string): boolean {
  return LENDER_RE.test(name);
}

/** Legal-form suffixes removed when deriving the short head-office name. */
const FORM_SUFFIX_RE = /(股份有限公司|有限责任公司|有限公司|股份公司|总公司|公司)$/;
/** Branch markers: everything from the first one on is the branch part. */
const BRANCH_RE = /(?:股份有限公司|有限责任公司|有限公司|公司|银行)(?=.{1,30}?(?:分行|支行|分理处|营业部|分公司|办事处|分社|储蓄所|营业室|营业厅|中心支行|信用卡中心|办$))/;

/** Well-known banks whose short name differs from the legal name minus its form. */
const SHORT_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^上海浦东发展银行/, '浦发银行'],
  [/^广发银行|^广东发展银行/, '广发银行'],
  [/^中国邮政储蓄银行/, '中国邮政储蓄银行'],
];

export interface HeadOffice {
  /** Short head-office name, e.g. 中国银行, 交通银行, 东风汽车财务. */
  name: string;
  /** Legal head-office name when the document names it, e.g. 中国银行股份有限公司. */
  legalName: string;
  isBranch: boolean;
}

/**
 * Map a party name to its head office: 中国银行股份有限公司广州番禺支行 → 中国银行 (branch);
 * 东风汽车财务有限公司 → 东风汽车财务; 中国东方资产管理公司大连办事处 → 中国东方资产管理 (branch).
 */
export function headOfficeOf(name: string): HeadOffice {
  const n = name.trim();
  let legal = n;
  let isBranch = false;
  const m = BRANCH_RE.exec(n);
  if (m) {
    legal = n.slice(0, m.index + m[0].length);
    isBranch = true;
  } else {
    const b = /^(.{2,30}?银行)(?:[\u4e00-\u9fff]{1,12}(?:分行|支行|营业部))$/.exec(n);
    if (b && b[1]) {
      legal = b[1];
      isBranch = true;
    }
  }
  for (const [re, short] of SHORT_NAMES) if (re.test(legal)) return { name: short, legalName: legal, isBranch };
  const short = legal.replace(FORM_SUFFIX_RE, '') || legal;
  return { name: short, legalName: legal, isBranch };
}

/** Normalized key for fuzzy matching: no legal form, no brackets or spaces, no leading 中国. */
export function nameKey(name: string): string {
  return headOfficeOf(name)
    .name.replace(/[（）()\s·]/g, '');
}
