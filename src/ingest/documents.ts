/**
 * `import cases` dispatch. Structured case rows (CSV/XLSX, or JSONL rows with the canonical
 * columns) go through the tabular pipeline; court documents go to the judgments area's
 * `importCaseDocuments(ws, path, opts)`:
 *   - a folder;
 *   - a .txt, .html, .htm, .docx or .json file;
 *   - a .jsonl/.ndjson file whose first records carry document text in `text`, `DocContent`,
 *     `jsonHtmlData` or `qwContent`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Workspace } from '../store/workspace.js';
import type { FileImportSummary, ImportFileOptions } from './import-file.js';
import { importCaseDocuments } from '../judgments/ingest.js';

const DOC_EXTS = new Set(['.txt', '.html', '.htm', '.docx', '.json']);
export const DOCUMENT_TEXT_FIELDS = ['text', 'DocContent', 'jsonHtmlData', 'qwContent'] as const;

function firstLines(path: string, max: number): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, max);
  } finally {
    closeSync(fd);
  }
}

/** True when a JSON object looks like a court document rather than a structured case row. */
export function isDocumentRecord(obj: unknown): boolean {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return false;
  const o = obj as Record<string, unknown>;
  return DOCUMENT_TEXT_FIELDS.some((f) => typeof o[f] === 'string' && (o[f] as string).trim() !== '');
}

export async function isDocumentInput(path: string): Promise<boolean> {
  if (statSync(path).isDirectory()) return true;
  const ext = extname(path).toLowerCase();
  if (DOC_EXTS.has(ext)) return true;
  if (ext !== '.jsonl' && ext !== '.ndjson') return false;
  for (const line of firstLines(path, 5)) {
    try {
      if (isDocumentRecord(JSON.parse(line))) return true;
    } catch {
      // a bad line says nothing about the kind of file
    }
  }
  return false;
}

export async function importDocuments(ws: Workspace, path: string, opts: ImportFileOptions): Promise<FileImportSummary> {
  const summary = await importCaseDocuments(ws, path, {
    rejectsPath: opts.rejectsPath,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'store', done, total, message: 'court documents' }),
  });
  return { format: 'documents', encoding: 'utf-8', ignoredColumns: [], notes: [], ...summary };
}
