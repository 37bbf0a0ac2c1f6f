/**
 * importFolder: the generator's folder layout (`<kind>.csv`, `.jsonl` or `.xlsx`, one file per
 * kind) imported in dependency order — institutions, products, customers, loans, installments,
 * repayments, complaints, cases — so references resolve against what was stored before. Each file
 * is its own transaction. The demo and `suitrate import all <folder>` use this.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import.js';
import type { Workspace } from '../store/workspace.js';
import { importFile, type FileImportSummary, type ImportFileOptions } from './import-file.js';

export type ImportFolderOptions = Omit<ImportFileOptions, 'kind' | 'file' | 'rejectsPath' | 'mapping' | 'sheet'> & {
  /** Called before each file is imported. */
  onFile?: (kind: ImportKind, file: string) => void;
  /** Stop at the first file with rejects (default false: import everything, report all). */
  stopOnRejects?: boolean;
};

const EXTENSIONS = ['.csv', '.jsonl', '.ndjson', '.xlsx'];

/** The file for each kind present in `dir`, in import order. */
export function folderPlan(dir: string): { kind: ImportKind; file: string }[] {
  const plan: { kind: ImportKind; file: string }[] = [];
  for (const kind of IMPORT_KINDS) {
    const file = EXTENSIONS.map((ext) => join(dir, kind + ext)).find((f) => existsSync(f));
    if (file) plan.push({ kind, file });
  }
  return plan;
}

export async function importFolder(ws: Workspace, dir: string, opts: ImportFolderOptions = {}): Promise<FileImportSummary[]> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new AppError({ code: 'import.not_folder', en: `${root} is not a folder`, zh: `${root} 不是文件夹` });
  }
  const plan = folderPlan(root);
  if (plan.length === 0) {
    throw new AppError({
      code: 'import.empty_folder',
      en: `${root} holds none of ${IMPORT_KINDS.map((k) => k + '.csv').join(', ')}`,
      zh: `${root} 中没有可导入的文件（${IMPORT_KINDS.map((k) => k + '.csv').join('、')}）`,
    });
  }
  const out: FileImportSummary[] = [];
  for (const { kind, file } of plan) {
    opts.onFile?.(kind, file);
    const summary = await importFile(ws, { ...opts, kind, file });
    out.push(summary);
    if (opts.stopOnRejects && summary.rejected > 0) break;
  }
  return out;
}
