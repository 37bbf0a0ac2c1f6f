/** Display names of the store's codes (cause categories, document types, outcomes, roles …). */
import type { Lang } from './i18n.js';

const LABELS: Record<string, { zh: string; en: string }> = {
  overdue_repayment: { zh: '逾期还款', en: 'Overdue repayment' },
  contract_dispute: { zh: '合同纠纷', en: 'Contract dispute' },
  fee_transparency: { zh: '费率透明度', en: 'Fees / rate transparency' },
  service_conduct: { zh: '服务与行为', en: 'Service / conduct' },
  other: { zh: '其他', en: 'Other' },
  judgment: { zh: '判决书', en: 'Judgment' },
  ruling: { zh: '裁定书', en: 'Ruling' },
  mediation: { zh: '调解书', en: 'Mediation' },
  enforcement_ruling: { zh: '执行裁定书', en: 'Enforcement ruling' },
  decision: { zh: '决定书', en: 'Decision' },
  first: { zh: '一审', en: 'First instance' },
  second: { zh: '二审', en: 'Appeal' },
  retrial: { zh: '再审', en: 'Retrial' },
  enforcement: { zh: '执行', en: 'Enforcement' },
  simple: { zh: '简易程序', en: 'Simple procedure' },
  ordinary: { zh: '普通程序', en: 'Ordinary procedure' },
  small_claims: { zh: '小额诉讼', en: 'Small claims' },
  second_instance: { zh: '第二审程序', en: 'Second instance' },
  full_support: { zh: '全部支持', en: 'Fully supported' },
  partial_support: { zh: '部分支持', en: 'Partly supported' },
  dismissed: { zh: '驳回', en: 'Dismissed' },
  withdrawn: { zh: '撤诉', en: 'Withdrawn' },
  mediated: { zh: '调解', en: 'Mediated' },
  plaintiff: { zh: '原告', en: 'Plaintiff' },
  defendant: { zh: '被告', en: 'Defendant' },
  third_party: { zh: '第三人', en: 'Third party' },
  applicant: { zh: '申请执行人', en: 'Applicant (enforcement)' },
  respondent: { zh: '被执行人', en: 'Respondent (enforcement)' },
  shared: { zh: '分担', en: 'Shared' },
};

export function codeLabel(code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  return LABELS[code]?.[lang] ?? code;
}
