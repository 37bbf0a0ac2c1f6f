/**
 * Header matching: source headers (Chinese or English, any case, full- or half-width, with or
 * without spaces, underscores or a unit suffix such as （元）) → canonical column names, with a
 * mapping file taking precedence. A missing required column is a file-level error naming the file,
 * the column and the closest header found.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../domain/errors.js';
import type { ImportKind } from '../domain/import.js';
import { columnsOf, type ColumnSpec } from './columns.js';

/** NFKC, lower case, no whitespace/underscores/hyphens, no trailing unit in brackets, no '*' marks. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/^\ufeff/, '')
    .toLowerCase()
    .replace(/\((元|%|％|人民币元|yuan|rmb|cny|万元)\)$/u, '')
    .replace(/[\s_\-*·.:：]/gu, '');
}

export interface HeaderMatch {
  /** For each source column index: canonical name, or null when ignored. */
  canonical: (string | null)[];
  /** Source header text for each canonical column present. */
  sourceOf: Map<string, string>;
  /** Source headers not mapped to any canonical column (ignored). */
  unknown: string[];
}

export type MappingFile = Record<string, string>;

export function readMappingFile(path: string, kind: ImportKind): MappingFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'import.mapping', en: `Mapping file ${path} is not valid JSON: ${why}`, zh: `映射文件 ${path} 不是有效的 JSON：${why}`, cause: err });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError({ code: 'import.mapping', en: `Mapping file ${path} must be an object {"source header": "canonical_name"}`, zh: `映射文件 ${path} 必须是 {"源列名": "标准列名"} 形式的对象` });
  }
  const names = new Set(columnsOf(kind).map((c) => c.name));
  const out: MappingFile = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'string' || !names.has(v)) {
      throw new AppError({
        code: 'import.mapping',
        en: `Mapping file ${path}: "${k}" maps to "${String(v)}", which is not a ${kind} column (${[...names].join(', ')})`,
        zh: `映射文件 ${path}：“${k}”映射到的“${String(v)}”不是${kind}的标准列（${[...names].join('、')}）`,
      });
    }
    out[k] = v;
  }
  return out;
}

function aliasIndex(cols: readonly ColumnSpec[]): Map<string, string> {
  const idx = new Map<string, string>();
  // Canonical names first so they win over another column's alias.
  for (const c of cols) idx.set(normalizeHeader(c.name), c.name);
  for (const c of cols) {
    for (const a of [...c.zh, ...(c.alt ?? [])]) {
      const n = normalizeHeader(a);
      if (!idx.has(n)) idx.set(n, c.name);
    }
  }
  return idx;
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

function closestHeader(spec: ColumnSpec, candidates: readonly string[]): string | null {
  const names = [spec.name, ...spec.zh, ...(spec.alt ?? [])].map(normalizeHeader);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const cand of candidates) {
    const n = normalizeHeader(cand);
    for (const name of names) {
      const d = editDistance(n, name) / Math.max(n.length, name.length, 1);
      if (d < bestScore) {
        bestScore = d;
        best = cand;
      }
    }
  }
  return bestScore <= 0.6 ? best : null;
}

export function matchHeaders(kind: ImportKind, headers: readonly string[], file: string, mapping: MappingFile = {}): HeaderMatch {
  const cols = columnsOf(kind);
  const idx = aliasIndex(cols);
  const mapNorm = new Map(Object.entries(mapping).map(([k, v]) => [normalizeHeader(k), v]));
  const canonical: (string | null)[] = [];
  const sourceOf = new Map<string, string>();
  const unknown: string[] = [];
  headers.forEach((h) => {
    const n = normalizeHeader(h);
    const name = mapping[h] ?? mapNorm.get(n) ?? idx.get(n) ?? null;
    if (name === null || n === '') {
      canonical.push(null);
      if (h.trim() !== '') unknown.push(h);
      return;
    }
    const already = sourceOf.get(name);
    if (already !== undefined) {
      throw new AppError({
        code: 'import.duplicate_column',
        en: `${file}: columns "${already}" and "${h}" both map to ${name}; rename one or use a mapping file`,
        zh: `${file}：列“${already}”和“${h}”都对应 ${name}；请改名其中一列或使用映射文件`,
        details: { file, column: name, headers: [already, h] },
      });
    }
    sourceOf.set(name, h);
    canonical.push(name);
  });
  const missing = cols.filter((c) => c.required && !sourceOf.has(c.name));
  if (missing.length > 0) {
    const first = missing[0] as ColumnSpec;
    const near = closestHeader(first, unknown);
    const names = missing.map((c) => `${c.name} (${c.zh[0] ?? ''})`).join(', ');
    throw new AppError({
      code: 'import.missing_column',
      en: `${file}: required column ${names} not found in the header${near ? `; closest header found: "${near}" (use --mapping to map it)` : ''}. Header: ${headers.join(', ')}`,
      zh: `${file}：表头缺少必需列 ${names}${near ? `；最接近的表头是“${near}”（可用 --mapping 映射）` : ''}。表头：${headers.join('，')}`,
      details: { file, missing: missing.map((c) => c.name), closest: near, headers },
    });
  }
  return { canonical, sourceOf, unknown };
}
