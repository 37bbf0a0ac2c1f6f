/**
 * Synthetic court documents rendered from case records: first-instance judgments, withdrawal
 * rulings, mediation documents and enforcement rulings in the wording courts use for consumer
 * lending suits. For the benchmark (volume) and the demo; they supplement the real documents in
 * ../shared/data and never replace them in accuracy tests. Deterministic for a given seed. Names
 * are drawn from common surname and given-name characters and identify no one on purpose.
 */
import { addDays, type IsoDate } from '../domain/dates.js';
import { formatYuan, type Fen } from '../domain/money.js';
import { courtFee } from '../metrics/cost/court-fees.js';

export interface SynthCase {
  caseNumber: string;
  court: string;
  courtCode: string;
  lender: string;
  lenderBranch: string;
  borrower: string;
  borrowerSex: '男' | '女';
  borrowerBirth: IsoDate;
  cause: string;
  contractDate: IsoDate;
  filedAt: IsoDate;
  decidedAt: IsoDate;
  procedure: 'simple' | 'ordinary' | 'small_claims';
  principalFen: Fen;
  interestFen: Fen;
  penaltyFen: Fen;
  annualRate: number;
  outcome: 'full_support' | 'partial_support' | 'withdrawn' | 'mediated';
  awardedPrincipalFen: Fen;
  absent: boolean;
  judge: string;
  clerk: string;
  /** Enforcement case number when an enforcement ruling follows, else null. */
  enforcementNumber: string | null;
  enforcementDecidedAt: IsoDate | null;
}

export interface SynthDocument {
  id: string;
  kind: 'judgment' | 'withdrawal' | 'mediation' | 'enforcement';
  text: string;
  case: SynthCase;
}

/** mulberry32: small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤');
const GIVEN = Array.from('伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌辉鹏飞丹萍鑫宇浩然晨阳思雨欣怡子涵俊杰海燕凤琴云龙');
const LENDERS: ReadonlyArray<readonly [string, string]> = [
  ['中国银行股份有限公司', '广州番禺支行'],
  ['招商银行股份有限公司', '信用卡中心'],
  ['中国工商银行股份有限公司', '杭州西湖支行'],
  ['重庆度小满小额贷款有限公司', ''],
  ['马上消费金融股份有限公司', ''],
  ['中国建设银行股份有限公司', '成都高新支行'],
  ['平安银行股份有限公司', '上海分行'],
  ['中银消费金融有限公司', ''],
];
const COURTS: ReadonlyArray<readonly [string, string]> = [
  ['广州互联网法院', '粤0192'],
  ['杭州互联网法院', '浙0192'],
  ['北京互联网法院', '京0491'],
  ['重庆市渝北区人民法院', '渝0112'],
  ['上海市浦东新区人民法院', '沪0115'],
  ['成都市武侯区人民法院', '川0107'],
  ['天津市滨海新区人民法院', '津0116'],
];
const CAUSES = ['金融借款合同纠纷', '信用卡纠纷', '小额借款合同纠纷', '金融借款合同纠纷'];
const CN_DIGITS = '〇一二三四五六七八九';

function pick<T>(r: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(r() * xs.length)];
  if (x === undefined) throw new Error('empty choice');
  return x;
}

function name(r: () => number): string {
  return pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : '');
}

function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n] ?? '';
  if (n < 20) return '十' + (n % 10 === 0 ? '' : CN_DIGITS[n % 10]);
  return (CN_DIGITS[Math.floor(n / 10)] ?? '') + '十' + (n % 10 === 0 ? '' : CN_DIGITS[n % 10]);
}

/** 2018-01-31 → 二〇一八年一月三十一日 */
export function chineseDate(d: IsoDate): string {
  const y = Array.from(d.slice(0, 4)).map((c) => CN_DIGITS[Number(c)]).join('');
  return `${y}年${cnNumber(Number(d.slice(5, 7)))}月${cnNumber(Number(d.slice(8, 10)))}日`;
}

