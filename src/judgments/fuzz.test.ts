/**
 * Robustness: any input returns a result in bounded time. fast-check feeds random text built from
 * court-document vocabulary and arbitrary Unicode; explicit hostile inputs cover empty, binary,
 * megabytes of noise, truncated HTML and regex bait. The time limits are generous upper bounds
 * (a sanity check against catastrophic backtracking, not a benchmark).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmounts } from './amounts.js';
import { findCaseNumbers } from './case-number.js';
import { findDates } from './cn-dates.js';
import { htmlToText, wordXmlToText } from './extract.js';
import { normalizeText } from './normalize.js';
import { MAX_DOCUMENT_CHARS, parseDocument } from './parse-document.js';
import { findRates } from './rates.js';

const VOCAB = [
  '原告', '被告', '上诉人', '被上诉人', '申请执行人', '被执行人', '：', '，', '。', '\n', '（', '）', '(', ')', '〔', '〕', '［', '］',
  '2017', '２０１８', '闽0102', '民初', '民终', '执', '执恢', '字第', '1424', '号', '人民法院', '民 事 判 决 书', '判决如下', '裁定如下',
  '借款本金', '利息', '罚息', '共计', '元', '万元', '人民币', '61,152.14', '三万八千五百', '角', '分', '年利率', '月息', '日万分之', '五',
  '24%', '‰', '贷款市场报价利率', '四倍', '案件受理费', '减半收取', '由被告负担', '二〇一八年一月三十一日', '2018年1月31日', '审判长', '书记员',
  '纠纷一案', '金融借款合同纠纷', '不服', '撤诉', '驳回', '&permil;', '&#x4E00;', '<p>', '</div>', '“', '”', '某某', '××', '\u0000', '\ufffd',
];

const docArb = fc.array(fc.oneof(fc.constantFrom(...VOCAB), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 400 }).map((xs) => xs.join(''));

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe('parseDocument never crashes or hangs', () => {
  it('on random documents built from court vocabulary and arbitrary Unicode', () => {
    fc.assert(
      fc.property(docArb, (s) => {
        const { value, ms } = timed(() => parseDocument(s));
        expect(typeof value.text).toBe('string');
        expect(ms).toBeLessThan(2000);
        for (const p of value.parties) expect(value.text.slice(p.span.start, p.span.end)).toBe(p.span.text);
        if (value.caseNumber) expect(value.text.slice(value.caseNumber.span.start, value.caseNumber.span.end)).toBe(value.caseNumber.span.text);
      }),
      { numRuns: 300 },
    );
  });

  it('extractors keep spans consistent on random text', () => {
    fc.assert(
      fc.property(docArb, (s) => {
        const t = normalizeText(s).text;
        for (const a of findAmounts(t)) expect(t.slice(a.span.start, a.span.end)).toBe(a.span.text);
        for (const d of findDates(t)) expect(t.slice(d.span.start, d.span.end)).toBe(d.span.text);
        for (const r of findRates(t)) {
          expect(t.slice(r.span.start, r.span.end)).toBe(r.span.text);
          if (r.annual !== null) expect(r.annual).toBeGreaterThan(0);
        }
        for (const c of findCaseNumbers(s)) expect(s.slice(c.span.start, c.span.end)).toBe(c.span.text);
      }),
      { numRuns: 300 },
    );
  });

  const hostile: ReadonlyArray<readonly [string, () => string]> = [
    ['empty', () => ''],
    ['whitespace only', () => ' \n\t\u3000'.repeat(10_000)],
    ['binary bytes', () => Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
    ['5 MB of noise', () => String.fromCharCode(...Array.from({ length: 50_000 }, (_, i) => 0x4e00 + ((i * 2654435761) % 20000))).repeat(100)],
    ['truncated HTML', () => '<html><body><div><p>原告：中国银行股份有限公司<p>被告：张某<script>'.repeat(2000) + '<div class="'],
    ['bracket bait', () => '（2017）'.repeat(100_000)],
    ['case-number bait', () => '(2017)闽0102民初'.repeat(50_000) + '号'],
    ['amount bait', () => '1,'.repeat(200_000) + '元'],
    ['chinese numeral bait', () => '一'.repeat(300_000) + '元'],
    ['rate bait', () => '年利率'.repeat(100_000) + '1%'],
    ['party bait', () => '原告：'.repeat(100_000)],
    ['agent bait', () => ('原告：某公司。\n' + '委托诉讼代理人：'.repeat(50) + '\n').repeat(2000)],
    ['quote bait', () => '“'.repeat(200_000)],
    ['entity bait', () => '&'.repeat(100_000) + '&#' + '9'.repeat(100_000)],
    ['date bait', () => '二〇一八年'.repeat(100_000)],
    ['operative bait', () => '判决如下：'.repeat(100_000)],
    ['fee bait', () => '受理费'.repeat(100_000) + '由'.repeat(100_000)],
    ['lone surrogates', () => '\ud800\udc00\ud800'.repeat(50_000)],
  ];

  for (const [name, make] of hostile) {
    it(`returns a result for ${name}`, () => {
      const input = make();
      const { value, ms } = timed(() => parseDocument(input));
      expect(value.truncated).toBe(input.length > MAX_DOCUMENT_CHARS);
      expect(ms).toBeLessThan(15_000);
    });
  }

  it('container extractors survive hostile input', () => {
    const { ms } = timed(() => {
      htmlToText('<'.repeat(200_000));
      htmlToText('<div a="'.repeat(50_000));
      htmlToText('<!--'.repeat(100_000));
      wordXmlToText('<w:t>'.repeat(100_000));
    });
    expect(ms).toBeLessThan(15_000);
  });
});
