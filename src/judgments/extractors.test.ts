import { describe, expect, it } from 'vitest';
import { findAmounts } from './amounts.js';
import { findDates, parseCourtDate } from './cn-dates.js';
import { htmlToText, wordXmlToText, documentFromRecord, decodeBytes } from './extract.js';
import { headOfficeOf, looksLikeLender } from './institution-names.js';
import { buildInstitutionIndex, dice, matchInstitution } from './link.js';
import { normalizeText } from './normalize.js';
import { parseAnyNumber, parseChineseInteger } from './numbers.js';
import { findRates } from './rates.js';

describe('normalizeText', () => {
  it('joins spaced titles, folds full-width digits and keeps a source map', () => {
    const n = normalizeText('民 事 判 决 书\r\n（２０１７）陕0502民初3181号');
    expect(n.text).toBe('民事判决书\n（2017）陕0502民初3181号');
    expect(n.sourceIndex[6]).toBe(11);
  });
  it('decodes entities, keeps thousands separators and makes punctuation full-width', () => {
    expect(normalizeText('月利率21.86&permil;; 共计61,152.14元 和10，000元, 15:35').text).toBe('月利率21.86‰；共计61,152.14元和10,000元，15:35');
  });
  it('converts traditional characters to simplified', () => {
    const n = normalizeText('審判長張大慶');
    expect(n.text).toBe('审判长张大庆');
    expect(n.convertedTraditional).toBe(true);
  });
});

describe('numbers', () => {
  it('parses Chinese numerals in everyday and financial forms', () => {
    expect(parseChineseInteger('三万八千五百')).toBe(38500);
    expect(parseChineseInteger('柒拾万零柒仟壹佰')).toBe(707100);
    expect(parseChineseInteger('一千零一十')).toBe(1010);
    expect(parseChineseInteger('二〇一八')).toBe(2018);
    expect(parseChineseInteger('一亿二千万')).toBe(120_000_000);
    expect(parseAnyNumber('二点一')).toBe(2.1);
    expect(parseChineseInteger('abc')).toBeNull();
  });
});

describe('findAmounts', () => {
  it('reads Arabic, 万元, 人民币 and Chinese amounts with spans', () => {
    const t = '本金650万元、利息人民币3,492,627元、罚息八十二元三角六分、违约金一千零一十元六角二分、美元2000000美元';
    const a = findAmounts(t);
    expect(a.map((x) => [x.fen, x.currency])).toEqual([
      [650_000_000, 'CNY'],
      [349_262_700, 'CNY'],
      [8236, 'CNY'],
      [101_062, 'CNY'],
      [200_000_000, 'USD'],
    ]);
    for (const x of a) expect(t.slice(x.span.start, x.span.end)).toBe(x.span.text);
  });
  it('does not read units alone as amounts', () => {
    expect(findAmounts('每万元每日')).toEqual([]);
  });
});

describe('findRates', () => {
  it('normalizes daily, monthly and annual rates to simple annual decimals', () => {
    const r = findRates('按每日万分之五计算；月息2分；年利率24%；月利率21.86‰；日万分之二点一');
    expect(r.map((x) => x.annual)).toEqual([0.1825, 0.24, 0.24, 0.26232, 0.07665]);
    expect(r[0]?.definition).toContain('× 365');
  });
  it('turns LPR multiples into a rate at the date in the sentence', () => {
    const r = findRates('自2019年8月20日起按照全国银行间同业拆借中心公布的贷款市场报价利率的四倍计算。', () => null);
    expect(r[0]).toMatchObject({ annual: 0.17, basis: 'lpr_multiple', multiple: 4 });
  });
  it('multiplies a stated rate by a following multiple and leaves rates without values null', () => {
    expect(findRates('按年利率3.85%的四倍计算')[0]?.annual).toBe(0.154);
    expect(findRates('不得超过银行同类贷款利率的四倍')[0]).toMatchObject({ annual: null, basis: 'benchmark_multiple' });
  });
  it('ignores percentages that are not rates', () => {
    expect(findRates('逾期罚息利率上浮30%，按本金的150%计收')).toEqual([]);
  });
});

describe('dates', () => {
  it('reads Arabic and Chinese-numeral dates', () => {
    expect(parseCourtDate('二〇一八年一月三十一日')).toBe('2018-01-31');
    expect(parseCourtDate('二0一七年十月三十日')).toBe('2017-10-30');
    expect(parseCourtDate('2017年5月25日')).toBe('2017-05-25');
    expect(findDates('2023年2月29日')).toEqual([]);
  });
});

