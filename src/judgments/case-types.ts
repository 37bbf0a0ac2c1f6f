/**
 * Case type codes (案件类型代字) of Chinese court case numbers and what they imply.
 * Modern codes follow the SPC 《关于人民法院案件案号的若干规定》 (2016) and its annex
 * 《人民法院案件类型及其代字标准》; legacy codes (before 2016: 民二初字, 商终字, 执字, 经重字 …) are
 * mapped onto the modern code of the same procedural stage.
 */

/** Stored in legal_case.instance. */
export type Instance = 'first' | 'second' | 'retrial' | 'enforcement' | 'other';

/** Broad class of the case, from the type code. */
export type CaseClass = 'civil' | 'enforcement' | 'criminal' | 'administrative' | 'bankruptcy' | 'preservation' | 'compensation' | 'other';

/**
 * Position in a dispute's chain, used when grouping documents into disputes: a document may link
 * to the documents it refers to only when they sit earlier in the chain (an appeal refers to its
 * first instance, an enforcement ruling to the judgment it enforces).
 */
export type ChainRank = 1 | 2 | 3 | 4;

export interface CaseTypeInfo {
  code: string;
  instance: Instance;
  caseClass: CaseClass;
  rank: ChainRank;
  /** Chinese label of the stage. */
  label: string;
}

function t(code: string, instance: Instance, caseClass: CaseClass, rank: ChainRank, label: string): CaseTypeInfo {
  return { code, instance, caseClass, rank, label };
}

/** Modern type codes. Order does not matter; matching is longest first. */
export const CASE_TYPES: readonly CaseTypeInfo[] = [
  t('民初', 'first', 'civil', 1, '民事一审'),
  t('民终', 'second', 'civil', 2, '民事二审'),
  t('民再', 'retrial', 'civil', 3, '民事再审'),
  t('民申', 'retrial', 'civil', 3, '民事申请再审审查'),
  t('民抗', 'retrial', 'civil', 3, '民事抗诉再审审查'),
  t('民监', 'retrial', 'civil', 3, '民事依职权再审审查'),
  t('民辖', 'other', 'civil', 1, '管辖'),
  t('民辖终', 'second', 'civil', 2, '管辖上诉'),
  t('民辖监', 'other', 'civil', 3, '管辖监督'),
  t('民特', 'first', 'civil', 1, '特别程序'),
  t('民特监', 'retrial', 'civil', 3, '特别程序监督'),
  t('民催', 'first', 'civil', 1, '公示催告'),
  t('民督', 'first', 'civil', 1, '督促程序（支付令）'),
  t('民督监', 'retrial', 'civil', 3, '督促程序监督'),
  t('民撤', 'first', 'civil', 1, '撤销仲裁裁决'),
  t('民他', 'other', 'civil', 1, '民事其他'),
  t('民赔', 'first', 'compensation', 1, '赔偿'),
  t('财保', 'other', 'preservation', 1, '诉前财产保全'),
  t('行保', 'other', 'preservation', 1, '行为保全'),
  t('证保', 'other', 'preservation', 1, '证据保全'),
  t('执', 'enforcement', 'enforcement', 4, '首次执行'),
  t('执恢', 'enforcement', 'enforcement', 4, '恢复执行'),
  t('执保', 'enforcement', 'enforcement', 4, '财产保全执行'),
  t('执异', 'enforcement', 'enforcement', 4, '执行异议'),
  t('执复', 'enforcement', 'enforcement', 4, '执行复议'),
  t('执监', 'enforcement', 'enforcement', 4, '执行监督'),
  t('执协', 'enforcement', 'enforcement', 4, '执行协调'),
  t('执他', 'enforcement', 'enforcement', 4, '执行其他'),
  t('执请', 'enforcement', 'enforcement', 4, '执行请示'),
  t('执配', 'enforcement', 'enforcement', 4, '参与分配'),
  t('破申', 'first', 'bankruptcy', 1, '破产申请审查'),
  t('破', 'first', 'bankruptcy', 1, '破产'),
  t('破终', 'second', 'bankruptcy', 2, '破产上诉'),
  t('破监', 'retrial', 'bankruptcy', 3, '破产监督'),
  t('强清', 'first', 'bankruptcy', 1, '强制清算'),
  t('刑初', 'first', 'criminal', 1, '刑事一审'),
  t('刑终', 'second', 'criminal', 2, '刑事二审'),
  t('刑再', 'retrial', 'criminal', 3, '刑事再审'),
  t('刑申', 'retrial', 'criminal', 3, '刑事申诉审查'),
  t('刑抗', 'retrial', 'criminal', 3, '刑事抗诉'),
  t('刑监', 'retrial', 'criminal', 3, '刑事监督'),
  t('刑更', 'other', 'criminal', 4, '减刑假释'),
  t('刑医', 'other', 'criminal', 1, '强制医疗'),
  t('刑没', 'other', 'criminal', 1, '违法所得没收'),
  t('行初', 'first', 'administrative', 1, '行政一审'),
  t('行终', 'second', 'administrative', 2, '行政二审'),
  t('行再', 'retrial', 'administrative', 3, '行政再审'),
  t('行申', 'retrial', 'administrative', 3, '行政申请再审审查'),
  t('行审', 'other', 'administrative', 1, '非诉行政审查'),
  t('行审复', 'other', 'administrative', 2, '非诉行政审查复议'),
  t('法赔', 'first', 'compensation', 1, '法院赔偿'),
  t('委赔', 'first', 'compensation', 1, '赔偿委员会'),
  t('司救', 'other', 'other', 1, '司法救助'),
  t('司惩', 'other', 'other', 1, '司法制裁'),
];

