/**
 * A small generated book for server tests and the e2e suite: the synthetic generator's files
 * imported through the same importer users run (no hand-made shortcuts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_KINDS } from '../../domain/import.js';
import { importFile } from '../../ingest/import-file.js';
import type { Workspace } from '../../store/workspace.js';
import { generateBook } from '../../synth/generate.js';

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
