/**
 * Chinese complaint narratives from templates with variation (openings, bodies, demands, closings,
 * informal touches), filled with the loan's own figures. Categories follow suitrate's complaint
 * model: fees, collection, hardship (停息挂账 requests), credit_report, service, other.
 */
import { formatYuan } from '../domain/money.js';
import type { Rng } from './prng.js';

export type ComplaintCategory = 'fees' | 'collection' | 'hardship' | 'credit_report' | 'service' | 'other';

export interface ComplaintFacts {
  lender: string;
  product: string;
  /** Loan date as 2023年5月12日. */
  loanDate: string;
  principalFen: number;
  upfrontFeeFen: number;
  monthlyFeeFen: number;
  feeLabel: string;
  nominalRate: number;
  dpd: number;
  phone: string | null;
  /** The product advertises a daily rate (日息). */
  dailyHeadline: boolean;
}

const OPENINGS = ['', '', '本人', '您好，', '投诉：', '我要投诉！', '反映一个问题：'];
const CLOSINGS = ['', '', '望尽快处理。', '请监管部门介入。', '希望给个说法。', '如不处理将继续向上级部门反映。', '谢谢！'];

type Template = (f: ComplaintFacts, rng: Rng) => string;

const y = (fen: number): string => formatYuan(fen);
const pct = (r: number): string => `${(r * 100).toFixed(2).replace(/\.?0+$/, '')}%`;

const FEES: Template[] = [
  (f) => `我于${f.loanDate}在${f.lender}的${f.product}借款${y(f.principalFen)}元，合同写年利率${pct(f.nominalRate)}，但每月还要另收${f.feeLabel}${y(f.monthlyFeeFen)}元，算下来实际年化远超宣传，要求退还多收的费用。`,
  (f) => `在${f.product}借款${y(f.principalFen)}元，放款时直接扣了${y(f.upfrontFeeFen)}元服务费，实际到手只有${y(f.principalFen - f.upfrontFeeFen)}元，却按${y(f.principalFen)}元计息，这就是砍头息，要求退还。`,
  (f) => `${f.lender}宣传日息低至万五，实际每期还款明显偏高，客服解释不清，要求书面说明实际年化利率并退还不合理费用。`,
  (f) => `提前结清${f.product}时仍被收取剩余期数的${f.feeLabel}，不合理，要求退还。`,
  (f) => `借款时没有告知需要购买会员/担保服务，每月被扣${f.feeLabel}，借款${y(f.principalFen)}元综合成本超过24%，要求核查并退费。`,
  (f) => `${f.product}的分期手续费按全部本金计算，实际年化利率差不多是宣传的两倍，办理时未告知，要求退费。`,
];

const COLLECTION: Template[] = [
  (f) => `逾期后${f.lender}的催收人员每天打电话轰炸，还联系我的家人和同事，严重影响生活和工作，要求停止暴力催收。`,
  () => `催收员言语辱骂、威胁上门，还说要起诉让我坐牢，要求规范催收行为并道歉。`,
  (f) => `我只是逾期${Math.max(1, f.dpd)}天，催收就给我通讯录里的朋友发短信，泄露我的个人信息。`,
  () => `第三方催收公司冒充律师和法院工作人员打电话恐吓，要求核实催收公司资质并处理相关人员。`,
  (f) => `${f.lender}的催收一天打了二十多个电话，晚上十点以后还在打，已经严重影响休息。`,
];

const HARDSHIP: Template[] = [
  (f, rng) => `因${rng.pick(['失业', '生病住院', '生意失败', '家里出了变故', '公司裁员'])}收入中断，无力按期偿还${f.product}的借款，申请停息挂账，本金分${rng.pick([12, 24, 36, 48, 60])}期偿还，但${f.lender}不同意。`,
  () => `本人目前经济困难，愿意还款，希望减免罚息和利息，协商个性化分期还款方案。`,
  (f) => `已逾期${Math.max(1, f.dpd)}天，多次联系客服要求延期还款未果，请求协调停息分期。`,
  (f) => `借款${y(f.principalFen)}元，已经还了大部分，现在实在还不上了，希望停止计息，剩余本金分期慢慢还。`,
];

const CREDIT_REPORT: Template[] = [
  (f) => `我的${f.product}借款已经结清，但征信报告仍显示逾期，要求更正征信记录。`,
  () => `因系统扣款失败导致逾期，非本人原因，要求消除不良征信记录。`,
  (f) => `${f.lender}未经本人同意查询征信，征信报告上多了很多贷款审批记录，要求说明并删除。`,
  () => `还款日当天已经还款，征信却显示逾期一次，要求异议处理。`,
];

const SERVICE: Template[] = [
  () => `客服电话一直打不通，在线客服答非所问，问题一个多月没有解决。`,
  (f) => `申请提前还款${f.product}，APP无法操作，客服互相推诿。`,
  (f) => `自动扣款重复扣了两次，多扣${y(f.monthlyFeeFen > 0 ? f.monthlyFeeFen : 10000)}元，要求退还。`,
  () => `未经同意被开通会员并扣费，要求取消并退款。`,
  () => `APP频繁闪退，还款页面打不开，导致差点逾期。`,
];

const OTHER: Template[] = [
  (f) => `${f.lender}频繁发送营销短信和借款推荐电话，要求停止骚扰。`,
  () => `注销账户后仍收到借款推荐电话，个人信息是怎么泄露的？`,
  (f) => `借款合同条款看不懂，多次要求${f.lender}提供合同副本未果。`,
  () => `账户被冻结，原因不明，客服无法说明。`,
];

const TEMPLATES: Record<ComplaintCategory, Template[]> = { fees: FEES, collection: COLLECTION, hardship: HARDSHIP, credit_report: CREDIT_REPORT, service: SERVICE, other: OTHER };

export function complaintText(category: ComplaintCategory, f: ComplaintFacts, rng: Rng): string {
  let list = TEMPLATES[category];
  if (category === 'fees') {
    // Only templates that fit the product's pricing.
    list = list.filter((_, i) => (i === 1 ? f.upfrontFeeFen > 0 : i === 2 ? f.dailyHeadline : i === 0 || i === 3 || i === 4 ? f.monthlyFeeFen > 0 : true));
  }
  const body = rng.pick(list)(f, rng);
  const contact = f.phone ? `联系电话${f.phone}。` : '';
  return `${rng.pick(OPENINGS)}${body}${contact}${rng.pick(CLOSINGS)}`;
}

const RESOLUTIONS: Record<ComplaintCategory, string[]> = {
  fees: ['已向客户解释费用构成及年化利率，客户接受', '已退还部分服务费', '已减免剩余期数费用', '经核实收费符合合同约定，已答复客户'],
  collection: ['已核查催收录音并规范催收行为，向客户致歉', '已暂停对客户的外呼催收', '经核实催收行为合规，已答复客户', '已更换催收机构并加强培训'],
  hardship: ['已达成个性化分期还款协议（停息挂账）', '已减免部分罚息，客户按新方案还款', '客户暂无还款能力，已登记延期申请', '不符合协商条件，已解释政策'],
  credit_report: ['已提交征信异议更正', '经核实征信报送无误，已答复客户', '已为客户开具结清证明'],
  service: ['已解决并回访客户', '已退还重复扣款', '已取消会员并退款', '已反馈技术部门修复'],
  other: ['已答复客户', '已将客户号码加入免打扰名单', '已提供合同副本'],
};

export function complaintResolution(category: ComplaintCategory, rng: Rng): string {
  return rng.pick(RESOLUTIONS[category]);
}
