/**
 * A small generated book for server tests and the e2e suite: the synthetic generator's files
 * imported through the same importer users run (no hand-made shortcuts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_KINDS } from '../../domain/import.js';
import { importFile } from '../../ingest/import-file.js';
import type { Workspace } from '../../store/workspace.js';
import { generateBook } from '../../synth/generate.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The real court documents shared with the project (read in place, never copied). */
export function sharedJudgments(file = 'fulltext_lending.jsonl'): string {
  const path = resolve(REPO_ROOT, '..', 'shared', 'data', 'judgments', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: the tests need ../shared/data (see the team rules)`);
  return path;
}

/** Import real court documents (parsed, masked and linked by the judgments area) into the workspace. */
export async function importSharedDocuments(ws: Workspace, file?: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'suitrate-docs-'));
  try {
    const s = await importFile(ws, { kind: 'cases', file: sharedJudgments(file), rejectsPath: join(dir, 'rejects.csv') });
    return s.stored + s.unchanged;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function importGeneratedBook(ws: Workspace, opts: { loans: number; lenders?: number; seed?: number }): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'suitrate-book-'));
  try {
    await generateBook({ outDir: dir, loans: opts.loans, lenders: opts.lenders ?? 4, seed: opts.seed ?? 7 });
    const stored: Record<string, number> = {};
    for (const kind of IMPORT_KINDS) {
      const s = await importFile(ws, { kind, file: join(dir, `${kind}.csv`), rejectsPath: join(dir, `${kind}.rejects.csv`) });
      stored[kind] = s.stored;
    }
    return stored;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