function arabicDate(d: IsoDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

function yuan(fen: Fen): string {
  return formatYuan(fen).replace(/\.00$/, '');
}

function spaced(s: string): string {
  return Array.from(s).join(' ');
}

/** Generate `n` synthetic cases, deterministic for `seed`. */
export function synthCases(n: number, seed = 1): SynthCase[] {
  const r = prng(seed);
  const out: SynthCase[] = [];
  for (let i = 0; i < n; i++) {
    const [court, code] = pick(r, COURTS);
    const [lender, branch] = pick(r, LENDERS);
    const year = 2019 + Math.floor(r() * 6);
    const contractDate = addDays(`${year - 1}-01-01`, Math.floor(r() * 360));
    const filedAt = addDays(`${year}-01-01`, Math.floor(r() * 300));
    const decidedAt = addDays(filedAt, 20 + Math.floor(r() * 90));
    const principal = Math.round((3000 + r() * r() * 150000) * 100);
    const rate = [0.0612, 0.0918, 0.1188, 0.146, 0.18, 0.2399][Math.floor(r() * 6)] ?? 0.146;
    const interest = Math.round(principal * rate * (0.2 + r() * 0.6));
    const penalty = Math.round(principal * 0.02 * r());
    const u = r();
    const outcome: SynthCase['outcome'] = u < 0.68 ? 'full_support' : u < 0.8 ? 'partial_support' : u < 0.9 ? 'withdrawn' : 'mediated';
    const procedure: SynthCase['procedure'] = principal < 3_000_000 && r() < 0.5 ? 'small_claims' : r() < 0.8 ? 'simple' : 'ordinary';
    const enforce = outcome !== 'withdrawn' && r() < 0.4;
    out.push({
      caseNumber: `（${year}）${code}民初${1000 + Math.floor(r() * 60000)}号`,
      court,
      courtCode: code,
      lender,
      lenderBranch: branch,
      borrower: name(r),
      borrowerSex: r() < 0.6 ? '男' : '女',
      borrowerBirth: addDays('1965-01-01', Math.floor(r() * 12000)),
      cause: pick(r, CAUSES),
      contractDate,
      filedAt,
      decidedAt,
      procedure,
      principalFen: principal,
      interestFen: interest,
      penaltyFen: penalty,
      annualRate: rate,
      outcome,
      awardedPrincipalFen: outcome === 'partial_support' ? Math.round(principal * 0.9) : principal,
      absent: r() < 0.85,
      judge: name(r),
      clerk: name(r),
      enforcementNumber: enforce ? `（${Number(decidedAt.slice(0, 4)) + (r() < 0.5 ? 0 : 1)}）${code}执${100 + Math.floor(r() * 9000)}号` : null,
      enforcementDecidedAt: enforce ? addDays(decidedAt, 120 + Math.floor(r() * 300)) : null,
    });
  }
  return out;
}

const PROCEDURE_TEXT = { simple: '简易程序', ordinary: '普通程序', small_claims: '小额诉讼程序' } as const;

function header(c: SynthCase, kind: string, no: string): string {
  return `${c.court}\n${spaced(kind)}\n${no}\n`;
}

function partyBlock(c: SynthCase, plaintiffLabel: string, defendantLabel: string): string {
  return [
    `${plaintiffLabel}：${c.lender}${c.lenderBranch}，住所地${c.court.replace(/(人民法院|互联网法院)$/, '')}。`,
    `负责人：${name(prng(c.principalFen))}，行长。`,
    `委托诉讼代理人：${name(prng(c.interestFen + 7))}，某某律师事务所律师。`,
    `${defendantLabel}：${c.borrower}，${c.borrowerSex}，${arabicDate(c.borrowerBirth)}出生，汉族，住某省某市。`,
  ].join('\n');
}

function totalClaim(c: SynthCase): Fen {
  return c.principalFen + c.interestFen + c.penaltyFen;
}

function signature(c: SynthCase, date: IsoDate): string {
  return `审判员\u3000${c.judge}\n${chineseDate(date)}\n书记员\u3000${c.clerk}`;
}

function feeSentence(c: SynthCase, payer: string): string {
  const fee = courtFee(totalClaim(c), { procedure: c.procedure, outcome: c.outcome });
  return fee.chargedFen !== fee.fullFen ? `案件受理费${yuan(fee.fullFen)}元，减半收取${yuan(fee.chargedFen)}元，由${payer}负担。` : `案件受理费${yuan(fee.fullFen)}元，由${payer}负担。`;
}

export function renderJudgment(c: SynthCase): string {
  const lender = c.lender + c.lenderBranch;
  const absent = c.absent ? `被告${c.borrower}经本院合法传唤，无正当理由拒不到庭参加诉讼，本院依法缺席审理。` : `被告${c.borrower}到庭参加诉讼。`;
  const items = [`一、被告${c.borrower}于本判决生效之日起十日内偿还原告${lender}借款本金${yuan(c.awardedPrincipalFen)}元、利息${yuan(c.interestFen)}元、罚息${yuan(c.penaltyFen)}元；`];
  if (c.outcome === 'partial_support') items.push(`二、驳回原告${lender}的其他诉讼请求。`);
  return [
    header(c, '民事判决书', c.caseNumber) + partyBlock(c, '原告', '被告'),
    `原告${lender}与被告${c.borrower}${c.cause}一案，本院于${arabicDate(c.filedAt)}立案后，依法适用${PROCEDURE_TEXT[c.procedure]}，公开开庭进行了审理。原告的委托诉讼代理人到庭参加诉讼。${absent}本案现已审理终结。`,
    `原告${lender}向本院提出诉讼请求：1.判令被告偿还借款本金${yuan(c.principalFen)}元、利息${yuan(c.interestFen)}元、罚息${yuan(c.penaltyFen)}元，以上合计${yuan(totalClaim(c))}元；2.本案诉讼费用由被告承担。事实与理由：${arabicDate(c.contractDate)}，原、被告签订《个人借款合同》，约定借款本金${yuan(c.principalFen)}元，年利率${(c.annualRate * 100).toFixed(2)}%。被告逾期未还款。`,
    `本院认为，原、被告签订的借款合同合法有效。被告未按约还款，构成违约，应承担还款责任。依照《中华人民共和国民法典》第六百七十五条、第六百七十六条，《中华人民共和国民事诉讼法》第一百四十七条之规定，判决如下：`,
    ...items,
    `如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，加倍支付迟延履行期间的债务利息。`,
    feeSentence(c, '被告'),
    `如不服本判决，可在判决书送达之日起十五日内，向本院递交上诉状。`,
    signature(c, c.decidedAt),
  ].join('\n');
}

export function renderWithdrawal(c: SynthCase): string {
  const lender = c.lender + c.lenderBranch;
  return [
    header(c, '民事裁定书', c.caseNumber) + partyBlock(c, '原告', '被告'),
    `原告${lender}与被告${c.borrower}${c.cause}一案，本院于${arabicDate(c.filedAt)}立案。原告于${arabicDate(addDays(c.decidedAt, -2))}向本院提出撤诉申请。`,
    `本院认为，原告申请撤诉符合法律规定。依照《中华人民共和国民事诉讼法》第一百四十八条第一款之规定，裁定如下：`,
    `准许原告${lender}撤诉。`,
    feeSentence(c, '原告'),
    signature(c, c.decidedAt),
  ].join('\n');
}

export function renderMediation(c: SynthCase): string {
  const lender = c.lender + c.lenderBranch;
  return [
    header(c, '民事调解书', c.caseNumber) + partyBlock(c, '原告', '被告'),
    `原告${lender}与被告${c.borrower}${c.cause}一案，本院于${arabicDate(c.filedAt)}立案后，依法适用${PROCEDURE_TEXT[c.procedure]}进行了审理。`,
    `原告${lender}向本院提出诉讼请求：1.判令被告偿还借款本金${yuan(c.principalFen)}元、利息${yuan(c.interestFen)}元；2.本案诉讼费用由被告承担。`,
    `本案审理过程中，经本院主持调解，双方当事人自愿达成如下协议：`,
    `被告${c.borrower}于${arabicDate(addDays(c.decidedAt, 30))}前偿还原告${lender}借款本金${yuan(c.awardedPrincipalFen)}元。`,
    `上述协议，不违反法律规定，本院予以确认。`,
    feeSentence(c, '被告'),
    signature(c, c.decidedAt),
  ].join('\n');
}

export function renderEnforcement(c: SynthCase): string | null {
  if (!c.enforcementNumber || !c.enforcementDecidedAt) return null;
  const lender = c.lender + c.lenderBranch;
  return [
    `${c.court}\n${spaced('执行裁定书')}\n${c.enforcementNumber}`,
    `申请执行人：${lender}。`,
    `被执行人：${c.borrower}，${c.borrowerSex}，${arabicDate(c.borrowerBirth)}出生，汉族，住某省某市。`,
    `申请执行人${lender}与被执行人${c.borrower}${c.cause}一案，本院依据已经发生法律效力的本院${c.caseNumber}民事判决书，于${arabicDate(addDays(c.enforcementDecidedAt, -90))}立案执行。经查，被执行人暂无可供执行的财产。依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条之规定，裁定如下：`,
    `终结本院${c.caseNumber}民事判决书的本次执行程序。`,
    `本裁定送达后立即生效。`,
    `执行员\u3000${c.judge}\n${chineseDate(c.enforcementDecidedAt)}\n书记员\u3000${c.clerk}`,
  ].join('\n');
}

/** All documents for the cases: the first-instance document, plus an enforcement ruling where one follows. */
export function renderCaseDocuments(cases: readonly SynthCase[]): SynthDocument[] {
  const out: SynthDocument[] = [];
  cases.forEach((c, i) => {
    const kind = c.outcome === 'withdrawn' ? 'withdrawal' : c.outcome === 'mediated' ? 'mediation' : 'judgment';
    const text = kind === 'withdrawal' ? renderWithdrawal(c) : kind === 'mediation' ? renderMediation(c) : renderJudgment(c);
    out.push({ id: `synth-${i}-${kind}`, kind, text, case: c });
    const enf = renderEnforcement(c);
    if (enf) out.push({ id: `synth-${i}-enforcement`, kind: 'enforcement', text: enf, case: c });
  });
  return out;
}
