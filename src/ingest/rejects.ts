/**
 * The rejects file: `line,column,code,message`, UTF-8 with a BOM so Excel opens the Chinese text
 * correctly. Written to a temporary name and renamed, so a crash never leaves half a file.
 */
import { renameSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RowProblem } from '../domain/errors.js';

export const REJECTS_HEADER = ['line', 'column', 'code', 'message'] as const;

export function defaultRejectsPath(file: string): string {
  const base = basename(file, extname(file));
  return join(dirname(file), `${base}.rejects.csv`);
}

export function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column) || a.code.localeCompare(b.code));
}

export function writeRejects(path: string, problems: readonly RowProblem[]): void {
  const body = stringify([[...REJECTS_HEADER], ...problems.map((p) => [p.line, p.column, p.code, p.message])]);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, '\ufeff' + body, 'utf8');
  renameSync(tmp, path);
}

/** Remove a rejects file left by an earlier run of the same import (only if it is ours). */
export function removeStaleRejects(path: string): void {
  if (!existsSync(path)) return;
  const head = readFileSync(path, 'utf8').slice(0, 40);
  if (head.replace(/^\ufeff/, '').startsWith(REJECTS_HEADER.join(','))) rmSync(path);
}
