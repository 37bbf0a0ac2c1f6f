/**
 * The canonical import columns per kind (docs/import-formats.md) with their Chinese and extra
 * English header aliases, value types and enum vocabularies. This table is the importers' half of
 * the contract with the generator: canonical names are never renamed here without updating the doc.
 */
import type { ImportKind } from '../domain/import.js';

export type ColumnType =
  | 'id' // trimmed string, part of a key or a reference
  | 'text' // free text, trimmed
  | 'money' // yuan with up to two decimals → BIGINT fen
  | 'rate' // decimal (0.18) or percentage (18%) → DOUBLE in [0, 10]
  | 'int'
  | 'date'
  | 'timestamp'
  | 'bool'
  | 'enum'
  | 'list' // separated by ; or ；
  | 'province' // code, full, short or English name → GB/T 2260 code
  | 'pii'; // validated and pseudonymized in JS (never stored in clear)

/** canonical value → accepted spellings (compared lower-cased after NFKC folding). */
export type EnumSpec = Readonly<Record<string, readonly string[]>>;

export interface ColumnSpec {
  readonly name: string;
  readonly zh: readonly string[];
  readonly alt?: readonly string[];
  readonly type: ColumnType;
  readonly required?: boolean;
  readonly enumValues?: EnumSpec;
}

const INSTITUTION_KIND: EnumSpec = {
  bank: ['银行', '商业银行'],
  consumer_finance: ['消费金融公司', '消费金融', '消金'],
  microlender: ['小额贷款公司', '小贷公司', '小贷', '小额贷款', '网络小贷'],
  online_platform: ['网络平台', '网贷平台', '互联网平台', '平台', '助贷平台'],
  other: ['其他'],
};
const PRODUCT_KIND: EnumSpec = {
  cash_loan: ['现金贷', '现金贷款', '消费贷', '信用贷'],
  consumer_installment: ['消费分期', '分期', '商品分期'],
  credit_card_installment: ['信用卡分期', '账单分期'],
};
const REPAYMENT_METHOD: EnumSpec = {
  equal_installment: ['等额本息'],
  equal_principal: ['等额本金'],
  interest_only: ['先息后本', '按月付息到期还本'],
  flat: ['等本等息'],
  bullet: ['到期一次还本付息', '一次性还本付息', '到期还本付息'],
};
const RATE_BASIS: EnumSpec = {
  irr: ['内部收益率', 'irr法', '年化(irr)'],
  flat: ['单利', '等本等息'],
  daily: ['日利率', '日息', '日利'],
  nominal: ['名义利率', '名义'],
  none: ['无', '未披露'],
};
const LOAN_STATUS: EnumSpec = {
  active: ['正常', '在贷', '未结清', '还款中', '逾期'],
  settled: ['结清', '已结清', '正常结清'],
  charged_off: ['坏账', '已转坏账', '呆账', '已转呆账'],
  written_off: ['核销', '已核销'],
};
const COMPLAINT_CATEGORY: EnumSpec = {
  fees: ['费用', '收费', '费用问题'],
  collection: ['催收', '暴力催收', '催收问题'],
  hardship: ['还款困难', '停息挂账', '协商还款'],
  credit_report: ['征信', '征信问题'],
  service: ['服务', '服务态度', '服务问题'],
  other: ['其他'],
};
const COMPLAINT_STATUS: EnumSpec = {
  received: ['已受理', '受理', '新建', '待处理'],
  in_progress: ['处理中', '办理中'],
  resolved: ['已解决', '已处理'],
  closed: ['已办结', '办结', '已关闭', '关闭', '已结案'],
  escalated: ['已升级', '升级', '已转办'],
};
const DOC_TYPE: EnumSpec = {
  judgment: ['判决书', '民事判决书', '判决'],
  ruling: ['裁定书', '民事裁定书', '裁定'],
  mediation: ['调解书', '民事调解书', '调解'],
  enforcement_ruling: ['执行裁定书', '执行裁定'],
  decision: ['决定书', '决定'],
  other: ['其他'],
};
const INSTANCE: EnumSpec = { first: ['一审', '第一审'], second: ['二审', '第二审'], retrial: ['再审'], enforcement: ['执行'] };
const PROCEDURE: EnumSpec = {
  simple: ['简易程序', '简易'],
  ordinary: ['普通程序', '普通'],
  small_claims: ['小额诉讼程序', '小额诉讼', '小额'],
  second_instance: ['二审程序', '第二审程序'],
};
const CAUSE_CATEGORY: EnumSpec = {
  overdue_repayment: ['逾期还款', '逾期'],
  contract_dispute: ['合同纠纷', '合同争议'],
  fee_transparency: ['费用透明', '费用争议', '收费争议'],
  service_conduct: ['服务行为', '服务纠纷'],
  other: ['其他'],
};
const INSTITUTION_ROLE: EnumSpec = {
  plaintiff: ['原告', '起诉方'],
  defendant: ['被告'],
  third_party: ['第三人'],
  applicant: ['申请人', '申请执行人'],
  respondent: ['被申请人', '被执行人'],
};
const OUTCOME: EnumSpec = {
  full_support: ['全部支持', '支持'],
  partial_support: ['部分支持'],
  dismissed: ['驳回', '驳回诉讼请求'],
  withdrawn: ['撤诉', '准予撤诉'],
  mediated: ['调解', '调解结案'],
  other: ['其他'],
};
const FEE_PAYER: EnumSpec = { plaintiff: ['原告'], defendant: ['被告'], shared: ['共同负担', '分担', '双方'], other: ['其他'] };
const SEX: EnumSpec = { M: ['男', 'male', 'm'], F: ['女', 'female', 'f'] };

