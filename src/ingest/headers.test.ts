import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '../domain/import.js';
import { COLUMNS } from './columns.js';
import { matchHeaders, normalizeHeader } from './headers.js';

describe('header matching', () => {
  it('normalizes case, spaces, underscores, full-width characters and unit suffixes', () => {
    expect(normalizeHeader(' Loan_ID ')).toBe('loanid');
    expect(normalizeHeader('借款金额（元）')).toBe('借款金额');
    expect(normalizeHeader('ＬＯＡＮ＿ＩＤ')).toBe('loanid');
    expect(normalizeHeader('*放款日期')).toBe('放款日期');
  });

  it('maps Chinese and English headers and lists unknown ones', () => {
    const m = matchHeaders('loans', ['借据号', 'Institution ID', '放款日期', 'loan amount', '期限（月）', '客户经理'], 'f.csv');
    expect(m.canonical).toEqual(['loan_id', 'institution_id', 'originated_at', 'principal', 'term_months', null]);
    expect(m.unknown).toEqual(['客户经理']);
  });

  it('refuses two columns that map to the same canonical column', () => {
    expect(() => matchHeaders('loans', ['loan_id', '借据号', 'institution_id', 'originated_at', 'principal', 'term_months'], 'f.csv')).toThrow(/both map to loan_id/);
  });

  it('the canonical columns and their required marks are exactly those of docs/import-formats.md', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/import-formats.md'), 'utf8');
    for (const kind of IMPORT_KINDS) {
      const section = doc.split(`\n## ${kind}`)[1]?.split('\n## ')[0] ?? '';
      const documented = [...section.matchAll(/(?:^|[,\n]\s*)([a-z_]+)(\*)?\s*\(/g)].map((m) => `${m[1]}${m[2] ?? ''}`);
      const ours = COLUMNS[kind].map((c) => `${c.name}${c.required ? '*' : ''}`);
      expect({ kind, columns: ours }).toEqual({ kind, columns: documented });
    }
  });

  it('every documented Chinese header is an alias of its column', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/import-formats.md'), 'utf8');
    for (const kind of IMPORT_KINDS) {
      const section = doc.split(`\n## ${kind}`)[1]?.split('\n## ')[0] ?? '';
      for (const m of section.matchAll(/(?:^|[,\n]\s*)([a-z_]+)\*?\s*\(([^):;]+?)(?:[:;)]|$)/g)) {
        const zh = (m[2] ?? '').trim().split(/[ ;:]/)[0] ?? '';
        const col = COLUMNS[kind].find((c) => c.name === m[1]);
        expect({ kind, column: m[1], zh, has: col?.zh.includes(zh) }).toEqual({ kind, column: m[1], zh, has: true });
      }
    }
  });
});
