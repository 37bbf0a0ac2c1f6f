/**
 * A small parser for modern case numbers in structured case rows: （2023）渝0192民初12345号 →
 * year 2023, court 渝0192 (Chongqing), type 民初, sequence 12345. Structural twin of the full
 * parser in src/judgments/case-number.ts (which also handles legacy …字第…号 numbers); used when
 * that parser is unavailable.
 */
import { provinceByCaseAbbr, PROVINCES } from '../domain/regions.js';

export interface CaseNumberParts {
  normalized: string;
  year: number;
  courtCode: string;
  provinceCode: string | null;
  typeCode: string;
  seq: number;
  instance: string;
}

const ABBRS = PROVINCES.map((p) => p.caseAbbr).join('');
const RE = new RegExp(`^[（(〔\\[【]\\s*((?:19|20)\\d{2})\\s*[）)〕\\]】]\\s*(最高法|[${ABBRS}兵])(\\d{2}|\\d{4})?([\\u4e00-\\u9fa5]{1,4}?)第?(\\d{1,8})号$`);

function instanceOf(type: string): string {
  if (type.startsWith('执')) return 'enforcement';
  if (type.includes('再') || type.includes('申') || type.includes('抗')) return 'retrial';
  if (type.includes('终')) return 'second';
  if (type.includes('初')) return 'first';
  return 'other';
}

export function parseCaseNumberLite(text: string): CaseNumberParts | null {
  const s = text.trim().replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const abbr = m[2] ?? '';
  const court = abbr + (m[3] ?? '');
  const type = m[4] ?? '';
  const seq = Number(m[5]);
  const provinceCode = abbr === '兵' ? '65' : abbr === '最高法' ? null : (provinceByCaseAbbr(abbr)?.code ?? null);
  return { normalized: `(${year})${court}${type}${seq}号`, year, courtCode: court, provinceCode, typeCode: type, seq, instance: instanceOf(type) };
}