const INST_ID: ColumnSpec = { name: 'institution_id', zh: ['机构编号', '机构代码', '机构ID'], type: 'id' };
const CUST_ID: ColumnSpec = { name: 'customer_id', zh: ['客户编号', '客户号', '客户ID'], alt: ['cust_id'], type: 'id' };
const LOAN_ID: ColumnSpec = { name: 'loan_id', zh: ['借据号', '借据编号', '贷款编号', '借款编号'], alt: ['loan_no', 'iou_no'], type: 'id' };
const req = (c: ColumnSpec): ColumnSpec => ({ ...c, required: true });

export const COLUMNS: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = {
  institutions: [
    req(INST_ID),
    { name: 'name', zh: ['机构名称', '名称'], type: 'text', required: true },
    { name: 'short_name', zh: ['简称', '机构简称'], type: 'text' },
    { name: 'kind', zh: ['机构类型', '类型'], type: 'enum', required: true, enumValues: INSTITUTION_KIND },
    { name: 'licensed', zh: ['持牌', '是否持牌'], type: 'bool' },
    { name: 'seat_province', zh: ['注册地省份', '注册省份'], type: 'province' },
    { name: 'seat_city', zh: ['注册地城市', '注册城市'], type: 'text' },
    { name: 'aliases', zh: ['别名', '曾用名'], type: 'list' },
  ],
  products: [
    { name: 'product_id', zh: ['产品编号', '产品代码', '产品ID'], type: 'id', required: true },
    req(INST_ID),
    { name: 'name', zh: ['产品名称', '名称'], type: 'text', required: true },
    { name: 'kind', zh: ['产品类型', '类型'], type: 'enum', required: true, enumValues: PRODUCT_KIND },
    { name: 'repayment_method', zh: ['还款方式'], type: 'enum', required: true, enumValues: REPAYMENT_METHOD },
    { name: 'nominal_rate', zh: ['名义年利率', '年利率', '名义利率'], type: 'rate' },
    { name: 'upfront_fee_rate', zh: ['前置服务费率', '前置费率'], type: 'rate' },
    { name: 'monthly_fee_rate', zh: ['月服务费率', '月费率'], type: 'rate' },
    { name: 'disclosed_apr', zh: ['披露年化利率', '年化利率'], alt: ['apr'], type: 'rate' },
    { name: 'disclosed_rate_basis', zh: ['披露口径', '利率口径'], type: 'enum', enumValues: RATE_BASIS },
  ],
  customers: [
    req(CUST_ID),
    INST_ID,
    { name: 'name', zh: ['姓名', '客户姓名', '借款人姓名', '借款人'], type: 'pii' },
    { name: 'id_number', zh: ['身份证号', '身份证号码', '证件号码', '证件号'], alt: ['id_no', 'id_card'], type: 'pii' },
    { name: 'phone', zh: ['手机号', '手机号码', '联系电话', '电话'], alt: ['mobile'], type: 'pii' },
    { name: 'bank_card', zh: ['银行卡号', '还款卡号', '卡号'], alt: ['card_no'], type: 'pii' },
    { name: 'province', zh: ['省份', '所在省份'], type: 'province' },
    { name: 'city', zh: ['城市', '所在城市'], type: 'text' },
    { name: 'created_at', zh: ['开户日期', '注册日期'], type: 'date' },
    { name: 'sex', zh: ['性别'], alt: ['gender'], type: 'enum', enumValues: SEX },
    { name: 'birth_year', zh: ['出生年份'], type: 'int' },
  ],
  loans: [
    req(LOAN_ID),
    req(INST_ID),
    { name: 'product_id', zh: ['产品编号', '产品代码'], type: 'id' },
    CUST_ID,
    { name: 'contract_no', zh: ['合同编号', '合同号'], type: 'text' },
    { name: 'channel', zh: ['渠道', '获客渠道'], type: 'text' },
    { name: 'province', zh: ['省份'], type: 'province' },
    { name: 'city', zh: ['城市'], type: 'text' },
    { name: 'originated_at', zh: ['放款日期', '放款日', '起息日'], alt: ['loan_date', 'disbursed_at'], type: 'date', required: true },
    { name: 'maturity_date', zh: ['到期日期', '到期日'], type: 'date' },
    { name: 'principal', zh: ['借款金额', '放款金额', '贷款金额', '本金'], alt: ['loan_amount', 'amount'], type: 'money', required: true },
    { name: 'term_months', zh: ['期数', '贷款期数', '期限(月)', '期限'], alt: ['term', 'tenor'], type: 'int', required: true },
    { name: 'repayment_method', zh: ['还款方式'], type: 'enum', enumValues: REPAYMENT_METHOD },
    { name: 'nominal_rate', zh: ['年利率', '名义年利率', '执行利率'], alt: ['interest_rate', 'rate'], type: 'rate' },
    { name: 'upfront_fee', zh: ['前置费用', '服务费', '前置服务费'], type: 'money' },
    { name: 'monthly_fee', zh: ['月费用', '月服务费'], type: 'money' },
    { name: 'disclosed_apr', zh: ['披露年化利率', '年化利率'], alt: ['apr'], type: 'rate' },
    { name: 'status', zh: ['状态', '贷款状态', '借据状态'], type: 'enum', enumValues: LOAN_STATUS },
    { name: 'purpose', zh: ['借款用途', '用途'], type: 'text' },
  ],
  installments: [
    req(LOAN_ID),
    { name: 'seq', zh: ['期次', '期号', '当前期数'], alt: ['period', 'installment_no'], type: 'int', required: true },
    { name: 'due_date', zh: ['应还日期', '到期日', '还款日'], type: 'date', required: true },
    { name: 'principal_due', zh: ['应还本金'], type: 'money', required: true },
    { name: 'interest_due', zh: ['应还利息'], type: 'money', required: true },
    { name: 'fee_due', zh: ['应还费用', '应还服务费'], type: 'money' },
  ],
  repayments: [
    { name: 'repayment_id', zh: ['还款流水号', '流水号', '交易流水号'], type: 'id' },
    req(LOAN_ID),
    { name: 'paid_at', zh: ['还款日期', '实还日期', '交易日期'], type: 'date', required: true },
    { name: 'amount', zh: ['还款金额', '实还金额', '交易金额'], type: 'money', required: true },
    { name: 'principal', zh: ['实还本金'], type: 'money' },
    { name: 'interest', zh: ['实还利息'], type: 'money' },
    { name: 'fee', zh: ['实还费用'], type: 'money' },
    { name: 'penalty', zh: ['实还罚息', '罚息'], type: 'money' },
    { name: 'channel', zh: ['还款渠道', '渠道'], type: 'text' },
  ],
  complaints: [
    { name: 'complaint_id', zh: ['投诉编号', '工单号', '投诉单号'], type: 'id', required: true },
    INST_ID,
    CUST_ID,
    LOAN_ID,
    { name: 'received_at', zh: ['受理时间', '投诉时间', '受理日期'], type: 'timestamp', required: true },
    { name: 'channel', zh: ['投诉渠道', '渠道'], type: 'text' },
    { name: 'category', zh: ['投诉类别', '投诉类型'], type: 'enum', enumValues: COMPLAINT_CATEGORY },
    { name: 'text', zh: ['投诉内容', '内容', '诉求'], type: 'text' },
    { name: 'status', zh: ['状态', '处理状态'], type: 'enum', required: true, enumValues: COMPLAINT_STATUS },
    { name: 'escalated_to_regulator', zh: ['是否监管转办', '监管转办'], type: 'bool' },
    { name: 'complex', zh: ['是否复杂', '复杂'], type: 'bool' },
    { name: 'closed_at', zh: ['办结时间', '办结日期', '关闭时间'], type: 'timestamp' },
    { name: 'resolution', zh: ['处理结果'], type: 'text' },
  ],
  cases: [
    { name: 'case_id', zh: ['案件编号'], type: 'id' },
    { name: 'case_number', zh: ['案号'], type: 'text', required: true },
    { name: 'court_name', zh: ['法院', '法院名称', '审理法院'], alt: ['court'], type: 'text', required: true },
    { name: 'doc_type', zh: ['文书类型'], type: 'enum', enumValues: DOC_TYPE },
    { name: 'instance', zh: ['审级'], type: 'enum', enumValues: INSTANCE },
    { name: 'procedure', zh: ['程序', '审理程序'], type: 'enum', enumValues: PROCEDURE },
    { name: 'cause', zh: ['案由'], type: 'text' },
    { name: 'cause_category', zh: ['原因类别'], type: 'enum', enumValues: CAUSE_CATEGORY },
    INST_ID,
    { name: 'institution_role', zh: ['机构角色', '诉讼地位'], type: 'enum', enumValues: INSTITUTION_ROLE },
    { name: 'plaintiff', zh: ['原告'], type: 'text' },
    { name: 'defendant', zh: ['被告'], type: 'text' },
    { name: 'filed_at', zh: ['立案日期', '立案时间'], type: 'date' },
    { name: 'decided_at', zh: ['裁判日期', '判决日期', '结案日期'], type: 'date' },
    { name: 'claim_principal', zh: ['诉请本金'], type: 'money' },
    { name: 'claim_interest', zh: ['诉请利息'], type: 'money' },
    { name: 'claim_penalty', zh: ['诉请罚息'], type: 'money' },
    { name: 'claim_fee', zh: ['诉请费用'], type: 'money' },
    { name: 'claim_lawyer_fee', zh: ['诉请律师费'], type: 'money' },
    { name: 'claim_total', zh: ['诉请总额', '诉讼标的', '标的额'], type: 'money' },
    { name: 'outcome', zh: ['结果', '裁判结果'], type: 'enum', enumValues: OUTCOME },
    { name: 'awarded_total', zh: ['判决金额'], type: 'money' },
    { name: 'court_fee', zh: ['案件受理费', '受理费'], type: 'money' },
    { name: 'court_fee_charged', zh: ['实收受理费'], type: 'money' },
    { name: 'court_fee_payer', zh: ['负担方', '受理费负担方'], type: 'enum', enumValues: FEE_PAYER },
    { name: 'absent_defendant', zh: ['缺席', '是否缺席'], type: 'bool' },
    { name: 'recovered', zh: ['执行回款', '回款金额'], type: 'money' },
    LOAN_ID,
    CUST_ID,
    { name: 'referenced_case_numbers', zh: ['关联案号'], type: 'list' },
  ],
};

export function columnsOf(kind: ImportKind): readonly ColumnSpec[] {
  return COLUMNS[kind];
}
