import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '../domain/import.js';
import { columnNames } from './columns.js';

/** Canonical column names per kind, parsed from docs/import-formats.md ("## kind" then "name* (中文…), …"). */
function columnsFromDoc(): Map<string, string[]> {
  const doc = readFileSync(resolve(import.meta.dirname, '../../docs/import-formats.md'), 'utf8');
  const out = new Map<string, string[]>();
  const sections = doc.split(/^## /m).slice(1);
  for (const sec of sections) {
    const [heading, ...rest] = sec.split('\n');
    const kind = (heading ?? '').trim().split(/\s/)[0] ?? '';
    // Split the paragraph at top-level commas (not inside parentheses).
    const text = rest.join(' ');
    const names: string[] = [];
    let depth = 0;
    let part = '';
    for (const ch of text) {
      if (ch === '(' || ch === '（') depth++;
      if (ch === ')' || ch === '）') depth--;
      if (ch === ',' && depth === 0) {
        names.push(part);
        part = '';
      } else part += ch;
    }
    names.push(part);
    const cols = names.map((p) => /^\s*([a-z_]+)\*?\s*\(/.exec(p)?.[1]).filter((x): x is string => x !== undefined);
    if (cols.length > 0) out.set(kind, cols);
  }
  return out;
}

describe('generated files use exactly the canonical columns of docs/import-formats.md', () => {
  const doc = columnsFromDoc();
  it.each(IMPORT_KINDS.map((k) => [k]))('%s', (kind) => {
    expect(doc.get(kind), `section ## ${kind} in the doc`).toBeDefined();
    expect(columnNames(kind)).toEqual(doc.get(kind));
  });
});
