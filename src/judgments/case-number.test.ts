import { describe, expect, it } from 'vitest';
import { courtChainKey, findCaseNumbers, normalizeCaseNumber, parseCaseNumber } from './case-number.js';

describe('parseCaseNumber', () => {
  it('parses a modern basic-court number', () => {
    expect(parseCaseNumber('（2017）闽0102民初1424号')).toMatchObject({
      normalized: '(2017)闽0102民初1424号',
      year: 2017,
      provinceCode: '35',
      courtCode: '闽0102',
      typeCode: '民初',
      instance: 'first',
      caseClass: 'civil',
      seq: 1424,
      format: 'modern',
      span: { start: 0, end: 18 },
    });
  });

  it('parses an intermediate-court appeal, a high-court appeal and the SPC', () => {
    expect(parseCaseNumber('（2018）闽01民终1237号')).toMatchObject({ courtCode: '闽01', typeCode: '民终', instance: 'second', provinceCode: '35' });
    expect(parseCaseNumber('(2019)京民终12号之一')).toMatchObject({ courtCode: '京', typeCode: '民终', suffix: '之一', normalized: '(2019)京民终12号之一' });
    expect(parseCaseNumber('（2019）最高法民申1234号')).toMatchObject({ courtCode: '最高法', provinceCode: null, typeCode: '民申', instance: 'retrial' });
  });

  it('parses 兵团 courts and all bracket styles with full-width digits', () => {
    expect(parseCaseNumber('〔2018〕兵0101民初55号')).toMatchObject({ provinceCode: '65', courtCode: '兵0101', normalized: '(2018)兵0101民初55号' });
    expect(parseCaseNumber('［２０１８］京０４９１民初１２３号')?.normalized).toBe('(2018)京0491民初123号');
    expect(parseCaseNumber('[2018]粤0192民初9号')?.normalized).toBe('(2018)粤0192民初9号');
  });

  it('parses enforcement type codes', () => {
    for (const [s, code] of [
      ['（2019）京0491执77号', '执'],
      ['（2020）京0491执恢3号', '执恢'],
      ['（2020）浙0192执异12号', '执异'],
      ['（2020）浙01执复2号', '执复'],
      ['（2020）浙0192执保99号', '执保'],
    ] as const) {
      expect(parseCaseNumber(s)).toMatchObject({ typeCode: code, instance: 'enforcement', caseClass: 'enforcement' });
    }
  });

  it('parses special, bankruptcy, criminal and administrative codes', () => {
    expect(parseCaseNumber('（2020）沪0115民特12号')).toMatchObject({ typeCode: '民特', instance: 'first' });
    expect(parseCaseNumber('（2020）沪0115民督12号')).toMatchObject({ typeCode: '民督' });
    expect(parseCaseNumber('（2020）沪03破12号')).toMatchObject({ typeCode: '破', caseClass: 'bankruptcy' });
    expect(parseCaseNumber('（2017）粤0306刑初1号')).toMatchObject({ typeCode: '刑初', caseClass: 'criminal', instance: 'first' });
    expect(parseCaseNumber('（2017）粤0306行初1号')).toMatchObject({ typeCode: '行初', caseClass: 'administrative' });
  });

  it('parses legacy numbers and maps their type segment', () => {
    expect(parseCaseNumber('（2013）浙杭商初字第123号')).toMatchObject({ normalized: '(2013)浙杭商初字第123号', courtCode: '浙杭', typeRaw: '商初', typeCode: '民初', format: 'legacy', provinceCode: null });
    expect(parseCaseNumber('(2012)湘民二初字第45号')).toMatchObject({ courtCode: '湘', typeRaw: '民二初', typeCode: '民初', provinceCode: '43' });
    expect(parseCaseNumber('（2003）民二终字第47号')).toMatchObject({ courtCode: '最高法', typeCode: '民终', instance: 'second' });
    expect(parseCaseNumber('（2007）昌执字第00774-3号')).toMatchObject({ normalized: '(2007)昌执字第774-3号', seq: 774, suffix: '-3', typeCode: '执' });
    expect(parseCaseNumber('（2002）沪高经重字第9号')).toMatchObject({ courtCode: '沪高', typeCode: '民初', provinceCode: '31' });
    expect(parseCaseNumber('（2002）鲁民二重初字第1号')).toMatchObject({ courtCode: '鲁', typeCode: '民初', typeRaw: '民二重初' });
    expect(parseCaseNumber('（2014）肇鼎法民初字第300号')).toMatchObject({ courtCode: '肇鼎法', typeCode: '民初' });
  });

  it('rejects bracketed numbers that are not court cases', () => {
    for (const s of ['（2015）第123号', '（2014）辽证民字第1234号', '（2016）洪劳人仲裁字第12号', '（2014）信银杭嘉最保字第ZB0001号', '（2015）凯公证字第12号', '（1850）京民终1号', '', '号']) {
      expect(parseCaseNumber(s)).toBeNull();
    }
  });

  it('normalizes for joins and keeps unparseable text as is', () => {
    expect(normalizeCaseNumber(' （2017）闽0102民初01424号 ')).toBe('(2017)闽0102民初1424号');
    expect(normalizeCaseNumber('not a number')).toBe('not a number');
  });
});

describe('findCaseNumbers', () => {
  it('finds every case number with spans, skipping contract numbers', () => {
    const text = '上诉人不服福建省福州市鼓楼区人民法院（2017）闽0102民初1424号民事判决，借款合同（2015）第123号，本案（2018）闽01民终1237号。';
    const found = findCaseNumbers(text);
    expect(found.map((f) => f.normalized)).toEqual(['(2017)闽0102民初1424号', '(2018)闽01民终1237号']);
    for (const f of found) expect(text.slice(f.span.start, f.span.end)).toBe(f.span.text);
    expect(found[0]?.span.start).toBe(text.indexOf('（2017）'));
  });

  it('finds nothing in empty or hostile text', () => {
    expect(findCaseNumbers('')).toEqual([]);
    expect(findCaseNumbers('（2017）'.repeat(10_000))).toEqual([]);
    expect(findCaseNumbers('(2017)' + '民'.repeat(100_000) + '号')).toEqual([]);
  });
});

describe('courtChainKey', () => {
  it('keeps province and city digits of a modern code', () => {
    expect(courtChainKey('闽0102')).toBe('闽01');
    expect(courtChainKey('闽01')).toBe('闽01');
    expect(courtChainKey('京')).toBeNull();
    expect(courtChainKey(null)).toBeNull();
  });
});

describe('parseCaseNumber edge forms seen in real documents', () => {
  it('accepts sub-numbers, a stray 年 and 执异议', () => {
    expect(parseCaseNumber('（2016）青2525执10-1号')).toMatchObject({ normalized: '(2016)青2525执10-1号', seq: 10, suffix: '-1', typeCode: '执' });
    expect(parseCaseNumber('（2015）年建执字第554号')).toMatchObject({ normalized: '(2015)建执字第554号', typeCode: '执' });
    expect(parseCaseNumber('(2015)张执异议字第192号')).toMatchObject({ typeCode: '执异', courtCode: '张' });
    expect(parseCaseNumber('（2014）昌执字第01026—1号')).toMatchObject({ normalized: '(2014)昌执字第1026-1号' });
    expect(parseCaseNumber('（2015）武侯执字02678号')).toMatchObject({ normalized: '(2015)武侯执字第2678号' });
  });
});