describe('extract', () => {
  it('strips HTML keeping paragraphs and skipping scripts', () => {
    expect(htmlToText('<div><p>原告：甲</p><script>x<y</script><p>被告：乙<br/>完</p>').split('\n').filter(Boolean)).toEqual(['原告：甲', '被告：乙', '完']);
  });
  it('reads WordprocessingML paragraphs', () => {
    expect(wordXmlToText('<w:p><w:r><w:t>民事</w:t></w:r><w:r><w:t xml:space="preserve">判决书</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p>')).toBe('民事判决书\n第二段\n');
  });
  it('takes text, title and id from a CJO record with jsonHtmlData', () => {
    const rec = { 文书ID: 'abc', 案件名称: '甲与乙借款合同纠纷', jsonHtmlData: JSON.stringify({ Title: 'T', Html: '<div>正文</div>' }) };
    const doc = documentFromRecord(rec);
    expect({ ...doc, text: doc?.text.trim() }).toEqual({ sourceId: 'abc', title: 'T', text: '正文' });
  });
  it('decodes GB18030 when the bytes are not UTF-8', () => {
    expect(decodeBytes(Uint8Array.from([0xc3, 0xf1, 0xca, 0xc2]))).toEqual({ text: '民事', encoding: 'gb18030' });
  });
});

describe('institutions', () => {
  it('maps branches to their head office', () => {
    expect(headOfficeOf('中国银行股份有限公司广州番禺支行')).toEqual({ name: '中国银行', legalName: '中国银行', isBranch: true });
    expect(headOfficeOf('交通银行股份有限公司重庆市分行').name).toBe('交通银行');
    expect(headOfficeOf('中国东方资产管理公司大连办事处').name).toBe('中国东方资产管理');
    expect(headOfficeOf('东风汽车财务有限公司')).toEqual({ name: '东风汽车财务', legalName: '东风汽车财务有限公司', isBranch: false });
    expect(looksLikeLender('重庆度小满小额贷款有限公司')).toBe(true);
    expect(looksLikeLender('扬州市鑫耀运输有限公司')).toBe(false);
  });
  it('matches party names to institutions with a reason and a score', () => {
    const idx = buildInstitutionIndex([
      { institutionId: 'boc', name: '中国银行股份有限公司', kind: 'name' },
      { institutionId: 'cmb', name: '招商银行', kind: 'short' },
      { institutionId: 'dxm', name: '重庆度小满小额贷款有限公司', kind: 'name' },
    ]);
    expect(matchInstitution(idx, '中国银行股份有限公司')).toMatchObject({ institutionId: 'boc', score: 1 });
    expect(matchInstitution(idx, '中国银行股份有限公司广州番禺支行')).toMatchObject({ institutionId: 'boc', score: 0.95 });
    expect(matchInstitution(idx, '招商银行股份有限公司信用卡中心')).toMatchObject({ institutionId: 'cmb' });
    expect(matchInstitution(idx, '重庆度小满小额贷款公司')?.institutionId).toBe('dxm');
    expect(matchInstitution(idx, '扬州市鑫耀运输有限公司')).toBeNull();
    expect(dice('度小满小额贷款', '度小满小额贷款')).toBe(1);
  });
});

describe('spans of fields taken from source metadata', () => {
  it('points the cause at its mention in the text when it comes from a metadata title', async () => {
    const { parseDocument } = await import('./parse-document.js');
    const text = '某某人民法院\n民事判决书\n（2020）京0491民初1号\n原告：甲银行股份有限公司。\n被告：王某。\n原告与被告借款纠纷，本院审理。';
    const d = parseDocument(text, { title: '甲银行股份有限公司与王某金融借款合同纠纷一审民事判决书' });
    expect(d.cause?.value).toBe('金融借款合同纠纷');
    expect(d.cause?.span).toEqual({ start: 0, end: 0, text: '' });
    const d2 = parseDocument(text.replace('借款纠纷', '金融借款合同纠纷'), { title: '甲银行股份有限公司与王某金融借款合同纠纷一审民事判决书' });
    const s = d2.cause?.span;
    expect(s && d2.text.slice(s.start, s.end)).toBe('金融借款合同纠纷');
  });
});