const BY_CODE = new Map(CASE_TYPES.map((c) => [c.code, c]));

export function caseTypeInfo(code: string): CaseTypeInfo | undefined {
  return BY_CODE.get(code);
}

/** Codes sorted longest first, for building the modern-format matcher. */
export const CASE_TYPE_CODES_LONGEST_FIRST: readonly string[] = [...BY_CODE.keys()].sort((a, b) => b.length - a.length);

/**
 * Map a legacy type segment (the part before 字第, without the court abbreviation), e.g. 民二初,
 * 商终, 经重, 执, 民监, 立一他, to the modern code of the same stage, or undefined when the segment
 * is not a court case type (公证, 仲裁, 鉴定 …).
 */
export function legacyTypeToModern(seg: string): string | undefined {
  if (seg === '执异议') return '执异';
  if (seg === '执复议') return '执复';
  const m = /^(民|商|经|知|海商|海|刑|行|执|立|赔|破|审监)[一二三四五六七八九]?(重初|初|终|再|重|提|申|监|抗|特|督|催|他|辖|恢|异|复|保|破|清)?$/.exec(seg);
  if (!m) return undefined;
  const kind = m[1] ?? '';
  const stage = m[2] ?? '';
  if (kind === '执') return stage === '' ? '执' : { 恢: '执恢', 异: '执异', 复: '执复', 监: '执监', 保: '执保', 他: '执他' }[stage];
  if (kind === '破') return '破';
  if (kind === '审监') return '民再';
  if (kind === '赔') return '法赔';
  if (kind === '立') return stage === '他' || stage === '' ? '民他' : undefined;
  const prefix = kind === '刑' ? '刑' : kind === '行' ? '行' : '民';
  switch (stage) {
    case '初':
    case '重初':
    case '重':
      // 重 / 重初: first instance retried after remand (发回重审), not trial supervision.
      return `${prefix}初`;
    case '终':
      return `${prefix}终`;
    case '再':
    case '提':
      return `${prefix}再`;
    case '申':
    case '监':
    case '抗':
      return `${prefix}申`;
    case '特':
      return prefix === '民' ? '民特' : undefined;
    case '督':
      return prefix === '民' ? '民督' : undefined;
    case '催':
      return prefix === '民' ? '民催' : undefined;
    case '辖':
      return prefix === '民' ? '民辖' : undefined;
    case '他':
      return prefix === '民' ? '民他' : undefined;
    case '破':
      return '破';
    case '保':
      return prefix === '民' ? '财保' : undefined;
    default:
      return undefined;
  }
}
